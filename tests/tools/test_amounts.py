"""Reading and writing figures the way filings write them (tools.amounts)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.amounts import (
    Amount,
    AmountError,
    Ratio,
    format_amount,
    format_number,
    minor_unit,
    parse_amount,
    parse_number,
    parse_percent,
    parse_ratio,
)
from tools.currencies import CURRENCIES

D = Decimal


@pytest.mark.parametrize(
    ("text", "value", "currency", "scale", "per_share", "approximate"),
    [
        ("JPY2,245,600,000", D("2245600000"), "JPY", None, False, False),
        ("JPY3,208 per share", D("3208"), "JPY", None, True, False),
        ("¥3,208", D("3208"), "JPY", None, False, False),
        ("$0.142", D("0.142"), "USD", None, False, False),
        ("US$0.000625", D("0.000625"), "USD", None, False, False),
        ("C$6.52 million", D("6520000"), "CAD", "million", False, False),
        ("approximately $4.0 million", D("4000000"), "USD", "million", False, True),
        ("1.2 billion yen", D("1200000000"), "JPY", "billion", False, False),
        ("(1,234)", D("-1234"), None, None, False, False),
        ("(JPY1,234)", D("-1234"), "JPY", None, False, False),
        ("$(5.25)", D("-5.25"), "USD", None, False, False),
        ("-$5", D("-5"), "USD", None, False, False),
        ("€1.5m", D("1500000"), "EUR", "million", False, False),
        ("EUR 2,000", D("2000"), "EUR", None, False, False),
        ("2,000 EUR", D("2000"), "EUR", None, False, False),
        ("£0.05", D("0.05"), "GBP", None, False, False),
        ("HK$1.20", D("1.20"), "HKD", None, False, False),
        ("A$5", D("5"), "AUD", None, False, False),
        ("RMB100", D("100"), "CNY", None, False, False),
        ("CHF 2,000", D("2000"), "CHF", None, False, False),
        ("700,000 shares", D("700000"), None, None, False, False),
        ("4,615,385 shares of common stock", D("4615385"), None, None, False, False),
        ("about 45,997,800", D("45997800"), None, None, False, True),
        ("~$4m", D("4000000"), "USD", "million", False, True),
        ("$0.142/share", D("0.142"), "USD", None, True, False),
        ("$1.2bn", D("1200000000"), "USD", "billion", False, False),
        ("500 thousand", D("500000"), None, "thousand", False, False),
        ("  $12.50 per share ", D("12.50"), "USD", None, True, False),
        ("USD $1.16", D("1.16"), "USD", None, False, False),
        ("CAD$5", D("5"), "CAD", None, False, False),
        ("JPY ¥300", D("300"), "JPY", None, False, False),
        ("491p", D("491"), "GBX", None, False, False),
        ("425.0000p per share", D("425.0000"), "GBX", None, True, False),
        ("66.5 pence", D("66.5"), "GBX", None, False, False),
        ("52 cents per share", D("52"), "CENTS", None, True, False),
    ],
)
def test_parse_amount(text, value, currency, scale, per_share, approximate):
    amount = parse_amount(text)
    assert amount == Amount(value, currency, scale, per_share, approximate, text)
    assert amount.value == value and str(amount.value) == str(value)


def test_scale_keeps_the_value_exact():
    assert str(parse_amount("C$6.52 million").value) == "6520000"
    assert parse_amount("$1.2345678 million").value == D("1234567.8")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("12%", "parse_percent"),
        ("1-for-335", "parse_ratio"),
        ("1,22", "expected an amount"),
        ("$", "expected an amount"),
        ("", "expected an amount"),
        ("JPY", "expected an amount"),
        ("twelve dollars", "expected an amount"),
        ("1.2.3", "expected an amount"),
        ("$5 EUR", "two different currencies"),
        ("EUR £5", "currency marks that do not agree"),
        ("$$5", "currency marks that do not agree"),
        ("(1,234", "expected an amount"),
        ("--5", "more than one sign"),
        ("-(5)", "more than one sign"),
        ("JPY700 shares", "both a currency and a share count"),
    ],
)
def test_parse_amount_errors_name_the_text(text, hint):
    with pytest.raises(AmountError) as error:
        parse_amount(text)
    assert repr(text) in str(error.value)
    assert hint in str(error.value)


def test_parse_amount_refuses_non_text():
    with pytest.raises(AmountError, match="expected text"):
        parse_amount(3.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("45,997,800", D("45997800")),
        ("1.52", D("1.52")),
        ("(1,234)", D("-1234")),
        ("700,000 shares", D("700000")),
        ("-0.5", D("-0.5")),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_parse_number_refuses_money():
    with pytest.raises(AmountError, match="use parse_amount"):
        parse_number("JPY3,208")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.52%", D("1.52")),
        ("12%", D("12")),
        ("-3.5 %", D("-3.5")),
        ("12 percent", D("12")),
        ("7.0 per cent", D("7.0")),
        ("approximately 8.1%", D("8.1")),
    ],
)
def test_parse_percent(text, value):
    assert parse_percent(text) == value


@pytest.mark.parametrize("text", ["12", "%", "abc%", "12%%"])
def test_parse_percent_errors(text):
    with pytest.raises(AmountError, match="cannot read a percentage"):
        parse_percent(text)


@pytest.mark.parametrize(
    ("text", "reverse", "new", "old"),
    [
        ("1-for-335", None, 1, 335),
        ("5-for-1", None, 5, 1),
        ("10-to-1", None, 10, 1),
        ("10-to-1", True, 1, 10),
        ("1-to-10", None, 10, 1),
        ("1-to-10 reverse split", None, 1, 10),
        ("10-to-1 reverse stock split", None, 1, 10),
        ("1:10", True, 1, 10),
        ("3:2", None, 3, 2),
        ("1-for-20", True, 1, 20),
        ("one-for-ten", None, 1, 10),
        ("one-for-thirty", None, 1, 30),
        ("1 new share for every 10 existing shares", None, 1, 10),
        ("3 for 2 stock split", None, 3, 2),
        ("2 into 1 share consolidation", None, 1, 2),
        ("1-for-1,000", None, 1, 1000),
        ("1.5-for-1", False, D("1.5"), 1),
    ],
)
def test_parse_ratio(text, reverse, new, old):
    assert parse_ratio(text, reverse) == Ratio(D(new), D(old), text)


@pytest.mark.parametrize(
    ("text", "reverse", "message"),
    [
        ("banana", None, "expected a ratio like '1-for-10'"),
        ("1-for-10 and 7", None, "cannot read a ratio"),
        ("1-for-10 2014", None, "cannot read a ratio"),
        ("0-for-10", None, "non-zero"),
        ("10-for-1", True, "is a forward split"),
        ("1-for-10", False, "is a reverse split"),
        ("1-for-10 reverse split", False, "says reverse"),
    ],
)
def test_parse_ratio_errors(text, reverse, message):
    with pytest.raises(AmountError, match=message) as error:
        parse_ratio(text, reverse)
    assert repr(text) in str(error.value) or "non-zero" in message


@pytest.mark.parametrize(
    ("value", "currency", "places", "text"),
    [
        (D("2245600000"), "JPY", None, "JPY2,245,600,000"),
        (D("3208"), "JPY", None, "JPY3,208"),
        (D("1234.5"), "USD", None, "$1,234.50"),
        (D("0.000625"), "USD", None, "$0.000625"),
        (D("-0.000625"), "USD", None, "-$0.000625"),
        (D("1234"), None, None, "1,234"),
        (D("1234.567"), None, 2, "1,234.57"),
        (D("6520000"), "CAD", None, "C$6,520,000.00"),
        (D("2000"), "CHF", None, "CHF 2,000.00"),
        (D("100"), "CNY", None, "RMB100.00"),
        (D("1.5"), "EUR", 0, "€2"),
        (D("2.5"), "GBP", 0, "£3"),
        (D("7"), "XYZ", None, "XYZ 7.00"),
        (1234, "usd", None, "$1,234.00"),
        (D("491"), "GBX", None, "491p"),
        (D("1.4000"), "GBX", None, "1.4000p"),
        (D("52"), "CENTS", None, "52 cents"),
    ],
)
def test_format_amount(value, currency, places, text):
    assert format_amount(value, currency, places=places) == text


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (D("45997800"), None, "45,997,800"),
        (D("-1234.5"), None, "-1,234.5"),
        (D("-0.001"), 2, "0.00"),
        (D("1.005"), 2, "1.01"),
        (D("4.0E+6"), None, "4,000,000"),
    ],
)
def test_format_number(value, places, text):
    assert format_number(value, places) == text


@pytest.mark.parametrize(
    ("currency", "places"),
    [
        ("JPY", 0),
        ("USD", 2),
        ("EUR", 2),
        ("GBP", 2),
        ("KRW", 0),
        ("GBX", 0),
        ("jpy", 0),
        ("XYZ", 2),
        (None, 2),
    ],
)
def test_minor_unit(currency, places):
    assert minor_unit(currency) == places


money = st.decimals(
    min_value=D("-1e15"),
    max_value=D("1e15"),
    places=6,
    allow_nan=False,
    allow_infinity=False,
)


@given(value=money, currency=st.sampled_from([c.code for c in CURRENCIES]))
def test_format_amount_round_trips(value, currency):
    written = format_amount(value, currency)
    read = parse_amount(written)
    assert read.value == value
    assert read.currency == currency


@given(value=money)
def test_format_number_round_trips(value):
    assert parse_number(format_number(value)) == value


@given(value=money, places=st.integers(0, 6))
def test_format_with_places_rounds_half_up(value, places):
    written = format_number(value, places)
    assert parse_number(written) == value.quantize(
        D(1).scaleb(-places), rounding="ROUND_HALF_UP"
    )
