"""Every arithmetic check in examples/FACTS.md, recomputed with the tools.

Figures are read from the check as written ("$0.6 million", "JPY3,150", "32.5%") with
parse_amount, the arithmetic is done by the calculator, and date lines by days_between.
"=" must hold exactly; "≈" must hold to half a unit of the last digit the notice gives.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tools.amounts import parse_amount
from tools.calculator import evaluate
from tools.exact import places_of
from tools.finance import days_between

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FACTS = next(
    (
        path
        for path in (EXAMPLES / "FACTS.md", EXAMPLES / "notices" / "FACTS.md")
        if path.exists()
    ),
    None,
)
CHECKS = (
    re.findall(r"^- `([^`]+)`", FACTS.read_text(encoding="utf-8"), re.MULTILINE)
    if FACTS
    else []
)
FIGURE = re.compile(r"(?:JPY|\$)?[0-9][0-9,]*(?:\.[0-9]+)?(?: million)?%?")
DATE_LINE = re.compile(r"(.+) \+ ([0-9]+) days? = (.+)")


def _expression(side: str) -> str:
    """A check's side as calculator input: each figure replaced by its plain value."""

    def plain(match: re.Match[str]) -> str:
        figure = match[0]
        return figure if figure.endswith("%") else str(parse_amount(figure).value)

    return FIGURE.sub(plain, side)


def _half_unit(figure: str) -> Decimal:
    """Half a unit of the last digit written: "$16.6 million" -> 50,000; "8.1%" -> 0.0005."""
    number = re.search(r"[0-9][0-9,]*(?:\.[0-9]+)?", figure)[0].replace(",", "")
    unit = Decimal(1).scaleb(-places_of(Decimal(number)))
    if figure.strip().endswith("%"):
        return unit / 200
    return unit * parse_amount(figure.strip()).value / Decimal(number) / 2


@pytest.mark.skipif(not CHECKS, reason="examples/FACTS.md is not present")
@pytest.mark.parametrize("check", CHECKS)
def test_check_holds(check):
    if check.startswith("CUSIP"):
        pytest.skip("a check-digit rule, not arithmetic")
    dated = DATE_LINE.fullmatch(check)
    if dated:
        assert days_between(dated[1], dated[3]).value == int(dated[2])
        return
    relation = "≈" if "≈" in check else "="
    left, right = check.split(f" {relation} ")
    computed, stated = evaluate(_expression(left)), evaluate(_expression(right))
    if relation == "=":
        assert computed == stated
    else:
        assert abs(computed - stated) <= _half_unit(right)
