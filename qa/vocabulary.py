"""Which notices use a word: the words of every stored passage, by notice, for telling whether a
name in a question (a company, a lender, a program) is one any ingested notice mentions."""

from __future__ import annotations

import re
import threading

from qa.catalog import Catalog

_WORD = re.compile(r"[a-z][a-z0-9&]*")


class Vocabulary:
    """Lowercased words of each notice's passages (title and names included), rebuilt when the store changes."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._source: object | None = None
        self._docs_of: dict[str, set[str]] = {}
        self._topics: dict[str, dict[str, str]] = {}

    def docs_with(self, word: str) -> set[str]:
        """The notices whose text uses ``word`` (lowercase)."""
        self._refresh()
        return self._docs_of.get(word.lower(), set())

    def topics(self, doc_id: str) -> dict[str, str]:
        """Each chunk of a notice: its title and section heading, what its facts are about."""
        self._refresh()
        return self._topics.get(doc_id, {})

    def _refresh(self) -> None:
        lexical = self.catalog.lexical
        with self._lock:
            if self._source is lexical:
                return
            docs_of: dict[str, set[str]] = {}
            topics: dict[str, dict[str, str]] = {}
            for item in lexical.chunks:
                chunk = item.chunk
                topics.setdefault(chunk.doc_id, {})[item.chunk_id] = (
                    f"{chunk.title} {chunk.heading or ''}"
                )
                for word in set(_WORD.findall(f"{chunk.title} {chunk.text}".lower())):
                    docs_of.setdefault(word, set()).add(chunk.doc_id)
            for doc_id, entry in self.catalog.manifest.items():
                names = " ".join(
                    [entry.title, entry.issuer or "", *entry.tickers, *entry.aliases]
                ).lower()
                for word in set(_WORD.findall(names)):
                    docs_of.setdefault(word, set()).add(doc_id)
            self._docs_of = docs_of
            self._topics = topics
            self._source = lexical
