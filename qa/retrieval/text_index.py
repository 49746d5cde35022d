"""Lexical search (BM25) over every stored chunk, in SQLite FTS5 on disk, and the chunks' vectors
for ranking the chunks of a few notices (``nearest``).

Why on disk: the first design kept a BM25 index and a word-to-notices table in memory, built from
every chunk at the first question. Over the 24,637-release archive (175,000 chunks) that is a
minute of start-up and gigabytes of memory per process. FTS5 answers from a file in milliseconds,
costs nothing at start-up, and is brought up to date notice by notice (``sync``) from the store,
which stays the one source of truth: a Chroma server's clients each keep a local copy this way.

Rows are searched by our own terms (``qa.retrieval.text.terms``: stems, figures without
separators), written space-separated so that FTS5's tokenizer keeps them whole. (Version 5 dropped
a column of plain words and one of chunk topics that only the deleted rule answerer read.)

Why vectors here too (version 6): a question that names a company, or a filter, confines the
dense search to a few notices. Chroma's query filtered by metadata is slow on a large store (40 to
320 ms over the archive, the most for a small scope), and so was fetching those chunks' vectors
from Chroma by id to rank them (78 ms a question over 19,488 releases); read from this file, the
chunks of a scope are ranked in 9 ms for 1,000 chunks. A vector takes about 2 kB here: the
archive's file grew from 186 to 527 MB.

Why the names of notices too (version 7): ``qa.retrieval.scope`` finds the notices a question
names by looking its words up among the notices' name keys and title words; built in memory from
the manifest, that index cost 0.26 s of every new process over the archive.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ingest.records import Chunk, ManifestEntry
from ingest.store import (
    NoticeStore,
    StoredChunk,
    entry_from_metadata,
    entry_metadata,
    nearest,
)
from qa.retrieval.bm25 import idf, score
from qa.retrieval.scope import name_keys, title_words
from qa.retrieval.text import terms

_VERSION = 7  # bump when the schema or what is indexed changes: older files are rebuilt
_TABLES = ("notices", "chunks", "search", "synced", "names")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS notices (
    doc_id TEXT PRIMARY KEY, doc_hash TEXT NOT NULL, entry TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS synced (id INTEGER PRIMARY KEY CHECK (id = 1), generation TEXT);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL, doc_id TEXT NOT NULL, length INTEGER NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks (doc_id);
CREATE TABLE IF NOT EXISTS names (
    kind TEXT NOT NULL, key TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (kind, key, doc_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_by_doc ON names (doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5 (
    terms, tokenize = "unicode61 tokenchars '&.'"
);
CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_rows USING fts5vocab(main, search, 'col');
"""
_SYNC_NOTICES = 200  # notices read from the store per step of a sync
# A sync of this many notices (an index rebuilt after an upgrade changed its version, a store
# copied in) takes minutes over an archive: it shows its progress even when the caller asked for
# none (the first question of a process), rather than a silent wait.
LONG_SYNC = 1000
_MAX_PARAMETERS = 900  # doc ids passed inline; more go through a temporary table
_SCORE_HERE = 5000  # chunks in scope up to which BM25 is computed in Python (``qa.retrieval.bm25``)
# Over the whole index, terms in more rows than this share (and at least 1,000 rows) are left out
# of the query: they weigh little in BM25 and cost the most (a question of common words took
# 70 ms over 175,000 chunks).
_COMMON = 0.05


