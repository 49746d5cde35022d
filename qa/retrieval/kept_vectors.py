"""Vectors of texts kept on disk, by the model that embedded them and the text.

Why: answering reads each candidate of a notice in its context (``reader.marked``), about 114
texts a notice, and every new process (each ``filingqa ask``) embedded them again: a cold answer
about a long release over the bank's store took 6.4 to 7.0 s, and 4.2 to 4.6 s with its
notices' vectors kept. Keyed by a digest of the embedding model, its backend and the text, the
file is never stale: ingesting, replacing or deleting a notice needs nothing from it (a text no
longer read only takes its 1.5 kB). Vectors are kept as the embedder gave them (float32), so a
kept vector scores as a fresh one does. Keeping is best-effort: a file that cannot be opened or
written leaves answering as it was, only slower, and says so once in the log.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
)
# Keys looked up per query (SQLite's limit is 999 on older builds).
_MAX_PARAMETERS = 900


class KeptVectors:
    """A SQLite file of vectors by (model, text) digest, shared by every process on the store."""

    def __init__(self, path: Path, model: str) -> None:
        self.path, self.model = path, model
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
            with self._db:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            self._give_up(error)

    def vectors(
        self, texts: Sequence[str], embed: Callable[[list[str]], np.ndarray]
    ) -> np.ndarray:
        """One row per text: kept ones read, the others embedded by ``embed`` and kept."""
        if not texts:
            return embed([])
        keys = [self._key(text) for text in texts]
        found = self._read(keys)
        missing = [i for i, key in enumerate(keys) if key not in found]
        if missing:
            fresh = embed([texts[i] for i in missing])
            for i, row in zip(missing, fresh, strict=True):
                found[keys[i]] = row
            self._write([(keys[i], found[keys[i]]) for i in missing])
        return np.vstack([found[key] for key in keys])

    def _key(self, text: str) -> bytes:
        return hashlib.blake2b(
            f"{self.model}\x00{text}".encode(), digest_size=16
        ).digest()

    def _read(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            if self._db is None:
                return found
            try:
                for start in range(0, len(keys), _MAX_PARAMETERS):
                    part = keys[start : start + _MAX_PARAMETERS]
                    marks = ",".join("?" * len(part))
                    for key, blob in self._db.execute(
                        f"SELECT key, vector FROM vectors WHERE key IN ({marks})", part
                    ):
                        found[key] = np.frombuffer(blob, dtype=np.float32)
            except sqlite3.Error as error:
                self._give_up(error)
                return {}
        return found

    def _write(self, rows: list[tuple[bytes, np.ndarray]]) -> None:
        with self._lock:
            if self._db is None:
                return
            try:
                with self._db:
                    self._db.executemany(
                        "INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)",
                        [
                            (key, np.asarray(v, dtype=np.float32).tobytes())
                            for key, v in rows
                        ],
                    )
            except sqlite3.Error as error:
                self._give_up(error)

    def _give_up(self, error: Exception) -> None:
        """Close and stop keeping; the caller holds the lock (or is the constructor)."""
        log.warning("answer vectors are not kept in %s: %s", self.path, error)
        if self._db is not None:
            self._db.close()
        self._db = None
