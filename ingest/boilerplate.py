"""Boilerplate: chunk texts that recur across notices, embedded once and shared by every copy.

Why: releases repeat whole paragraphs ("About X", safe-harbour statements, contact blocks).
Measured on the 24,637-release archive, chunk texts (heading and body, title aside) that another
release already has are 10.4% of all tokens embedded. A recurring chunk is still stored with its
own notice, so answers and citations keep it; only its vector is shared. It is embedded without
its notice's title, because the same paragraph belongs equally to every notice that has it.

Recurrence is known only once a second notice has the text: the first copy keeps its title and its
own vector; the second is embedded once, title-free, and every later copy reuses that vector.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import replace

import numpy as np

from ingest.embedding import Embedder
from ingest.records import Chunk


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


class RecurringText:
    """Which notice first had each chunk text in this run; marks the copies in other notices shared."""

    def __init__(self) -> None:
        self._first_notice: dict[bytes, str] = {}

    def mark(self, doc_id: str, chunks: list[Chunk]) -> list[Chunk]:
        """``chunks`` with those whose heading and text another notice had first marked shared."""
        marked = []
        for chunk in chunks:
            first = self._first_notice.setdefault(
                _key(f"{chunk.heading}\n{chunk.text}"), doc_id
            )
            marked.append(replace(chunk, shared=True) if first != doc_id else chunk)
        return marked


class SharedVectors:
    """Embeds chunks, each distinct text once; shared texts' vectors are kept for later groups.

    Kept: the ``limit`` most recently used shared vectors, as float32 arrays (1.6 KB each for
    384 dimensions; as Python lists of floats they took 12 KB, 600 MB at the limit).
    """

    def __init__(self, embedder: Embedder, limit: int = 50_000) -> None:
        self.embedder = embedder
        self.limit = limit
        self._vectors: OrderedDict[bytes, np.ndarray] = OrderedDict()

    def embed(self, chunks: list[Chunk]) -> tuple[list[list[float]], int]:
        """A vector per chunk, in order, and how many chunks got a vector embedded for another."""
        vectors: list[list[float] | None] = [None] * len(chunks)
        to_embed: dict[str, list[int]] = {}
        for position, chunk in enumerate(chunks):
            text = chunk.embedding_text
            known = self._vectors.get(_key(text)) if chunk.shared else None
            if known is None:
                to_embed.setdefault(text, []).append(position)
            else:
                self._vectors.move_to_end(_key(text))
                vectors[position] = known.tolist()
        fresh = self.embedder.embed_documents(list(to_embed))
        for (text, positions), vector in zip(to_embed.items(), fresh, strict=True):
            for position in positions:
                vectors[position] = vector
            if chunks[positions[0]].shared:
                self._keep(_key(text), vector)
        return vectors, len(chunks) - len(fresh)

    def _keep(self, key: bytes, vector: list[float]) -> None:
        self._vectors[key] = np.asarray(vector, dtype=np.float32)
        if len(self._vectors) > self.limit:
            self._vectors.popitem(last=False)
