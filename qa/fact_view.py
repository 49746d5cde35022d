"""A stored fact seen the way a question is matched against it: its label, the words right around
its figure (the clause that says what it is), its whole sentence, and a short description to embed.

A sentence often holds several figures ("$204 million in cash and $25 million in cryptocurrency");
the words nearest a figure tell them apart, so they weigh more than the rest of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from qa.text import terms

Fact = dict[str, Any]

_BEFORE = 130  # characters of the sentence before a figure that describe it
_AFTER = 60  # ... and after it, up to the next figure
_CLOSE = 35  # characters right before a figure: "paid ten days later on", "Currently, a total of"
_CLOSE_AFTER = 25  # ... and right after it: "June 30, 2021 as the record date"
_CUT = re.compile(r";")


@dataclass(frozen=True)
class FactView:
    """A fact with the word sets it is matched by."""

    fact: Fact
    label: frozenset[str]
    near: frozenset[str]  # the clause around the figure (label excluded)
    ahead: frozenset[
        str
    ]  # the words before the figure (label excluded), which usually name it
    close: frozenset[str]  # the last few words before the figure
    close_after: frozenset[str]  # the first few words after it
    before: str  # the words just before the figure, as written
    after: str  # the words just after it, up to the next figure
    sentence: frozenset[str]
    description: str  # what is embedded: label and clause
    topic: frozenset[str] = frozenset()  # the notice's title and the passage's heading

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.fact["doc_id"], self.fact["start"], self.fact["end"])


def build_views(
    facts: Iterable[Fact], topics: dict[str, str] | None = None
) -> list[FactView]:
    """Views of facts; facts of one sentence are placed in it together, so repeated figures
    ("4,615,385 shares ... warrants to purchase 4,615,385 shares") each get their own clause.
    ``topics`` gives each chunk id its notice title and section heading."""
    topics = topics or {}
    topic_terms = {
        chunk_id: frozenset(terms(text)) for chunk_id, text in topics.items()
    }
    facts = list(facts)
    groups: dict[tuple[str, str], list[Fact]] = {}
    for fact in facts:
        groups.setdefault((fact["doc_id"], fact.get("context", "")), []).append(fact)
    views: dict[int, FactView] = {}
    for (_, context), members in groups.items():
        members.sort(key=lambda fact: fact["start"])
        offset = _offset(context, members)
        spans = [_span(context, fact, offset) for fact in members]
        for index, fact in enumerate(members):
            start, end = spans[index]
            next_start = min(
                (
                    spans[i][0]
                    for i in range(index + 1, len(members))
                    if spans[i][0] >= end
                ),
                default=len(context),
            )
            view = _view(fact, context, start, end, next_start)
            views[id(fact)] = replace(
                view, topic=topic_terms.get(fact.get("chunk_id", ""), frozenset())
            )
    return [views[id(fact)] for fact in facts]


def _offset(context: str, members: list[Fact]) -> int | None:
    """The notice offset of the sentence, found as the one placing every member's text right."""
    first = members[0]
    for match in re.finditer(re.escape(first["text"]), context):
        offset = first["start"] - match.start()
        if all(
            context[f["start"] - offset : f["end"] - offset] == f["text"]
            for f in members
        ):
            return offset
    return None


def _span(context: str, fact: Fact, offset: int | None) -> tuple[int, int]:
    if offset is not None:
        return fact["start"] - offset, fact["end"] - offset
    at = context.find(fact["text"])
    return (at, at + len(fact["text"])) if at >= 0 else (len(context), len(context))


def _view(fact: Fact, context: str, start: int, end: int, next_start: int) -> FactView:
    before = context[max(0, start - _BEFORE) : start]
    cut = list(_CUT.finditer(before))
    if cut:
        before = before[cut[-1].end() :]
    if start - _BEFORE > 0 and " " in before:
        before = before.split(" ", 1)[1]
    after = context[end : min(next_start, end + _AFTER)]
    stop = _CUT.search(after)
    if stop and stop.start() > 0:
        after = after[: stop.start()]
    if end + _AFTER < next_start and " " in after:
        after = after.rsplit(" ", 1)[0]
    label = fact["label"]
    label_terms = frozenset(terms(label)) | _implied(
        fact, context[max(0, start - _BEFORE) : start], context[end : end + _AFTER]
    )
    ahead = frozenset(terms(before)) - label_terms
    near = ahead | (frozenset(terms(after)) - label_terms)
    description = f"{_readable(label)}: {' '.join(before.split())} … {' '.join(after.split())}".strip()
    return FactView(
        fact=fact,
        label=label_terms,
        near=near,
        ahead=ahead,
        close=frozenset(terms(_tail(before, _CLOSE))),
        close_after=frozenset(terms(_head(after, _CLOSE_AFTER))),
        before=before,
        after=after,
        sentence=frozenset(terms(context)),
        description=description[:300],
    )


# What a figure is, from the words that always come with it, when the label does not say it.
_IMPLIED = (
    (
        "percentage",
        re.compile(
            r"^\s*(?:\S+\s+){0,2}?(?:convertible\s+|senior\s+|secured\s+|unsecured\s+|subordinated\s+)*notes?\b",
            re.IGNORECASE,
        ),
        None,
        frozenset(terms("interest rate coupon")),
    ),
    (
        "per_share",
        None,
        re.compile(
            r"\bwarrants?\b[^.;]{0,80}\b(?:to purchase|to buy|exercisable)\b[^.;]{0,80}$",
            re.IGNORECASE,
        ),
        frozenset(terms("exercise price")),
    ),
)


def _implied(fact: Fact, before: str, after: str) -> frozenset[str]:
    """Label words a figure's surroundings imply: "9.5% Convertible Notes" states an interest rate,
    "warrants to purchase shares ... for $184.00 per share" an exercise price."""
    for kind, follows, precedes, words in _IMPLIED:
        if (
            fact["kind"] == kind
            and (follows is None or follows.search(after))
            and (precedes is None or precedes.search(before))
        ):
            return words
    return frozenset()


def _tail(text: str, size: int) -> str:
    """The last ``size`` characters of a text, from a word start."""
    if len(text) <= size:
        return text
    cut = text[-size:]
    return cut.split(" ", 1)[1] if " " in cut and not text[-size - 1].isspace() else cut


def _head(text: str, size: int) -> str:
    if len(text) <= size:
        return text
    cut = text[:size]
    return cut.rsplit(" ", 1)[0] if " " in cut and not text[size].isspace() else cut


def _readable(label: str) -> str:
    return label.strip().rstrip(":")
