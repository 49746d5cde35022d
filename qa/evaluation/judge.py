"""``filingqa eval``: run a JSON Lines file of questions and judge each answer against its expected value.

A case passes when the answer's structured ``value`` is the expected value, as written or with its
table's ``scale`` applied ("$55" of a table in millions is "$55 million"): numbers are compared
as numbers after separators, scale words and currency are normalised, to the precision the case
writes; dates as dates; percentages without sign; names by their words. ``"NOT_FOUND"`` passes only when the answer says the notices do not hold it.
A case that names its notice passes only when the answer cites that notice or another release of
its issuer (``releases``): a value cited from an unrelated notice that happens to write it is wrong.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from qa.answer import Answer
from qa.evaluation.releases import Releases
from qa.reader.candidates import find_candidates
from tools.values import value_matches_stated, writes_words

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
    # A "not found" of an answerable case whose cited passages write the expected value: the
    # user is still shown where the answer stands.
    pointed: bool = False


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


def judge(case: Case, answer: Answer, releases: Releases | None = None) -> Verdict:
    """Whether the answer's ``value`` is the case's expected value (and cites its notice, when
    named, or another release of its issuer among ``releases``).

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
    if answer.value is None or not value_matches_stated(
        case.expected, answer.value, answer.scale
    ):
        return Verdict(
            case, False, got, f"value {answer.value!r} is not the expected one"
        )
    # A figure computed only from numbers the question writes rests on no notice (and cites
    # none), so it cannot have come from the wrong one.
    from_question_only = bool(answer.tool_calls) and not answer.citations
    if (
        case.doc
        and not from_question_only
        and not any(
            _names_doc(case.doc, c.doc_id, c.source)
            or (releases is not None and releases.same_issuer(case.doc, c.doc_id))
            for c in answer.citations
        )
    ):
        return Verdict(case, False, got, f"{case.doc} not cited")
    return Verdict(case, True, got)


def run(
    cases: Iterable[Case],
    ask: Callable[[str], Answer],
    releases: Releases | None = None,
) -> list[Verdict]:
    """Ask every case's question (independently: no history) and judge it."""
    verdicts = []
    for case in cases:
        answer = ask(case.question)
        verdict = judge(case, answer, releases)
        verdicts.append(
            replace(verdict, stated=answer.found, pointed=points_at(case, answer))
        )
    return verdicts


def points_at(case: Case, answer: Answer) -> bool:
    """Whether a "not found" of an answerable case cites a passage that writes the expected
    value (a single figure, date, name or answer in words; a figure only a program gives is
    written nowhere)."""
    if (
        answer.found
        or not isinstance(case.expected, str)
        or case.expected == NOT_FOUND_CASE
    ):
        return False
    return any(
        writes_words(citation.quote, case.expected) for citation in answer.citations
    ) or any(
        value_matches_stated(case.expected, c.text, c.scale)
        for citation in answer.citations
        for c in find_candidates(citation.quote)
    )


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
        # Answerable cases answered "not found", and of them those whose citations write the value.
        "declined": sum(
            1 for v in verdicts if not v.stated and v.case.expected != NOT_FOUND_CASE
        ),
        "declined_pointing": sum(1 for v in verdicts if v.pointed),
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
