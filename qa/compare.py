"""Computations that compare two figures: one as a percentage of another, the percentage change
from one to another, and the difference between them.

The question is split around its comparing words ("what share of WHOLE goes to PART", "how far
above OLD is NEW", "NEW ... compared with OLD"); each side is a figure the question writes or the
stated fact that best answers that side.
"""

from __future__ import annotations

import re

from qa.computations import (
    Computed,
    Operand,
    calculate,
    call,
    from_fact,
    missing,
    named_figure,
    no_cents,
    plain,
    stated_answer,
)
from qa.evidence import Evidence
from qa.operands import family, operand, stated, strip_asking, written_in
from tools import finance

_SHARE_OF = re.compile(
    r"\b(?:what|which)\s+(?:percentage|percent|share|fraction|portion|proportion|part)\s+of\s+(?P<whole>.+?)\s+"
    r"(?P<verb>is|are|was|were|goes|go|does|do|did|has|have|had|will|would|can|could)\s+(?P<part>.+)$",
    re.IGNORECASE,
)
_AS_SHARE = re.compile(
    r"^(?P<part>.+?)\s+as an? (?:percentage|percent|share|fraction|proportion) of\s+(?P<whole>.+)$",
    re.IGNORECASE,
)
_FAR = re.compile(
    r"\bhow (?:far|much) (?P<way>above|below|higher than|lower than)\s+(?P<old>.+?)\s+(?:is|are|was|were)\s+(?P<new>.+)$",
    re.IGNORECASE,
)
_OF_TO = re.compile(
    r"\b(?:discount|premium)\s+(?:of|on)\s+(?P<new>.+?)\s+(?:to|over|relative to|versus)\s+(?P<old>.+)$",
    re.IGNORECASE,
)
_AGAINST = re.compile(
    r"^(?P<new>.+?)\s+(?:exceed(?:ed|s)?|above|below|over|than|compared (?:with|to)|from|relative to|versus|vs\.?)\s+(?P<old>.+)$",
    re.IGNORECASE,
)
_BASE_WORDS = re.compile(
    r"\b(?:from|previously|prior|original(?:ly)?|initial(?:ly)?|was|earlier|before)\b",
    re.IGNORECASE,
)


def percent_of(evidence: Evidence) -> Computed:
    """PART as a percentage of WHOLE."""
    question = re.sub(r"\s*\([^)]*\)", "", evidence.intent.question).strip(" ?.")
    found = _SHARE_OF.search(question) or _AS_SHARE.search(question)
    if not found:
        return missing("which figure is to be taken as a share of which")
    whole_text, part_text = strip_asking(found["whole"]), strip_asking(found["part"])
    whole = operand(evidence, whole_text, None)
    if whole is None:
        return missing(f"{whole_text}")
    part = operand(
        evidence,
        part_text + " " + _context_of(whole_text),
        family(whole.kind),
        exclude=[whole],
        asked=part_text,
    )
    if part is None:
        return missing(f"{part_text}", _facts(whole))
    calculation, trace = call(
        "percent_of", finance.percent_of, part.figure, whole.figure
    )
    text = f"{named_figure(part)} is {calculation.formatted} of {named_figure(whole)} ({calculation.formula})."
    return Computed(text, [trace], _facts(part, whole))


def change(evidence: Evidence) -> Computed:
    """The percentage change from OLD to NEW, said as "N% above/below"."""
    question = strip_asking(evidence.intent.question)
    old_new = _split_change(question)
    if old_new is None:
        return _change_within_sentence(evidence)
    old_text, new_text = old_new
    old = operand(evidence, old_text, None)
    if old is None:
        return missing(old_text)
    new = operand(evidence, new_text, family(old.kind), exclude=[old])
    if new is None:
        return missing(new_text, _facts(old))
    return _changed(old, new)


def _split_change(question: str) -> tuple[str, str] | None:
    for pattern in (_FAR, _OF_TO, _AGAINST):
        found = pattern.search(question)
        if found:
            return strip_asking(found["old"]), strip_asking(found["new"])
    return None


def _changed(old: Operand, new: Operand) -> Computed:
    calculation, trace = call(
        "percentage_change", finance.percentage_change, old.figure, new.figure
    )
    size = calculation.formatted.lstrip("+-")
    way = "above" if not calculation.formatted.startswith("-") else "below"
    text = f"{named_figure(new)} is {size} {way} {named_figure(old)} ({calculation.formula})."
    return Computed(text, [trace], _facts(old, new))