class TextIndex:
    """One store's chunks in FTS5, for BM25 search."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=60)
        self._lock = threading.Lock()
        self._stats: tuple[int, float] | None = None
        self._stats_version: int | None = (
            None  # PRAGMA data_version the stats were read at
        )
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            if self._db.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
                for table in _TABLES:
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
                self._db.execute(f"PRAGMA user_version = {_VERSION}")
            self._db.executescript(_SCHEMA)

    def sync(
        self,
        store: NoticeStore,
        manifest: dict[str, ManifestEntry],
        show_progress: bool = False,
    ) -> None:
        """Index the notices of ``manifest`` not yet indexed (or changed); drop those gone."""
        with self._lock:
            self._stats = None
            indexed = {
                doc_id: (digest, entry)
                for doc_id, digest, entry in self._db.execute(
                    "SELECT doc_id, doc_hash, entry FROM notices"
                )
            }
        wanted = {doc_id: entry.content_hash for doc_id, entry in manifest.items()}
        stale = [
            doc for doc, (digest, _) in indexed.items() if wanted.get(doc) != digest
        ]
        missing = [
            doc
            for doc, digest in wanted.items()
            if indexed.get(doc, ("",))[0] != digest
        ]
        # An entry may change with its text unchanged (its file's hash, an issuer read anew).
        changed = {
            doc: written
            for doc, entry in manifest.items()
            if indexed.get(doc, ("",))[0] == entry.content_hash
            and (written := _entry_json(entry)) != indexed[doc][1]
        }
        with self._lock, self._db:
            for doc_id in stale:
                self._drop(doc_id)
            for doc_id, written in changed.items():
                self._db.execute(
                    "UPDATE notices SET entry = ? WHERE doc_id = ?", [written, doc_id]
                )
                self._name(doc_id, manifest[doc_id])
        bar = tqdm(
            total=len(missing),
            unit="notice",
            desc="text index",
            disable=not missing or not (show_progress or len(missing) >= LONG_SYNC),
        )
        for start in range(0, len(missing), _SYNC_NOTICES):
            step = missing[start : start + _SYNC_NOTICES]
            chunks = store.chunks_of_notices([wanted[doc] for doc in step])
            rows = [_row(item) for item in chunks]
            with self._lock, self._db:
                for doc_id in step:
                    self._drop(doc_id)
                self._add(rows)
                self._db.executemany(
                    "INSERT INTO notices VALUES (?, ?, ?)",
                    [(doc, wanted[doc], _entry_json(manifest[doc])) for doc in step],
                )
                for doc_id in step:
                    self._name(doc_id, manifest[doc_id])
            bar.update(len(step))
        bar.close()

    def mark_synced(self, generation: str | None) -> None:
        """Record the store generation the index was last synced at (None: not known to be)."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO synced VALUES (1, ?)", [generation]
            )

    def manifest_if_synced(self, generation: str) -> dict[str, ManifestEntry] | None:
        """The manifest as last synced, if that was at store generation ``generation``; else None.

        Why: reading 24,600 entries from Chroma took 1.3 s of a cold ``filingqa ask``; from here,
        a tenth of that. An equal generation is the same test of change the catalog uses.
        """
        with self._lock:
            synced = self._db.execute("SELECT generation FROM synced").fetchone()
            if synced is None or synced[0] is None or synced[0] != generation:
                return None
            rows = self._db.execute("SELECT doc_id, entry FROM notices ORDER BY doc_id")
            return {
                doc_id: entry_from_metadata(doc_id, json.loads(entry))
                for doc_id, entry in rows
            }

    def named_by(self, keys: Iterable[str]) -> set[str]:
        """The notices one of whose name keys (``qa.retrieval.scope.name_keys``) is in ``keys``."""
        return self._notices_with("name", list(keys))

    def titled_with(self, word: str) -> set[str]:
        """The notices whose titles hold ``word`` (``qa.retrieval.scope.title_words``)."""
        return self._notices_with("title", [word])

    def _notices_with(self, kind: str, keys: list[str]) -> set[str]:
        if not keys:
            return set()
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT doc_id FROM names WHERE kind = ? AND key IN ("
                + ",".join("?" * len(keys))
                + ")",
                [kind, *keys],
            )
            return {doc_id for (doc_id,) in rows}

    def search(
        self, query: str, k: int, doc_ids: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """The best ``k`` chunk ids by BM25 (higher is better), only from ``doc_ids`` when given."""
        query_terms = sorted(set(terms(query)))
        if not query_terms or (doc_ids is not None and not doc_ids):
            return []
        with self._lock:
            rows, mean_length = self._statistics()
            counts = self._rows_with(query_terms)
            if doc_ids is not None:
                parameters: list = []
                scoped = self._db.execute(
                    "SELECT id, chunk_id, length FROM chunks WHERE doc_id IN "
                    + self._doc_set(doc_ids, parameters)
                    + " LIMIT ?",
                    [*parameters, _SCORE_HERE + 1],
                ).fetchall()
                if len(scoped) <= _SCORE_HERE:
                    idfs = {
                        term: idf(rows, counts.get(term, 0)) for term in query_terms
                    }
                    return self._score_here(scoped, idfs, mean_length, k)
            common = max(1000, _COMMON * rows)
            kept = [term for term in query_terms if counts.get(term, 0) <= common]
            if not kept:
                return []
            match = "terms : (" + " OR ".join(f'"{term}"' for term in kept) + ")"
            sql = (
                "SELECT chunks.chunk_id, -bm25(search) AS score FROM search"
                " JOIN chunks ON chunks.id = search.rowid WHERE search MATCH ?"
            )
            parameters = [match]
            if doc_ids is not None:
                sql += " AND chunks.doc_id IN " + self._doc_set(doc_ids, parameters)
            found = self._db.execute(
                sql + " ORDER BY score DESC LIMIT ?", [*parameters, k]
            ).fetchall()
        return [(chunk_id, float(score)) for chunk_id, score in found]

    def _score_here(
        self,
        scoped: list[tuple[int, str, int]],
        idfs: dict[str, float],
        mean_length: float,
        k: int,
    ) -> list[tuple[str, float]]:
        """BM25 of a few rows computed in Python (``qa.retrieval.bm25``), best ``k`` with a positive score."""
        texts = dict(
            self._db.execute(
                "SELECT rowid, terms FROM search WHERE rowid IN ("
                + ",".join(str(row_id) for row_id, _, _ in scoped)
                + ")"
            )
        )
        scored = []
        for row_id, chunk_id, length in scoped:
            counts = Counter(texts.get(row_id, "").split())
            value = score(counts, length, idfs, mean_length)
            if any(counts[term] for term in idfs):
                scored.append((chunk_id, value))
        scored.sort(key=lambda pair: -pair[1])
        return scored[:k]

    def _statistics(self) -> tuple[int, float]:
        """Rows and their mean length in terms, as BM25 needs them.

        Kept until the file changes: the index file is shared by every process that opens the
        store (a CLI ingest syncs it while the UI serves), so a sync here is not the only change;
        SQLite's ``data_version`` moves whenever another connection commits.
        """
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._stats is None or self._stats_version != version:
            rows, total = self._db.execute(
                "SELECT count(*), coalesce(sum(length), 0) FROM chunks"
            ).fetchone()
            self._stats = (rows, total / rows if rows else 1.0)
            self._stats_version = version
        return self._stats

    def _rows_with(self, query_terms: list[str]) -> dict[str, int]:
        """How many rows hold each term."""
        return dict(
            self._db.execute(
                "SELECT term, doc FROM temp.term_rows WHERE col = 'terms' AND term IN ("
                + ",".join("?" * len(query_terms))
                + ")",
                query_terms,
            )
        )

    def nearest(
        self, vector: Sequence[float], k: int, doc_ids: Iterable[str], limit: int
    ) -> list[tuple[str, float]] | None:
        """The ``k`` chunks of these notices nearest to ``vector`` (cosine), best first, with
        their cosines; None when the notices hold more than ``limit`` chunks (Chroma's own index
        is then the faster way). Read in chunk id order, so that ties rank alike everywhere."""
        with self._lock:
            parameters: list = []
            sql = (
                "SELECT chunk_id, vector FROM chunks WHERE doc_id IN "
                + self._doc_set(doc_ids, parameters)
                + " ORDER BY chunk_id LIMIT ?"
            )
            rows = self._db.execute(sql, [*parameters, limit + 1]).fetchall()
        if len(rows) > limit:
            return None
        if not rows:
            return []
        vectors = np.frombuffer(b"".join(blob for _, blob in rows), dtype=np.float32)
        return nearest(
            [chunk_id for chunk_id, _ in rows],
            vectors.reshape(len(rows), -1),
            vector,
            k,
        )

    def _doc_set(self, doc_ids: Iterable[str], parameters: list) -> str:
        """SQL for a set of doc ids: inline parameters, or a temporary table when there are many."""
        doc_ids = list(doc_ids)
        if len(doc_ids) <= _MAX_PARAMETERS:
            parameters += doc_ids
            return "(" + ",".join("?" * len(doc_ids)) + ")"
        self._db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS allowed (doc_id TEXT PRIMARY KEY)"
        )
        self._db.execute("DELETE FROM allowed")
        self._db.executemany("INSERT INTO allowed VALUES (?)", [(d,) for d in doc_ids])
        return "(SELECT doc_id FROM allowed)"

    def _drop(self, doc_id: str) -> None:
        self._db.execute(
            "DELETE FROM search WHERE rowid IN (SELECT id FROM chunks WHERE doc_id = ?)",
            [doc_id],
        )
        self._db.execute("DELETE FROM chunks WHERE doc_id = ?", [doc_id])
        self._db.execute("DELETE FROM notices WHERE doc_id = ?", [doc_id])
        self._db.execute("DELETE FROM names WHERE doc_id = ?", [doc_id])

    def _name(self, doc_id: str, entry: ManifestEntry) -> None:
        """Index the names and title words a question may call the notice by."""
        self._db.execute("DELETE FROM names WHERE doc_id = ?", [doc_id])
        self._db.executemany(
            "INSERT INTO names VALUES (?, ?, ?)",
            [("name", key, doc_id) for key in name_keys(entry)]
            + [("title", word, doc_id) for word in title_words(entry)],
        )

    def _add(self, rows: list[tuple[str, str, str, bytes]]) -> None:
        for chunk_id, doc_id, chunk_terms, vector in rows:
            cursor = self._db.execute(
                "INSERT INTO chunks (chunk_id, doc_id, length, vector) VALUES (?, ?, ?, ?)",
                [chunk_id, doc_id, len(chunk_terms.split()), vector],
            )
            self._db.execute(
                "INSERT INTO search (rowid, terms) VALUES (?, ?)",
                [cursor.lastrowid, chunk_terms],
            )


def _entry_json(entry: ManifestEntry) -> str:
    return json.dumps(entry_metadata(entry), sort_keys=True)


def _row(item: StoredChunk) -> tuple[str, str, str, bytes]:
    chunk: Chunk = item.chunk
    if item.vector is None:
        raise ValueError(f"chunk {item.chunk_id} was read without its vector")
    return (
        item.chunk_id,
        chunk.doc_id,
        " ".join(terms(chunk.context_text)) or "_",
        np.asarray(item.vector, dtype=np.float32).tobytes(),
    )
