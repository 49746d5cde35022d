"""The Chroma store: chunks with embeddings, facts, the manifest of notices, and a write journal.

Everything lives in Chroma collections, so an embedded store and a Chroma server hold the same
things. A notice is written in an order that makes a crash at any point recoverable: a journal
entry first, then its chunks and facts tagged with the new content hash, then its manifest
entry (the commit point), then the old version's records are deleted and the journal entry
cleared. ``recover()`` finishes or rolls back whatever a killed process left.

Every read shows committed versions only: a chunk or fact whose content hash is not the one its
notice's manifest entry names (a write in progress, or one a killed process left) is left out,
so a reader never sees old and new figures of a notice together, nor a notice the manifest does
not list, whether or not anybody has recovered the store yet (see ``committed_only``).

``write_hook``, when a caller sets it, is called with the name of each journal step just after
it is done ("journal", "chunks", "manifest", "dropped"): tests/ingest/test_crash.py sets one
that announces the step and sleeps, so that it can SIGKILL a real ingest inside a write. The
product never sets it, and the write path reads no test switch.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from ingest.records import Chunk, ManifestEntry

# A client replaced by ``reload`` is stopped no sooner than this: no search lasts that long.
_RETIRE_SECONDS = 60.0
_GENERATION = "generation"  # the id of the generation record in the meta collection
# A dense search that left out chunks of uncommitted versions asks again this many times deeper.
_OVERFETCH = 5
# The per-record lists of a Chroma ``get`` result.
_RECORD_FIELDS = ("ids", "embeddings", "documents", "metadatas", "uris", "data")
_NO_VECTOR = [
    0.0
]  # records that are never searched by similarity still need a vector in Chroma


def nearest(
    ids: Sequence[str], vectors: np.ndarray, query: Sequence[float], k: int
) -> list[tuple[str, float]]:
    """The ``k`` ids whose vectors are nearest to ``query`` by cosine, best first, with their
    cosines; equal cosines keep the order of ``ids``, so the ranking is the same in every process."""
    if not len(ids):
        return []
    query_vector = np.asarray(query, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1) * np.linalg.norm(query_vector) + 1e-12
    cosines = vectors @ query_vector / norms
    return [
        (ids[i], float(cosines[i])) for i in np.argsort(-cosines, kind="stable")[:k]
    ]


class StoreError(RuntimeError):
    """The store cannot be opened or reached; the message says why and what to do."""


def connect(
    store_dir: Path | None = None, chroma_url: str | None = None, fresh: bool = False
) -> Any:
    """A Chroma client: a server when ``chroma_url`` is given, else embedded in ``store_dir``.

    ``fresh``: a new embedded client that reads the store as it is on disk now. Why: Chroma
    keeps one embedded client per folder and process, and that client's vector index never
    sees what other processes wrote since (queries return deleted ids, ids added elsewhere
    raise "Error finding id"). Clients made before keep working on their own older view.
    """
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        try:
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=settings,
            )
        except Exception as error:
            raise StoreError(
                f"cannot reach the Chroma server at {chroma_url}: {error}"
            ) from error
    if store_dir is None:
        raise StoreError("no store directory and no Chroma server URL given")
    store_dir.mkdir(parents=True, exist_ok=True)
    if fresh:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(store_dir), None)
    return chromadb.PersistentClient(path=str(store_dir), settings=settings)


@dataclass(frozen=True)
class NoticeWrite:
    """One notice to write: its manifest entry, chunks with their vectors, and fact records."""

    entry: ManifestEntry
    chunks: Sequence[Chunk]
    vectors: Sequence[Sequence[float]]
    facts: Sequence[dict] = ()
    replaces: bool = False


@dataclass(frozen=True)
class StoredChunk:
    """A chunk read back from the store, with its id, (for searches) its similarity score and
    (for the text index's copy, ``chunks_of_notices``) its vector."""

    chunk_id: str
    chunk: Chunk
    score: float | None = None
    vector: np.ndarray | None = None


class NoticeStore:
    """Notices in Chroma: write one atomically, remove one, list, read back and search chunks."""

    def __init__(
        self,
        client: Any,
        embedding_model: str,
        prefix: str = "filingqa",
        reconnect: Callable[[], Any] | None = None,
    ) -> None:
        self.embedding_model = embedding_model
        self.prefix = prefix
        # Makes a client with a current view of an embedded store (``connect(fresh=True)``);
        # None for a server, whose one process always has the current view.
        self._reconnect = reconnect
        self._retired: list[tuple[float, Any]] = []  # (when, client) replaced by reload
        self._bind(client)
        built_with = (self.chunks.metadata or {}).get("embedding_model")
        if built_with and built_with != embedding_model:
            raise StoreError(
                f"this store was built with the embedding model {built_with!r}, not {embedding_model!r}; "
                "use that model or ingest into a new store"
            )
        self._batch = max(1, min(client.get_max_batch_size(), 4096))
        # Called after each journal step of a write (see the module docstring); None in the product.
        self.write_hook: Callable[[str], None] | None = None

    def _bind(self, client: Any) -> None:
        """Take the collections from ``client`` (all of them, so no call mixes two views)."""
        prefix = self.prefix
        try:
            chunks = client.get_or_create_collection(
                f"{prefix}_chunks",
                embedding_function=None,
                metadata={
                    "hnsw:space": "cosine",
                    "embedding_model": self.embedding_model,
                },
            )
            others = [
                client.get_or_create_collection(
                    f"{prefix}_{name}", embedding_function=None
                )
                for name in ("notices", "facts", "pending", "meta")
            ]
        except Exception as error:
            raise StoreError(f"cannot open the store: {error}") from error
        self.client, self.chunks = client, chunks
        self.notices, self.facts, self.pending, self.meta = others

    def reload(self) -> None:
        """See the store as it is now, writes of other processes included (embedded only).

        The client replaced is stopped at a later reload, once no search can still be using it
        (``_RETIRE_SECONDS``): each embedded client holds about a megabyte that garbage
        collection alone does not give back.
        """
        if self._reconnect is None:
            return
        now = time.monotonic()
        for retired_at, client in list(self._retired):
            if now - retired_at >= _RETIRE_SECONDS:
                self._retired.remove((retired_at, client))
                _stop(client)
        self._retired.append((now, self.client))
        self._bind(self._reconnect())

    def _with_current_view(self, call: Callable[[], Any]) -> Any:
        """Run a call that reads vectors; if it trips on ids written by another process since
        this client's view was taken, take a current view and run it once more."""
        try:
            return call()
        except Exception as error:
            if self._reconnect is None or "Error finding id" not in str(error):
                raise
            self.reload()
            return call()

    # ---- reading -------------------------------------------------------------------------

    def generation(self) -> str:
        """The store's generation: changes at every committed write, by any process.

        Readers compare it (an equality test, one small read) to know whether their cached
        views are current; "" for a store never written since generations began.
        """
        result = self.meta.get(ids=[_GENERATION], include=["metadatas"])
        if not result["ids"]:
            return ""
        return str((result["metadatas"][0] or {}).get("value", ""))

    def manifest(self) -> dict[str, ManifestEntry]:
        """Every stored notice by doc id."""
        result = self.notices.get(include=["metadatas"])
        entries = (
            entry_from_metadata(i, m)
            for i, m in zip(result["ids"], result["metadatas"], strict=True)
        )
        return {
            entry.doc_id: entry for entry in sorted(entries, key=lambda e: e.doc_id)
        }

    def entry(self, doc_id: str) -> ManifestEntry | None:
        """One notice's manifest entry, or None."""
        result = self.notices.get(ids=[doc_id], include=["metadatas"])
        return (
            entry_from_metadata(doc_id, result["metadatas"][0])
            if result["ids"]
            else None
        )

    def committed_hashes(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The content hash each of these notices' manifest entries names (committed ones only)."""
        ids = sorted(set(doc_ids))
        if not ids:
            return {}
        result = self.notices.get(ids=ids, include=["metadatas"])
        return {
            doc_id: str((metadata or {}).get("content_hash", ""))
            for doc_id, metadata in zip(result["ids"], result["metadatas"], strict=True)
        }

    def _committed_where(self, doc_id: str) -> dict[str, Any] | None:
        """A filter for the records of a notice's committed version; None when it has none."""
        entry = self.entry(doc_id)
        if entry is None:
            return None
        return {"$and": [{"doc_id": doc_id}, {"doc_hash": entry.content_hash}]}

    def chunks_of(self, doc_id: str) -> list[StoredChunk]:
        """A notice's chunks in reading order (of its committed version only)."""
        where = self._committed_where(doc_id)
        if where is None:
            return []
        result = self.chunks.get(where=where, include=["documents", "metadatas"])
        return sorted(_stored(result), key=lambda item: item.chunk.index)

    def notice_text(self, doc_id: str) -> str:
        """A notice's normalized text, rebuilt from its chunks (exact slices; only white space lies between)."""
        pieces: list[str] = []
        end = 0
        for stored in self.chunks_of(doc_id):
            pieces.append("\n" * (stored.chunk.start - end) + stored.chunk.text)
            end = stored.chunk.end
        return "".join(pieces)

    def chunks_of_notices(self, doc_hashes: Sequence[str]) -> list[StoredChunk]:
        """Every chunk of the notices with these content hashes, vectors included (for the text
        index, which ranks the chunks of a few notices itself: ``TextIndex.nearest``)."""
        if not doc_hashes:
            return []
        where = (
            {"doc_hash": doc_hashes[0]}
            if len(doc_hashes) == 1
            else {"doc_hash": {"$in": list(doc_hashes)}}
        )
        result = self._with_current_view(
            lambda: self.chunks.get(
                where=where, include=["documents", "metadatas", "embeddings"]
            )
        )
        return _stored(result)

    def chunks_by_id(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        """Chunks by their ids (those that exist)."""
        if not chunk_ids:
            return {}
        result = self.chunks.get(
            ids=list(chunk_ids), include=["documents", "metadatas"]
        )
        return {
            item.chunk_id: item.chunk for item in _stored(self.committed_only(result))
        }

    def facts_of(self, doc_id: str) -> list[dict]:
        """A notice's facts (of its committed version) as the JSON records the extractor wrote.

        The manifest entry is read before the facts: a version committed then has all its facts
        stored, so the answer is that version's facts whole, or none if it was replaced since.
        """
        where = self._committed_where(doc_id)
        if where is None:
            return []
        result = self.facts.get(where=where, include=["documents"])
        return sorted(
            (json.loads(document) for document in result["documents"]),
            key=lambda f: f.get("start", 0),
        )

    def search(
        self, vector: Sequence[float], k: int, doc_ids: Iterable[str] | None = None
    ) -> list[StoredChunk]:
        """The ``k`` chunks nearest to ``vector`` (cosine), optionally only from ``doc_ids``."""
        where = None
        if doc_ids is not None:
            ids = list(doc_ids)
            if not ids:
                return []
            where = {"doc_id": ids[0]} if len(ids) == 1 else {"doc_id": {"$in": ids}}
        found: list[StoredChunk] = []
        for depth in (k, k * _OVERFETCH):
            found = self._query(vector, depth, where)
            if len(found) >= k or depth != k:
                break  # nothing left out, or the deeper query was done already
        return found[:k]

    def _query(
        self, vector: Sequence[float], n: int, where: dict[str, Any] | None
    ) -> list[StoredChunk]:
        """Chroma's ``n`` nearest chunks, those of uncommitted versions left out."""
        result = self._with_current_view(
            lambda: self.chunks.query(
                query_embeddings=[list(vector)],
                n_results=n,
                where=where,
                include=["documents", "metadatas", "distances"],
            )
        )
        # A chunk another process deleted a moment ago may still be ranked, without its record.
        rows = [
            (chunk_id, text, metadata, distance)
            for chunk_id, text, metadata, distance in zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["distances"][0],
                strict=True,
            )
            if text is not None and metadata is not None
        ]
        committed = self.committed_hashes(
            metadata["doc_id"] for _, _, metadata, _ in rows
        )
        return [
            StoredChunk(chunk_id, _chunk_from_record(text, metadata), 1.0 - distance)
            for chunk_id, text, metadata, distance in rows
            if committed.get(metadata["doc_id"]) == metadata.get("doc_hash")
        ]

    def committed_only(self, result: dict[str, Any]) -> dict[str, Any]:
        """A Chroma ``get`` result (with metadatas) without the records of uncommitted versions.

        Why: between a write's first step and its commit (or after a crash there), the store
        holds chunks and facts of a version the manifest does not name yet, and after the
        commit, until the old version is dropped, those of the version it replaced.
        """
        metadatas = result["metadatas"]
        committed = self.committed_hashes(m["doc_id"] for m in metadatas if m)
        keep = [
            i
            for i, m in enumerate(metadatas)
            if m and committed.get(m["doc_id"]) == m.get("doc_hash")
        ]
        return {
            key: [values[i] for i in keep]
            if key in _RECORD_FIELDS and values is not None
            else values
            for key, values in result.items()
        }

    def committed_vectors(self) -> tuple[list[str], list[str], np.ndarray]:
        """Every committed chunk's id, notice and vector, ordered by chunk id (for an exact search
        over a store that nobody writes meanwhile: ``qa.retrieval.exact``)."""
        result = self._with_current_view(
            lambda: self.chunks.get(include=["embeddings", "metadatas"])
        )
        result = self.committed_only(result)
        order = sorted(range(len(result["ids"])), key=result["ids"].__getitem__)
        vectors = np.asarray(result["embeddings"], dtype=np.float32)
        return (
            [result["ids"][i] for i in order],
            [result["metadatas"][i]["doc_id"] for i in order],
            vectors[order],
        )

    # ---- writing -------------------------------------------------------------------------

    def write_notices(self, writes: Sequence[NoticeWrite]) -> None:
        """Store notices (new or replacing older versions) so that a crash leaves no half of any.

        One Chroma call per step for the whole batch: the journal names every notice first, so
        ``recover`` can finish or roll back each one on its own, whatever step a crash stopped.
        """
        if not writes:
            return
        ids = [write.entry.doc_id for write in writes]
        self.pending.upsert(
            ids=ids,
            embeddings=[_NO_VECTOR] * len(writes),
            metadatas=[{"doc_hash": write.entry.content_hash} for write in writes],
        )
        self._step("journal")
        chunk_records = [
            (
                chunk_id(write.entry.content_hash, chunk),
                list(vector),
                chunk.text,
                _chunk_metadata(chunk, write.entry),
            )
            for write in writes
            for chunk, vector in zip(write.chunks, write.vectors, strict=True)
        ]
        for batch in _batches(chunk_records, self._batch):
            ids_, vectors, texts, metadatas = zip(*batch, strict=True)
            self.chunks.upsert(
                ids=list(ids_),
                embeddings=list(vectors),
                documents=list(texts),
                metadatas=list(metadatas),
            )
        self._step("chunks")
        fact_records = [
            (
                f"{write.entry.content_hash[:24]}-{number}",
                json.dumps(fact, default=str),
                write.entry,
                fact,
            )
            for write in writes
            for number, fact in enumerate(write.facts)
        ]
        for batch in _batches(fact_records, self._batch):
            self.facts.upsert(
                ids=[fact_id for fact_id, *_ in batch],
                embeddings=[_NO_VECTOR] * len(batch),
                documents=[document for _, document, _, _ in batch],
                metadatas=[
                    {
                        "doc_id": entry.doc_id,
                        "doc_hash": entry.content_hash,
                        "kind": fact.get("kind", ""),
                    }
                    for _, _, entry, fact in batch
                ],
            )
        self.notices.upsert(
            ids=ids,
            embeddings=[_NO_VECTOR] * len(writes),
            metadatas=[entry_metadata(w.entry) for w in writes],
        )
        # The commit point: readers see the new versions from here on (the old ones' records,
        # still stored until the next step, are left out of every read).
        self._next_generation()
        self._step("manifest")
        replaced = [write.entry for write in writes if write.replaces]
        if replaced:
            self._drop_other_versions(
                [e.doc_id for e in replaced], [e.content_hash for e in replaced]
            )
        self._step("dropped")
        self.pending.delete(ids=ids)

    def _step(self, step: str) -> None:
        """One journal step of a write is done: tell the hook, if a test set one."""
        if self.write_hook is not None:
            self.write_hook(step)

    def remove(self, doc_id: str) -> bool:
        """Delete a notice with its chunks and facts; False when there was no such notice."""
        if self.entry(doc_id) is None:
            return False
        self.pending.upsert(
            ids=[doc_id], embeddings=[_NO_VECTOR], metadatas=[{"doc_hash": ""}]
        )
        self._delete_all(doc_id)
        self._next_generation()
        return True

    def recover(self) -> list[str]:
        """Finish or roll back writes a killed process left half done; returns the doc ids touched."""
        result = self.pending.get(include=["metadatas"])
        for doc_id, metadata in zip(result["ids"], result["metadatas"], strict=True):
            pending_hash = metadata.get("doc_hash", "")
            committed = self.entry(doc_id)
            if not pending_hash:
                self._delete_all(doc_id)
            elif committed is not None and committed.content_hash == pending_hash:
                self._drop_other_versions([doc_id], [pending_hash])
                self.pending.delete(ids=[doc_id])
            else:
                where = {"$and": [{"doc_id": doc_id}, {"doc_hash": pending_hash}]}
                self.chunks.delete(where=where)
                self.facts.delete(where=where)
                self.pending.delete(ids=[doc_id])
        if result["ids"]:
            self._next_generation()
        return list(result["ids"])

    def _next_generation(self) -> None:
        """Mark a committed write: a counter for people, a random part for stores made anew.

        Called by writers only, which hold the store's write lock (``qa.writing``), so the
        read-then-write cannot interleave with another writer's.
        """
        current = self.generation()
        counter = int(current.split("-", 1)[0]) + 1 if current else 1
        self.meta.upsert(
            ids=[_GENERATION],
            embeddings=[_NO_VECTOR],
            metadatas=[{"value": f"{counter}-{uuid.uuid4().hex[:12]}"}],
        )

    def _delete_all(self, doc_id: str) -> None:
        self.notices.delete(ids=[doc_id])
        self.chunks.delete(where={"doc_id": doc_id})
        self.facts.delete(where={"doc_id": doc_id})
        self.pending.delete(ids=[doc_id])

    def _drop_other_versions(self, doc_ids: list[str], keep_hashes: list[str]) -> None:
        """Delete the records of these notices that belong to none of the versions kept."""
        where = {
            "$and": [{"doc_id": {"$in": doc_ids}}, {"doc_hash": {"$nin": keep_hashes}}]
        }
        self.chunks.delete(where=where)
        self.facts.delete(where=where)


def _stop(client: Any) -> None:
    """Stop an embedded client's Chroma system (its engine and files); best effort."""
    system = getattr(getattr(client, "_server", None), "_system", None)
    if system is not None:
        try:
            system.stop()
        except Exception:  # noqa: BLE001, S110 - a client already stopped needs nothing more
            pass


def _batches(records: list, size: int) -> Iterator[list]:
    for start in range(0, len(records), size):
        yield records[start : start + size]


def chunk_id(doc_hash: str, chunk: Chunk) -> str:
    """A chunk's id: a hash of its notice's content and its own place and text."""
    digest = hashlib.sha256(
        f"{doc_hash}\x00{chunk.index}\x00{chunk.text}".encode()
    ).hexdigest()
    return digest[:32]


def _chunk_metadata(chunk: Chunk, entry: ManifestEntry) -> dict[str, Any]:
    return {
        "doc_id": entry.doc_id,
        "doc_hash": entry.content_hash,
        "index": chunk.index,
        "start": chunk.start,
        "end": chunk.end,
        "heading": chunk.heading,
        "title": chunk.title,
        "shared": chunk.shared,
    }


def _stored(result: dict[str, Any]) -> list[StoredChunk]:
    """The chunks of a Chroma ``get`` result that included documents and metadatas (and their
    vectors when it included embeddings)."""
    vectors = result.get("embeddings")
    if vectors is None:
        vectors = [None] * len(result["ids"])
    return [
        StoredChunk(
            chunk_id,
            _chunk_from_record(text, metadata),
            vector=None if vector is None else np.asarray(vector, dtype=np.float32),
        )
        for chunk_id, text, metadata, vector in zip(
            result["ids"],
            result["documents"],
            result["metadatas"],
            vectors,
            strict=True,
        )
    ]


def _chunk_from_record(text: str, metadata: dict[str, Any]) -> Chunk:
    return Chunk(
        doc_id=metadata["doc_id"],
        index=int(metadata["index"]),
        text=text,
        start=int(metadata["start"]),
        end=int(metadata["end"]),
        heading=metadata.get("heading", ""),
        title=metadata.get("title", ""),
        shared=bool(metadata.get("shared", False)),
    )


def entry_metadata(entry: ManifestEntry) -> dict[str, Any]:
    """A manifest entry as Chroma metadata (flat: strings, numbers); ``entry_from_metadata`` reverses it."""
    metadata: dict[str, Any] = {
        "source": entry.source,
        "title": entry.title,
        "tickers": " ".join(entry.tickers),
        "aliases": "|".join(entry.aliases),
        "type": entry.type,
        "chunks": entry.chunks,
        "content_hash": entry.content_hash,
        "file_hash": entry.file_hash,
    }
    if entry.issuer:
        metadata["issuer"] = entry.issuer
    if entry.date:
        metadata["date"] = entry.date.isoformat()
    return metadata


def entry_from_metadata(doc_id: str, metadata: dict[str, Any]) -> ManifestEntry:
    """The manifest entry that ``entry_metadata`` flattened."""
    return ManifestEntry(
        doc_id=doc_id,
        source=metadata["source"],
        title=metadata.get("title", ""),
        issuer=metadata.get("issuer"),
        tickers=tuple(metadata.get("tickers", "").split()),
        aliases=tuple(
            alias for alias in metadata.get("aliases", "").split("|") if alias
        ),
        date=date.fromisoformat(metadata["date"]) if metadata.get("date") else None,
        type=metadata.get("type", "other"),
        chunks=int(metadata.get("chunks", 0)),
        content_hash=metadata["content_hash"],
        file_hash=metadata.get("file_hash", ""),
    )
