"""Sentence embeddings of short texts (questions, their parts and figures), cached in memory.

A question's texts are served from an LRU cache keyed by the text, so a question asked again
embeds nothing. A notice's candidates are not cached here but kept with the notice
(``Reader.notice``, through ``embed``): a question needs every candidate of the notices it
reads, and once the notices asked about hold more candidates than this cache's capacity (the
bank's 487 notices hold 55,582), a text-keyed LRU evicts them in turn and a warm answer
re-embeds hundreds of texts (measured: 96% of the slowest 5% of answers' time).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from ingest.embedding import Embedder

_CAPACITY = 20_000  # texts kept; a vector of all-MiniLM-L6-v2 is 384 floats (1.5 kB)
_DIMENSIONS = 384


class SemanticCache:
    """Vectors of texts by an embedder, least recently used ones evicted beyond ``capacity``."""

    def __init__(self, embedder: Embedder, capacity: int = _CAPACITY) -> None:
        self.embedder = embedder
        self.capacity = capacity
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalized row per text; only texts not seen before are embedded (in one batch)."""
        with self._lock:
            missing = list(
                dict.fromkeys(text for text in texts if text not in self._vectors)
            )
        if missing:
            fresh = self.embed(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._vectors[text] = vector
                while len(self._vectors) > self.capacity:
                    self._vectors.popitem(last=False)
        with self._lock:
            rows = []
            for text in texts:
                vector = self._vectors.get(text)
                if (
                    vector is None
                ):  # evicted by a concurrent caller in between: embed it alone
                    vector = self.embed([text])[0]
                else:
                    self._vectors.move_to_end(text)
                rows.append(vector)
        return np.vstack(rows) if rows else self.embed([])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalized float32 row per text, embedded now and not cached: for texts that
        their caller keeps itself, so that they neither evict nor are evicted by other texts."""
        if not texts:
            return np.zeros((0, _DIMENSIONS), dtype=np.float32)
        return np.asarray(self.embedder.embed_documents(list(texts)), dtype=np.float32)

    def vector(self, text: str) -> np.ndarray:
        return self.vectors([text])[0]

    def similarities(self, query: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of ``query`` (normalized) to each text."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        return self.vectors(texts) @ query
