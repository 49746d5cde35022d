"""Audit a notice's arithmetic: recompute every relation it states, with the calculator tools.

A notice that states 700,000 shares at JPY3,208 and a total of JPY2,245,600,000 can be checked;
one that states 46,697,800 shares after an increase of 700,000 from 45,997,800 can too. The
relations come from :mod:`ingest.fact_relations`, which only finds those the text itself sets
up, so a notice with nothing to check gives an empty list and the caller says so.

Figures are compared exactly, as Decimals. Where the notice says "approximately", a figure
stands for anything within half a unit of its last written digit at its scale ("approximately
$13.8 million" is $13,750,000 to $13,850,000), and an approximate input carries its own
rounding into the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ingest.fact_relations import (
    BEFORE_AFTER,
    COUNT_X_PRICE,
    NET,
    PARTS,
    SPLIT,
    Relation,
    find_relations,
)
from ingest.facts import Fact
from tools.amounts import Amount, AmountError, parse_number
from tools.exact import places_of, shift
from tools.finance import Calculation, net_proceeds, split_adjust, sum_parts, total

__all__ = ["Check", "audit_notice"]

_SCALE_PLACES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Check:
    """One relation checked: whether it holds, the formula with the verdict, and its sources.

    ``formula`` ends in ✔ or ✘ and, when the figures differ, states the notice's figure next
    to the computed one; ``quotes`` are the rows or sentences the figures were read from.
    """

    ok: bool
    formula: str
    quotes: list[str]
    relation: str

    def to_json(self) -> dict:
        """The CLI contract: ``{"ok": bool, "formula": str, "quotes": [str]}``."""
        return {"ok": self.ok, "formula": self.formula, "quotes": list(self.quotes)}


def _amount(fact: Fact) -> Amount:
    """A fact as the tools' Amount, so formulas show its currency and per-share marker."""
    return Amount(
        value=fact.value,
        currency=fact.currency,
        scale=fact.scale,
        per_share=fact.kind == "per_share",
        approximate=fact.approximate,
        text=fact.text,
    )


def half_unit(fact: Fact) -> Decimal:
    """Half a unit of the figure's last significant digit: "$13.8 million" -> 50,000;
    "C$439,000" -> 500 (an approximate whole number's trailing zeros are rounding); "$4.71" -> 0.005."""
    digits = _DIGITS.search(fact.text)
    number = parse_number(digits.group()) if digits else Decimal(0)
    places = places_of(number)
    if not places and number:
        written = digits.group().replace(",", "")
        places = -(len(written) - len(written.rstrip("0")))
    return shift(Decimal(5), _SCALE_PLACES.get(fact.scale or "", 0) - places - 1)


def _slack(fact: Fact) -> Decimal:
    """How far a figure may be from the truth by its own statement: 0 unless "approximately"."""
    return half_unit(fact) if fact.approximate else Decimal(0)


def _written(fact: Fact) -> str:
    return f"approximately {fact.text}" if fact.approximate else fact.text


def _compute(
    text: str, relation: Relation
) -> tuple[Calculation, list[Decimal], Decimal]:
    """The tools' calculation, the values the stated figure may equal, and the inputs' slack."""
    inputs = relation.inputs
    if relation.relation == COUNT_X_PRICE:
        count, price = inputs
        calculation = total(
            _amount(count),
            _amount(price),
            unit="shares" if count.kind == "shares" else "units",
        )
        slack = _slack(count) * abs(price.value) + _slack(price) * abs(count.value)
        return calculation, [calculation.value], slack
    if relation.relation in (PARTS, BEFORE_AFTER):
        calculation = sum_parts([_amount(fact) for fact in inputs])
        return (
            calculation,
            [calculation.value],
            sum((_slack(fact) for fact in inputs), Decimal(0)),
        )
    if relation.relation == NET:
        gross, *deductions = inputs
        fees = [
            f"{d.value}%" if d.kind == "percentage" else _amount(d) for d in deductions
        ]
        calculation = net_proceeds(_amount(gross), *fees)
        slack = _slack(gross) + sum(
            (_slack(d) for d in deductions if d.kind != "percentage"), Decimal(0)
        )
        return calculation, [calculation.value], slack
    if relation.relation == SPLIT:
        ratio, before = inputs
        new, old = ratio.ratio
        if before.kind == "per_share":
            calculation = split_adjust(0, _amount(before), ratio.value)
            formula = calculation.formula.split("; ", 1)[-1]
            calculation = Calculation(
                calculation.name,
                calculation.value["price_after"],
                calculation.details["price_after"],
                formula,
                calculation.details,
                calculation.rounding,
            )
            return calculation, [calculation.value], _slack(before) * old / new
        calculation = split_adjust(_amount(before), None, ratio.value)
        whole = calculation.value["shares_after"]
        allowed = [whole]
        if calculation.value["fractional_share"] and re.search(r"(?i)rounded up", text):
            allowed.append(
                whole + 1
            )  # the notice says fractions are rounded up to a whole share
        slack = _slack(before) * new / old
        return calculation, allowed, slack
    raise ValueError(f"unknown relation {relation.relation!r}")


def _check(text: str, relation: Relation) -> Check:
    """Recompute one relation and compare it with the figure the notice states."""
    calculation, allowed, slack = _compute(text, relation)
    stated = relation.stated
    room = slack + _slack(stated)
    ok = any(abs(value - stated.value) <= room for value in allowed)
    if ok and not room and stated.value in allowed:
        formula = f"{calculation.formula} ✔"
    elif ok:
        formula = f"{calculation.formula} ≈ stated {_written(stated)} ✔"
    else:
        formula = f"{calculation.formula}; stated {_written(stated)} ✘"
    facts = sorted({stated, *relation.inputs}, key=lambda fact: fact.start)
    quotes = list(dict.fromkeys(fact.context for fact in facts))
    return Check(ok, formula, quotes, relation.relation)


def audit_notice(text: str, facts: list[Fact]) -> list[Check]:
    """Every relation the notice states between its facts, checked; [] when there is none."""
    checks = []
    for relation in find_relations(text, facts):
        try:
            checks.append(_check(text, relation))
        except (AmountError, ValueError, TypeError, KeyError):
            continue  # the tools refuse the figures (mixed currencies, zero...): nothing to claim
    return checks
