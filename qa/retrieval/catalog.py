"""Cached views of the store for answering: the manifest, the text index and the facts.

They are brought up to date only when the store changes: this process's own writes invalidate
them, and a change of the store's generation (``NoticeStore.generation``, changed by every
committed write of any process) catches writes by another process: an ingest from the CLI while
the UI serves, a notice replaced by one with as many chunks, a removal. A chunk count missed the
last two. The generation is read at most every ``CHECK_SECONDS`` (one small record; a question
reads the views a dozen times).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from ingest.records import ManifestEntry
from ingest.store import NoticeStore
from qa.retrieval.text_index import TextIndex

# Another process's writes are seen at most this long after they land.
CHECK_SECONDS = 2.0


class Catalog:
    """The manifest of one store and its text index (``index_path``), kept between questions."""

    def __init__(self, store: NoticeStore, index_path: Path) -> None:
        self.store = store
        self.text_index = TextIndex(index_path)
        self._lock = threading.Lock()
        self._generation: str | None = (
            None  # the generation the views are of (None: unknown)
        )
        self._seen: str | None = None  # the last generation read, kept when invalidated
        self._checked = 0.0  # time.monotonic() of the last generation read
        self._manifest: dict[str, ManifestEntry] = {}
        self._facts: dict[str, list[dict]] = {}

    def invalidate(self) -> None:
        """Forget the cached views; the next question brings them up to date from the store."""
        with self._lock:
            self._generation = None
            self.text_index.mark_synced(None)

    def refresh(self, show_progress: bool = False) -> None:
        """Bring the manifest and the text index up to date with the store, if it changed."""
        with self._lock:
            self._refresh(show_progress)

    def _refresh(self, show_progress: bool = False) -> None:
        now = time.monotonic()
        if self._generation is not None and now - self._checked < CHECK_SECONDS:
            return
        self._checked = now
        generation = self.store.generation()
        if generation == self._generation:
            return
        if generation != self._seen:
            # Another process (or this one) wrote: this process's view of the vector index
            # must be taken again, or searches return deleted chunks and miss new ones.
            if self._seen is not None:
                self.store.reload()
            self._seen = generation
        self._facts = {}
        cached = self.text_index.manifest_if_synced(generation)
        if cached is not None:
            self._manifest, self._generation = cached, generation
            return
        self._manifest = self.store.manifest()
        self.text_index.sync(self.store, self._manifest, show_progress)
        self.text_index.mark_synced(generation)
        self._generation = generation

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
    def index(self) -> TextIndex:
        """The text index, up to date with the store."""
        with self._lock:
            self._refresh()
            return self.text_index
