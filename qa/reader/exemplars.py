"""Exemplars: how other notices wrote the answers to the annotated questions most like this one.

The ranker's word features and learned associations read a candidate against the question's own
words. The annotated questions nearest to it (by embedding) say something those cannot: where
their answers stood ("acted as the exclusive placement agent", "payable on", "a conversion price
of"), in the words of notices nobody wrote this question about. A candidate whose marked context
resembles those answers' contexts is likely this question's answer too, whatever words the
question itself uses. Three features per candidate:
- ``best``: its highest similarity to one neighbour's answer context;
- ``mean``: those similarities averaged, weighed by how alike the questions are;
- ``before``: the weighed share of neighbours whose answer a word right before it also preceded.

Training leaves a question's own notice out of its neighbours, as answering a notice nobody
annotated does. Out of fold on the bank's train questions, the ranker put an annotated operand
first for 1,394 of the 2,031 answerable ones with these features against 1,354 without (lookups
829 against 804); three columns of random numbers moved it between 1,335 and 1,368.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from qa.reader.candidates import Candidate
from qa.reader.models import MODEL_DIR
from qa.reader.words import tokens

FILE = "exemplars.npz"
NAMES = ("exemplar_best", "exemplar_mean", "exemplar_before")
NEIGHBOURS = (
    10  # out of fold on the bank: 10 neighbours 1,394 operands first, 25 gave 1,385
)
_BEFORE = 4  # content words right before a figure, where a notice writes its label


def before_words(candidate: Candidate) -> frozenset[int]:
    """The content words right before a candidate, hashed (crc32: stable across processes), so
    that a model file holds no notice's words."""
    return _hashed_tail(candidate.left)


@lru_cache(maxsize=65536)
def _hashed_tail(left: str) -> frozenset[int]:
    """(Kept by text: a notice's candidates are read again for every question about it.)"""
    return frozenset(zlib.crc32(w.encode()) for w in tokens(left)[-_BEFORE:])


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


_LEVELS = 127  # unit vectors are kept as int8: a component to within 1/254, a quarter the size


def _quantised(rows: np.ndarray) -> np.ndarray:
    return np.round(rows * _LEVELS).astype(np.int8)


def _stored(rows: np.ndarray) -> np.ndarray:
    """Rows as the model file keeps them (``_quantised``), so that training reads the features
    answering will."""
    return _quantised(rows).astype(np.float32) / _LEVELS


@dataclass(frozen=True)
class Exemplars:
    """The annotated questions (their vectors), each answer's context (the mean vector of its
    operands marked in their sentences) and the hashed words right before its operands."""

    questions: np.ndarray  # (n, d), unit rows
    answers: np.ndarray  # (n, d), unit rows
    before: tuple[frozenset[int], ...]  # per exemplar: hashed words

    @classmethod
    def empty(cls, dimension: int = 0) -> Exemplars:
        """No exemplars: every feature is 0 (what training reads before it has any)."""
        return cls(np.zeros((0, dimension)), np.zeros((0, dimension)), ())

    @classmethod
    def of(
        cls,
        questions: Sequence[np.ndarray],
        answers: Sequence[np.ndarray],
        before: Sequence[frozenset[int]],
    ) -> Exemplars:
        """From each annotated question's vector, its operands' context vectors (rows) and their
        hashed before-words."""
        if not questions:
            return cls.empty()
        return cls(
            _stored(_unit(np.vstack(questions))),
            _stored(_unit(np.vstack([rows.mean(axis=0) for rows in answers]))),
            tuple(before),
        )

    def features(
        self,
        vector: np.ndarray,
        candidates: Sequence[Candidate],
        vectors: np.ndarray,
        leave_out: np.ndarray | None = None,
    ) -> np.ndarray:
        """One row of ``NAMES`` per candidate; ``leave_out`` marks exemplars not to consult
        (training's: the question's own notice)."""
        out = np.zeros((len(candidates), len(NAMES)), dtype=np.float32)
        if not len(self.questions) or not len(candidates):
            return out
        alike = self.questions @ _unit(np.asarray(vector, dtype=np.float32))
        if leave_out is not None:
            alike = np.where(leave_out, -np.inf, alike)
        nearest = np.argsort(-alike, kind="stable")[:NEIGHBOURS]
        nearest = nearest[np.isfinite(alike[nearest])]
        if not len(nearest):
            return out
        weights = np.clip(alike[nearest], 0.0, None)
        total = float(weights.sum()) or 1.0
        similarity = np.asarray(vectors, dtype=np.float32) @ self.answers[nearest].T
        out[:, 0] = similarity.max(axis=1)
        out[:, 1] = similarity @ weights / total
        neighbours = [(self.before[k], float(w)) for k, w in zip(nearest, weights)]
        for row, candidate in enumerate(candidates):
            words = before_words(candidate)
            out[row, 2] = sum(w for seen, w in neighbours if seen & words) / total
        return out

    def save(self, path: Path) -> None:
        """Vectors as int8 (``_stored``) and the hashed words as one array with offsets."""
        np.savez_compressed(
            path,
            questions=_quantised(self.questions),
            answers=_quantised(self.answers),
            before=np.array(
                [h for words in self.before for h in sorted(words)], dtype=np.uint32
            ),
            offsets=np.cumsum([0, *(len(b) for b in self.before)]),
        )

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> Exemplars:
        with np.load(folder / FILE, allow_pickle=False) as data:
            before, offsets = data["before"], data["offsets"]
            return cls(
                data["questions"].astype(np.float32) / _LEVELS,
                data["answers"].astype(np.float32) / _LEVELS,
                tuple(
                    frozenset(before[start:end].tolist())
                    for start, end in pairwise(offsets)
                ),
            )
