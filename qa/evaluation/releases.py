"""Which stored notices are releases of one issuer, so that the judge can accept an answer cited
from a sibling release of the notice a question was written over.

The press-release archive holds several releases of many companies, and they repeat facts: the
chief executive's name, the ticker, last quarter's cash. A question written over one release
("Who is Alder's chairman and CEO?") is answered right by the same name cited from another
release of Alder Maritime Corp. Counting that wrong made the eval report right
answers as wrong figures stated, and taught the decision to doubt them. A value cited from a
notice of another issuer (a roundup naming five companies, an unrelated release that happens to
write "$100 million") stays wrong: the issuer must be the one ingest read for both notices, as
written (case and spacing aside), not merely a shared ticker, which a roundup lists for every
company it mentions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.records import ManifestEntry
from qa.reader.words import plain


def issuer_key(issuer: str | None) -> str:
    """An issuer's name as compared: case, spacing and a final full stop aside; "" for none."""
    return plain(issuer or "").rstrip(".")


def _names(entry: ManifestEntry) -> set[str]:
    """How an eval case may name a notice: its doc id, its file's name or stem."""
    source = Path(entry.source)
    return {entry.doc_id.casefold(), source.name.casefold(), source.stem.casefold()}


@dataclass(frozen=True)
class Releases:
    """Each stored notice's issuer key, and the doc id each name of a notice stands for."""

    issuer_of: dict[str, str]
    doc_of: dict[str, str]

    @classmethod
    def of(cls, entries: Iterable[ManifestEntry]) -> Releases:
        """The releases of the notices ``entries`` lists (``FilingQA.documents()``)."""
        issuer_of, doc_of = {}, {}
        for entry in entries:
            issuer_of[entry.doc_id] = issuer_key(entry.issuer)
            for name in _names(entry):
                doc_of[name] = entry.doc_id
        return cls(issuer_of, doc_of)

    def same_issuer(self, wanted: str, doc_id: str) -> bool:
        """Whether ``doc_id`` is a release of the issuer of the notice ``wanted`` names (its doc
        id, file name or stem); False when either notice has no issuer or is not stored."""
        wanted_id = self.doc_of.get(wanted.casefold(), wanted)
        issuer = self.issuer_of.get(wanted_id, "")
        return bool(issuer) and self.issuer_of.get(doc_id) == issuer
