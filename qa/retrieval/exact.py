"""Exact dense search over a snapshot of a store's chunk vectors, for fitting the reader.

Why: Chroma's HNSW search is approximate, and two processes searching one persisted index rank
the tail of their hits differently (10 and 12 of 800 bank questions' hit lists differed between
two runs), so two ``make train`` runs of one commit fitted different models. Training reads a
store that nobody writes meanwhile, so one snapshot of its vectors ranks every question exactly,
and alike in every process. Answering keeps Chroma's index: a snapshot would go stale when
another process writes, and over a large store it would hold every vector in memory.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ingest.store import NoticeStore, nearest


class ExactVectors:
    """Every committed chunk's vector, read once; ranked by cosine for each query."""

    def __init__(self, store: NoticeStore) -> None:
        self.ids, doc_ids, self.vectors = store.committed_vectors()
        self.doc_ids = np.asarray(doc_ids, dtype=object)

    def nearest(
        self, vector: Sequence[float], k: int, doc_ids: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """The ids of the ``k`` chunks nearest to ``vector`` with their cosines, best first,
        only from ``doc_ids`` when given."""
        if doc_ids is None:
            rows = np.arange(len(self.ids))
        else:
            rows = np.flatnonzero([doc_id in doc_ids for doc_id in self.doc_ids])
        return nearest([self.ids[i] for i in rows], self.vectors[rows], vector, k)