def _change_within_sentence(evidence: Evidence) -> Computed:
    """No base named: two figures of one kind stated together ("increased from $500,000 to $650,000")."""
    asked = evidence.intent.asked
    for match in stated(
        evidence, asked, evidence.intent.kinds[1:] or ("money", "per_share", "shares")
    ):
        fact = match.fact
        peers = [
            view.fact
            for view in evidence.views
            if view.fact.get("context") == fact.get("context")
            and view.fact["kind"] == fact["kind"]
            and view.fact is not fact
        ]
        peers = [peer for peer in peers if str(peer["value"]) != str(fact["value"])]
        if peers:
            pair = sorted([fact, peers[0]], key=lambda f: f["start"])
            old, new = (
                (pair[1], pair[0]) if _introduces_base(pair[1]) else (pair[0], pair[1])
            )
            return _changed(from_fact(old), from_fact(new))
    return missing("two figures to compare")


def _introduces_base(fact: dict) -> bool:
    """Whether the sentence writes this figure as the starting point: "... from $0.25"."""
    at = fact["context"].find(fact["text"])
    return (
        at >= 0
        and re.search(
            r"\b(?:from|over|previous(?:ly)?|prior)\s+(?:\w+\s+){0,2}$",
            fact["context"][max(0, at - 30) : at],
        )
        is not None
    )


_GOING_BY = re.compile(
    r"\b(?:going by|given|based on|using)\s+(?:its|the|their)?\s*(?P<a>[\w\s'-]+?)\s+and\s+(?P<b>[\w\s'-]+?)(?:\s+figures?)?\s*(?:[,?.]|$)",
    re.IGNORECASE,
)
_BEFORE_WRITTEN = re.compile(
    r"\b(?:before|besides|excluding|other than|apart from)\s+the\s+(?P<n>[\d,]{3,})",
    re.IGNORECASE,
)


_CHANGE_NAMED = re.compile(
    r"\b(?:increase|decrease|difference|reduction|upsiz|additional|more|less)",
    re.IGNORECASE,
)


def difference(evidence: Evidence) -> Computed:
    """How much one figure exceeds another: stated ("Amount of Increase in Stated Capital"), or the
    difference of two stated or written figures."""
    from qa.lookup import best_answer, strong

    match = best_answer(evidence)
    if (
        match is not None
        and strong(match)
        and _CHANGE_NAMED.search(match.fact["label"])
    ):
        return stated_answer(match.fact)
    question = evidence.intent.question
    asked = evidence.intent.asked
    kinds = evidence.intent.kinds or ("money", "shares")
    pair = _GOING_BY.search(question)
    if pair:
        first = operand(evidence, pair["a"] + " " + asked, kinds)
        second = operand(
            evidence,
            pair["b"] + " " + asked,
            family(first.kind) if first else kinds,
            exclude=[first] if first else [],
        )
        if first is None or second is None:
            return missing(f"both {pair['a']} and {pair['b']}")
        larger, smaller = (
            (first, second) if first.value >= second.value else (second, first)
        )
        return _subtract(larger, smaller, evidence)
    before = _BEFORE_WRITTEN.search(question)
    if before:
        part = written_in(before.group(0), ("shares", "money"))
        whole = operand(
            evidence,
            asked.replace(before.group(0), ""),
            family(part[0].kind) if part else kinds,
            exclude=part,
        )
        if not part or whole is None:
            return missing("the total to take the part from")
        return _subtract(whole, part[0], evidence)
    return _changed_amount(evidence, kinds)


def _changed_amount(evidence: Evidence, kinds) -> Computed:
    """ "By how much was the offering upsized": the figure now less the one it changed from."""
    matches = stated(evidence, evidence.intent.asked, kinds)
    bases = [m for m in matches if _BASE_WORDS.search(m.view.before[-60:])]
    if not bases:
        return missing("the figure it changed from")
    base = bases[0]
    current = next(
        (
            m
            for m in matches
            if m.fact["kind"] == base.fact["kind"]
            and m.fact is not base.fact
            and str(m.fact["value"]) != str(base.fact["value"])
            and not _BASE_WORDS.search(m.view.before[-60:])
            and not re.search(
                r"\b(?:additional|option)\b", m.view.before[-60:], re.IGNORECASE
            )
        ),
        None,
    )
    if current is None:
        return missing("the figure it changed to")
    old, new = from_fact(base.fact), from_fact(current.fact)
    return (
        _subtract(new, old, evidence)
        if new.value >= old.value
        else _subtract(old, new, evidence)
    )


def _subtract(larger: Operand, smaller: Operand, evidence: Evidence) -> Computed:
    currency = larger.currency or smaller.currency
    _, shown, trace = calculate(f"{plain(larger)} - {plain(smaller)}", currency)
    shown = no_cents(shown)
    text = f"The difference is {shown}: {named_figure(larger)} less {named_figure(smaller)}."
    return Computed(text, [trace], _facts(larger, smaller))


def _context_of(whole_text: str) -> str:
    """Words of the whole that also place the part ("of the $100 million 2020 Program")."""
    return re.sub(r"[$£€¥]?\d[\d,.]*\s*(?:million|billion)?", "", whole_text)


def _facts(*operands: Operand | None) -> list[dict]:
    return [op.fact for op in operands if op is not None and op.fact is not None]
