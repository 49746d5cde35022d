"""Fit the reader's models from the bank's train split: ``python -m qa.reader.train --store DIR``.

The store must hold the bank's notices (``make train`` lays them out and ingests them). Steps:
1. the question classifiers (answer type, operation): logistic regression over the question's
   embedding and hashed words; their out-of-fold predictions (folds by notice) are the readings
   the later steps learn from, as uncertain as the ones answering will see;
2. the candidate ranker: LightGBM LambdaRank over ``features.FEATURES`` of every candidate of the
   case's notice and of the question, relevant where the candidate is an annotated operand;
3. the decision to answer: a logistic model over ``decide.SIGNALS`` of each case's out-of-fold
   answer (right or not), and the threshold that maximises right answers minus ``WRONG_COST``
   times wrong ones.
Everything is seeded; the same bank and store give the same files. Held-out cases are never read.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ingest.normalize import normalize
from qa.api import FilingQA
from qa.evaluation.bank import BankCase, load_cases
from qa.evaluation.judge import value_matches
from qa.reader.decide import WRONG_COST, Decider
from qa.reader.features import QuestionContext, feature_matrix
from qa.reader.models import MODEL_DIR, Softmax, save_softmax
from qa.reader.question import Reading, question_features
from qa.reader.reader import OPERATIONS, Reader

SEED = 0
FOLDS = 4
RANKER = {
    "n_estimators": 300,
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_child_samples": 20,
    "random_state": SEED,
    "deterministic": True,
    "force_row_wise": True,
    "n_jobs": 2,
    "verbose": -1,
}


@dataclass
class Example:
    """One train case made ready: its context, candidate features and labels."""

    case: BankCase
    ctx: QuestionContext
    x: np.ndarray
    y: np.ndarray


def fit_softmax(x: np.ndarray, labels: Sequence[str]) -> Softmax:
    """Multinomial logistic regression on the features as they are (see ``question.EMBEDDING_WEIGHT``)."""
    model = LogisticRegression(C=5.0, max_iter=3000, random_state=SEED)
    model.fit(x, list(labels))
    ones = np.ones(x.shape[1], dtype=np.float32)
    return Softmax(tuple(model.classes_), model.coef_, model.intercept_, 0 * ones, ones)


def fit_ranker(examples: Sequence[Example]):
    """LambdaRank over the candidates of each question that has an annotated operand among them."""
    import lightgbm

    used = [ex for ex in examples if ex.y.any()]
    model = lightgbm.LGBMRanker(**RANKER)
    model.fit(
        np.vstack([ex.x for ex in used]),
        np.concatenate([ex.y for ex in used]),
        group=[len(ex.x) for ex in used],
    )
    return model.booster_


def _positive(ctx: QuestionContext, case: BankCase, notice_text: str) -> np.ndarray:
    """1 for each candidate overlapping an occurrence of an annotated operand's text."""
    spans: dict[str, list[tuple[int, int]]] = {"notice": [], "question": []}
    for operand in case.operands:
        text = normalize(str(operand.get("text", ""))).strip()
        source = "question" if operand.get("from") == "question" else "notice"
        haystack = ctx.question if source == "question" else notice_text
        if not text:
            continue
        start = haystack.find(text)
        while start >= 0:
            spans[source].append((start, start + len(text)))
            start = haystack.find(text, start + 1)
    return np.array(
        [
            any(c.start < b and a < c.end for a, b in spans[c.source])
            for c in ctx.candidates
        ],
        dtype=np.int64,
    )


def doc_ids_by_file(qa: FilingQA) -> dict[str, str]:
    """The store's doc id of each ingested file, by file name."""
    return {Path(e.source).name: e.doc_id for e in qa.documents()}


def readings(
    cases: list[BankCase], vectors: np.ndarray
) -> tuple[list[Reading], Softmax, Softmax]:
    """Out-of-fold readings of every case, and the two classifiers fitted on all of them."""
    x = np.vstack(
        [question_features(c.question, v) for c, v in zip(cases, vectors, strict=True)]
    )
    types = [c.answer_type for c in cases]
    ops = [c.operation if c.operation in OPERATIONS else "lookup" for c in cases]
    out: list[Reading] = [Reading({}, {})] * len(cases)
    for train, test in GroupKFold(n_splits=FOLDS).split(
        x, groups=[c.file for c in cases]
    ):
        t = fit_softmax(x[train], [types[i] for i in train])
        o = fit_softmax(x[train], [ops[i] for i in train])
        tp, op = t.probabilities(x[test]), o.probabilities(x[test])
        for row, i in enumerate(test):
            out[i] = Reading(
                dict(zip(t.classes, map(float, tp[row]), strict=True)),
                dict(zip(o.classes, map(float, op[row]), strict=True)),
            )
    return out, fit_softmax(x, types), fit_softmax(x, ops)


