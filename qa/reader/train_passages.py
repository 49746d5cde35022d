"""Fit the passage model (``passages``) on a bank's free-text answers, and its threshold.

Options are ranked by a logistic model fitted on the cases whose annotated answer is one of their
options (the same words as a sentence's tail); a question's probability is the best option's share
of the softmax over its options. The threshold is chosen on folds by notice, over every train
question the out-of-fold question reading sends to passages (answer type "text", a lookup): a
passage sharing less than half its words with the annotated answer (word F1 below 0.5), or one
given for a question whose answer is a figure, is wrong, and the threshold keeps the best right
minus ``WRONG_COST`` x wrong with wrong ones within ``WRONG_BUDGET`` of those questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from qa.evaluation.bank import BankCase
from qa.reader.decide import WRONG_BUDGET, best_threshold
from qa.reader.passages import (
    FEATURES,
    Options,
    PassageReader,
    same_words,
    word_overlap,
)
from qa.reader.question import Reading
from qa.reader.reader import Reader
from qa.retrieval.filters import Filters

RIGHT_OVERLAP = (
    0.5  # a passage with at least this word F1 against the annotated answer is right
)


@dataclass
class PassageExample:
    """One train question with its passage options: which say the annotated answer's words, and
    whether its out-of-fold reading sends it to passages."""

    case: BankCase
    options: Options
    y: np.ndarray
    routed: bool


def routed(reading: Reading) -> bool:
    """Whether answering reads this question with passages (as ``Reader._answer`` does)."""
    return reading.operation == "lookup" and reading.answer_type == "text"


def passage_examples(
    reader: Reader,
    cases: Sequence[BankCase],
    readings: Sequence[Reading],
    vectors: np.ndarray,
    doc_ids: dict[str, str],
) -> list[PassageExample]:
    """The free-text cases and those read as such, over the notices answering would read."""
    out = []
    for case, reading, vector in zip(cases, readings, vectors, strict=True):
        free_text = case.answer_type == "text" and isinstance(case.expected, str)
        if not (free_text or routed(reading)):
            continue
        filters = Filters(doc_ids=(doc_ids[case.file],)) if case.own_notice else None
        _, served = reader.retrieve(
            case.question, vector, *reader.scope(case.question, filters=filters)
        )
        options = reader.passage_options(case.question, vector, served)
        y = np.array(
            [free_text and same_words(p.text, case.expected) for p in options.passages],
            dtype=np.int64,
        )
        out.append(PassageExample(case, options, y, routed(reading)))
    return out


def _fit_logistic(exs: Sequence[PassageExample], seed: int) -> LogisticRegression:
    taught = [ex for ex in exs if ex.y.any()]
    return LogisticRegression(C=1.0, max_iter=3000, random_state=seed).fit(
        sparse.vstack([ex.options.matrix() for ex in taught]),
        np.concatenate([ex.y for ex in taught]),
    )


def _right(ex: PassageExample, model: LogisticRegression) -> tuple[float, bool]:
    reader = PassageReader(FEATURES, model.coef_[0], float(model.intercept_[0]), 0.0)
    best = reader.best(ex.options)
    if best is None:
        return 0.0, False
    passage, p = best
    expected = ex.case.expected
    right = isinstance(expected, str) and ex.case.answer_type == "text"
    return p, right and word_overlap(passage.text, expected) >= RIGHT_OVERLAP


def fit_passages(
    exs: Sequence[PassageExample], folds: int, seed: int
) -> tuple[PassageReader | None, dict[str, int]]:
    """The passage model and how many routed train questions it states right and wrong out of
    fold; None (and no figures) without annotated passages on ``folds`` notices."""
    taught_notices = {ex.case.file for ex in exs if ex.y.any()}
    if len(taught_notices) < folds:
        return None, {}
    probability, right = np.zeros(len(exs)), np.zeros(len(exs), dtype=np.int64)
    groups = [ex.case.file for ex in exs]
    for train, test in GroupKFold(n_splits=folds).split(exs, groups=groups):
        model = _fit_logistic([exs[i] for i in train], seed)
        for i in test:
            probability[i], right[i] = _right(exs[i], model)
    asked = np.array([ex.routed for ex in exs])
    _, threshold = best_threshold(
        probability[asked], right[asked], WRONG_BUDGET * int(asked.sum())
    )
    model = _fit_logistic(exs, seed)
    stated = asked & (probability >= threshold)
    return PassageReader(
        FEATURES, model.coef_[0], float(model.intercept_[0]), threshold
    ), {
        "passages_asked": int(asked.sum()),
        "passages_right_out_of_fold": int(right[stated].sum()),
        "passages_wrong_out_of_fold": int((1 - right[stated]).sum()),
    }
