"""Finance calculations (tools.finance), checked first of all on the real IIJ notice."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.amounts import Amount, AmountError, Ratio, parse_amount
from tools.dates import DateError
from tools.finance import (
    Calculation,
    annualize,
    days_between,
    dilution,
    net_proceeds,
    per_share,
    percent_of,
    percentage_change,
    split,
    split_adjust,
    sum_parts,
    total,
)

D = Decimal
REPO = Path(__file__).resolve().parents[2]
IIJ = REPO / "examples" / "notices" / "iij_2013-08-01_third_party_allotment.txt"
IIJ_SHARED = REPO.parent / "shared" / "notices" / IIJ.name


def _iij_text() -> str:
    for path in (IIJ, IIJ_SHARED):
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.skip("the IIJ sample notice is not present")


# --- the IIJ notice ----------------------------------------------------------------------


def test_iij_figures_are_in_the_notice():
    """The figures below are copied from the real notice; make sure they are still there."""
    text = _iij_text()
    for figure in [
        "700,000 shares",
        "JPY2,245,600,000",
        "JPY3,208 per share",
        "JPY1,122,800,000",
        "JPY1,604 per share",
        "45,997,800",
        "46,697,800",
        "JPY17,223,200,000",
        "JPY10,122,000,000",
        "JPY5,111,200,000",
        "JPY1,990,000,000",
        "Friday, August 2, 2013",
        "Monday, August 5, 2013",
    ]:
        assert figure in text


def test_iij_figures_parse_from_the_notice_lines():
    text = _iij_text()
    line = re.search(r"Total Amount to be Paid\t(\S+) (.+ per share)", text)
    assert line is not None
    assert parse_amount(line[1]) == Amount(
        D("2245600000"), "JPY", None, False, False, line[1]
    )
    assert parse_amount(line[2]).per_share and parse_amount(line[2]).value == 3208


@pytest.mark.parametrize(
    ("calculation", "value", "formatted", "formula"),
    [
        (
            lambda: total("700,000 shares", "JPY3,208 per share"),
            D("2245600000"),
            "JPY2,245,600,000",
            "700,000 shares × JPY3,208 = JPY2,245,600,000",
        ),
        (
            lambda: total(700000, D(3208), currency="JPY"),
            D("2245600000"),
            "JPY2,245,600,000",
            "700,000 shares × JPY3,208 = JPY2,245,600,000",
        ),
        (
            lambda: total("700,000", "JPY1,604"),
            D("1122800000"),
            "JPY1,122,800,000",
            "700,000 shares × JPY1,604 = JPY1,122,800,000",
        ),
        (
            lambda: sum_parts(["JPY1,122,800,000", "JPY1,122,800,000"]),
            D("2245600000"),
            "JPY2,245,600,000",
            "JPY1,122,800,000 + JPY1,122,800,000 = JPY2,245,600,000",
        ),
        (
            lambda: sum_parts(["JPY1,604", "JPY1,604"]),
            D("3208"),
            "JPY3,208",
            "JPY1,604 + JPY1,604 = JPY3,208",
        ),
        (
            lambda: per_share("JPY2,245,600,000", "700,000"),
            D("3208"),
            "JPY3,208 per share",
            "JPY2,245,600,000 / 700,000 shares = JPY3,208 per share",
        ),
        (
            lambda: per_share("JPY1,122,800,000", 700000),
            D("1604"),
            "JPY1,604 per share",
            "JPY1,122,800,000 / 700,000 shares = JPY1,604 per share",
        ),
        (
            lambda: sum_parts(["45,997,800", "700,000"]),
            D("46697800"),
            "46,697,800",
            "45,997,800 + 700,000 = 46,697,800",
        ),
        (
            lambda: sum_parts(
                ["JPY10,122,000,000", "JPY5,111,200,000", "JPY1,990,000,000"]
            ),
            D("17223200000"),
            "JPY17,223,200,000",
            "JPY10,122,000,000 + JPY5,111,200,000 + JPY1,990,000,000 = JPY17,223,200,000",
        ),
        (
            lambda: percent_of("700,000", "45,997,800"),
            D("1.52"),
            "1.52%",
            "700,000 / 45,997,800 × 100 = 1.52%",
        ),
        (
            lambda: days_between("Friday, August 2, 2013", "Monday, August 5, 2013"),
            3,
            "3 days",
            "Friday, August 2, 2013 to Monday, August 5, 2013 = 3 days",
        ),
    ],
)
def test_iij(calculation, value, formatted, formula):
    result = calculation()
    assert isinstance(result, Calculation)
    assert result.value == value
    assert result.formatted == formatted
    assert result.formula == formula


def test_iij_dilution():
    result = dilution("700,000", "45,997,800")
    assert result.value == D("1.50")
    assert result.formatted == "1.50%"
    assert result.details == {
        "of_shares_after": "1.50%",
        "of_shares_before": "1.52%",
        "shares_after": "46,697,800",
        "ownership_factor": "0.9850",
    }
    assert "700,000 / 45,997,800 × 100 = 1.52% of shares before" in result.formula
    assert result.rounding.startswith("ROUND_HALF_UP to 2 places")


def test_iij_use_of_proceeds_split():
    # By hand: 10,122/17,223.2 = 0.58770, 5,111.2/17,223.2 = 0.29676, 1,990/17,223.2 = 0.11554.
    result = split(
        "JPY17,223,200,000",
        {
            "capital investment": "JPY10,122,000,000",
            "lease debt": "JPY5,111,200,000",
            "debt due August 2014": "JPY1,990,000,000",
        },
    )
    assert result.value == {
        "capital investment": D("10122000000"),
        "lease debt": D("5111200000"),
        "debt due August 2014": D("1990000000"),
    }
    assert result.details == {
        "capital investment": "58.77%",
        "lease debt": "29.68%",
        "debt due August 2014": "11.55%",
    }
    assert sum(D(p.rstrip("%")) for p in result.details.values()) == D("100.00")
    assert (
        "JPY17,223,200,000 × 10,122,000,000/17,223,200,000 = JPY10,122,000,000 (58.77%)"
        in result.formula
    )
    assert result.formula.endswith("the parts add up to JPY17,223,200,000 (100.00%)")
    assert "largest remainder" in result.rounding


def test_iij_business_days():
    result = days_between("August 2, 2013", "2013-08-05", business_days=True)
    assert result.value == 1
    assert result.formatted == "1 business day"
    assert result.details["calendar_days"] == "3"
    assert result.details["start"] == "Friday, August 2, 2013"


# --- each function -----------------------------------------------------------------------


def test_per_share_keeps_small_prices():
    result = per_share("$4,000,000", "6,400,000,000")
    assert result.value == D("0.000625")
    assert result.formatted == "$0.000625 per share"
    assert "significant digits" in result.rounding


def test_inputs_with_more_places_are_not_rounded_away():
    result = total("700,000", "US$0.000625")
    assert result.formula == "700,000 shares × $0.000625 = $437.50"
    assert annualize("$0.000625", 4).formatted == "$0.0025 per year"


def test_explicit_rounding():
    assert per_share("JPY1,000", 3).formatted == "JPY333.3 per share"
    assert per_share("JPY1,000", 3, places=0).formatted == "JPY333 per share"
    assert per_share("$10", 4, places=1, rounding=ROUND_HALF_EVEN).value == D("2.5")
    assert per_share("$10", 4, places=0, rounding=ROUND_HALF_EVEN).value == D("2")
    assert total(3, "$0.125", places=2).value == D("0.38")
    assert total(3, "$0.125", places=2, rounding=ROUND_DOWN).value == D("0.37")
    result = total(3, "$0.125", places=2, rounding=ROUND_DOWN)
    assert result.rounding == "ROUND_DOWN to 2 places (as requested)"


def test_percentage_change():
    up = percentage_change("JPY3,000", "JPY3,208")
    assert (up.value, up.formatted) == (D("6.93"), "+6.93%")
    assert up.formula == "(JPY3,208 - JPY3,000) / JPY3,000 × 100 = +6.93%"
    assert up.details == {"difference": "JPY208"}
    down = percentage_change("$5.00", "$4.00")
    assert down.formatted == "-20.00%"
    assert percentage_change("-100", "-50").formatted == "+50.00%"


def test_split_ratios_and_percentages():
    thirds = split("$100", ["1", "1", "1"])
    assert list(thirds.value.values()) == [D("33.34"), D("33.33"), D("33.33")]
    assert list(thirds.details.values()) == ["33.34%", "33.33%", "33.33%"]
    assert split("$100", ["60%", "40%"]).value == {
        "part 1": D("60.00"),
        "part 2": D("40.00"),
    }
    assert split("JPY-100", ["1", "3"]).value == {
        "part 1": D("-25"),
        "part 2": D("-75"),
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("JPY100", ["JPY30", "JPY60"]), "add up to JPY90, not to the total JPY100"),
        (("$100", ["60%", "30%"]), "add up to 90%"),
        (("$100", ["1", "-1"]), "must not be negative"),
        (("$100", ["0", "0"]), "must not all be zero"),
        (
            ("$100", ["60%", "1"]),
            "all as percentages, or all as ratios",
        ),
        (("$100", ["EUR60", "EUR40"]), "mixed currencies (EUR, USD)"),
        (("$100", "1,1"), "expected a list"),
    ],
)
def test_split_errors(args, message):
    with pytest.raises((ValueError, TypeError)) as error:
        split(*args)
    assert message in str(error.value)


def test_split_places_must_hold_the_total():
    with pytest.raises(ValueError, match="more than places=2"):
        split("$0.000625", ["1", "1"], places=2)


def test_split_adjust_reverse_split():
    result = split_adjust("1,000,000", "$0.50", "1-for-335")
    assert result.value == {
        "shares_after": D(2985),
        "fractional_share": D("0.07463"),
        "price_after": D("167.50"),
    }
    assert (
        result.formatted == "2,985 shares and 0.07463 of a share at $167.50 per share"
    )
    assert result.details["ratio"] == "1 new for 335 old (reverse split)"
    assert "$0.50 × 335/1 = $167.50 per share" in result.formula


def test_split_adjust_sample_notices():
    # Bluefin: 1-for-20 reverse split; Kasumi: each share split into three.
    bluefin = split_adjust("84,316,240", "$2.15", "1-for-20")
    assert bluefin.value["shares_after"] == 4215812
    assert bluefin.value["price_after"] == D("43.00")
    kasumi = split_adjust("18,426,540", "JPY3,150", "3-for-1")
    assert kasumi.value == {
        "shares_after": D(55279620),
        "fractional_share": D(0),
        "price_after": D(1050),
    }
    assert kasumi.formatted == "55,279,620 shares at JPY1,050 per share"


def test_split_adjust_directions():
    forward = split_adjust("100", None, "10-to-1")
    assert forward.value == {"shares_after": D(1000), "fractional_share": D(0)}
    assert forward.details["ratio"] == "10 new for 1 old (forward split)"
    reverse = split_adjust("100", None, "10-to-1", reverse=True)
    assert reverse.value["shares_after"] == 10
    assert split_adjust("100", None, Ratio(D(1), D(8), "1:8")).value[
        "fractional_share"
    ] == D("0.5")


def test_annualize():
    result = annualize("$0.142 per share", "quarterly")
    assert result.formula == "$0.142 × 4 (quarterly) = $0.568 per share per year"
    assert annualize("$0.27", 4).value == D("1.08")
    assert annualize("JPY45", "2").formatted == "JPY90 per year"


@pytest.mark.parametrize("periods", [0, -1, "fortnightly", True, "1.5"])
def test_annualize_refuses_bad_periods(periods):
    with pytest.raises(ValueError, match="periods_per_year"):
        annualize("$1", periods)


def test_net_proceeds():
    result = net_proceeds("$100,000,000", "$6,000,000", "$850,000")
    assert (
        result.formula
        == "$100,000,000.00 - $6,000,000.00 - $850,000.00 = $93,150,000.00"
    )
    assert result.details == {
        "total_fees": "$6,850,000.00",
        "fees_percent_of_gross": "6.85%",
    }
    meadowlark = net_proceeds("$15,000,001.25", "7.0%", "$150,000")
    assert meadowlark.value == D("13800001.16")
    assert "7.0% × $15,000,001.25" in meadowlark.formula
    approximate = net_proceeds("approximately $4.0 million", "7%")
    assert approximate.value == D("3720000")
    assert "approximately $4.0 million" in approximate.details["note"]
    assert net_proceeds("$100").value == D("100")


def test_days_between_backwards_and_long_ranges():
    assert days_between("2013-08-05", "2013-08-02").value == -3
    assert days_between("2013-08-05", "2013-08-02", business_days=True).value == -1
    assert days_between("February 8, 2022", "February 29, 2024").value == 751
    assert (
        days_between(date(2000, 1, 1), date(2100, 1, 1), business_days=True).value
        == 26090
    )  # 5,217 weeks + Mon-Fri
    assert (
        days_between("2013-08-03", "2013-08-04", business_days=True).formatted
        == "0 business days"
    )


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1)),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1)),
)
def test_business_days_match_counting_one_by_one(first, last):
    low, high = sorted((first, last))
    counted = sum(
        1
        for n in range(1, (high - low).days + 1)
        if date.fromordinal(low.toordinal() + n).weekday() < 5
    )
    expected = counted if first <= last else -counted
    assert days_between(first, last, business_days=True).value == expected


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: total(700000, 3208.0),
        lambda: total(0.5, "JPY1"),
        lambda: per_share(1.5, 3),
        lambda: sum_parts([1, 2.5]),
        lambda: dilution(700000.0, 45997800),
        lambda: percent_of(1, 3.0),
        lambda: percentage_change(1.0, 2),
        lambda: split(100.0, ["1"]),
        lambda: annualize(0.142, 4),
        lambda: net_proceeds(100.0),
        lambda: split_adjust(100.0, None, "1-for-2"),
    ],
)
def test_floats_are_refused(call):
    with pytest.raises(TypeError, match="float .* is not exact"):
        call()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: total(True, 1), TypeError, "expected a Decimal, an int or a string"),
        (
            lambda: total("JPY700,000", "JPY3,208"),
            ValueError,
            "count: 'JPY700,000' is money",
        ),
        (
            lambda: total("700,000", "banana"),
            AmountError,
            "unit_price: cannot read an amount from 'banana'",
        ),
        (
            lambda: total(1, "JPY1", currency="USD"),
            ValueError,
            "mixed currencies (JPY, USD)",
        ),
        (lambda: total(1, "$1", currency="US$"), ValueError, "currency must be a code"),
        (
            lambda: total(1, 1, places=-1),
            ValueError,
            "places must be a whole number from 0 to 30",
        ),
        (
            lambda: total(1, 1, rounding="ROUND_SOMETIMES"),
            ValueError,
            "unknown rounding",
        ),
        (lambda: sum_parts([]), ValueError, "parts is empty"),
        (lambda: sum_parts("1,2"), TypeError, "expected a list"),
        (lambda: sum_parts(["$1", "JPY1"]), ValueError, "mixed currencies"),
        (lambda: per_share("$1", 0), ValueError, "shares is zero"),
        (lambda: percent_of(1, 0), ValueError, "whole is zero"),
        (lambda: percentage_change(0, 5), ValueError, "old is zero"),
        (lambda: dilution(1, 0), ValueError, "must be positive"),
        (lambda: dilution(-10, 10), ValueError, "must be positive"),
        (lambda: days_between("yesterday", "2013-08-05"), DateError, "'yesterday'"),
        (
            lambda: days_between(20130802, "2013-08-05"),
            TypeError,
            "start: expected a date",
        ),
        (
            lambda: split_adjust(100, None, "banana"),
            AmountError,
            "expected a ratio like '1-for-10'",
        ),
        (lambda: split_adjust(100, None, 10), TypeError, "ratio: expected text"),
        (lambda: split_adjust(-1, None, "1-for-2"), ValueError, "must not be negative"),
        (lambda: total(D("NaN"), 1), ValueError, "not a finite number"),
    ],
)
def test_errors_are_clear(call, error, message):
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)


# --- properties --------------------------------------------------------------------------

amounts = st.decimals(
    min_value=D("-1e12"),
    max_value=D("1e12"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
weights = st.lists(st.integers(0, 10**9), min_size=1, max_size=12).filter(any)


@given(amounts, weights, st.sampled_from(["USD", "JPY", "EUR"]))
def test_split_parts_always_add_up_exactly(whole, ratios, currency):
    result = split(whole, [str(r) for r in ratios], currency=currency, places=2)
    assert sum(result.value.values()) == whole
    percents = [D(p.rstrip("%")) for p in result.details.values()]
    assert sum(percents) == 100
    # Largest remainder: each part is within one unit of its exact share.
    for part, ratio in zip(result.value.values(), ratios, strict=True):
        exact = Fraction(whole) * ratio / sum(ratios)
        assert abs(Fraction(part) - exact) < Fraction(1, 100)


@given(
    st.integers(1, 10**12),
    st.integers(0, 10**12),
)
def test_dilution_is_consistent(before, new):
    result = dilution(new, before, places=6)
    after = before + new
    assert result.details["shares_after"] == f"{after:,}"
    assert abs(Fraction(result.value) - Fraction(new * 100, after)) <= Fraction(
        1, 2 * 10**6
    )


@given(st.integers(1, 10**9), amounts)
def test_total_then_per_share_round_trips(count, price):
    money = f"${price}"
    product = total(count, money)
    assert per_share(product.value, count, currency="USD").value == price
