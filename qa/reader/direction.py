"""Which of two figures a percentage change starts from, and which a quotient divides: learned
from the bank's ordered operands.

A change is (new - old) / old, so the two operands must be told apart, and notices write them in
either order ("revenue of $1.6 million, down from $2.4 million"; "from $2.4 million to $1.6
million"). A quotient too: a total over a per-share amount is a count of shares, but "the ratio of
2019's cost to 2018's" is the smaller over the larger as often as not. The words around each
figure ("from", "prior", "compared", "up to"), the year written next to it against the years the
question names ("from 2023 to 2024"), which of the two comes first in the text and which is
larger are features of a pairwise logistic model per operation, without intercept, over the
difference of the two figures' features, so that swapping them gives the complementary
probability. The bank annotates every change as (old, new) and every quotient as (dividend,
divisor). A difference keeps its rule (``programs.order``): out of fold, a model put the minuend
first no more often (157 of 167 TAT-QA pairs against 156, 206 of 206 of the bank's).
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


# The operations whose operands' order is learned; the first operand is the one the program
# takes first (a change's base, a quotient's dividend).
ORDERED = ("percent_change", "quotient")
_LEGACY = {
    "weights": "percent_change"
}  # the one array of a file saved before ``ORDERED``


@dataclass(frozen=True)
class Direction:
    """Per operation, P(first operand first) = logistic(weights · pair_features); no intercept.
    An operation without weights keeps the order it is given."""

    weights: dict[str, np.ndarray]

    def probability(
        self, question: str, op: str, first: Candidate, second: Candidate
    ) -> float:
        z = float(pair_features(question, first, second) @ self.weights[op])
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def arrange(
        self, question: str, op: str, operands: list[Candidate]
    ) -> list[Candidate]:
        """Two operands in the order ``op`` takes them; any other operands as given."""
        if op not in self.weights or len(operands) != 2:
            return operands
        first, second = operands
        if self.probability(question, op, first, second) >= 0.5:
            return [first, second]
        return [second, first]

    @classmethod
    def untaught(cls) -> Direction:
        """The model of a bank that annotates no change and no quotient: operands keep the
        order they are given."""
        return cls({})

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path, **{op: w.astype(np.float32) for op, w in self.weights.items()}
        )

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> Direction:
        """The weights per operation; a set fitted before quotients were learned stored the
        percentage change's alone, as "weights", and keeps it."""
        with np.load(folder / FILE, allow_pickle=False) as data:
            named = {_LEGACY.get(name, name): data[name] for name in data.files}
        return cls({op: w for op, w in named.items() if op in ORDERED})
