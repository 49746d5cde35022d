"""Scoring stored facts against a question: distinctive words in the label, the right kind, a good passage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from qa.intent import Intent
from qa.text import terms

# Words that say what kind of figure is wanted but not which one: they never identify a fact alone.
GENERIC_TERMS = frozenset(
    terms(
        "date dates day amount amounts price prices number numbers share shares total value figure figures per "
        "percent percentage rate ratio count stock common notice notices company issuer much many money"
    )
)
# Words that tell one fact of a kind from another ("record" date vs "payment" date): when a question
# uses one, only a fact whose own label uses it can answer.
QUALIFIERS = frozenset(
    terms(
        "record payment payable ex effective closing maturity conversion exercise subscription "
        "announcement board meeting expiration settlement gross net underwriting discount fee coupon interest "
        "premium yield authorized before after outstanding stated additional principal annualized "
        "special redemption cap strike trading listing vesting revenue income profit loss "
        "earnings ebitda"
    )
)
# A kind asked for also accepts these kinds of fact.
_COMPATIBLE = {
    "money": ("money", "per_share"),
    "per_share": ("per_share", "money"),
    "shares": ("shares", "count"),
    "count": ("count", "shares"),
    "percentage": ("percentage",),
    "ratio": ("ratio",),
    "date": ("date",),
}


@dataclass(frozen=True)
class Match:
    """A fact and how well it answers the question."""

    fact: dict[str, Any]
    score: float
    distinctive: int  # distinctive question words found in its label or passage


def query_terms(intent: Intent, naming_terms: Iterable[str] = ()) -> tuple[set[str], set[str]]:
    """The question's words minus those that only named the notice: (distinctive, generic).

    One- and two-digit numbers identify nothing ("7" in "{{7*7}}") and are left out.
    """
    words = {word for word in intent.terms if not (word.isdigit() and len(word) < 3)} - set(naming_terms)
    return words - GENERIC_TERMS, words & GENERIC_TERMS


def rank_facts(
    intent: Intent,
    facts: Iterable[dict[str, Any]],
    chunk_rank: dict[str, int],
    naming_terms: Iterable[str] = (),
) -> list[Match]:
    """Facts that could answer the question, best first.

    A fact qualifies only if it is of an acceptable kind, its label holds every qualifier the
    question uses ("When is the record date?" must not be answered with the payment date just
    because both are dates), and a distinctive question word is in its label, or a generic one ("price")
    is in its label and a distinctive one ("warrants") in its sentence.
    """
    distinctive, generic = query_terms(intent, naming_terms)
    accepted = {kind for wanted in intent.kinds for kind in _COMPATIBLE.get(wanted, (wanted,))}
    matches = []
    for fact in facts:
        if accepted and fact["kind"] not in accepted:
            continue
        label = set(terms(fact["label"]))
        context = set(terms(fact.get("context", ""))) - label
        if (distinctive & QUALIFIERS) - label:
            continue
        hits = len(distinctive & label) + len(distinctive & context)
        if not (distinctive & label or (generic & label and (distinctive & context or not distinctive))):
            continue
        score = 3.0 * len(distinctive & label) + 1.0 * len(distinctive & context) + 1.0 * len(generic & label)
        if intent.kinds and fact["kind"] == intent.kinds[0]:
            score += 1.5
        rank = chunk_rank.get(fact.get("chunk_id", ""))
        if rank is not None:
            score += 2.0 / (1 + rank)
        matches.append(Match(fact, score, hits))
    return sorted(matches, key=lambda match: (-match.score, match.fact.get("start", 0)))
