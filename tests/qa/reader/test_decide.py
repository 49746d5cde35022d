"""Decision signals read from a grounding."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from ingest.normalize import normalize
from qa.reader.candidates import find_candidates
from qa.reader.decide import (
    FILE,
    SIGNALS,
    STATES_NOTHING,
    Decider,
    Proposal,
    best_threshold,
    signals,
)
from qa.reader.ground import Grounding
from qa.reader.question import Reading
from tests.qa.reader.contexts import flat_context

COLUMNS = [name for name, _ in SIGNALS]
QUESTION = "If Worksport sells 2,000 covers at $1,099 each, what is the revenue?"


def _signal(name: str, operands: list) -> float:
    notice = find_candidates("Worksport sold covers for $950 each in 2024.", doc_id="w")
    asked = find_candidates(QUESTION, source="question")
    ctx = flat_context(
        QUESTION, Reading({"money": 1.0}, {"product": 1.0}), [*notice, *asked]
    )
    chosen = [next(c for c in ctx.candidates if c.text == t) for t in operands]
    grounding = Grounding(tuple(chosen), (1.0,) * len(chosen))
    row = signals(
        ctx, np.zeros(len(ctx.candidates)), grounding, Proposal("product", "x")
    )
    return dict(zip(COLUMNS, row, strict=True))[name]


def test_the_share_of_operands_the_question_writes_is_a_signal():
    """A program over numbers the question writes is right when read right, though those
    numbers score no better than a notice's: the decision sees how many it writes."""
    assert _signal("question_operands", ["2,000", "$1,099"]) == 1.0
    assert _signal("question_operands", ["2,000", "$950"]) == 0.5


TABLE = normalize(
    "# Segment results\n\n| | 2019 | 2018 |\n|---|---|---|\n"
    "| Cost of goods sold | 914 | 918 |\n| Displays | 1,020 | 990 |\n"
)


def _table_signals(question: str, operation: str, operands: list[str]) -> dict:
    cells = [c for c in find_candidates(TABLE, doc_id="t") if c.header]
    ctx = flat_context(question, Reading({"number": 1.0}, {operation: 1.0}), cells)
    chosen = tuple(next(c for c in cells if c.text == t) for t in operands)
    row = signals(
        ctx,
        np.zeros(len(cells)),
        Grounding(chosen, (1.0,) * len(chosen)),
        Proposal(operation, list(operands)),
    )
    return dict(zip(COLUMNS, row, strict=True))


def test_years_the_question_names_that_no_operand_is_written_under_are_a_signal():
    question = "What was the cost of goods sold in 2019 and 2017?"
    assert _table_signals(question, "list", ["914", "918"])["years_missing"] == 0.5
    assert _table_signals(question, "list", ["914"])["years_missing"] == 0.5
    assert (
        _table_signals("Cost of goods sold?", "lookup", ["918"])["years_missing"] == 0
    )


def test_an_answer_read_from_a_row_s_column_headers_is_a_signal():
    """A period (which year was larger, which years a row holds) is read from the headers once
    the row is found; a lookup of one of the row's figures is not."""
    question = "Which years does the table cover for cost of goods sold?"
    row = ["914", "918"]
    assert _table_signals(question, "periods_held", row)["period_answer"] == 1.0
    assert _table_signals(question, "period_of_largest", row)["period_answer"] == 1.0
    assert _table_signals(question, "periods_above", row)["period_answer"] == 1.0
    assert _table_signals(question, "list", row)["period_answer"] == 0.0
    # A count of the years above a number is a figure, not a period.
    assert _table_signals(question, "count_above", row)["period_answer"] == 0.0


