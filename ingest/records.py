"""The plain records that flow through the ingest pipeline and live in the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

NOTICE_TYPES = (
    "offering",
    "third-party allotment",
    "private placement",
    "split or consolidation",
    "dividend",
    "buyback",
    "convertible",
    "other",
)


@dataclass(frozen=True)
class LoadedFile:
    """What a loader read from one file: the text and whatever the format itself says of it."""

    source: str
    text: str
    format_title: str | None = None


@dataclass(frozen=True)
class NoticeMeta:
    """Facts about a notice as a whole, extracted by rules; what the text does not state is None."""

    title: str
    issuer: str | None = None
    tickers: tuple[str, ...] = ()
    date: date | None = None
    type: str = "other"
    aliases: tuple[
        str, ...
    ] = ()  # short names the notice defines for its issuer ("IIJ")


@dataclass(frozen=True)
class Chunk:
    """A contiguous piece of a notice: ``text == notice_text[start:end]``."""

    doc_id: str
    index: int
    text: str
    start: int
    end: int
    heading: str
    title: str
    # Boilerplate: the same heading and text is in another notice (an "About" paragraph, a
    # safe-harbour statement). It is embedded without the notice title, so that every copy
    # shares one vector (see ``ingest.boilerplate``).
    shared: bool = False

    @property
    def context_text(self) -> str:
        """The chunk in its context: notice title, section heading (unless the text starts with it), text."""
        first_line = self.text.split("\n", 1)[0]
        if (
            self.heading
            and self.heading != self.title
            and self.heading not in first_line
        ):
            return f"{self.title}\n{self.heading}\n{self.text}"
        return f"{self.title}\n{self.text}"

    @property
    def embedding_text(self) -> str:
        """The text the model sees: the context text, less the title when the chunk is shared."""
        context = self.context_text
        return context[len(self.title) + 1 :] if self.shared else context


@dataclass(frozen=True)
class ManifestEntry:
    """One stored notice, as listed by ``filingqa documents``."""

    doc_id: str
    source: str
    title: str
    issuer: str | None
    tickers: tuple[str, ...]
    date: date | None
    type: str
    chunks: int
    content_hash: str
    file_hash: str
    aliases: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """The ``documents --json`` contract."""
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "issuer": self.issuer,
            "tickers": list(self.tickers),
            "date": self.date.isoformat() if self.date else None,
            "type": self.type,
            "chunks": self.chunks,
        }


@dataclass
class IngestReport:
    """What an ingest run did, file by file."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_truncated: int = 0
    chunks_shared: int = 0  # of chunks_embedded: given the vector of an identical text
    # Notices stored with repeated passages collapsed or text past the chunk limit left out.
    shortened: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line of counts, then one line per skipped file with its reason."""
        shared = (
            f", {self.chunks_shared} of them recurring text embedded once"
            if self.chunks_shared
            else ""
        )
        counts = (
            f"added {len(self.added)}, replaced {len(self.replaced)}, "
            f"unchanged {len(self.unchanged)}, skipped {len(self.skipped)} "
            f"({self.chunks_embedded} chunks embedded{shared}, {self.chunks_truncated} truncated)"
        )
        lines = [counts]
        lines += [f"  skipped {source}: {reason}" for source, reason in self.skipped]
        lines += [f"  shortened {source}: {note}" for source, note in self.shortened]
        return "\n".join(lines)
