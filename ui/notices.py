"""The notices panel's logic: the manifest listed (searched, filtered, ordered) and as choices,
uploads in, removals named, the chat's filters out.

Kept apart from the layout so each piece is a plain function of the product object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from ingest.records import NOTICE_TYPES, IngestReport, ManifestEntry
from qa.render import escape_markdown
from qa.retrieval.filters import Filters

UPLOAD_TYPES = (".txt", ".md", ".html", ".htm", ".pdf")
ALL = ""  # the "no restriction" value of the filter dropdowns

Progress = Callable[..., object]
_GONE = "the uploaded copy is no longer on the server (expired or cleaned up); upload the file again"


def _newest(entry: ManifestEntry) -> tuple:
    """Sort key, reversed for newest first: dated notices by date, then undated ones."""
    return (entry.date is not None, entry.date or date.min, entry.title.casefold())


# How the notices list can be ordered; undated notices come last in both date orders.
SORTS: dict[str, Callable[[list[ManifestEntry]], list[ManifestEntry]]] = {
    "Newest first": lambda es: sorted(es, key=_newest, reverse=True),
    "Oldest first": lambda es: sorted(
        es, key=lambda e: (e.date is None, e.date or date.max, e.title.casefold())
    ),
    "Title (A-Z)": lambda es: sorted(es, key=lambda e: e.title.casefold()),
    "Issuer (A-Z)": lambda es: sorted(
        es,
        key=lambda e: (
            e.issuer is None,
            (e.issuer or "").casefold(),
            e.title.casefold(),
        ),
    ),
}
NEWEST = "Newest first"


def listed(
    entries: Iterable[ManifestEntry],
    search: str | None = None,
    issuer: str | None = None,
    kind: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    sort: str | None = NEWEST,
) -> tuple[list[ManifestEntry], str]:
    """The notices the Notices tab shows, in order, and a note about a bound it could not read.

    The issuer, type and date filters are the same ``Filters`` the answerers use, so the list
    and a filtered question agree on which notices pass; the search matches every word typed
    against a notice's title, issuer, id, type and tickers.
    """
    bounds, note = {}, ""
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        try:
            bounds[name] = _day(value)
        except ValueError:
            note = (
                f"“{value}” is not a date (write it as 2025-01-31); it is not applied."
            )
    filters = Filters(issuer=issuer or None, type=kind or None, **bounds)
    words = (search or "").casefold().split()
    chosen = [
        e
        for e in entries
        if filters.matches(e) and all(w in _searched(e) for w in words)
    ]
    return SORTS.get(sort or NEWEST, SORTS[NEWEST])(chosen), note


def _day(value: str | None) -> date | None:
    """A date picker's value (``2025-01-31``, possibly with a time) as a date; None when empty."""
    text = (value or "").strip()
    return date.fromisoformat(text[:10]) if text else None


def _searched(entry: ManifestEntry) -> str:
    """The text a search looks in: what the table shows, and the notice's tickers."""
    return " ".join(
        (entry.title, entry.issuer or "", entry.doc_id, entry.type, *entry.tickers)
    ).casefold()


def notice_choices(entries: Iterable[ManifestEntry]) -> list[tuple[str, str]]:
    """(label, doc id) pairs for pickers: the label says which notice, the id is what is acted on."""
    return sorted(
        ((f"{e.title} ({e.doc_id})", e.doc_id) for e in entries),
        key=lambda c: c[0].casefold(),
    )


def chat_notice_choices(entries: Iterable[ManifestEntry]) -> list[tuple[str, str]]:
    """Every stored notice after an "All notices" entry: the chat's pick of one notice, for
    questions that name none ("When is the payment date?" means the notice being read)."""
    return [("All notices", ALL), *notice_choices(entries)]


def issuer_choices(entries: Iterable[ManifestEntry]) -> list[tuple[str, str]]:
    """The issuers present, after an "All issuers" entry."""
    issuers = sorted({e.issuer for e in entries if e.issuer}, key=str.casefold)
    return [("All issuers", ALL), *((issuer, issuer) for issuer in issuers)]


def refreshed_choice(
    choices: list[tuple[str, str]], picked: str | None, fallback: str | None
) -> dict:
    """A picker's update after the store changed: new choices, and a value only when the pick
    no longer exists. A refresh reads the pick when it starts (on page load, before the user
    can have chosen); sending that value back would undo a choice made while it ran."""
    if picked == fallback or picked in {value for _, value in choices}:
        return {"choices": choices}
    return {"choices": choices, "value": fallback}


def type_choices() -> list[tuple[str, str]]:
    """Every notice type the ingest pipeline assigns, after an "All types" entry."""
    return [("All types", ALL), *((kind, kind) for kind in NOTICE_TYPES)]


def filters_of(
    issuer: str | None, kind: str | None, notice: str | None = ALL
) -> Filters | None:
    """The chat's filter dropdowns as ``Filters``; None when nothing is restricted."""
    filters = Filters(
        issuer=issuer or None,
        type=kind or None,
        doc_ids=(notice,) if notice else None,
    )
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


def entry_of(qa, doc_id: str | None) -> ManifestEntry | None:
    """The stored notice with this id, or None (it may have been removed meanwhile)."""
    return next((e for e in qa.documents() if e.doc_id == doc_id), None)


def named(entry: ManifestEntry) -> str:
    """A notice as people recognise it, in Markdown: its title, then its id."""
    return f"“{escape_markdown(entry.title)}” ({escape_markdown(entry.doc_id)})"


def confirm_markdown(qa, doc_id: str | None) -> str | None:
    """What is asked before a notice is removed, naming it; None when there is nothing to ask."""
    entry = entry_of(qa, doc_id)
    if entry is None:
        return None
    return (
        f"Remove {named(entry)} from the store? Its text, passages and facts are deleted, "
        "and answers will no longer cite it."
    )


def remove_markdown(qa, doc_id: str | None) -> str:
    """Remove a notice and say what happened, naming the notice removed."""
    entry = entry_of(qa, doc_id)
    if entry is not None and qa.remove(entry.doc_id):
        return f"Removed {named(entry)}."
    return unknown_markdown(doc_id)


def unknown_markdown(doc_id: str | None) -> str:
    """Why nothing can be removed: no notice picked, or none with that id (any more)."""
    if not doc_id:
        return "Pick a notice to remove."
    return f"No notice with id {escape_markdown(doc_id)}."


def _merge(total: IngestReport, part: IngestReport) -> None:
    total.added += part.added
    total.replaced += part.replaced
    total.unchanged += part.unchanged
    total.skipped += part.skipped
    total.chunks_embedded += part.chunks_embedded
    total.chunks_truncated += part.chunks_truncated
    total.chunks_shared += part.chunks_shared
