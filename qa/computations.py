"""Computed answers' building blocks: operands, recorded calls of the calculator tools, and results.

Every figure here comes out of ``tools`` (never arithmetic in this module): an operation on
figures is a call of a ``tools.finance`` function or of the safe ``tools.calculator``, recorded
as a ``ToolCall`` the answer shows. Operands are stated facts (which the answer cites) or figures
the question itself writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from qa.answer import NOT_FOUND, ToolCall
from qa.phrasing import describe
from tools.amounts import AmountError, format_amount, format_number, parse_amount
from tools.calculation import Calculation
from tools.calculator import CalculatorError, evaluate

Fact = dict[str, Any]


@dataclass(frozen=True)
class Computed:
    """A computed answer: its text, the tool calls that produced its figures, the facts used."""

    text: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    found: bool = True


@dataclass(frozen=True)
class Operand:
    """One input of a computation: a figure as written, and the fact it was stated in (if any)."""

    text: str
    kind: str
    name: str  # how the answer names it: "the offering price", "the 2,500 shares in the question"
    fact: Fact | None = None

    @property
    def value(self) -> Decimal:
        if self.kind == "percentage":
            return (
                Decimal(self.text.rstrip("% ").replace(",", ""))
                if self.fact is None
                else Decimal(str(self.fact["value"]))
            )
        if self.fact is not None and self.kind != "ratio":
            return Decimal(str(self.fact["value"]))
        return parse_amount(self.text).value

    @property
    def currency(self) -> str | None:
        if self.fact is not None and self.fact.get("currency"):
            return self.fact["currency"]
        try:
            return parse_amount(self.text).currency
        except AmountError:
            return None

    @property
    def figure(self) -> str:
        """What a tool reads: the written text, or for a ratio its "new-for-old" value."""
        if self.fact is not None and self.kind == "ratio":
            return str(self.fact["value"])
        if (
            self.fact is not None
            and self.kind in ("money", "per_share")
            and self.fact.get("currency")
            and not _has_currency(self.text)
        ):
            return format_amount(
                Decimal(str(self.fact["value"])), self.fact["currency"]
            )
        return self.text


def _has_currency(text: str) -> bool:
    try:
        return parse_amount(text).currency is not None
    except AmountError:
        return False


def from_fact(fact: Fact, name: str | None = None) -> Operand:
    return Operand(fact["text"], fact["kind"], name or fact["label"], fact)


def call(
    name: str, function: Callable[..., Calculation], *args: Any, **kwargs: Any
) -> tuple[Calculation, ToolCall]:
    """Run a calculator tool and record the call as the answer's trace shows it."""
    calculation = function(*args, **kwargs)
    shown = {f"arg{number}": _jsonable(arg) for number, arg in enumerate(args, start=1)}
    shown.update({key: _jsonable(value) for key, value in kwargs.items()})
    return calculation, ToolCall(
        name, shown, calculation.formatted, calculation.formula
    )


def calculate(
    expression: str, currency: str | None = None, places: int | None = None
) -> tuple[Decimal, str, ToolCall]:
    """Evaluate arithmetic with the safe calculator; the result formatted as money when a currency is given."""
    value = evaluate(expression)
    if places is not None:
        value = evaluate(f"round({expression}, {places})")
    shown = format_amount(value, currency) if currency else format_number(value)
    return (
        value,
        shown,
        ToolCall(
            "calculate",
            {"expression": expression},
            shown,
            f"{_readable(expression)} = {shown}",
        ),
    )


def _readable(expression: str) -> str:
    """An expression as a person writes it: "400_000_000 * 2.25%" as "400,000,000 × 2.25%"."""
    grouped = re.sub(
        r"\d+(?:_\d{3})+", lambda found: found.group(0).replace("_", ","), expression
    )
    return grouped.replace(" * ", " × ")


def plain(operand: Operand) -> str:
    """An operand as a bare number for the calculator: "$1.4 million" -> "1400000", "2.25%" -> "2.25%"."""
    if operand.kind == "percentage":
        return f"{format_number(operand.value)}%".replace(",", "_")
    return format_number(operand.value).replace(",", "_")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return str(value)


def stated_answer(fact: Fact) -> Computed:
    """A computation's question answered by a figure the notice states outright."""
    return Computed(
        f"{describe(fact['label'])} is {fact['text']}, as the notice states.",
        [],
        [fact],
    )


def named_figure(op: Operand) -> str:
    """An operand as the answer shows it: "$0.75 (underwriting discount)"."""
    if op.fact is None:
        return op.text
    return f"{op.text} ({describe(op.fact['label']).removeprefix('The ')})"


def no_cents(shown: str) -> str:
    """ "$50,000,000.00" written "$50,000,000": a whole amount needs no cents."""
    return shown.removesuffix(".00")


def missing(what: str, facts: list[Fact] | None = None) -> Computed:
    return Computed(
        f"That is {NOT_FOUND}: the notice does not state {what}.",
        facts=facts or [],
        found=False,
    )


def evaluate_expression(question: str) -> Computed:
    """Arithmetic written in the question, evaluated by the safe calculator."""
    expression = re.sub(
        r"^\s*(?:what is|compute|calculate|evaluate)\s+",
        "",
        question,
        flags=re.IGNORECASE,
    )
    expression = expression.rstrip(" ?=").replace("×", "*").replace("÷", "/")
    expression = re.sub(r"(?<=\d),(?=\d{3}\b)", "", expression)
    try:
        value = evaluate(expression)
    except CalculatorError as error:
        return Computed(f"I can only evaluate plain arithmetic: {error}", found=False)
    shown = format_number(value)
    return Computed(
        f"{expression} = {shown}",
        [
            ToolCall(
                "calculate",
                {"expression": expression},
                shown,
                f"{expression} = {shown}",
            )
        ],
    )
