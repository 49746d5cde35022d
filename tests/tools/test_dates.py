"""Reading the dates notices write (tools.dates)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.dates import DateError, format_date, parse_date, weekday_name

AUGUST_5 = date(2013, 8, 5)


@pytest.mark.parametrize(
    "text",
    [
        "2013-08-05",
        "August 5, 2013",
        "Monday, August 5, 2013",
        "5 August 2013",
        "2013/08/05",
        "Aug. 5, 2013",
        "Aug 5 2013",
        "august 5th, 2013",
        "Mon., Aug. 5, 2013",
        "5th Aug 2013",
        "August 5, 2013 (Mon)",
        "2013.8.5",
        "2013年8月5日",
        "  Monday, August 5, 2013  ",
    ],
)
def test_parse_date(text):
    assert parse_date(text) == AUGUST_5


def test_abbreviations():
    assert parse_date("Sept. 30, 2013") == date(2013, 9, 30)
    assert parse_date("Thurs., Sept. 5, 2013") == date(2013, 9, 5)
    assert parse_date("February 29, 2024") == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("08/05/2013", "cannot read a date"),
        ("2013/08-05", "cannot read a date"),
        ("Smarch 5, 2013", "cannot read a date"),
        ("", "cannot read a date"),
        ("February 30, 2013", "not a valid date"),
        ("February 29, 2023", "not a valid date"),
        ("Tuesday, August 5, 2013", "names the wrong weekday: 2013-08-05 is a Monday"),
        ("August 5, 2013 (Fri)", "wrong weekday"),
    ],
)
def test_parse_date_errors_name_the_text(text, message):
    with pytest.raises(DateError, match=message) as error:
        parse_date(text)
    assert repr(text) in str(error.value)


def test_format_date():
    assert format_date(AUGUST_5) == "Monday, August 5, 2013"
    assert weekday_name(date(2013, 8, 2)) == "Friday"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_format_date_round_trips(day):
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day
