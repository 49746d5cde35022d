"""Embedding and storing prepared notices in the background, group by group, in order.

Why threads: ONNX Runtime (or torch) and Chroma's Rust core release the GIL, so while one group
is embedded and the one before it written, the ingest loop reads, parses, chunks and scans the
next. Measured on sample500 (2 cores, onnx backend): embedding is about 80% of the work, so the
loop's own work and Chroma's writes are hidden behind it rather than added to it.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from ingest.boilerplate import SharedVectors
from ingest.embedding import Embedder
from ingest.errors import failure_reason
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
    # What of the text was left out as repetitive or past the chunk limit ("" for nothing).
    shortened: str = ""


class GroupWriter:
    """Embeds groups on one thread and stores them on another, each group after the one before.

    A notice whose chunks cannot be embedded is skipped with the reason (the rest of its group is
    stored). A failure to store is raised at the next ``submit`` or on leaving the block, and no
    failure is ever dropped: when the block itself is already raising, the writers' errors are
    added to that exception as notes. Leaving the block always waits for the groups already
    submitted (each store write is journaled, so even a kill leaves whole notices only).
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
        vectors = self.embedding.submit(_embed_group, self.vectors, group)
        self.pending.append(
            self.storing.submit(_store, group, vectors, self.store, self.report)
        )

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.embedding.shutdown(wait=True)
        self.storing.shutdown(wait=True)
        errors = [error for f in self.pending if (error := f.exception()) is not None]
        self.pending = []
        if not errors:
            return
        if exc is not None:
            for error in errors:
                exc.add_note(f"also failed storing: {type(error).__name__}: {error}")
            return
        for error in errors[1:]:
            errors[0].add_note(f"also failed storing: {type(error).__name__}: {error}")
        raise errors[0]


# Per notice of a group: its chunk vectors, or the error that kept them from being embedded.
Embedded = list[list[float]] | Exception


def _embed_group(
    shared: SharedVectors, group: list[Prepared]
) -> tuple[list[Embedded], int]:
    """Vectors for every notice of a group, and how many chunks reused a shared vector.

    The group is embedded in one call (fastest); only if that fails is each notice embedded
    alone, so that one notice the model cannot take costs that notice, not its 31 neighbours.
    """
    try:
        flat, reused = shared.embed([chunk for item in group for chunk in item.chunks])
    except Exception:  # noqa: BLE001 - retried notice by notice below
        results: list[Embedded] = []
        reused = 0
        for item in group:
            try:
                vectors, count = shared.embed(item.chunks)
            except Exception as error:  # noqa: BLE001 - becomes this notice's skip reason
                results.append(error)
            else:
                results.append(vectors)
                reused += count
        return results, reused
    results, offset = [], 0
    for item in group:
        results.append(flat[offset : offset + len(item.chunks)])
        offset += len(item.chunks)
    return results, reused


def _store(
    group: list[Prepared],
    vectors: Future,
    store: NoticeStore,
    report: IngestReport,
) -> None:
    """Store a group once its vectors are ready (each notice atomically), then report it."""
    results, shared = vectors.result()
    writes: list[NoticeWrite] = []
    stored: list[Prepared] = []
    for item, result in zip(group, results, strict=True):
        if isinstance(result, Exception):
            report.skipped.append(
                (item.entry.source, f"could not be embedded ({failure_reason(result)})")
            )
            continue
        writes.append(
            NoticeWrite(item.entry, item.chunks, result, item.facts, item.replaces)
        )
        stored.append(item)
    store.write_notices(writes)
    for item in stored:
        (report.replaced if item.replaces else report.added).append(item.entry.source)
        report.chunks_embedded += len(item.chunks)
        report.chunks_truncated += item.truncated
    report.chunks_shared += shared
