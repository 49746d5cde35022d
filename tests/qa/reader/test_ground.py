"""Grounding a program's operands: the pair the pair scorer rates best, and what extends it."""

import numpy as np

from ingest.normalize import normalize
from qa.reader.candidates import find_candidates
from qa.reader.ground import listed, operands
from qa.reader.pairs import PairScorer
from qa.reader.question import Reading
from tests.qa.reader.contexts import flat_context

TABLE = normalize(
    "# Segment results\n\n"
    "| | 2019 | 2018 | 2017 |\n|---|---|---|---|\n"
    "| Sensors | 914 | 918 | 814 |\n| Displays | 1,020 | 990 | 700 |\n"
)


def test_a_comparison_of_periods_reads_the_whole_row_of_its_best_pair():
    """'In which year was the amount for Sensors the largest?': the pair ranked best is two of
    the row's three years; the third joins it, and no other row's figure does."""
    question = "In which year was the amount for Sensors the largest?"
    cells = [c for c in find_candidates(TABLE, doc_id="t") if c.header]
    ctx = flat_context(
        question, Reading({"number": 1.0}, {"period_of_largest": 1.0}), cells
    )
    scores = np.array(
        [{"914": 3.0, "814": 2.5}.get(c.text, 0.0) for c in cells], dtype=np.float32
    )
    grounding = operands(ctx, scores, "period_of_largest", PairScorer.untaught())
    assert sorted(c.text for c in grounding.operands) == ["814", "914", "918"]
    assert {c.label for c in grounding.operands} == {"Sensors"}


def _row_context(question: str, best: str):
    cells = [c for c in find_candidates(TABLE, doc_id="t") if c.header]
    ctx = flat_context(question, Reading({"number": 1.0}, {"list": 1.0}), cells)
    scores = np.array([3.0 if c.text == best else 0.0 for c in cells], np.float32)
    return ctx, scores


def test_a_list_is_the_best_cell_s_row_for_each_year_named_in_the_question_s_order():
    ctx, scores = _row_context(
        "What were the Displays amounts in 2017 and 2019 respectively?", "990"
    )
    assert [c.text for c in listed(ctx, scores).operands] == ["700", "1,020"]


def test_a_list_without_two_years_or_without_the_year_in_the_row_is_the_best_cell():
    ctx, scores = _row_context("What were the Displays amounts?", "990")
    assert [c.text for c in listed(ctx, scores).operands] == ["990"]
    ctx, scores = _row_context("What were Displays in 2016 and 2019?", "990")
    assert [c.text for c in listed(ctx, scores).operands] == ["990"]
