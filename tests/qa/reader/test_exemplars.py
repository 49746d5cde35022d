"""Exemplars: a candidate is scored by its likeness to the answers of the nearest annotated
questions, never by its own notice's annotations in training, and the model file keeps no word."""

from __future__ import annotations

import numpy as np

from qa.reader.candidates import Candidate
from qa.reader.exemplars import FILE, NEIGHBOURS, Exemplars, before_words
from qa.reader.features import FEATURES, QuestionContext, feature_matrix
from qa.reader.question import Reading


def _date(left: str) -> Candidate:
    return Candidate(
        "date", "March 5, 2026", 0, 13, left + " March 5, 2026.", left, "."
    )


def _axis(i: int, dimension: int = 8) -> np.ndarray:
    row = np.zeros(dimension, dtype=np.float32)
    row[i] = 1.0
    return row


def _exemplars() -> Exemplars:
    """Two annotated questions: one asked along axis 0 answered by a context along axis 2 after
    "payable on"; one along axis 1 answered along axis 3 after "record date"."""
    return Exemplars.of(
        [_axis(0), _axis(1)],
        [np.vstack([_axis(2)]), np.vstack([_axis(3)])],
        [before_words(_date("payable on")), before_words(_date("record date of"))],
    )


def test_a_candidate_like_the_nearest_questions_answer_scores_highest() -> None:
    candidates = [_date("payable on"), _date("record date of")]
    vectors = np.vstack([_axis(2), _axis(3)])
    rows = _exemplars().features(_axis(0), candidates, vectors)
    assert rows.shape == (2, 3)
    # Both exemplars are consulted (10 neighbours), but only the first is alike (weight 1, the
    # other 0): the payable date matches its answer's context and its words.
    assert rows[0].tolist() == [1.0, 1.0, 1.0]
    assert (
        rows[1, 0] == 1.0
    )  # best: the second exemplar's answer, however unlike its question
    assert rows[1, 1] == 0.0 and rows[1, 2] == 0.0


def test_training_leaves_the_questions_own_notice_out() -> None:
    candidates = [_date("payable on")]
    left_out = _exemplars().features(
        _axis(0), candidates, _axis(2)[None], leave_out=np.array([True, False])
    )
    assert left_out[0, 0] == 0.0  # only the other exemplar, whose answer is orthogonal
    everything_out = _exemplars().features(
        _axis(0), candidates, _axis(2)[None], leave_out=np.array([True, True])
    )
    assert not everything_out.any()


def test_no_exemplars_give_zeros_and_the_context_defaults_to_them() -> None:
    candidates = [_date("payable on")]
    assert not Exemplars.empty(8).features(_axis(0), candidates, _axis(2)[None]).any()
    ctx = QuestionContext(
        "When is the payment date?",
        Reading({"date": 1.0}, {"lookup": 1.0}),
        _axis(0),
        candidates,
        _axis(2)[None],
        {"": 0},
        np.zeros(1, dtype=np.float32),
    )
    names = [name for name, _ in FEATURES]
    row = feature_matrix(ctx)[0]
    assert row[names.index("exemplar_best")] == 0.0
    ctx.exemplars = _exemplars().features(_axis(0), candidates, _axis(2)[None])
    assert feature_matrix(ctx)[0][names.index("exemplar_best")] == 1.0


def test_only_the_nearest_questions_are_consulted() -> None:
    many = NEIGHBOURS + 1
    # Exemplar k is asked along a blend of axes 0 and 1 that is less alike to axis 0 as k grows;
    # the last, least alike, is the only one answered along axis 2.
    questions = [np.array([1.0, k / many, 0, 0], dtype=np.float32) for k in range(many)]
    answers = [np.vstack([np.array([0, 0, 0, 1.0])])] * NEIGHBOURS + [
        np.vstack([np.array([0, 0, 1.0, 0])])
    ]
    exemplars = Exemplars.of(questions, answers, [frozenset()] * many)
    rows = exemplars.features(
        np.array([1.0, 0, 0, 0]), [_date("on")], np.array([[0, 0, 1.0, 0]])
    )
    assert rows[0, 0] == 0.0


def test_saved_and_loaded_alike_without_words(tmp_path) -> None:
    exemplars = _exemplars()
    exemplars.save(tmp_path / FILE)
    loaded = Exemplars.load(tmp_path)
    assert np.array_equal(loaded.questions, exemplars.questions)
    assert np.array_equal(loaded.answers, exemplars.answers)
    assert loaded.before == exemplars.before
    with np.load(tmp_path / FILE, allow_pickle=False) as data:
        assert all(data[name].dtype.kind in "iu" for name in data.files)
