"""``filingqa eval``: run a JSON Lines file of questions and judge each answer against its expected value.

A case passes when the answer states the expected value: numbers are compared as numbers after
separators, scale words and currency are normalised; dates as dates; percentages to the precision
the case states. ``"NOT_FOUND"`` passes only when the answer says the notices do not hold it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ingest.patterns import DATE
from qa.answer import Answer
from qa.intent import read_intent
from tools.amounts import AmountError, parse_amount, parse_percent
from tools.dates import DateError, parse_date

NOT_FOUND_CASE = "NOT_FOUND"
_PERCENT = re.compile(r"-?\d[\d,]*(?:\.\d+)?\s?%")
_AMOUNT = re.compile(
    r"(?:(?:US|C|A|HK|NZ|S)?\$|JPY|USD|EUR|GBP|CAD|AUD|CHF|CNY|RMB|HKD|¥|€|£)?\s?-?\d+(?:,\d{3})*(?:\.\d+)?"
    r"(?:\s?(?:million|billion|thousand|trillion|mn|bn|m|k)\b)?(?:\s?(?:yen|dollars|euros|pounds))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Case:
    """One line of an eval file."""

    question: str
    expected: str
    doc: str | None = None
    kind: str | None = None

    @property
    def category(self) -> str:
        """The case's kind: given in the file, else not-found / lookup / computation from the question."""
        if self.kind:
            return self.kind
        if self.expected == NOT_FOUND_CASE:
            return "not-found"
        return (
            "lookup"
            if read_intent(self.question).operation == "lookup"
            else "computation"
        )


@dataclass(frozen=True)
class Verdict:
    case: Case
    passed: bool
    got: str
    why: str = ""


def load_cases(path: Path) -> list[Case]:
    """Read cases; a malformed line is a ValueError naming the line."""
    cases = []
    for number, line in enumerate(
        path.read_text(encoding="utf-8").splitlines(), start=1
    ):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            cases.append(
                Case(
                    record["question"],
                    str(record["expected"]),
                    record.get("doc"),
                    record.get("kind"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not an eval case ({error})") from error
    return cases


def judge(case: Case, answer: Answer) -> Verdict:
    """Whether ``answer`` states the case's expected value (and cites its notice, when named)."""
    got = " ".join(answer.text.split())
    if case.expected == NOT_FOUND_CASE:
        return Verdict(
            case,
            not answer.found,
            got,
            "" if not answer.found else "answered instead of not found",
        )
    if not answer.found:
        return Verdict(case, False, got, "said not found")
    if not states_value(case.expected, answer.text):
        return Verdict(case, False, got, "expected value not stated")
    if case.doc and not any(
        _names_doc(case.doc, c.doc_id, c.source) for c in answer.citations
    ):
        return Verdict(case, False, got, f"{case.doc} not cited")
    return Verdict(case, True, got)


def states_value(expected: str, text: str) -> bool:
    """Whether ``text`` states ``expected`` as a date, a percentage, an amount, or else verbatim."""
    expected = expected.strip()
    try:
        wanted_date = parse_date(expected)
    except DateError:
        wanted_date = None
    if wanted_date is not None:
        return any(
            _date_or_none(match.group(0)) == wanted_date
            for match in DATE.finditer(text)
        )
    if expected.endswith("%"):
        wanted = parse_percent(expected)
        places = max(0, -wanted.as_tuple().exponent)
        quantum = Decimal(1).scaleb(-places)
        return any(
            parse_percent(match.group(0)).quantize(quantum) == wanted
            for match in _PERCENT.finditer(text)
        )
    try:
        wanted_amount = parse_amount(expected).value
    except AmountError:
        return expected.casefold() in text.casefold()
    return any(
        _amount_or_none(match.group(0)) == wanted_amount
        for match in _AMOUNT.finditer(text)
    )


def run(cases: Iterable[Case], ask: Callable[[str], Answer]) -> list[Verdict]:
    """Ask every case's question (independently: no history) and judge it."""
    return [judge(case, ask(case.question)) for case in cases]


def summary(verdicts: list[Verdict]) -> dict:
    """Pass rates overall and by kind, and every failure with what was expected and what came back."""
    total = Counter(v.case.category for v in verdicts)
    passed = Counter(v.case.category for v in verdicts if v.passed)
    return {
        "passed": sum(passed.values()),
        "total": len(verdicts),
        "rate": round(sum(passed.values()) / len(verdicts), 4) if verdicts else 0.0,
        "by_kind": {
            kind: {"passed": passed[kind], "total": total[kind]}
            for kind in sorted(total)
        },
        "failures": [
            {
                "question": v.case.question,
                "expected": v.case.expected,
                "doc": v.case.doc,
                "got": v.got,
                "why": v.why,
            }
            for v in verdicts
            if not v.passed
        ],
    }


def _names_doc(wanted: str, doc_id: str, source: str) -> bool:
    wanted = wanted.casefold()
    return wanted in (
        doc_id.casefold(),
        Path(source).name.casefold(),
        Path(source).stem.casefold(),
    )


def _date_or_none(text: str):
    try:
        return parse_date(text)
    except DateError:
        return None


def _amount_or_none(text: str) -> Decimal | None:
    try:
        return parse_amount(text.strip()).value
    except AmountError:
        return None
