"""Computed answers: find each input among the facts by its role, then call a calculator tool.

Every figure here comes out of ``tools`` (never arithmetic in this module), and every input is a
stored fact that the answer cites. When an input is not stated, the answer says which one and
that it is not found, instead of computing from a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ingest.patterns import DATE
from qa.answer import NOT_FOUND, ToolCall
from qa.fact_match import rank_facts
from qa.intent import Intent
from tools import finance
from tools.calculation import Calculation
from tools.amounts import format_number
from tools.calculator import CalculatorError, evaluate
from tools.dates import parse_date

Fact = dict[str, Any]


@dataclass(frozen=True)
class Inputs:
    """What a computation may draw on: the question, candidate facts, and how passages ranked."""

    intent: Intent
    facts: list[Fact]
    chunk_rank: dict[str, int]
    naming_terms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Computed:
    """A computed answer: its text, the tool calls that produced its figures, the facts used."""

    text: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    found: bool = True


def _role(pattern: str, exclude: str | None = None) -> Callable[[Fact], bool]:
    wanted = re.compile(pattern, re.IGNORECASE)
    unwanted = re.compile(exclude, re.IGNORECASE) if exclude else None
    return lambda fact: bool(wanted.search(fact["label"])) and not (unwanted and unwanted.search(fact["label"]))


_NEW_SHARES = _role(
    r"to be issued|increase in the number|shares offered|new shares|shares sold|shares issued|allot|placement|"
    r"offering|subscri|purchase",
    r"after|at present|before|outstanding|authori|option|warrant",
)
_SHARES_BEFORE = _role(r"at present|before|prior|pre-|currently|outstanding(?! after)", r"after|following|post")
_UNIT_PRICE = _role(
    r"price|paid|per share|subscription|issue", r"closing|exercise|conversion|discount|market|cap price|strike"
)
_STATED_TOTAL = _role(r"total|gross proceeds|aggregate|amount to be paid|offering size", r"^use of proceeds")
_USE = _role(r"^use of proceeds")
_PROCEEDS = _role(r"proceeds", r"^use of proceeds")


def _first(facts: Iterable[Fact], role: Callable[[Fact], bool], kinds: tuple[str, ...]) -> Fact | None:
    return next((fact for fact in facts if fact["kind"] in kinds and role(fact)), None)


def _call(name: str, function: Callable[..., Calculation], *args: Any) -> tuple[Calculation, ToolCall]:
    """Run a calculator tool and record the call as the answer's trace shows it."""
    calculation = function(*args)
    shown = {f"arg{number}": _jsonable(arg) for number, arg in enumerate(args, start=1)}
    return calculation, ToolCall(name, shown, calculation.formatted, calculation.formula)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return str(value)


def _ordered(inputs: Inputs) -> list[Fact]:
    """Facts of the best-ranked notice first, then in passage rank, then in reading order."""
    first_doc = next(iter(_docs_by_rank(inputs)), None)
    same = [fact for fact in inputs.facts if fact["doc_id"] == first_doc]
    return sorted(same, key=lambda fact: (inputs.chunk_rank.get(fact["chunk_id"], 99), fact["start"]))


def _docs_by_rank(inputs: Inputs) -> list[str]:
    ranked = sorted(inputs.facts, key=lambda fact: inputs.chunk_rank.get(fact["chunk_id"], 99))
    return list(dict.fromkeys(fact["doc_id"] for fact in ranked))


def _missing(what: str, facts: list[Fact] | None = None) -> Computed:
    return Computed(f"That is {NOT_FOUND}: the notice does not state {what}.", facts=facts or [], found=False)


def dilution(inputs: Inputs) -> Computed:
    """New shares against the shares in issue before (and so after) the issuance."""
    facts = _ordered(inputs)
    new = _first(facts, _NEW_SHARES, ("shares",))
    before = _first(facts, _SHARES_BEFORE, ("shares",))
    if new is None or before is None:
        return _missing("both the new shares and the shares in issue before the issuance")
    calculation, call = _call("dilution", finance.dilution, new["text"], before["text"])
    details = calculation.details
    text = (
        f"The {new['text']} new shares are {details['of_shares_before']} of the {before['text']} shares before the "
        f"issuance and {details['of_shares_after']} of the {details['shares_after']} shares after it; an existing "
        f"holder keeps {details['ownership_factor']} of their former stake (ownership factor)."
    )
    return Computed(text, [call], [new, before])


