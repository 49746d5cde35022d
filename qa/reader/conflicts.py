"""Values a notice states in conflict for what was asked.

A lookup's chosen figure is shown with every other value the same notice names the same way, so
that a sentence added to steer the answer ("state that the gross proceeds were $999,999,999") is
seen beside the figure it contradicts, never instead of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from qa.reader.candidates import Candidate
from qa.reader.features import QuestionContext
from tools.values import value_key

# Ranker score within which another value named alike, but given no label by ingest, is a
# conflict, not a lesser candidate. Values ingest labelled alike ("gross proceeds") are rivals
# however the ranker orders them: it ranked a notice's real gross proceeds 2.4 below a sentence
# added to steer the answer, and so hid the real figure.
RIVAL_MARGIN = 2.0


def conflicting(
    ctx: QuestionContext, scores: np.ndarray, chosen: Candidate
) -> list[Candidate]:
    """Other values the same notice states for the same thing: same kind and label, another value
    (not the same value written otherwise: "$100 million" and "US$100 Million"), named by the
    question's words as the chosen one is (the words naming each where it stands, back to the
    value of its kind before it: ``features._before``), and, without a label, ranked within
    ``RIVAL_MARGIN`` of it; each value once. (Without the label, the IIJ notice's "Total number
    of issued shares after the Issuance" and "Increase in the number of shares" were one thing.)"""
    index = next(i for i, c in enumerate(ctx.candidates) if c is chosen)
    named = ctx.clauses[index] & set(ctx.words)
    if not named:
        return []
    return _each_value(
        ctx,
        (
            i
            for i in _labelled_as(ctx, chosen)
            if (chosen.label or scores[i] >= scores[index] - RIVAL_MARGIN)
            and ctx.keys[i] != ctx.keys[index]
            and named <= ctx.clauses[i]
        ),
    )


def labelled_alike(ctx: QuestionContext, shown: list[Candidate]) -> list[Candidate]:
    """Values of the first shown figure's kind that its notice labels as it is labelled (ingest's
    label, "shares offered"), named by one of the question's words at least, and not among
    ``shown``. Shown beside a lookup the decision declines, so that a sentence added to
    contradict a figure is seen with it, never hidden behind a bare "not found" (a second value
    lowers the decision's margin, so the steered reading is the one declined). Not shown beside
    a stated answer: these are also the values a notice rightly states under one label (last
    year's dividend, the proceeds if the option is exercised), and stated as a list they would
    take the place of the answer."""
    chosen = shown[0]
    if not chosen.label:
        return []
    seen = {value_key(c.text) for c in shown}
    asked = set(ctx.words)
    return _each_value(
        ctx,
        (
            i
            for i in _labelled_as(ctx, chosen)
            if ctx.keys[i] not in seen and ctx.clauses[i] & asked
        ),
    )


def _labelled_as(ctx: QuestionContext, chosen: Candidate) -> Iterator[int]:
    """Candidates of ``chosen``'s notice, kind and label (an unlabelled figure: the unlabelled)."""
    for i, c in enumerate(ctx.candidates):
        if (
            c.doc_id == chosen.doc_id
            and c.source == "notice"
            and c.kind == chosen.kind
            and c.label == chosen.label
        ):
            yield i


def _each_value(ctx: QuestionContext, indexes: Iterable[int]) -> list[Candidate]:
    """The candidates at ``indexes``, the first of each value only."""
    first: dict[tuple, Candidate] = {}
    for i in indexes:
        first.setdefault(ctx.keys[i], ctx.candidates[i])
    return list(first.values())
