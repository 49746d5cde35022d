"""The notices panel's logic: the manifest as rows and choices, uploads in, filters out.

Kept apart from the layout so each piece is a plain function of the product object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ingest.records import NOTICE_TYPES, IngestReport, ManifestEntry
from qa.render import escape_markdown
from qa.retrieval.filters import Filters

HEADERS = ["Title", "Issuer", "Date", "Type", "Chunks", "ID"]
UPLOAD_TYPES = (".txt", ".md", ".html", ".htm", ".pdf")
ALL = ""  # the "no restriction" value of the filter dropdowns

Progress = Callable[..., object]
_GONE = "the uploaded copy is no longer on the server (expired or cleaned up); upload the file again"


def rows(entries: Iterable[ManifestEntry]) -> list[list[str | int]]:
    """One table row per notice, newest first (the order people look for a notice in)."""
    ordered = sorted(
        entries,
        key=lambda e: (e.date.isoformat() if e.date else "", e.title),
        reverse=True,
    )
    return [
        [
            e.title,
            e.issuer or "",
            e.date.isoformat() if e.date else "",
            e.type,
            e.chunks,
            e.doc_id,
        ]
        for e in ordered
    ]


def notice_choices(entries: Iterable[ManifestEntry]) -> list[tuple[str, str]]:
    """(label, doc id) pairs for pickers: the label says which notice, the id is what is acted on."""
    return sorted(
        ((f"{e.title} ({e.doc_id})", e.doc_id) for e in entries),
        key=lambda c: c[0].casefold(),
    )


def issuer_choices(entries: Iterable[ManifestEntry]) -> list[tuple[str, str]]:
    """The issuers present, after an "All issuers" entry."""
    issuers = sorted({e.issuer for e in entries if e.issuer}, key=str.casefold)
    return [("All issuers", ALL), *((issuer, issuer) for issuer in issuers)]


def type_choices() -> list[tuple[str, str]]:
    """Every notice type the ingest pipeline assigns, after an "All types" entry."""
    return [("All types", ALL), *((kind, kind) for kind in NOTICE_TYPES)]


def filters_of(issuer: str | None, kind: str | None) -> Filters | None:
    """The chat's filter dropdowns as ``Filters``; None when nothing is restricted."""
    filters = Filters(issuer=issuer or None, type=kind or None)
    return None if filters.empty else filters


def upload_note(max_file_mb: float) -> str:
    """The upload rules, stated where people upload."""
    return (
        f"Add notices: {' '.join(UPLOAD_TYPES)} files, up to {max_file_mb:g} MB each."
    )


def ingest_each(qa, paths: Sequence[str] | None) -> Iterator[tuple[str, IngestReport]]:
    """Ingest files Gradio saved to its temp folder, one by one, yielding each file's report.

    Only base names reach the product; the bytes are read from Gradio's own temp file (never
    from a user-named path), and a file over the size limit is reported without being read. A
    temp file that is gone (Gradio's cache cleaner, a restarted server) is reported as skipped
    with what to do, never raised.
    """
    limit = int(qa.settings.max_file_mb * 1_000_000)
    for path in paths or []:
        name = Path(path).name
        try:
            size = Path(path).stat().st_size
        except OSError:
            yield name, IngestReport(skipped=[(name, _GONE)])
            continue
        if size > limit:
            reason = f"too large ({size / 1e6:.1f} MB; the limit is {qa.settings.max_file_mb:g} MB)"
            yield name, IngestReport(skipped=[(name, reason)])
            continue
        try:
            data = Path(path).read_bytes()
        except OSError:
            yield name, IngestReport(skipped=[(name, _GONE)])
            continue
        yield name, qa.ingest_upload(name, data)


def ingest_uploads(
    qa, paths: Sequence[str] | None, progress: Progress | None = None
) -> IngestReport:
    """All the uploaded files' reports merged into one (the ``/upload`` API's summary)."""
    report = IngestReport()
    paths = list(paths or [])
    for done, (_, part) in enumerate(ingest_each(qa, paths)):
        if progress is not None:
            progress((done + 1, len(paths)), desc="Ingesting")
        _merge(report, part)
    return report


def report_markdown(report: IngestReport) -> str:
    """``IngestReport.summary()`` as Markdown; file names come from users, so they are escaped."""
    if not (report.added or report.replaced or report.unchanged or report.skipped):
        return "No file received."
    return "  \n".join(
        escape_markdown(line.strip()) for line in report.summary().splitlines()
    )


def remove_markdown(qa, doc_id: str | None) -> str:
    """Remove a notice and say what happened."""
    if not doc_id:
        return "Pick a notice to remove."
    if qa.remove(doc_id):
        return f"Removed {escape_markdown(doc_id)}."
    return f"No notice with id {escape_markdown(doc_id)}."


def _merge(total: IngestReport, part: IngestReport) -> None:
    total.added += part.added
    total.replaced += part.replaced
    total.unchanged += part.unchanged
    total.skipped += part.skipped
    total.chunks_embedded += part.chunks_embedded
    total.chunks_truncated += part.chunks_truncated
    total.chunks_shared += part.chunks_shared
