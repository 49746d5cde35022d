"""Hybrid search: dense (Chroma) and lexical (BM25, ``qa.retrieval.text_index``) rankings fused by
reciprocal rank. The offline answerer and the agent call it directly; ``qa.retrieval.retriever`` wraps it as a
LangChain retriever (kept apart because importing LangChain's retriever classes costs 0.3 s of
every cold ``filingqa ask``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ingest.embedding import Embedder
from ingest.records import Chunk
from ingest.store import NoticeStore, StoredChunk
from qa.retrieval.catalog import Catalog
from qa.retrieval.exact import ExactVectors
from qa.retrieval.filters import Filters

_RRF_K = 60  # the usual constant of reciprocal rank fusion: damps the weight of the very top ranks
_DEPTH = 20  # candidates taken from each ranking before fusion
# Up to this many chunks of the notices in scope are ranked from the text index's vectors
# (``TextIndex.nearest``); beyond, by Chroma's filtered query. Measured over the archive: 9 ms
# for 1,000 chunks, 33 ms for 2,468 and 72 ms for 4,561, against 40 to 70 ms for Chroma's query
# over those scopes (150 to 320 ms over a few notices).
_RANK_HERE = 4000


class HybridSearch:
    """Chunks for a query, best first, from every notice or from a set of them."""

    def __init__(
        self,
        store: NoticeStore,
        embedder: Embedder,
        catalog: Catalog,
        exact: ExactVectors | None = None,
    ) -> None:
        """``exact``: rank the dense side exactly over this snapshot rather than by Chroma's
        approximate index (training does, so that two runs fit the same models)."""
        self.store, self.embedder, self.catalog = store, embedder, catalog
        self.exact = exact

    def allowed_doc_ids(self, filters: Filters) -> set[str] | None:
        """Doc ids passing the filters; None when nothing is filtered."""
        if filters.empty:
            return None
        manifest = self.catalog.manifest
        if filters.doc_ids is None:
            return {d for d, entry in manifest.items() if filters.matches(entry)}
        # Only the chosen notices are tested: a question narrowed to the notices it names tested
        # every notice of the store against them (24 ms a question over the archive).
        rest = replace(filters, doc_ids=None)
        return {
            d
            for d in set(filters.doc_ids)
            if d in manifest and rest.matches(manifest[d])
        }

    def search(
        self,
        query: str,
        k: int,
        doc_ids: set[str] | None = None,
        vector: Any = None,
    ) -> list[StoredChunk]:
        """Fused ranking; ``score`` is the fused score (higher is better), ``doc_ids`` narrows it.

        ``vector`` is the query's embedding when the caller has it already (it is computed otherwise).
        """
        if doc_ids is not None and not doc_ids:
            return []
        vector = (
            self.embedder.embed_query(query)
            if vector is None
            else [float(x) for x in vector]
        )
        dense, read = self.dense(vector, doc_ids)
        lexical = self.catalog.index.search(query, _DEPTH, doc_ids)
        fused: dict[str, float] = {}
        for ranking in (dense, [i for i, _ in lexical]):
            for rank, chunk_id in enumerate(ranking):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (_RRF_K + rank + 1)
        best = sorted(fused, key=fused.__getitem__, reverse=True)[:k]
        chunks = read | self.store.chunks_by_id([i for i in best if i not in read])
        return [
            StoredChunk(chunk_id, chunks[chunk_id], fused[chunk_id])
            for chunk_id in best
            if chunk_id in chunks  # a chunk removed since the index was read
        ]

    def dense(
        self, vector: list[float], doc_ids: set[str] | None
    ) -> tuple[list[str], dict[str, Chunk]]:
        """The ids of the nearest chunks by vector, best first, and those of their chunks that were
        read on the way (Chroma's query returns them; the other rankings are of ids only, so that
        the fused best are read from the store in one call).

        Ranked exactly over the snapshot when there is one; else among the few chunks of the
        notices in scope from the text index's vectors, or by Chroma's index."""
        if self.exact is not None:
            return [i for i, _ in self.exact.nearest(vector, _DEPTH, doc_ids)], {}
        ranked = (
            None
            if doc_ids is None
            else self.catalog.index.nearest(vector, _DEPTH, doc_ids, _RANK_HERE)
        )
        if ranked is not None:
            return [chunk_id for chunk_id, _ in ranked], {}
        found = self.store.search(vector, _DEPTH, doc_ids)
        return [item.chunk_id for item in found], {i.chunk_id: i.chunk for i in found}
