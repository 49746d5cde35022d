"""Read the dates filings write ("Monday, August 5, 2013", "5 August 2013", "2013/08/05").

Parsing is done with explicit patterns and an English month table rather than
:func:`time.strptime`, whose month names depend on the machine's locale.  A weekday,
when the text states one, is checked against the date, so a typo in a notice is caught
rather than silently trusted.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["DateError", "format_date", "is_calendar_word", "parse_date", "weekday_name"]


class DateError(ValueError):
    """Text that is not a date, or a stated weekday that does not match the date."""


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


def _names(full: tuple[str, ...], start: int, **extra: int) -> dict[str, int]:
    """Lower-case full names and three-letter abbreviations, numbered from ``start``."""
    table = {
        name.lower()[:length]: number
        for number, name in enumerate(full, start)
        for length in (3, None)
    }
    return table | extra


_MONTHS = _names(_MONTH_NAMES, 1, sept=9)
_WEEKDAYS = _names(_WEEKDAY_NAMES, 0, tues=1, thurs=3)


def _words(table: dict[str, int]) -> str:
    """Alternation of a table's names, longest first, so "sept" is tried before "sep"."""
    return "|".join(sorted(table, key=len, reverse=True))


_MONTH = rf"(?P<month>{_words(_MONTHS)})\.?"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[0-9]{4})"
_FORMS = (
    rf"{_YEAR}(?P<sep>[-/.])(?P<month_number>[0-9]{{1,2}})(?P=sep)(?P<day>[0-9]{{1,2}})",
    rf"{_YEAR}年(?P<month_number>[0-9]{{1,2}})月(?P<day>[0-9]{{1,2}})日",
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}",
)
_WEEKDAY = rf"(?:(?P<weekday>{_words(_WEEKDAYS)})\.?,?\s+)?"
_WEEKDAY_AFTER = rf"(?:\s*\((?P<weekday_after>{_words(_WEEKDAYS)})\.?\))?"
_DATES = tuple(
    re.compile(f"{_WEEKDAY}{form}{_WEEKDAY_AFTER}", re.IGNORECASE) for form in _FORMS
)


def is_calendar_word(word: str) -> bool:
    """Whether ``word`` names a month or a weekday ("October", "Tues."): capitalised, yet no name."""
    return word.lower().rstrip(".") in _MONTHS | _WEEKDAYS


def weekday_name(day: date) -> str:
    """The English weekday of ``day``: "Monday"."""
    return _WEEKDAY_NAMES[day.weekday()]


def format_date(day: date) -> str:
    """Write ``day`` as an English-language notice does: "Monday, August 5, 2013"."""
    return f"{weekday_name(day)}, {_MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def parse_date(text: str) -> date:
    """Read a date such as "2013-08-05", "Monday, August 5, 2013", "Aug. 5, 2013" or "5 August 2013".

    Slashed dates are read year first ("2013/08/05") only: "08/05/2013" means different
    days in the US and elsewhere, so it is refused rather than guessed.
    """
    if not isinstance(text, str):
        raise DateError(f"expected text, got {type(text).__name__} {text!r}")
    match = next(
        filter(None, (pattern.fullmatch(text.strip()) for pattern in _DATES)), None
    )
    if match is None:
        raise DateError(
            f"cannot read a date from {text!r}: expected a date like '2013-08-05', 'August 5, 2013' or '5 August 2013'"
        )
    groups = {name: value for name, value in match.groupdict().items() if value}
    month = (
        int(groups["month_number"])
        if "month_number" in groups
        else _MONTHS[groups["month"].lower()]
    )
    try:
        parsed = date(int(groups["year"]), month, int(groups["day"]))
    except ValueError as error:
        raise DateError(f"{text!r} is not a valid date: {error}") from None
    stated = groups.get("weekday") or groups.get("weekday_after")
    if stated and _WEEKDAYS[stated.lower()] != parsed.weekday():
        raise DateError(
            f"{text!r} names the wrong weekday: {parsed.isoformat()} is a {weekday_name(parsed)}"
        )
    return parsed
