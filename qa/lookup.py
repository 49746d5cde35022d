"""Answering with one stated figure: the best-matching fact, if it is a confident answer."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from qa.evidence import Evidence
from qa.fact_match import Match
from tools.amounts import AmountError, parse_amount


def candidates(evidence: Evidence) -> list[Match]:
    """Facts that could answer the question as asked, best first; a figure the question itself
    writes ("per $1,000 principal") is what it asks about, not its answer."""
    intent = evidence.intent
    written = {_number(figure.text) for figure in intent.figures} - {None}
    return [
        m
        for m in evidence.find(intent.question, intent.kinds, asked=intent.asked)
        if m.anchored and _value(m.fact) not in written
    ]


def _number(text: str) -> Decimal | None:
    try:
        return parse_amount(text).value
    except AmountError:
        return None


def _value(fact: dict) -> Decimal | None:
    if fact["kind"] in ("date", "ratio"):
        return None
    try:
        return Decimal(str(fact["value"]))
    except ArithmeticError:
        return None


def confident(match: Match) -> bool:
    """Whether a match rests on enough of the question to be its answer: most of the question's
    telling words around it, its whole name in the question, or a close meaning."""
    return (
        match.coverage >= 0.5
        or match.named >= 0.99
        or match.semantic >= 0.55
        or (
            match.coverage >= 0.3
            and (match.semantic >= 0.45 or match.lexical >= 3.0 or match.cued)
        )
    )


def strong(match: Match) -> bool:
    """A confident match that names most of what is asked: enough to answer a computation's
    question ("what is the total ...") with the figure the notice states, computing nothing."""
    return confident(match) and (match.coverage >= 0.75 or match.named >= 0.99)


def corroborated(matches: list[Match]) -> list[Match]:
    """The same figure stated again under a like name (a table row and a sentence) counts for it."""
    boosted = []
    for match in matches:
        same = [
            other
            for other in matches
            if other is not match
            and other.fact["kind"] == match.fact["kind"]
            and str(other.fact["value"]) == str(match.fact["value"])
            and other.view.label & match.view.label
        ]
        boosted.append(replace(match, score=match.score + 0.75 * min(2, len(same))))
    return sorted(boosted, key=lambda m: (-m.score, m.fact.get("start", 0)))


def best_answer(evidence: Evidence) -> Match | None:
    """The stated figure that answers the question, or None when no fact does."""
    matches = corroborated(excluded(candidates(evidence), evidence.intent.question))
    if not matches or not confident(matches[0]):
        return None
    best = _preferred_kind(matches, evidence.intent.kinds)
    if _EXACT.search(evidence.intent.question):
        close = [
            m
            for m in matches
            if m.score >= best.score - 2.0 and m.fact["kind"] == best.fact["kind"]
        ]
        best = max(close, key=lambda m: (precision(m.fact), m.score))
    return best


def _preferred_kind(matches: list[Match], kinds: tuple[str, ...]) -> Match:
    """The best match, or the figure of the asked kind stated under the same name beside it: a row
    "Total Amount to be Paid  JPY2,245,600,000  JPY3,208 per share" answers "total amount" with
    the first."""
    best = matches[0]
    if not kinds or best.fact["kind"] == kinds[0]:
        return best
    return next(
        (
            m
            for m in matches
            if m.fact["kind"] == kinds[0]
            and m.fact["label"] == best.fact["label"]
            and m.fact["chunk_id"] == best.fact["chunk_id"]
        ),
        best,
    )


def precision(fact: dict) -> int:
    """How exactly a figure is written: its digits, none of them hidden behind "million"."""
    if fact.get("scale"):
        return 0
    return sum(char.isdigit() for char in fact["text"])


_EXACT = re.compile(
    r"\bexact(?:ly)?\b|\bprecise(?:ly)?\b|\bto the (?:cent|dollar|share)\b",
    re.IGNORECASE,
)


_EXCLUDING = re.compile(
    r"\b(?:excluding|not including|other than|apart from|without)\s+(?:any\s+|the\s+|other\s+|its\s+)*([\w\s'-]+?)(?=[,?.;]|$)",
    re.IGNORECASE,
)


def excluded(matches: list[Match], question: str) -> list[Match]:
    """A question asking for one part "excluding" another cannot be answered by a figure whose name
    takes in that other part ("dealer-manager fee, excluding other offering expenses" is not
    answered by "dealer-manager fees and offering expenses")."""
    from qa.text import terms

    left_out = [set(terms(found.group(1))) for found in _EXCLUDING.finditer(question)]
    if not left_out:
        return matches
    return [
        m
        for m in matches
        if not any(words and words <= m.view.label for words in left_out)
    ]
