"""Pair features of two candidates, and a pair scorer that reads only the features it was fitted on."""

import json
from pathlib import Path

import numpy as np
import pytest

from ingest.normalize import normalize
from qa.reader.candidates import find_candidates
from qa.reader.pairs import FILE, PAIR_FEATURES, PairScorer, pair_row
from qa.reader.question import Reading
from tests.qa.reader.contexts import flat_context

NAMES = [name for name, _ in PAIR_FEATURES]
TABLE = normalize(
    "# Leases\n\n| | 2019 | 2018 |\n|---|---|---|\n"
    "| Operating leases | 130 | 120 |\n| Total liabilities | 1,000 | 950 |\n"
)


def _features(operation: str, first: str, second: str) -> dict[str, float]:
    cells = [c for c in find_candidates(TABLE, doc_id="t") if c.header]
    ctx = flat_context("q", Reading({"number": 1.0}, {operation: 1.0}), cells)
    i, j = (
        next(k for k, c in enumerate(cells) if c.text == t) for t in (first, second)
    )
    return dict(zip(NAMES, pair_row(ctx, np.zeros(len(cells)), i, j), strict=True))


def test_cells_of_one_row_or_one_column_and_a_share_read_over_them():
    row = _features("difference", "130", "120")
    column = _features("percent_of", "130", "1,000")
    assert (row["same_row"], row["same_column"]) == (1.0, 0.0)
    assert (column["same_row"], column["same_column"]) == (0.0, 1.0)
    assert row["share_in_row"] == row["share_in_column"] == 0.0  # not read as a share
    assert column["share_in_column"] == 1.0
    assert _features("percent_of", "130", "950")["same_column"] == 0.0


def test_a_pair_scorer_reads_only_the_features_it_was_fitted_on(tmp_path: Path):
    (tmp_path / FILE).write_text(
        json.dumps({"features": ["same_column"], "weights": [2.0], "bias": -1.0})
    )
    scorer = PairScorer.load(tmp_path)
    cells = [c for c in find_candidates(TABLE, doc_id="t") if c.header]
    ctx = flat_context("q", Reading({"number": 1.0}, {"percent_of": 1.0}), cells)
    scores = np.full(len(cells), 9.0)  # score_sum is not among its features
    texts = [c.text for c in cells]
    assert scorer.score(ctx, scores, texts.index("130"), texts.index("1,000")) == 1.0
    assert scorer.score(ctx, scores, texts.index("130"), texts.index("120")) == -1.0
    (tmp_path / FILE).write_text(
        json.dumps({"features": ["gone"], "weights": [1.0], "bias": 0.0})
    )
    with pytest.raises(ValueError, match="gone.*make train"):
        PairScorer.load(tmp_path)


def test_a_pair_is_told_how_many_of_the_question_s_figures_it_leaves_out():
    """'If it sells 4,000,000 shares at $10 apiece to repay its 2030 notes, what are the gross
    proceeds?': the two written figures are the operands (the year is a period, not one); a
    pair of the notice's figures leaves both out, a pair with one of them one, and a figure the
    notice writes again counts as the written one."""
    notice = find_candidates("It sold 4,000,000 shares for $38 million.", doc_id="n")
    question = (
        "If it sells 4,000,000 shares at $10 apiece to repay its 2030 notes, "
        "what are the gross proceeds?"
    )
    asked = find_candidates(question, source="question")
    found = notice + asked
    ctx = flat_context(question, Reading({"money": 1.0}, {"product": 1.0}), found)

    def left(first: str, first_source: str, second: str) -> float:
        i = next(
            k
            for k, c in enumerate(found)
            if c.text == first and c.source == first_source
        )
        j = next(k for k, c in enumerate(found) if c.text == second)
        row = dict(zip(NAMES, pair_row(ctx, np.zeros(len(found)), i, j), strict=True))
        return row["question_figures_left"]

    assert left("4,000,000", "question", "$10") == 0.0
    # the same value, written in the notice
    assert left("4,000,000", "notice", "$10") == 0.0
    assert left("4,000,000", "notice", "$38 million") == 1.0
