"""``filingqa eval``: run a JSON Lines file of questions and judge each answer against its expected value.

A case passes when the answer's structured ``value`` is the expected value: numbers are compared
as numbers after separators, scale words and currency are normalised, to the precision the case
writes; dates as dates; percentages without sign; names by their words. ``"NOT_FOUND"`` passes only when the answer says the notices do not hold it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from qa.answer import Answer
from tools.amounts import AmountError, parse_amount, parse_percent
from tools.dates import DateError, parse_date

NOT_FOUND_CASE = "NOT_FOUND"


@dataclass(frozen=True)
class Case:
    """One line of an eval file."""

    question: str
    expected: str | list[str]
    doc: str | None = None
    kind: str | None = None

    @property
    def category(self) -> str:
        """The case's kind: given in the file, else not-found / lookup / computation from the question."""
        if self.kind:
            return self.kind
        return "not-found" if self.expected == NOT_FOUND_CASE else "unlabelled"


@dataclass(frozen=True)
class Verdict:
    case: Case
    passed: bool
    got: str
    why: str = ""
    stated: bool = False  # the answer gave a figure (found: true): a failure then is a wrong figure


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
                    record["expected"]
                    if isinstance(record["expected"], list)
                    else str(record["expected"]),
                    record.get("doc"),
                    record.get("kind"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not an eval case ({error})") from error
    return cases


def judge(case: Case, answer: Answer) -> Verdict:
    """Whether the answer's ``value`` is the case's expected value (and cites its notice, when named).

    The structured value is judged, never "the figure appears somewhere in the text": an answer
    that quotes a passage holding several figures has not answered unless it picked the right one.
    """
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
    if answer.value is None or not value_matches(case.expected, answer.value):
        return Verdict(
            case, False, got, f"value {answer.value!r} is not the expected one"
        )
    # A figure computed only from numbers the question writes rests on no notice (and cites
    # none), so it cannot have come from the wrong one.
    from_question_only = bool(answer.tool_calls) and not answer.citations
    if (
        case.doc
        and not from_question_only
        and not any(_names_doc(case.doc, c.doc_id, c.source) for c in answer.citations)
    ):
        return Verdict(case, False, got, f"{case.doc} not cited")
    return Verdict(case, True, got)


def value_matches(expected: str | list, value: str | list) -> bool:
    """Whether ``value`` is ``expected``: dates as dates, numbers as numbers to the precision
    ``expected`` states (currency and scale words normalised), percentages without sign, names
    and identifiers by their words; lists as sets."""
    if isinstance(expected, list) or isinstance(value, list):
        wanted = expected if isinstance(expected, list) else [expected]
        got = value if isinstance(value, list) else [value]
        return len(wanted) == len(got) and all(
            any(value_matches(w, g) for g in got) for w in wanted
        )
    expected, value = str(expected).strip(), str(value).strip()
    wanted_date = _date_or_none(expected)
    if wanted_date is not None:
        return _date_or_none(value) == wanted_date
    if expected.endswith("%"):
        return _same_number(parse_percent(expected).copy_abs(), _percent_or_none(value))
    wanted = _number_or_none(expected)
    if wanted is not None:
        return _same_number(wanted, _number_or_none(value))
    return _same_words(expected, value)


def _same_number(wanted: Decimal, got: Decimal | None) -> bool:
    """Equal once ``got`` is rounded to the places ``wanted`` is written with."""
    if got is None:
        return False
    places = max(0, -wanted.as_tuple().exponent)
    return got.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) == wanted


def _percent_or_none(text: str) -> Decimal | None:
    try:
        return parse_percent(text).copy_abs()
    except AmountError:
        return None


_LEADING_NUMBER = re.compile(r"^-?\d[\d,]*(?:\.\d+)?(?=\s+[a-z])")


def _number_or_none(text: str) -> Decimal | None:
    """An amount ("JPY3,208", "$4.0 million", "975,610 shares", "45 days") as a number."""
    try:
        return parse_amount(text).value
    except AmountError:
        pass
    match = _LEADING_NUMBER.match(text)
    return Decimal(match.group().replace(",", "")) if match else None


def _same_words(expected: str, value: str) -> bool:
    """Names and identifiers: the same words, or one name inside the other ("X & Co." / "X & Co., LLC")."""
    a, b = _WORDS.findall(expected.casefold()), _WORDS.findall(value.casefold())
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    joined = " ".join(longer)
    return len(shorter) >= 2 and " ".join(shorter) in joined


_WORDS = re.compile(r"[a-z0-9]+")


def run(cases: Iterable[Case], ask: Callable[[str], Answer]) -> list[Verdict]:
    """Ask every case's question (independently: no history) and judge it."""
    verdicts = []
    for case in cases:
        answer = ask(case.question)
        verdict = judge(case, answer)
        verdicts.append(replace(verdict, stated=answer.found))
    return verdicts


def summary(verdicts: list[Verdict]) -> dict:
    """Pass rates overall and by kind, and every failure with what was expected and what came back."""
    total = Counter(v.case.category for v in verdicts)
    passed = Counter(v.case.category for v in verdicts if v.passed)
    return {
        "passed": sum(passed.values()),
        "total": len(verdicts),
        "rate": round(sum(passed.values()) / len(verdicts), 4) if verdicts else 0.0,
        # Answers stated with found: true that are wrong: worse than "not found".
        "wrong": sum(1 for v in verdicts if v.stated and not v.passed),
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