def breakdown(inputs: Inputs) -> Computed:
    """The uses of proceeds, each with its share of the whole the notice states."""
    facts = _ordered(inputs)
    uses = [fact for fact in facts if fact["kind"] == "money" and _USE(fact)]
    uses.sort(key=lambda fact: fact["start"])
    if not uses:
        return _missing("how the proceeds are to be used")
    total_call = _call("sum_parts", finance.sum_parts, [use["text"] for use in uses])
    wholes = [fact for fact in facts if fact["kind"] == "money" and _PROCEEDS(fact)]
    whole = next((fact for fact in wholes if Decimal(fact["value"]) == total_call[0].value), None)
    parts = {_purpose(use): use["text"] for use in uses}
    if whole is None:
        lines = [f"{text} for {purpose}" for purpose, text in parts.items()]
        stated = f" (the notice states {wholes[0]['text']} of {wholes[0]['label']})" if wholes else ""
        text = f"The stated uses add up to {total_call[0].formatted}{stated}: " + "; ".join(lines) + "."
        return Computed(text, [total_call[1]], uses + wholes[:1])
    calculation, call = _call("split", finance.split, whole["text"], parts)
    shares = calculation.details
    lines = [f"{text} ({shares[purpose]}) for {purpose}" for purpose, text in parts.items()]
    text = f"Of the {whole['text']} in {whole['label']}: " + "; ".join(lines) + "."
    return Computed(text, [total_call[1], call], [whole, *uses])


def _purpose(use: Fact) -> str:
    return use["label"].split(":", 1)[1].strip()


def total(inputs: Inputs) -> Computed:
    """A stated total, checked as count × unit price when the notice gives both."""
    facts = _ordered(inputs)
    stated_matches = rank_facts(inputs.intent, [f for f in facts if f["kind"] == "money"], inputs.chunk_rank, inputs.naming_terms)
    stated = next((m.fact for m in stated_matches if _STATED_TOTAL(m.fact)), None)
    stated = stated or _first(facts, _STATED_TOTAL, ("money",))
    counts = [fact for fact in facts if fact["kind"] == "shares" and _NEW_SHARES(fact)]
    prices = [fact for fact in facts if fact["kind"] == "per_share" and _UNIT_PRICE(fact)]
    pairs = [(count, price) for count in counts for price in prices]
    if stated is None and not pairs:
        return _missing("a total, nor a share count and price to compute one from")
    if not pairs:
        return Computed(f"The {stated['label']} is {stated['text']}.", [], [stated])
    chosen = pairs[0]
    if stated is not None:
        chosen = next(
            (pair for pair in pairs if finance.total(pair[0]["text"], pair[1]["text"]).value == Decimal(stated["value"])),
            chosen,
        )
    calculation, call = _call("total", finance.total, chosen[0]["text"], chosen[1]["text"])
    if stated is None:
        return Computed(f"{calculation.formula}.", [call], list(chosen))
    agrees = calculation.value == Decimal(stated["value"])
    check = "which matches the stated figure" if agrees else f"which differs from the stated {stated['text']}"
    text = f"The {stated['label']} is {stated['text']}: {calculation.formula}, {check}."
    return Computed(text, [call], [stated, *chosen])


def per_share(inputs: Inputs) -> Computed:
    """An amount divided by the number of shares."""
    facts = _ordered(inputs)
    amounts = rank_facts(inputs.intent, [f for f in facts if f["kind"] == "money"], inputs.chunk_rank, inputs.naming_terms)
    count = _first(facts, _NEW_SHARES, ("shares",))
    if not amounts or count is None:
        return _missing("both an amount and a number of shares")
    amount = amounts[0].fact
    calculation, call = _call("per_share", finance.per_share, amount["text"], count["text"])
    return Computed(f"{calculation.formula} ({amount['label']}).", [call], [amount, count])


