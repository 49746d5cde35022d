"""Which notices use a word, for telling whether a name in a question (a company, a lender, a
program) is one any ingested notice mentions; and the topics of a notice's chunks."""

from __future__ import annotations

import threading

from ingest.records import ManifestEntry
from qa.catalog import Catalog
from qa.text_index import words


class Vocabulary:
    """Words of each notice's passages (from the text index) and of its names (from the manifest)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._manifest: dict[str, ManifestEntry] | None = None
        self._named: dict[str, set[str]] = {}

    def docs_with(self, word: str) -> set[str]:
        """The notices whose text or names (title, issuer, tickers, aliases) use ``word``."""
        word = word.lower()
        return self.catalog.index.docs_with(word) | self._names().get(word, set())

    def topics(self, doc_id: str) -> dict[str, str]:
        """Each chunk of a notice: its title and section heading, what its facts are about."""
        return self.catalog.index.topics(doc_id)

    def _names(self) -> dict[str, set[str]]:
        """Word to notices, over the manifest's names; rebuilt when the manifest changes."""
        manifest = self.catalog.manifest
        with self._lock:
            if self._manifest is not manifest:
                named: dict[str, set[str]] = {}
                for doc_id, entry in manifest.items():
                    names = " ".join(
                        [
                            entry.title,
                            entry.issuer or "",
                            *entry.tickers,
                            *entry.aliases,
                        ]
                    )
                    for word in words(names):
                        named.setdefault(word, set()).add(doc_id)
                self._named, self._manifest = named, manifest
            return self._named
