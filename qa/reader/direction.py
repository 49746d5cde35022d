"""Which of two figures a percentage change starts from: learned from the bank's ordered operands.

A change is (new - old) / old, so the two operands must be told apart, and notices write them in
either order ("revenue of $1.6 million, down from $2.4 million"; "from $2.4 million to $1.6
million"). The words around each figure ("from", "prior", "compared", "up to"), the year written
next to it against the years the question names ("from 2023 to 2024"), which of the two comes
first in the text and which is larger are features of a pairwise logistic model without
intercept over the difference of the two figures' features, so that swapping them gives the
complementary probability. The bank annotates every change as (old, new).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.reader.candidates import YEAR, Candidate
from qa.reader.models import MODEL_DIR
from qa.reader.programs import ProgramError, number_value
from qa.reader.words import all_tokens

HASH_DIM = 2**12
_WORDS = 6  # words taken either side of a figure
FILE = "direction.npz"


def _years(text: str) -> list[int]:
    return [int(y) for y in YEAR.findall(text)]


def _figure_features(question_years: list[int], candidate: Candidate) -> np.ndarray:
    """Hashed words either side of the figure, its source, and where its year stands among the
    question's years."""
    names = [f"L:{w}" for w in all_tokens(candidate.left)[-_WORDS:]]
    names += [f"R:{w}" for w in all_tokens(candidate.right)[:_WORDS]]
    names.append(f"S:{candidate.source}")
    near = _years(candidate.right[:40]) or _years(candidate.left[-40:])
    if near and len(set(question_years)) > 1:
        year = near[0]
        if year == min(question_years):
            names.append("Y:earliest")
        elif year == max(question_years):
            names.append("Y:latest")
    row = np.zeros(HASH_DIM + 2, dtype=np.float32)
    for name in names:
        row[zlib.crc32(name.encode()) % HASH_DIM] = 1.0
    return row


def pair_features(question: str, old: Candidate, new: Candidate) -> np.ndarray:
    """Features of "``old`` is the base of the change from ``old`` to ``new``" (antisymmetric)."""
    years = _years(question)
    row = _figure_features(years, old) - _figure_features(years, new)
    if old.source == new.source and old.doc_id == new.doc_id:
        row[HASH_DIM] = 1.0 if old.start < new.start else -1.0
    try:
        a, b = abs(number_value(old)), abs(number_value(new))
        row[HASH_DIM + 1] = float(np.sign(b - a))
    except ProgramError:
        pass
    return row


@dataclass(frozen=True)
class Direction:
    """P(first is the base) = logistic(weights · pair_features); no intercept."""

    weights: np.ndarray

    def probability(self, question: str, first: Candidate, second: Candidate) -> float:
        z = float(pair_features(question, first, second) @ self.weights)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def arrange(self, question: str, operands: list[Candidate]) -> list[Candidate]:
        """The two operands as (old, new)."""
        first, second = operands[:2]
        if self.probability(question, first, second) >= 0.5:
            return [first, second]
        return [second, first]

    @classmethod
    def untaught(cls) -> Direction:
        """The model of a bank that annotates no change: every pair at 0.5, so the figure
        written first is the base (``arrange`` keeps ties in order)."""
        return cls(np.zeros(HASH_DIM + 2, dtype=np.float32))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float32))

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> Direction:
        with np.load(folder / FILE, allow_pickle=False) as data:
            return cls(data["weights"])
