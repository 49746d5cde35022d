"""Cached views of the store for answering: the manifest, the lexical index and the facts.

Both are rebuilt only when the store changes: this process's own writes invalidate them, and a
change of the chunk count catches writes by another process (an ingest from the CLI while the UI
serves, say).
"""

from __future__ import annotations

import threading

from ingest.records import ManifestEntry
from ingest.store import NoticeStore
from qa.lexical import LexicalIndex


class Catalog:
    """The manifest and the BM25 index of one store, kept in memory between questions."""

    def __init__(self, store: NoticeStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._chunk_count: int | None = None
        self._manifest: dict[str, ManifestEntry] = {}
        self._lexical: LexicalIndex | None = None
        self._facts: dict[str, list[dict]] = {}

    def invalidate(self) -> None:
        """Forget the cached views; the next question rebuilds them."""
        with self._lock:
            self._chunk_count = None

    def _refresh(self) -> None:
        count = self.store.chunks.count()
        if count == self._chunk_count and self._lexical is not None:
            return
        self._manifest = self.store.manifest()
        self._lexical = LexicalIndex(self.store.iter_chunks())
        self._facts = {}
        self._chunk_count = count

    @property
    def manifest(self) -> dict[str, ManifestEntry]:
        with self._lock:
            self._refresh()
            return self._manifest

    def facts(self, doc_id: str) -> list[dict]:
        """A notice's fact records, read from the store once."""
        with self._lock:
            self._refresh()
            if doc_id not in self._facts:
                self._facts[doc_id] = self.store.facts_of(doc_id)
            return self._facts[doc_id]

    @property
    def lexical(self) -> LexicalIndex:
        with self._lock:
            self._refresh()
            assert self._lexical is not None
            return self._lexical