def test_a_decider_reads_only_the_signals_it_was_fitted_on(tmp_path: Path):
    """A model set fitted before a signal existed keeps deciding as it was fitted; a file
    naming a signal this code lacks is refused with what to do."""
    (tmp_path / FILE).write_text(
        json.dumps(
            {
                "kind": "logistic",
                "signals": ["share", "computed"],
                "weights": [2.0, -1.0],
                "bias": 0.5,
                "threshold": 0.7,
            }
        )
    )
    decider = Decider.load(tmp_path)
    row = np.zeros(len(SIGNALS))
    row[COLUMNS.index("share")], row[COLUMNS.index("computed")] = 1.0, 1.0
    row[COLUMNS.index("years_missing")] = 100.0  # not among its signals
    assert decider.probability(row) == pytest.approx(1 / (1 + math.exp(-1.5)))
    (tmp_path / FILE).write_text(
        json.dumps(
            {
                "kind": "logistic",
                "signals": ["gone"],
                "weights": [1.0],
                "bias": 0.0,
                "threshold": 0.5,
            }
        )
    )
    with pytest.raises(ValueError, match="gone.*make train"):
        Decider.load(tmp_path)


def test_a_blend_averages_its_logistic_model_and_its_trees(tmp_path: Path):
    """The blend's probability is the mean of its two models', and it is saved and loaded as
    one (the JSON names its kind, the trees stand beside it)."""
    import lightgbm

    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))
    y = (x[:, 0] + 0.3 * rng.normal(size=200) > 0).astype(int)
    trees = lightgbm.LGBMClassifier(n_estimators=20, verbose=-1).fit(x, y).booster_
    blend = Decider(("share", "computed"), 0.6, (2.0, -1.0), 0.5, trees)
    assert blend.kind == "blend"
    row = np.zeros(len(SIGNALS))
    row[COLUMNS.index("share")], row[COLUMNS.index("computed")] = 1.0, 1.0
    logistic = 1 / (1 + math.exp(-1.5))
    boosted = float(trees.predict(np.array([[1.0, 1.0]]))[0])
    assert blend.probability(row) == pytest.approx((logistic + boosted) / 2)
    blend.save(tmp_path)
    loaded = Decider.load(tmp_path)
    assert loaded.kind == "blend"
    assert loaded.probability(row) == pytest.approx(blend.probability(row))
    Decider(("share", "computed"), 0.6, (2.0, -1.0), 0.5).save(tmp_path)
    assert Decider.load(tmp_path).kind == "logistic"
    assert not (
        tmp_path / "decision_trees.txt"
    ).exists()  # a former fit's trees removed
    with pytest.raises(ValueError, match="weights, trees or both"):
        Decider(("share",), 0.5)


def test_the_threshold_states_what_gains_and_nothing_when_nothing_does():
    """Right minus two times wrong within the budget; where no threshold gains (every answer
    the folds would state is wrong), one above every probability, not one just above the
    folds' best, which new questions can reach."""
    p = np.repeat([0.9, 0.8, 0.6, 0.4], 10)
    assert best_threshold(p, np.repeat([1, 1, 0, 0], 10), budget=50) == (20.0, 0.61)
    assert best_threshold(p, np.repeat([1, 1, 1, 0], 10), budget=0) == (30.0, 0.41)
    nothing = best_threshold(p, np.repeat([0, 0, 0, 0], 10), budget=50)
    assert nothing == (0.0, STATES_NOTHING) and STATES_NOTHING > 1.0
    assert best_threshold(p, np.repeat([0, 1, 1, 1], 10), budget=0)[1] == STATES_NOTHING


def test_a_handful_of_right_answers_on_the_folds_states_nothing():
    """4 right and 1 wrong gains on the folds, but does not show that stated answers are right
    2 times in 3; ten times as many do."""
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.2])
    assert best_threshold(p, np.array([1, 1, 1, 0, 1, 0]), budget=5) == (
        0.0,
        STATES_NOTHING,
    )
    many = np.repeat(p, 10)
    gain, threshold = best_threshold(many, np.repeat([1, 1, 1, 0, 1, 0], 10), budget=50)
    assert (gain, threshold) == (30.0, 0.61)