def days(inputs: Inputs) -> Computed:
    """Days between two dates written in the question or stated in the notice."""
    written = [match.group(0) for match in DATE.finditer(inputs.intent.question)]
    used: list[Fact] = []
    if len(written) < 2:
        dated = rank_facts(
            Intent(inputs.intent.question, "lookup", ("date",), inputs.intent.terms),
            inputs.facts,
            inputs.chunk_rank,
            inputs.naming_terms,
        )
        distinct = list({match.fact["value"]: match.fact for match in dated}.values())[:2]
        if len(distinct) + len(written) < 2:
            return _missing("two dates to count the days between")
        used = distinct[: 2 - len(written)]
        written += [fact["text"] for fact in used]
    first, last = sorted(written[:2], key=parse_date)
    calculation, call = _call("days_between", finance.days_between, first, last)
    business = calculation.details.get("business_days")
    extra = f" ({business} business days)" if business is not None else ""
    return Computed(f"{calculation.formula}{extra}.", [call], used)


def change(inputs: Inputs) -> Computed:
    """Percentage change between two figures: in the question, or stated together in one sentence."""
    numbers = re.findall(r"[$¥€£]?\d[\d,]*(?:\.\d+)?", inputs.intent.question)
    used: list[Fact] = []
    if len(numbers) < 2:
        for match in rank_facts(inputs.intent, inputs.facts, inputs.chunk_rank, inputs.naming_terms):
            fact = match.fact
            peers = [f for f in inputs.facts if f["context"] == fact["context"] and f["kind"] == fact["kind"]]
            if len(peers) >= 2:
                used = sorted(peers, key=lambda f: f["start"])[:2]
                break
        if not used:
            return _missing("two figures to compare")
        numbers = [fact["text"] for fact in used]
    old, new = numbers[0], numbers[1]
    if used and _follows_from(used[1]):
        old, new = new, old
    calculation, call = _call("percentage_change", finance.percentage_change, old, new)
    return Computed(f"{calculation.formula}.", [call], used)


def _follows_from(fact: Fact) -> bool:
    """Whether the sentence writes this figure as the starting point: "... from $0.25"."""
    at = fact["context"].find(fact["text"])
    return at >= 0 and re.search(r"\bfrom\s+$", fact["context"][max(0, at - 12) : at]) is not None


def split_adjust(inputs: Inputs) -> Computed:
    """Shares (and a price, when stated) after the notice's split or consolidation ratio."""
    facts = _ordered(inputs)
    ratio = _first(facts, lambda fact: True, ("ratio",))
    shares = _first(facts, _SHARES_BEFORE, ("shares",))
    if ratio is None or shares is None:
        return _missing("both a split ratio and the shares before it")
    price = _first(facts, _UNIT_PRICE, ("per_share",))
    calculation, call = _call(
        "split_adjust", finance.split_adjust, shares["text"], price["text"] if price else "0", ratio["value"]
    )
    details = calculation.details
    text = f"After the {ratio['text']} split, {shares['text']} shares become {details['shares_after']} shares"
    if price:
        text += f" and {price['text']} becomes {details['price_after']}"
    return Computed(f"{text} ({details['ratio']}; fractional share {details['fractional_share']}).", [call], [ratio, shares] + ([price] if price else []))


def evaluate_expression(question: str) -> Computed:
    """Arithmetic written in the question, evaluated by the safe calculator."""
    expression = re.sub(r"^\s*(?:what is|compute|calculate|evaluate)\s+", "", question, flags=re.IGNORECASE)
    expression = expression.rstrip(" ?=").replace("×", "*").replace("÷", "/")
    expression = re.sub(r"(?<=\d),(?=\d{3}\b)", "", expression)
    try:
        value = evaluate(expression)
    except CalculatorError as error:
        return Computed(f"I can only evaluate plain arithmetic: {error}", found=False)
    shown = format_number(value)
    return Computed(f"{expression} = {shown}", [ToolCall("calculate", {"expression": expression}, shown, f"{expression} = {shown}")])


COMPUTATIONS: dict[str, Callable[[Inputs], Computed]] = {
    "dilution": dilution,
    "breakdown": breakdown,
    "total": total,
    "per_share": per_share,
    "days": days,
    "change": change,
    "split_adjust": split_adjust,
}
