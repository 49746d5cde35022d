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


def hashed(question: str, candidates: Sequence[Candidate]) -> sparse.csr_matrix:
    """One binary row of hashed (question word, context word) pairs per candidate (crc32: stable).
    Each context word's pairs with the question's words are hashed once per question: a notice's
    candidates share most of their words, and hashing every candidate's pairs anew took a third
    of a warm answer's time."""
    words = question_words(question)
    hashes: dict[tuple[str, str], list[int]] = {}

    def pairs(place: str, word: str) -> list[int]:
        key = (place, word)
        found = hashes.get(key)
        if found is None:
            found = hashes[key] = [
                zlib.crc32(f"{place}|{q}|{word}".encode()) % HASH_DIM for q in words
            ]
        return found

    rows = []
    for c in candidates:
        row = set(pairs("K", f"{c.kind}|{c.source}"))
        for place, context in _context(c):
            for word in context:
                row.update(pairs(place, word))
        rows.append(sorted(row))
    indptr = np.cumsum([0, *map(len, rows)])
    indices = np.fromiter((j for row in rows for j in row), dtype=np.int32)
    return sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), indices, indptr),
        shape=(len(rows), HASH_DIM),
    )


def _context(candidate: Candidate) -> tuple[tuple[str, list[str]], ...]:
    """The context words paired with the question's: before the figure, after it, in its label."""
    return (
        ("L", tokens(candidate.left)[-_LEFT:]),
        ("R", tokens(candidate.right)[:_RIGHT]),
        ("B", tokens(candidate.label)[:_LABEL]),
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
