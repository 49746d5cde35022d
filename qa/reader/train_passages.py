"""Fit the passage model (``passages``) on a bank's answers in words: its router and its ranker.

The router is a logistic model over the question's features (``question.question_features``)
of whether a train question's answer type is "text"; it is fitted on its own, not read from the
answer-type model, so that a model set fitted before answers in words were annotated (the
bank's) can gain passages without a refit of the models that ground its figures. Options are
ranked by a logistic model fitted on the questions whose annotated answer begins one of their
options (``passages.begins_with``: the shortest tail of a sentence that says it); a question's
probability is the share of the softmax over its options held by the best option and those of
its sentence that say nearly its words (``PassageReader.best``). The threshold is chosen on
folds by notice, over every train question the out-of-fold router sends to passages: a passage
sharing less than half its words with the annotated answer (word F1 below 0.5), or one given
for a question whose answer is a figure or not in the notice, is wrong, and the threshold
keeps the best right minus ``WRONG_COST`` x wrong with wrong ones within ``WRONG_BUDGET`` of
those questions, among thresholds whose stated passages are enough to show they gain
(``decide.best_threshold``). Nothing here reads the other fitted models, so fitting passages
alone (``train --passages``) writes the same file as a whole fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ingest.normalize import normalize
from qa.evaluation.bank import BankCase
from qa.reader.decide import WRONG_BUDGET, best_threshold
from qa.reader.passages import (
    FEATURES,
    RIGHT_OVERLAP,
    Options,
    PassageReader,
    begins_with,
    word_overlap,
)
from qa.reader.question import question_features
from qa.reader.reader import Reader
from qa.retrieval.filters import Filters

# The option ranker's regularisation: out of fold on the table set's 197 written answers in
# words, the best option said the answer's words exactly for 48 at 0.5 against 46 at 1 (42 before
# the features of the words near a passage's start), its mean word F1 0.690 against 0.673 (0.658
# before); stated within the budget, 31 right and 3 wrong against 24 and 3 (16 and 3 before).
RANKER_C = 0.5


@dataclass
class PassageExample:
    """One train question sent to passages or annotated as asked in words, with its options
    (which say the annotated answer's words) and whether the out-of-fold router sends it."""

    case: BankCase
    options: Options
    y: np.ndarray
    routed: bool


def in_words(case: BankCase) -> bool:
    """Whether a case is annotated as answered in words (or not found, asked in words)."""
    return case.answer_type == "text"


def _answer(case: BankCase) -> str | None:
    """The annotated passage, where there is one, normalized as the notice's text is ("TMC’s" is
    "TMC's" there)."""
    expected = case.expected
    if not isinstance(expected, str) or expected == "NOT_FOUND":
        return None
    return normalize(expected)


def _fit_router(x: np.ndarray, labels: np.ndarray, seed: int) -> LogisticRegression:
    return LogisticRegression(C=1.0, max_iter=3000, random_state=seed).fit(x, labels)


def _routed_out_of_fold(
    x: np.ndarray, labels: np.ndarray, groups: Sequence[str], folds: int, seed: int
) -> np.ndarray:
    routed = np.zeros(len(labels), dtype=bool)
    for train, test in GroupKFold(n_splits=folds).split(x, groups=groups):
        if len(set(labels[train])) < 2:
            routed[test] = bool(labels[train][0]) if len(train) else False
            continue
        routed[test] = _fit_router(x[train], labels[train], seed).predict(x[test]) == 1
    return routed


def read_notices(
    reader: Reader, case: BankCase, vector: np.ndarray, doc_id: str
) -> list[str]:
    """The notices answering reads for a train case: those retrieval ranks first in the whole
    store (so its own notice, ``doc_id``, may be missing or second), or its own notice alone for
    a case asked so."""
    filters = Filters(doc_ids=(doc_id,)) if case.own_notice else None
    _, served = reader.retrieve(
        case.question, vector, *reader.scope(case.question, filters=filters)
    )
    return served


def passage_examples(
    reader: Reader,
    cases: Sequence[BankCase],
    routed: np.ndarray,
    vectors: np.ndarray,
    doc_ids: dict[str, str],
) -> list[PassageExample]:
    """The questions annotated as asked in words and those ``routed`` to passages, each over
    the notices answering would read."""
    out = []
    for case, sent, vector in zip(cases, routed, vectors, strict=True):
        if not (in_words(case) or sent):
            continue
        served = read_notices(reader, case, vector, doc_ids[case.file])
        options = reader.passage_options(case.question, vector, served)
        answer = _answer(case) if in_words(case) else None
        y = np.array(
            [
                answer is not None and begins_with(p.text, answer)
                for p in options.passages
            ],
            dtype=np.int64,
        )
        out.append(PassageExample(case, options, y, bool(sent)))
    return out


def _fit_logistic(exs: Sequence[PassageExample], seed: int) -> LogisticRegression:
    taught = [ex for ex in exs if ex.y.any()]
    return LogisticRegression(C=RANKER_C, max_iter=3000, random_state=seed).fit(
        sparse.vstack([ex.options.matrix() for ex in taught]),
        np.concatenate([ex.y for ex in taught]),
    )


def _ranker(model: LogisticRegression) -> PassageReader:
    """The fitted ranker alone (a router that sends nothing, a threshold of 0)."""
    return PassageReader(
        FEATURES, model.coef_[0], float(model.intercept_[0]), 0.0, np.zeros(1), -1.0
    )


def _right(ex: PassageExample, reader: PassageReader) -> tuple[float, bool]:
    best = reader.best(ex.options)
    if best is None:
        return 0.0, False
    passage, p = best
    answer = _answer(ex.case) if in_words(ex.case) else None
    return p, answer is not None and word_overlap(passage.text, answer) >= RIGHT_OVERLAP


def fit_passages(
    reader: Reader,
    cases: Sequence[BankCase],
    vectors: np.ndarray,
    doc_ids: dict[str, str],
    folds: int,
    seed: int,
) -> tuple[PassageReader | None, dict[str, int]]:
    """The passage model and how many train questions the out-of-fold router sends to passages
    and how many of those it states right and wrong; None (and no figures) without annotated
    passages on ``folds`` notices. A model whose threshold states no passage is kept: its router
    still keeps figures off the questions asked in words."""
    labels = np.array([in_words(c) for c in cases], dtype=np.int64)
    taught = {c.file for c in cases if in_words(c) and _answer(c) is not None}
    if len(taught) < folds or len(set(labels)) < 2:
        return None, {}
    x = np.vstack(
        [question_features(c.question, v) for c, v in zip(cases, vectors, strict=True)]
    )
    groups = [c.file for c in cases]
    routed = _routed_out_of_fold(x, labels, groups, folds, seed)
    exs = passage_examples(reader, cases, routed, vectors, doc_ids)
    if len({ex.case.file for ex in exs if ex.y.any()}) < folds:
        return None, {}
    probability, right = np.zeros(len(exs)), np.zeros(len(exs), dtype=np.int64)
    for train, test in GroupKFold(n_splits=folds).split(
        exs, groups=[ex.case.file for ex in exs]
    ):
        if not any(exs[i].y.any() for i in train):
            continue  # nothing to learn from: its questions state nothing
        ranker = _ranker(_fit_logistic([exs[i] for i in train], seed))
        for i in test:
            probability[i], right[i] = _right(exs[i], ranker)
    sent = np.array([ex.routed for ex in exs])
    _, threshold = best_threshold(
        probability[sent], right[sent], WRONG_BUDGET * int(sent.sum())
    )
    stated = sent & (probability >= threshold)
    figures = {
        "passages_routed": int(sent.sum()),
        "passages_routed_in_words": int(
            sum(ex.routed and in_words(ex.case) for ex in exs)
        ),
        "passages_in_words": int(labels.sum()),
        "passages_right_out_of_fold": int(right[stated].sum()),
        "passages_wrong_out_of_fold": int((1 - right[stated]).sum()),
    }
    ranker, router = _fit_logistic(exs, seed), _fit_router(x, labels, seed)
    return PassageReader(
        FEATURES,
        ranker.coef_[0],
        float(ranker.intercept_[0]),
        threshold,
        router.coef_[0],
        float(router.intercept_[0]),
    ), figures
