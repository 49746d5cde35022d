"""TAT-QA derivations (as the dev set writes them) read as the reader's programs."""

from decimal import Decimal

import pytest

from qa.evaluation.derivation import Program, comparison, program


def _p(operation: str, *values: str) -> Program:
    return Program(operation, tuple(Decimal(v) for v in values))


@pytest.mark.parametrize(
    ("derivation", "percent", "expected"),
    [
        ("44.1-56.7", False, _p("difference", "44.1", "56.7")),
        ("$788,948-$718,892", False, _p("difference", "788948", "718892")),
        ("-5,637-(-3,990)", False, _p("difference", "5637", "3990")),
        ("(38,476-24,264)", False, _p("difference", "38476", "24264")),
        ("10.0+14.0 ", False, _p("sum", "10.0", "14.0")),
        ("($3,800 + $6,690) ", False, _p("sum", "3800", "6690")),
        ("(44.1-56.7)/56.7", True, _p("percent_change", "56.7", "44.1")),
        ("(-238-(-168))/-168", True, _p("percent_change", "168", "238")),
        ("126 / 67 - 1", True, _p("percent_change", "67", "126")),
        ("2,493/6,316", True, _p("percent_of", "2493", "6316")),
        ("2,664/909 ", False, _p("quotient", "2664", "909")),
        ("(166+178)/2", False, _p("average", "166", "178")),
        ("(4.1% + 4.6%)/2 ", True, _p("average", "4.1", "4.6")),
        ("(453 + 361 + 384) / 3", False, _p("average", "453", "361", "384")),
        ("1,686,902*7.00 ", False, _p("product", "1686902", "7.00")),
    ],
)
def test_forms_a_program_computes(derivation, percent, expected):
    assert program(derivation, percent) == expected


@pytest.mark.parametrize(
    ("derivation", "percent"),
    [
        ("[(166+178)/2] - [(57+44)/2]", False),  # two averages
        ("(8,217+7,527+6,447)/(2019-2017+1)", False),  # a count computed
        ("(44.1-56.7)/56.7", False),  # a change not stated as a percentage
        ("(1+2+3)/2", False),  # not divided by the count of its parts
        ("-(0.9 + 0.1) / 2", False),
        ("60.3 million + 32,137 thousand ", False),
        ("1,496.5>1,202.9>1,107.7", False),
    ],
)
def test_other_forms_are_no_program(derivation, percent):
    assert program(derivation, percent) is None


@pytest.mark.parametrize(
    ("derivation", "expected"),
    [
        ("1,496.5>1,202.9>1,107.7", ("1496.5", "1202.9", "1107.7")),
        ("56<63<66", ("56", "63", "66")),
        ("73.2%>72.2%", ("73.2", "72.2")),
        ("79,046 (2019) vs 63,954 (2018)", None),
        ("1>2<3", None),  # neither order
        ("44.1-56.7", None),
    ],
)
def test_a_comparison_orders_its_figures(derivation, expected):
    found = comparison(derivation)
    assert found == (None if expected is None else tuple(Decimal(v) for v in expected))
