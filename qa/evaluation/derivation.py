"""A TAT-QA derivation read as one of the reader's programs: its operation and its operands.

TAT-QA writes how each arithmetic answer was computed ("(44.1-56.7)/56.7", "$788,948-$718,892",
"(166+178)/2"): a program over figures the excerpt states. The forms the reader's programs
(``qa.reader.programs``) compute are recognised, with the operands in the order the program takes
them (a percentage change's base first); any other form is none of them. Signs are dropped from
the operands: the notice writes a negative as "(5,637)" or "-5,637", and its figure is found by
the digits it is written with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
_NEGATED = re.compile(r"\(-N\)|(?<![N)])-N")  # a negative figure, not a subtraction


@dataclass(frozen=True)
class Program:
    """An operation and the written values of its operands, in the program's slot order."""

    operation: str
    operands: tuple[Decimal, ...]


def _value(written: str) -> Decimal:
    return Decimal(written.rstrip("%").replace(",", ""))


def _shape(derivation: str) -> tuple[str, list[Decimal]]:
    """The derivation with each figure as ``N`` (negatives too, and no outer parentheses) and the
    figures' unsigned values, in order."""
    text = re.sub(r"[\s$]", "", derivation).replace("[", "(").replace("]", ")")
    values = [_value(m.group()) for m in _NUMBER.finditer(text)]
    shape = _NEGATED.sub("N", _NUMBER.sub("N", text))
    while shape.startswith("(") and shape.endswith(")") and _balanced(shape[1:-1]):
        shape = shape[1:-1]
    return shape, values


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def comparison(derivation: str) -> tuple[Decimal, ...] | None:
    """The figures a comparison derivation orders ("1,496.5>1,202.9>1,107.7", "56<63<66"), or
    None for any other form."""
    shape, values = _shape(derivation)
    if re.fullmatch(r"N(?:>N)+|N(?:<N)+", shape):
        return tuple(values)
    return None


def program(derivation: str, percent: bool) -> Program | None:
    """The program a derivation computes, or None for a form no program takes.

    ``percent``: the answer is stated as a percentage (TAT-QA's scale "percent"), so "a/b" is a
    share in percent and "(a-b)/b" a percentage change."""
    shape, values = _shape(derivation)
    terms = shape.count("N")
    if shape == "N-N":
        return Program("difference", tuple(values))
    if shape == "N*N":
        return Program("product", tuple(values))
    if re.fullmatch(r"N(?:\+N)+", shape):
        return Program("sum", tuple(values))
    if re.fullmatch(r"\(N(?:\+N)+\)/N", shape) and values[-1] == terms - 1:
        return Program("average", tuple(values[:-1]))
    if shape == "N/N":
        return Program("percent_of" if percent else "quotient", tuple(values))
    if not percent:
        return None
    new, old = values[0], values[1]
    if shape == "(N-N)/N" and values[2] == old:
        return Program("percent_change", (old, new))
    if shape == "N/N-N" and values[2] == 1:
        return Program("percent_change", (old, new))
    return None
