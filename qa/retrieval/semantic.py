"""Sentence embeddings of short texts (fact descriptions, question parts), cached in memory.

The question's vector is computed once per question; a fact's description is embedded the
first time a question touches its notice and then served from an LRU cache keyed by the text,
so a warm answer embeds only the question (and its parts).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from ingest.embedding import Embedder

_CAPACITY = 20_000  # texts kept; a vector of all-MiniLM-L6-v2 is 384 floats (1.5 kB)


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
            fresh = np.asarray(self.embedder.embed_documents(missing), dtype=np.float32)
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
                    vector = np.asarray(
                        self.embedder.embed_documents([text])[0], dtype=np.float32
                    )
                else:
                    self._vectors.move_to_end(text)
                rows.append(vector)
        return np.vstack(rows) if rows else np.zeros((0, 384), dtype=np.float32)

    def vector(self, text: str) -> np.ndarray:
        return self.vectors([text])[0]

    def similarities(self, query: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of ``query`` (normalized) to each text."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        return self.vectors(texts) @ query
