"""Which two candidates a computation takes: a learned score of the pair, not only of each one.

The ranker scores every candidate alone, but the operands of one computation belong together:
they are usually written in one sentence or table row, are figures of like size, and between
them carry the words the question uses ("cash plus restricted cash"). A logistic model over
``PAIR_FEATURES`` scores a pair; it is fitted on the train split's annotated operand pairs
against every other pair the grounding could have taken from the same pools, with the ranker's
out-of-fold scores. A table's layout tells pairs apart too: a change takes two periods of one
row, a share of a whole a part and its total in one column. Each model set records the features
it was fitted on and scores with those alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.reader.features import QuestionContext
from qa.reader.models import MODEL_DIR, named_inputs
from qa.reader.programs import ProgramError, number_value

FILE = "pairs.json"
_FAR = 5.0  # sentence gap given to two candidates of different notices or sources

PairFeature = Callable[[QuestionContext, np.ndarray, int, int], float]


def _score_sum(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """The two ranker scores together (what the grounding used to take alone)."""
    return float(scores[i] + scores[j])


def _score_min(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """The weaker of the two ranker scores: both operands must be named by the question."""
    return float(min(scores[i], scores[j]))


def _sentence_gap(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """How many sentences or rows apart they stand (log); operands are written close together."""
    a, b = ctx.candidates[i], ctx.candidates[j]
    if a.doc_id != b.doc_id or a.source != b.source:
        return _FAR
    return math.log1p(abs(a.sentence_index - b.sentence_index))


def _from_question(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """How many of the two the question writes itself."""
    return float(
        (ctx.candidates[i].source == "question")
        + (ctx.candidates[j].source == "question")
    )


def _question_figures_left(
    ctx: QuestionContext, scores: np.ndarray, i: int, j: int
) -> float:
    """How many of the figures the question writes (``QuestionContext.written``, each value
    once) the pair leaves out: the figures a computation's question writes are its operands ("If
    X sells 4,000,000 shares at $10 apiece, ..."), so a pair of notice figures beside two
    written ones is seldom the one asked for."""
    written = {ctx.keys[k] for k in ctx.written}
    return float(len(written - {ctx.keys[i], ctx.keys[j]}))


def _same_kind(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    return float(ctx.candidates[i].kind == ctx.candidates[j].kind)


def _magnitude_gap(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """Orders of magnitude between the two values (a total and a per-share price are far apart,
    two years' revenues close)."""
    try:
        a = abs(number_value(ctx.candidates[i]))
        b = abs(number_value(ctx.candidates[j]))
    except ProgramError:
        return 0.0
    if not a or not b:
        return 0.0
    return min(abs(float((a / b).log10())), 12.0)


def _coverage(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """Question words found before either of the two: together they should name what is asked."""
    return ctx.overlap(ctx.windows[i]["left"] | ctx.windows[j]["left"])


def _shared_words(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """Question words found before both: two figures named alike are often a before and after."""
    return ctx.overlap(ctx.windows[i]["near"] & ctx.windows[j]["near"])


def _cells(ctx: QuestionContext, i: int, j: int) -> tuple[bool, bool]:
    """(same row, same column): both table cells of one notice, with one row label or one
    column header (and not both: two mentions of one cell)."""
    a, b = ctx.candidates[i], ctx.candidates[j]
    if not (a.header and b.header and a.doc_id == b.doc_id):
        return False, False
    row, column = a.label == b.label, a.header == b.header
    return row and not column, column and not row


def _same_row(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """Cells of one row: two periods of one item, as a change or an average takes them."""
    return float(_cells(ctx, i, j)[0])


def _same_column(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """Cells of one column: two items of one period, as a part and its total."""
    return float(_cells(ctx, i, j)[1])


def _share_in_column(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """Cells of one column for a question read as a share of a whole ("percentage of X in the
    total"), which a row's two periods seldom are; a pair scored for every operation at once
    learns the layout of the common ones (changes along a row) unless told the operation."""
    return _same_column(ctx, scores, i, j) * _share_read(ctx)


def _share_in_row(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
    """Cells of one row for a question read as a share of a whole."""
    return _same_row(ctx, scores, i, j) * _share_read(ctx)


def _share_read(ctx: QuestionContext) -> float:
    """How probable the question reader finds a share of a whole or a ratio."""
    return sum(ctx.reading.operations.get(op, 0.0) for op in ("percent_of", "quotient"))


PAIR_FEATURES: tuple[tuple[str, PairFeature], ...] = (
    ("score_sum", _score_sum),
    ("score_min", _score_min),
    ("sentence_gap", _sentence_gap),
    ("from_question", _from_question),
    ("question_figures_left", _question_figures_left),
    ("same_kind", _same_kind),
    ("magnitude_gap", _magnitude_gap),
    ("coverage", _coverage),
    ("shared_words", _shared_words),
    ("same_row", _same_row),
    ("same_column", _same_column),
    ("share_in_column", _share_in_column),
    ("share_in_row", _share_in_row),
)
_COLUMN = {name: column for column, (name, _) in enumerate(PAIR_FEATURES)}


def pair_row(ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> np.ndarray:
    """One row of ``PAIR_FEATURES`` for candidates ``i`` and ``j``."""
    return np.array([f(ctx, scores, i, j) for _, f in PAIR_FEATURES], dtype=np.float64)


@dataclass(frozen=True)
class PairScorer:
    """score = weights · (the named features it was fitted on) + bias (a logit); the grounding
    takes the best-scoring pair. A model set fitted before a feature existed scores without it."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float

    def score(self, ctx: QuestionContext, scores: np.ndarray, i: int, j: int) -> float:
        own = pair_row(ctx, scores, i, j)[[_COLUMN[name] for name in self.names]]
        return float(np.dot(self.weights, own) + self.bias)

    @classmethod
    def untaught(cls) -> PairScorer:
        """The scorer of a bank with no annotated operand pair to learn from: pairs ranked by
        the sum of their ranker scores alone."""
        return cls(("score_sum",), (1.0,), 0.0)

    def save(self, path: Path) -> None:
        record = {
            "features": list(self.names),
            "weights": list(self.weights),
            "bias": self.bias,
        }
        path.write_text(json.dumps(record, indent=1) + "\n")

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> PairScorer:
        path = folder / FILE
        record = json.loads(path.read_text())
        return cls(
            named_inputs(path, record["features"], _COLUMN),
            tuple(record["weights"]),
            float(record["bias"]),
        )
