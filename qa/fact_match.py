"""Scoring stored facts against what a question (or one part of it) asks for.

Three kinds of evidence are combined: the question's distinctive words in a fact's label and in
the clause around its figure (weighted by how rare each word is among the facts in play), the
semantic similarity of the question to the fact's label and clause (sentence embeddings, so
"selling" finds the "offering price" and "mature" the "maturity date"), and how well the passage
ranked. Two rules are hard: the fact must be of a kind the wording allows, and every qualifier
the question uses ("record" date, "net" proceeds, "after" the split) must be in its label or clause.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from qa.fact_view import FactView
from qa.text import terms

# Words that say what kind of figure is wanted but not which one: they never identify a fact alone.
GENERIC_TERMS = frozenset(
    terms(
        "date dates day amount amounts price prices number numbers share shares total value figure figures per "
        "percent percentage rate ratio count stock common notice notices company issuer much many money "
        "aggregate approximately approximate exactly about expect expected new current currently initial initially "
        "million billion thousand trillion"
    )
)
# Words that tell one fact of a kind from another ("record" date vs "payment" date): when the asked
# part of a question uses one, only a fact whose label or clause uses it can answer.
QUALIFIERS = frozenset(
    terms(
        "record payment payable ex effective closing maturity conversion exercise subscription "
        "announcement board meeting expiration settlement gross net underwriting discount fee coupon interest "
        "premium yield authorized before after outstanding stated additional principal annualized "
        "special redemption cap strike trading listing vesting revenue income profit loss "
        "earnings ebitda average remaining target forecast guidance"
    )
)
# Qualifiers that are also everyday words ("what price did they pay", "a record quarter", "the
# offering that closed in May") bind only when these kinds are asked.
KIND_QUALIFIERS = {
    "pay": {"date"},
    "record": {"date"},
    "clos": {"date", "per_share"},
}
# Words in a fact's clause that say what a qualifier says ("currently" outstanding is "before" the split).
ALTERNATES = {
    "befor": frozenset(terms("currently current present prior pre existing")),
    "after": frozenset(terms("following post upon completion thereafter")),
}
# Words that say how to ask, not what: they never identify a fact.
ASKING_WORDS = frozenset(
    terms(
        "please tell me give show find say said get gets exactly decimals decimal places two percent percentage "
        "would could does do did run runs last lasts begin begins start starts"
    )
)
# Wordings that imply what the figure is called in a filing.
CUES = tuple(
    (re.compile(pattern, re.IGNORECASE), frozenset(terms(words)))
    for pattern, words in (
        (
            r"\buntil when\b|\bthrough when\b|\b(?:run|last|expire|end)s?\b\W*$",
            "end expiration through until terminate maturity",
        ),
        (r"\btake effect\b|\bbecome effective\b|\bgo into effect\b", "effective"),
        (r"\bbegin trading\b|\bstart trading\b", "trading"),
    )
)
# A kind asked for also accepts these kinds of fact.
COMPATIBLE = {
    "money": ("money", "per_share"),
    "per_share": ("per_share",),
    "shares": ("shares", "count"),
    "count": ("count", "shares"),
    "percentage": ("percentage",),
    "ratio": ("ratio",),
    "date": ("date",),
}


@dataclass(frozen=True)
class Target:
    """What is looked for: the words and vector of the asked part, acceptable kinds, qualifiers."""

    text: str
    distinctive: frozenset[str]
    generic: frozenset[str]
    kinds: tuple[str, ...] = ()
    vector: np.ndarray | None = field(default=None, compare=False)
    qualifiers: frozenset[str] = frozenset()
    cues: frozenset[str] = (
        frozenset()
    )  # label words the wording implies ("until when" -> an end date)

    @property
    def accepted(self) -> set[str]:
        return {
            kind for wanted in self.kinds for kind in COMPATIBLE.get(wanted, (wanted,))
        }


@dataclass(frozen=True)
class Match:
    """A fact and how well it answers the target."""

    view: FactView
    score: float
    lexical: float  # weighted distinctive words found near the figure
    semantic: float  # cosine similarity of the target to the fact's description
    coverage: (
        float  # share of the target's distinctive weight found anywhere in the sentence
    )
    anchored: bool  # a distinctive word in the label or clause (or a generic one with strong similarity)
    named: float = 0.0  # share of the label's own words the question uses
    cued: bool = (
        False  # the label is what the wording implies ("until when": an end date)
    )

    @property
    def fact(self) -> dict[str, Any]:
        return self.view.fact


def make_target(
    text: str,
    kinds: Sequence[str],
    naming: Iterable[str] = (),
    vector=None,
    asked: str | None = None,
) -> Target:
    """A target from a phrase; ``asked`` is the part whose qualifiers are binding (default: all of it)."""
    words = (
        {word for word in terms(text) if not (word.isdigit() and len(word) < 3)}
        - set(naming)
        - ASKING_WORDS
    )
    asked = asked if asked is not None else text
    qualifiers = set(terms(asked)) & QUALIFIERS
    qualifiers -= {
        word for word, binding in KIND_QUALIFIERS.items() if not binding & set(kinds)
    }
    if not _EVENT.search(
        asked
    ):  # "after its record quarter" dates a statement; "after the split" names a figure
        qualifiers -= {"after", "befor"}
    cues = frozenset(
        word for pattern, words in CUES if pattern.search(asked) for word in words
    )
    return Target(
        cues=cues,
        text=text,
        distinctive=frozenset(words - GENERIC_TERMS),
        generic=frozenset(words & GENERIC_TERMS),
        kinds=tuple(kinds),
        vector=vector,
        qualifiers=frozenset(qualifiers - set(naming)),
    )


_EVENT = re.compile(
    r"\b(?:after|before)\s+(?:the\s+|its\s+|any\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?:split|consolidation|offering|allotment|"
    r"issuance|adjustment|amendment|placement|transaction|exchange|conversion|closing|completion|pipe|financing|"
    r"deducting|expenses|fees|discounts?)\b|\b(?:after|before)\s+(?:it|them)\b\W*$",
    re.IGNORECASE,
)


_STATE_CHARS = 45
_AFTER_CUE = re.compile(
    r"\b(?:into|to approximately|after|following|post-|reduced? to|increased? to|become)\b\W*(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
_BEFORE_CUE = re.compile(
    r"\b(?:currently|from|prior to|before|at present|existing|previously)\b\W*(?:\w+\W+){0,4}$",
    re.IGNORECASE,
)


def _state_conflict(qualifiers: frozenset[str], before: str) -> int:
    """1 when the words right before a figure put it on the other side of the event the question
    names ("before the consolidation" asked, "... consolidated into 4,183,249" stated)."""
    if (
        "befor" in qualifiers
        and "after" not in qualifiers
        and _AFTER_CUE.search(before)
    ):
        return 1
    if (
        "after" in qualifiers
        and "befor" not in qualifiers
        and _BEFORE_CUE.search(before)
    ):
        return 1
    return 0


_PRICE_BEFORE = re.compile(
    r"\b(?:price|priced|trade|trading|traded|at|of)\s*$", re.IGNORECASE
)
_PRICE_AFTER = re.compile(r"^\s*(?:per|a|/)\s*(?:share|unit|ADS)\b", re.IGNORECASE)


_NEW = re.compile(r"\b(?:new|increased|raised|revised)\b", re.IGNORECASE)
_OLD_CUE = re.compile(
    r"\b(?:over|from|previous(?:ly)?|prior|compared (?:with|to)|up from|down from)\b\W*(?:\w+\W+){0,5}$",
    re.IGNORECASE,
)


def _old_for_new(target: Target, before: str) -> int:
    """1 when the question asks for the new figure ("the new quarterly dividend") and the words
    right before this one make it the old one ("an increase ... over the dividend of $0.25")."""
    if not _NEW.search(target.text):
        return 0
    return 1 if _OLD_CUE.search(before[-_STATE_CHARS:]) else 0


def _kind_ok(view: FactView, accepted: set[str], kinds: tuple[str, ...]) -> bool:
    """A fact of an accepted kind; a per-share price may also be stated as a plain amount
    ("will begin trading at $2.80")."""
    fact = view.fact
    if fact["kind"] in accepted:
        return True
    if fact["kind"] != "money" or "per_share" not in kinds or fact.get("scale"):
        return False
    try:
        small = (
            Decimal(str(fact["value"])).copy_abs() < 10_000
        )  # a comparison, to tell a price from a total
    except ArithmeticError:
        return False
    return small and bool(
        _PRICE_BEFORE.search(view.before) or _PRICE_AFTER.search(view.after)
    )


# Qualifiers that describe a whole sentence ("The forecast of the year-end dividend ... is JPY45 per
# share ..., which is equivalent to JPY15 per share after the stock split"), not only the words near a figure.
_SENTENCE_QUALIFIERS = frozenset(terms("forecast guidance target"))


def _sentence_wide(word: str, view: FactView) -> frozenset[str]:
    return frozenset(view.sentence) if word in _SENTENCE_QUALIFIERS else frozenset()


def _says(qualifier: str, words: frozenset[str]) -> bool:
    return qualifier in words or bool(ALTERNATES.get(qualifier, frozenset()) & words)


def weights(
    views: Sequence[FactView], words: Iterable[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """How telling each word is among these facts, in labels and in clauses: 1 for a word used by one
    fact, less the more facts use it (the issuer's name, "offering" in an offering notice)."""
    count = max(1, len(views))
    scale = math.log(1 + count)
    in_label, in_clause = {}, {}
    for word in words:
        label_df = sum(1 for view in views if word in view.label)
        clause_df = sum(1 for view in views if word in view.label or word in view.near)
        in_label[word] = max(0.3, math.log(1 + count / (1 + label_df)) / scale)
        in_clause[word] = max(0.25, math.log(1 + count / (1 + clause_df)) / scale)
    return in_label, in_clause


def rank(
    target: Target,
    views: Sequence[FactView],
    similarities: np.ndarray | None = None,
    passage_rank: dict[str, int] | None = None,
    doc_prior: dict[str, float] | None = None,
) -> list[Match]:
    """Facts that could answer the target, best first (see the module docstring for the rules)."""
    accepted = target.accepted
    label_weight, weight = weights(views, target.distinctive)
    total_weight = sum(weight.values()) or 1.0
    passage_rank = passage_rank or {}
    doc_prior = doc_prior or {}
    matches = []
    for index, view in enumerate(views):
        fact = view.fact
        if accepted and not _kind_ok(view, accepted, target.kinds):
            continue
        if not all(
            _says(word, view.label | view.near | _sentence_wide(word, view))
            for word in target.qualifiers
        ):
            continue
        front = view.label | view.ahead
        behind = sum(
            1 for word in target.qualifiers if not _says(word, front)
        )  # said only after the figure
        unasked = len(
            (view.label & QUALIFIERS) - target.qualifiers - target.distinctive
        )
        at_figure = view.close | (
            view.close_after - {"after", "befor"}
        )  # "..., will after the split" starts the next clause
        if any(_says(word, at_figure) for word in target.qualifiers):
            unasked = 0  # the words at the figure say what it is, whatever the label
        lexical = 0.0
        covered = 0.0
        for word in target.distinctive:
            if word in view.label:
                lexical += 3.0 * label_weight[word]
            elif word in view.ahead:
                lexical += 2.0 * weight[word]
            elif word in view.near:
                lexical += 1.2 * weight[word]
            elif word in view.sentence:
                lexical += 0.5 * weight[word]
            elif word in view.topic:
                lexical += 0.3 * weight[word]
            if (
                word in view.label
                or word in view.near
                or word in view.sentence
                or word in view.topic
            ):
                covered += weight[word]
        close = len(target.distinctive & at_figure) + sum(
            1 for word in target.qualifiers if _says(word, at_figure)
        )
        state = _state_conflict(
            target.qualifiers, view.before[-_STATE_CHARS:]
        ) + _old_for_new(target, view.before)
        own = view.label - GENERIC_TERMS
        named = (
            len(own & target.distinctive) / len(own) if own else 0.0
        )  # how much of its name the question says
        generic_hits = len(target.generic & (view.label | view.near))
        semantic = float(similarities[index]) if similarities is not None else 0.0
        anchored = bool(target.distinctive & (view.label | view.near)) or (
            bool(target.generic & view.label) and semantic >= 0.45
        )
        score = (
            lexical
            + 2.0 * named
            + 0.5 * generic_hits
            + 8.0 * semantic
            - 2.0 * behind
            - 1.5 * unasked
        )
        cued = bool(target.cues & (view.label | view.close))
        score += (
            0.8 * close
            - 6.0 * state
            + (2.0 if cued else 0.0)
            - (1.0 if not own else 0.0)
        )
        if target.kinds and fact["kind"] == target.kinds[0]:
            score += 1.0
        rank_of = passage_rank.get(fact.get("chunk_id", ""))
        if rank_of is not None:
            score += 1.5 / (1 + rank_of)
        score += doc_prior.get(fact["doc_id"], 0.0)
        matches.append(
            Match(
                view,
                score,
                lexical,
                semantic,
                covered / total_weight,
                anchored,
                named,
                cued,
            )
        )
    return sorted(matches, key=lambda match: (-match.score, match.fact.get("start", 0)))