def examples(
    reader: Reader,
    cases: list[BankCase],
    case_readings: list[Reading],
    vectors: np.ndarray,
    doc_ids: dict[str, str],
) -> list[Example]:
    """Each case's context (its own notice and the question) and labelled candidate features."""
    out = []
    for case, reading, vector in zip(cases, case_readings, vectors, strict=True):
        doc_id = doc_ids[case.file]
        ctx = reader.context(case.question, reading, vector, [doc_id])
        out.append(
            Example(
                case,
                ctx,
                feature_matrix(ctx),
                _positive(ctx, case, reader.notice(doc_id).text),
            )
        )
    return out


def out_of_fold(exs: list[Example]) -> list[np.ndarray]:
    """The ranker's scores for each example from a ranker that never saw its notice."""
    scores: list[np.ndarray] = [np.zeros(0)] * len(exs)
    groups = [ex.case.file for ex in exs]
    for train, test in GroupKFold(n_splits=FOLDS).split(exs, groups=groups):
        ranker = fit_ranker([exs[i] for i in train])
        for i in test:
            scores[i] = ranker.predict(exs[i].x) if len(exs[i].x) else np.zeros(0)
    return scores


def decision_rows(
    reader: Reader, exs: list[Example], scores: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """For each case answered out of fold: its signals, 1 when its value is right, its notice."""
    rows, right, groups = [], [], []
    for ex, s in zip(exs, scores, strict=True):
        resolved = (
            reader.resolve(ex.ctx, s, ex.ctx.reading.operation) if len(s) else None
        )
        if resolved is None:
            continue
        rows.append(resolved.signals)
        groups.append(ex.case.file)
        right.append(
            int(
                ex.case.expected != "NOT_FOUND"
                and value_matches(ex.case.expected, resolved.value)
            )
        )
    return np.vstack(rows), np.array(right), groups


def fit_decider(rows: np.ndarray, right: np.ndarray, groups: Sequence[str]) -> Decider:
    """Logistic P(right), and the threshold with the best right minus ``WRONG_COST`` x wrong on
    probabilities from models that did not see the notice (folds by notice)."""

    def classifier():
        return LogisticRegression(C=1.0, max_iter=2000, random_state=SEED)

    p = np.zeros(len(right))
    for train, test in GroupKFold(n_splits=FOLDS).split(rows, groups=groups):
        p[test] = (
            classifier().fit(rows[train], right[train]).predict_proba(rows[test])[:, 1]
        )
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.05)]
    gains = [
        (float(np.sum(right[p >= t]) - WRONG_COST * np.sum(1 - right[p >= t])), -t, t)
        for t in grid
    ]
    model = classifier().fit(rows, right)
    return Decider(
        tuple(float(w) for w in model.coef_[0]),
        float(model.intercept_[0]),
        max(gains)[2],
    )


def fit(
    reader: Reader, cases: list[BankCase], doc_ids: dict[str, str], out: Path
) -> dict:
    """Fit and save every model; returns figures for the summary line."""
    cases = [c for c in cases if c.split == "train" and c.file in doc_ids]
    vectors = np.vstack([reader.semantic.vector(c.question) for c in cases])
    case_readings, type_model, op_model = readings(cases, vectors)
    grounded = [
        i for i, c in enumerate(cases) if c.operation not in ("audit", "catalog")
    ]
    exs = examples(
        reader,
        [cases[i] for i in grounded],
        [case_readings[i] for i in grounded],
        vectors[grounded],
        doc_ids,
    )
    rows, right, groups = decision_rows(reader, exs, out_of_fold(exs))
    decider = fit_decider(rows, right, groups)
    out.mkdir(parents=True, exist_ok=True)
    save_softmax(out / "answer_type.npz", type_model)
    save_softmax(out / "operation.npz", op_model)
    fit_ranker(exs).save_model(str(out / "ranker.txt"))
    decider.save(out / "decision.json")
    covered = sum(1 for ex in exs if ex.case.expected == "NOT_FOUND" or ex.y.any())
    return {
        "cases": len(cases),
        "grounded": len(exs),
        "with_operand_candidate": covered,
        "right_out_of_fold": int(right.sum()),
        "threshold": decider.threshold,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    qa = FilingQA.open(store=args.store)
    reader = Reader(qa.hybrid_search, qa.catalog)
    figures = fit(reader, load_cases(), doc_ids_by_file(qa), args.out)
    print(
        ", ".join(
            f"{k} {round(v, 3) if isinstance(v, float) else v}"
            for k, v in figures.items()
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
