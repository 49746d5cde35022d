"""The ingest pipeline: files in, notices stored, a report of what happened to each file out."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ingest.boilerplate import RecurringText
from ingest.chunking import count_truncated, iter_chunks
from ingest.embedding import Embedder
from ingest.errors import SkipFile, failure_reason
from ingest.facts import extract_facts
from ingest.files import expand
from ingest.loaders import SUPPORTED_SUFFIXES, load_bytes, read_file
from ingest.metadata import extract_metadata
from ingest.normalize import normalize
from ingest.records import IngestReport, ManifestEntry
from ingest.repetition import DEFAULT_LIMIT, Distinct, distinct_chunks, facts_text
from ingest.store import NoticeStore, chunk_id
from ingest.writer import GroupWriter, Prepared

# Bump when normalizing, metadata, chunking or fact extraction changes what a file becomes: every
# file's fingerprint changes with it, so the next ingest re-processes files it would otherwise skip.
# 2: issuers without the role before them ("Board of Directors of X" is X).
# 3: table headers (periods' lengths, split date captions, units) and cell scales, tab-laid
# bulleted lists, pence and cents, issuers after a dateline's date, "Source: URL" as no title.
# 4: issuers labelled ("Company Name: X") or written in capitals ("PLOVER CORPORATION"), none read
# from a clause before "the Company" or with the title run into it, aliases defined after any
# writing of the issuer's name.
# 5: split ratios written in words up to ninety ("one-for-fifty").
PIPELINE_VERSION = "5"
_ID_CHARS = (
    60  # longest doc id made from a file name (before a hash that makes it unique)
)
_GROUP = 32  # notices whose chunks are embedded in one call (sorted by tokens together)


@dataclass(frozen=True)
class IngestOptions:
    """Limits and sizes for one run; the product fills them from its settings."""

    max_bytes: int = 20_000_000
    target_tokens: int = 200
    show_progress: bool = True
    max_chunks: int = (
        DEFAULT_LIMIT  # distinct chunks kept of one notice (ingest.repetition)
    )


def ingest_paths(
    paths: Iterable[Path],
    store: NoticeStore,
    embedder: Embedder,
    options: IngestOptions = IngestOptions(),
) -> IngestReport:
    """Ingest files and folders (recursively); every file ends added, replaced, unchanged or skipped."""
    report = IngestReport()
    files = list(expand(paths, report.skipped))
    inputs = (
        _Input(
            str(path.resolve()), lambda path=path: read_file(path, options.max_bytes)
        )
        for path in files
    )
    return _run(inputs, len(files), store, embedder, options, report)


def ingest_bytes(
    name: str,
    data: bytes,
    store: NoticeStore,
    embedder: Embedder,
    options: IngestOptions = IngestOptions(),
) -> IngestReport:
    """Ingest one uploaded file, known by its base name and its bytes (the name is never a path).

    Its source is ``upload_source(name, data)``: the name plus a short hash of the bytes. The same
    bytes uploaded again are "unchanged"; a different file that happens to share the name is a new
    notice, never a replacement of the one stored (an upload's name says nothing of identity).
    """
    name = Path(name.replace("\\", "/")).name or "upload"
    legacy = name  # uploads stored before the hash was added to the source
    return _run(
        iter([_Input(upload_source(name, data), lambda: data, name, legacy)]),
        1,
        store,
        embedder,
        options,
        IngestReport(),
    )


def upload_source(name: str, data: bytes) -> str:
    """An upload's source: its base name, then the first 12 hex digits of its bytes' SHA-256."""
    return f"{name} [sha256:{hashlib.sha256(data).hexdigest()[:12]}]"


@dataclass(frozen=True)
class _Input:
    """One file to ingest: its source (the manifest key), how to read it, and the name to read it by.

    ``name`` chooses the reader by its suffix and the doc id by its stem, and names the file in
    skip reasons, as its user knows it (default: the source); ``legacy`` is an older source of the same upload, whose identical bytes count as unchanged.
    """

    source: str
    read: Callable[[], bytes]
    name: str = ""
    legacy: str | None = None


def fingerprint(data: bytes) -> str:
    """Identity of a file's bytes under this pipeline version: equal means nothing to redo."""
    return hashlib.sha256(PIPELINE_VERSION.encode() + b"\x00" + data).hexdigest()


@dataclass
class _Known:
    """What this run knows of the store, kept current as notices are prepared.

    Prepared notices count as stored at once: a later file of the same text is a twin, and doc ids
    stay unique, even before the background writer has stored the first.
    """

    manifest: dict[str, ManifestEntry]
    by_source: dict[str, ManifestEntry] = field(default_factory=dict)
    by_content: dict[str, str] = field(default_factory=dict)
    recurring: RecurringText = field(default_factory=RecurringText)

    def __post_init__(self) -> None:
        for entry in self.manifest.values():
            self.add(entry)

    def add(self, entry: ManifestEntry) -> None:
        self.manifest[entry.doc_id] = entry
        self.by_source[entry.source] = entry
        self.by_content[entry.content_hash] = entry.doc_id


def _run(inputs, total, store, embedder, options, report) -> IngestReport:
    store.recover()
    known = _Known(store.manifest())
    group: list[Prepared] = []
    with (
        tqdm(
            total=total, unit="file", desc="ingest", disable=not options.show_progress
        ) as bar,
        GroupWriter(store, embedder, report) as writer,
    ):
        for item in inputs:
            try:
                prepared = _prepare(item, item.read(), options, embedder, known)
            except SkipFile as reason:
                report.skipped.append((item.name or item.source, str(reason)))
                prepared = None
            except Exception as error:  # noqa: BLE001 - one bad file never ends the run
                report.skipped.append(
                    (
                        item.name or item.source,
                        f"could not be read ({failure_reason(error)})",
                    )
                )
                prepared = None
            if prepared == "unchanged":
                report.unchanged.append(item.source)
            elif prepared is not None:
                if prepared.shortened:
                    report.shortened.append(
                        (item.name or item.source, prepared.shortened)
                    )
                group.append(prepared)
                known.add(prepared.entry)
            if len(group) >= _GROUP:
                writer.submit(group)
                group = []
            bar.update(1)
        writer.submit(group)
    return report


def _prepare(
    item: _Input, data: bytes, options: IngestOptions, embedder: Embedder, known: _Known
) -> Prepared | str:
    """Everything short of embedding; "unchanged" when the file's fingerprint is already stored."""
    source, name = item.source, item.name or item.source
    file_print = fingerprint(data)
    existing = known.by_source.get(source)
    if existing and existing.file_hash == file_print:
        return "unchanged"
    earlier = known.by_source.get(item.legacy) if item.legacy else None
    if earlier and earlier.file_hash == file_print:
        return "unchanged"
    loaded = load_bytes(name, data, options.max_bytes)
    text = normalize(loaded.text)
    if not text:
        raise SkipFile("no text in the file")
    content_hash = hashlib.sha256(f"{PIPELINE_VERSION}\x00{text}".encode()).hexdigest()
    twin = known.by_content.get(content_hash)
    if twin and (existing is None or twin != existing.doc_id):
        raise SkipFile(f"same text as the stored notice {twin}")
    meta = extract_metadata(text, loaded.format_title)
    doc_id = existing.doc_id if existing else _new_doc_id(name, source, known.manifest)
    distinct = distinct_chunks(
        iter_chunks(
            doc_id,
            text,
            meta.title,
            embedder.count_tokens,
            max_tokens=embedder.max_tokens,
            target_tokens=options.target_tokens,
        ),
        options.max_chunks,
    )
    chunks = known.recurring.mark(doc_id, distinct.chunks)
    entry = ManifestEntry(
        doc_id=doc_id,
        source=source,
        title=meta.title,
        issuer=meta.issuer,
        tickers=meta.tickers,
        date=meta.date,
        type=meta.type,
        chunks=len(chunks),
        content_hash=content_hash,
        file_hash=file_print,
        aliases=meta.aliases,
    )
    facts = [
        {
            **fact.to_record(),
            "doc_id": doc_id,
            "chunk_id": chunk_id(content_hash, chunks[fact.chunk_index]),
        }
        for fact in extract_facts(facts_text(text, chunks), chunks)
    ]
    truncated = count_truncated(chunks, embedder.count_tokens, embedder.max_tokens)
    return Prepared(
        entry,
        chunks,
        facts,
        replaces=existing is not None,
        truncated=truncated,
        shortened=_shortened(distinct, options.max_chunks),
    )


def _shortened(distinct: Distinct, limit: int) -> str:
    """What of a notice's text was left out, in words for the report ("" for nothing)."""
    notes = []
    if distinct.collapsed:
        notes.append(f"{distinct.collapsed} repeated passages stored once")
    if distinct.truncated:
        notes.append(f"text past its first {limit:,} passages left out")
    return "; ".join(notes)


def id_slug(stem: str) -> str:
    """A file stem as an id: lowercase, safe characters, and when too long cut where a word ends
    (an id read "...reverse-stock-spli" when cut at a fixed length); a single word longer than
    the limit is the only thing ever cut inside."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", stem.lower())
    if len(slug) > _ID_CHARS:
        cut = max(slug.rfind(separator, 0, _ID_CHARS + 1) for separator in "-._")
        slug = slug[: cut if cut > 0 else _ID_CHARS]
    return slug.strip("-._") or "notice"


def _new_doc_id(name: str, source: str, manifest: dict[str, ManifestEntry]) -> str:
    """A readable id from the file name, made unique with a hash of the source when taken."""
    slug = id_slug(Path(name).stem)
    slug = slug if len(slug) >= 3 else f"notice-{slug}"
    if slug not in manifest:
        return slug
    return f"{slug}-{hashlib.sha1(source.encode()).hexdigest()[:8]}"


__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestOptions",
    "fingerprint",
    "ingest_bytes",
    "ingest_paths",
    "upload_source",
]
