"""Embedding and storing prepared notices in the background, group by group, in order.

Why threads: ONNX Runtime (or torch) and Chroma's Rust core release the GIL, so while one group
is embedded and the one before it written, the ingest loop reads, parses, chunks and scans the
next. Measured on sample500 (2 cores, onnx backend): embedding is about 80% of the work, so the
loop's own work and Chroma's writes are hidden behind it rather than added to it.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Self

from ingest.boilerplate import SharedVectors
from ingest.embedding import Embedder
from ingest.records import Chunk, IngestReport, ManifestEntry
from ingest.store import NoticeStore, NoticeWrite

# Groups submitted but not yet stored: bounds memory, keeps both stages busy.
_IN_FLIGHT = 2


@dataclass(frozen=True)
class Prepared:
    """A notice ready to write, short of its embeddings."""

    entry: ManifestEntry
    chunks: list[Chunk]
    facts: list[dict]
    replaces: bool
    # Chunks longer than the model's window: the chunker's promise is none.
    truncated: int


class GroupWriter:
    """Embeds groups on one thread and stores them on another, each group after the one before.

    A failure in either stage is raised at the next ``submit`` or on leaving the block; leaving
    the block always waits for the groups already submitted (each store write is journaled, so
    even a kill leaves whole notices only).
    """

    def __init__(
        self, store: NoticeStore, embedder: Embedder, report: IngestReport
    ) -> None:
        self.store, self.report = store, report
        self.vectors = SharedVectors(embedder)
        self.pending: list[Future] = []

    def __enter__(self) -> Self:
        self.embedding = ThreadPoolExecutor(1, thread_name_prefix="ingest-embed")
        self.storing = ThreadPoolExecutor(1, thread_name_prefix="ingest-store")
        return self

    def submit(self, group: list[Prepared]) -> None:
        """Queue a group; waits while ``_IN_FLIGHT`` groups are already queued."""
        if not group:
            return
        while len(self.pending) >= _IN_FLIGHT:
            self.pending.pop(0).result()
        vectors = self.embedding.submit(
            self.vectors.embed, [chunk for item in group for chunk in item.chunks]
        )
        self.pending.append(
            self.storing.submit(_store, group, vectors, self.store, self.report)
        )

    def __exit__(self, *exc_info: object) -> None:
        self.embedding.shutdown(wait=True)
        self.storing.shutdown(wait=True)
        if exc_info[0] is None:
            for future in self.pending:
                future.result()


def _store(
    group: list[Prepared],
    vectors: Future,
    store: NoticeStore,
    report: IngestReport,
) -> None:
    """Store a group once its vectors are ready (each notice atomically), then report it."""
    (flat, shared), writes, offset = vectors.result(), [], 0
    for item in group:
        count = len(item.chunks)
        writes.append(
            NoticeWrite(
                item.entry,
                item.chunks,
                flat[offset : offset + count],
                item.facts,
                item.replaces,
            )
        )
        offset += count
    store.write_notices(writes)
    for item in group:
        (report.replaced if item.replaces else report.added).append(item.entry.source)
        report.chunks_embedded += len(item.chunks)
        report.chunks_truncated += item.truncated
    report.chunks_shared += shared
