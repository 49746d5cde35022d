"""The names of a few made-up notices, looked up as the text index looks them up.

Why in memory: the scope tests read fictional manifest entries that no store holds; the text
index's own lookup of the same keys is tested over a real store (``test_text_index``).
"""

from collections.abc import Iterable

from ingest.records import ManifestEntry
from qa.retrieval.scope import name_keys, title_words


class ManifestNames:
    """``qa.retrieval.scope.NoticeNames`` over a manifest held in memory."""

    def __init__(self, manifest: dict[str, ManifestEntry]) -> None:
        self.names = {doc_id: name_keys(entry) for doc_id, entry in manifest.items()}
        self.titles = {doc_id: title_words(entry) for doc_id, entry in manifest.items()}

    def named_by(self, keys: Iterable[str]) -> set[str]:
        wanted = set(keys)
        return {doc_id for doc_id, found in self.names.items() if found & wanted}

    def titled_with(self, word: str) -> set[str]:
        return {doc_id for doc_id, words in self.titles.items() if word in words}
