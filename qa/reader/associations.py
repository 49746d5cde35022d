"""Learned word associations between a question and the words a notice writes around a figure.

The ranker's other features count the question's own words near a candidate; they cannot know
that "who arranged" goes with "placement agent" or "raise" with "gross proceeds". This model
learns such pairs from the bank: every (question word, context word) pair is a hashed feature
(context words right before the candidate, right after it, and in ingest's label for it; the
question's first word, usually its wh-word, is kept although it is a function word), and a
logistic regression over them scores how likely the candidate is an annotated operand. Its score
is one feature of the ranker (``features``); in training it is computed out of fold, so the
ranker learns how far to trust it on notices the model has not seen.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from qa.reader.candidates import Candidate
from qa.reader.models import MODEL_DIR
from qa.reader.words import all_tokens, tokens

HASH_DIM = 2**17
_LEFT, _RIGHT, _LABEL = 6, 4, 6  # context words taken before, after and from the label
FILE = "associations.npz"


def question_words(question: str) -> list[str]:
    """The question's content words, led by its first word (the wh-word that says what is asked)."""
    return list(dict.fromkeys(all_tokens(question)[:1] + tokens(question)))


def _pairs(words: Sequence[str], candidate: Candidate) -> set[str]:
    left = tokens(candidate.left)[-_LEFT:]
    right = tokens(candidate.right)[:_RIGHT]
    label = tokens(candidate.label)[:_LABEL]
    pairs = set()
    for q in words:
        pairs.add(f"K|{q}|{candidate.kind}|{candidate.source}")
        pairs.update(f"L|{q}|{w}" for w in left)
        pairs.update(f"R|{q}|{w}" for w in right)
        pairs.update(f"B|{q}|{w}" for w in label)
    return pairs


def hashed(question: str, candidates: Sequence[Candidate]) -> sparse.csr_matrix:
    """One binary row of hashed (question word, context word) pairs per candidate (crc32: stable)."""
    words = question_words(question)
    rows = [
        sorted({zlib.crc32(p.encode()) % HASH_DIM for p in _pairs(words, c)})
        for c in candidates
    ]
    indptr = np.cumsum([0, *map(len, rows)])
    indices = np.fromiter((j for row in rows for j in row), dtype=np.int32)
    return sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), indices, indptr),
        shape=(len(rows), HASH_DIM),
    )


@dataclass(frozen=True)
class Associations:
    """A linear model over hashed pairs: score = weights · pairs + bias (a logit)."""

    weights: np.ndarray
    bias: float

    def scores(self, question: str, candidates: Sequence[Candidate]) -> np.ndarray:
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(
            hashed(question, candidates) @ self.weights + self.bias, dtype=np.float32
        )

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path, weights=self.weights.astype(np.float32), bias=np.float32(self.bias)
        )

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> Associations:
        with np.load(folder / FILE, allow_pickle=False) as data:
            return cls(data["weights"], float(data["bias"]))
