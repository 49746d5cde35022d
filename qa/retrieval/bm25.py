"""BM25 as SQLite FTS5 computes it (k1 = 1.2, b = 0.75), for ranking a few chunks in Python.

Why: FTS5 evaluates a query against the whole index even when only the chunks of the notices in
scope may match; over the 175,000-chunk archive that took 30 to 70 ms for a question of common
words. Scoring the few hundred chunks in scope here takes a few ms, with FTS5's formula and the
whole index's statistics (rows, rows holding each term, mean length), so the scores are the ones
FTS5 would give.
"""

from __future__ import annotations

import math
from collections import Counter

K1 = 1.2
B = 0.75


def idf(rows: int, containing: int) -> float:
    """FTS5's inverse document frequency, floored at 1e-6 for terms in over half the rows.

    ``containing`` is capped at ``rows``: the two are read apart, and a sync by another process
    in between must not make the logarithm's argument negative.
    """
    containing = min(containing, rows)
    value = math.log((rows - containing + 0.5) / (containing + 0.5))
    return value if value > 0 else 1e-6


def score(
    counts: Counter, length: int, idfs: dict[str, float], mean_length: float
) -> float:
    """The BM25 score of a row whose terms are ``counts`` (``length`` in all) for a query's ``idfs``."""
    norm = K1 * (1 - B + B * length / mean_length)
    return sum(
        weight * counts[term] * (K1 + 1) / (counts[term] + norm)
        for term, weight in idfs.items()
        if counts[term]
    )
