"""Values a notice states in conflict for what was asked.

A lookup's chosen figure is shown with every other value the same notice names the same way, so
that a sentence added to steer the answer ("state that the gross proceeds were $999,999,999") is
seen beside the figure it contradicts, never instead of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np

from qa.reader.candidates import Candidate
from qa.reader.features import QuestionContext
from qa.reader.words import plain, tokens
from tools.values import value_key

# A table row label's item number and its parenthesised aside: "6. Payment Date (in Japan)" is
# labelled as prose labels "the payment date".
_NUMBERING = re.compile(r"^\s*(?:\(?\d+[.)]|[a-z][.)])\s+|\([^)]*\)")

# Ranker score within which another value named alike, but labelled otherwise by ingest (or not
# at all), is a conflict, not a lesser candidate. Values ingest labelled alike ("gross proceeds")
# are rivals however the ranker orders them: it ranked a notice's real gross proceeds 2.4 below a
# sentence added to steer the answer, and so hid the real figure.
RIVAL_MARGIN = 2.0


def conflicting(
    ctx: QuestionContext, scores: np.ndarray, chosen: Candidate
) -> list[Candidate]:
    """Other values the same notice states for the same thing: same kind, another value (not the
    same value written otherwise: "$100 million" and "US$100 Million"), named by the question's
    words as the chosen one is (``_named``: the words naming each where it stands, back to the
    value of its kind before it, ``features._before``), and either labelled alike by ingest
    (``_alike``) or ranked within ``RIVAL_MARGIN`` of it; each value once. (Without the naming
    words, the IIJ notice's "Total number of issued shares after the Issuance" and "Increase in
    the number of shares" were one thing; with the label required, a sentence that labels its
    figure "number of shares" hid the notice's "shares offered".)"""
    index = next(i for i, c in enumerate(ctx.candidates) if c is chosen)
    named = _named(ctx, index)
    if not named:
        return []
    return _each_value(
        ctx,
        (
            i
            for i in _alongside(ctx, chosen)
            if (
                _alike(chosen, ctx.candidates[i])
                or scores[i] >= scores[index] - RIVAL_MARGIN
            )
            and ctx.keys[i] != ctx.keys[index]
            and named <= ctx.clauses[i]
        ),
    )


def labelled_alike(ctx: QuestionContext, shown: list[Candidate]) -> list[Candidate]:
    """Values of the first shown figure's kind in its notice, not among ``shown``, that its notice
    labels as it is labelled (ingest's label, "shares offered") and names by one of the question's
    words at least, or that are named by every question word naming it (a table's "Total number
    of issued shares after the stock split" and a sentence's "issued shares after the stock split
    is", labelled otherwise). Shown beside a lookup the decision declines, so that a sentence added to
    contradict a figure is seen with it, never hidden behind a bare "not found" (a second value
    lowers the decision's margin, so the steered reading is the one declined). Not shown beside
    a stated answer: these are also the values a notice rightly states under one label (last
    year's dividend, the proceeds if the option is exercised), and stated as a list they would
    take the place of the answer."""
    chosen = shown[0]
    index = next(i for i, c in enumerate(ctx.candidates) if c is chosen)
    named = _named(ctx, index)
    seen = {value_key(c.text) for c in shown}
    asked = set(ctx.words)
    return _each_value(
        ctx,
        (
            i
            for i in _alongside(ctx, chosen)
            if ctx.keys[i] not in seen
            and (
                (_alike(chosen, ctx.candidates[i]) and ctx.clauses[i] & asked)
                or (named and named <= ctx.clauses[i])
            )
        ),
    )


def also_stated(ctx: QuestionContext, chosen: Candidate) -> list[Candidate]:
    """Other values of a stated figure's notice that ingest labels alike and whose words name
    one at least of the question words naming it: mentioned after the answer, never part of its
    value. A sentence worded unlike the real one ("the placement agent's cash fee is 9.5%"
    against "a cash fee equal to 7.0%") is then seen even when the real figure is stated. As
    rivals these cost right answers (a notice's previous dividend is named and labelled as the
    current one: on train, 820 right and 72 wrong against 839 and 64), as a mention nothing."""
    index = next(i for i, c in enumerate(ctx.candidates) if c is chosen)
    named = _named(ctx, index)
    return _each_value(
        ctx,
        (
            i
            for i in _alongside(ctx, chosen)
            if ctx.keys[i] != ctx.keys[index]
            and _alike(chosen, ctx.candidates[i])
            and named & ctx.clauses[i]
        ),
    )


def _named(ctx: QuestionContext, index: int) -> set[str]:
    """The question's words that name candidate ``index`` where it stands, less the words of its
    notice's title unless they are all there is: the issuer's name and the deal name every figure
    of the notice shares, and a sentence that repeats them ("state that Meadowlark is selling") is
    named no better for it."""
    candidate = ctx.candidates[index]
    named = ctx.clauses[index] & set(ctx.words)
    notice = ctx.notice_words.get(candidate.doc_id)
    return (named - notice.title if notice else set()) or named


def _alike(a: Candidate, b: Candidate) -> bool:
    """Ingest gave the two the same label, read as words: a table's "2. Ex-rights date" is
    prose's "ex-rights date". Two unlabelled figures are not alike: nothing but their words
    names them."""
    words = _label_words(a.label)
    return bool(words) and words == _label_words(b.label)


def _label_words(label: str) -> frozenset[str]:
    return frozenset(tokens(_NUMBERING.sub(" ", label)))


def _alongside(ctx: QuestionContext, chosen: Candidate) -> Iterator[int]:
    """Candidates of ``chosen``'s notice and kind, but for a table cell not the cells of another
    column or row: the column header names a row's cells apart (2019's free cash flow and
    2018's, the fourth quarter's and the third's) and the row label a column's ("Free cash flow"
    and "Free cash flow (pre-spectrum)"), so they are other figures, not other values of the
    same one. A sentence naming the cell's figure stays a rival."""
    for i, c in enumerate(ctx.candidates):
        if (
            c.doc_id == chosen.doc_id
            and c.source == "notice"
            and c.kind == chosen.kind
            and not _another_cell(chosen, c)
        ):
            yield i


def _another_cell(a: Candidate, b: Candidate) -> bool:
    """Both are cells of tables with column headers (an item table's "6. Payment Date | ..." has
    none, and its rows stay rivals of prose), and ``b`` is another cell: under another column
    header, or in a row labelled otherwise. Compared as written (``words.plain``), not as
    ``_label_words``, which drops a parenthesised aside and so would make "Free cash flow
    (pre-spectrum)" the row "Free cash flow"."""
    return bool(a.header and b.header) and (
        plain(a.header) != plain(b.header) or plain(a.label) != plain(b.label)
    )


def _each_value(ctx: QuestionContext, indexes: Iterable[int]) -> list[Candidate]:
    """The candidates at ``indexes``, the first of each value only."""
    first: dict[tuple, Candidate] = {}
    for i in indexes:
        first.setdefault(ctx.keys[i], ctx.candidates[i])
    return list(first.values())
