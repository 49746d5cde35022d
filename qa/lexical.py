"""BM25 over every stored chunk, for the exact words and figures dense vectors blur."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ingest.store import StoredChunk
from qa.text import terms


class LexicalIndex:
    """An in-memory BM25 index of chunks (bm25s), searchable within a subset of notices."""

    def __init__(self, chunks: Iterable[StoredChunk]) -> None:
        import bm25s

        self.chunks = list(chunks)
        self._doc_of = np.array(
            [item.chunk.doc_id for item in self.chunks], dtype=object
        )
        self._bm25 = bm25s.BM25()
        if self.chunks:
            corpus = [terms(item.chunk.embedding_text) or ["_"] for item in self.chunks]
            self._bm25.index(corpus, show_progress=False)

    def __len__(self) -> int:
        return len(self.chunks)

    def search(
        self, query: str, k: int, doc_ids: set[str] | None = None
    ) -> list[StoredChunk]:
        """The best ``k`` chunks by BM25 with a positive score, only from ``doc_ids`` when given."""
        query_terms = terms(query)
        if not self.chunks or not query_terms:
            return []
        mask = None
        if doc_ids is not None:
            mask = np.isin(self._doc_of, list(doc_ids)).astype(np.float32)
            if not mask.any():
                return []
        k = min(k, len(self.chunks))
        ids, scores = self._bm25.retrieve(
            [query_terms], k=k, weight_mask=mask, show_progress=False
        )
        return [
            StoredChunk(self.chunks[i].chunk_id, self.chunks[i].chunk, float(score))
            for i, score in zip(ids[0], scores[0], strict=True)
            if score > 0
        ]
