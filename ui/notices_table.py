"""The stored notices as an HTML table whose titles open the notice viewer (a pure function).

An HTML table rather than ``gr.Dataframe``: the viewer links need real anchors, and a phone
needs rows that stack instead of columns squeezed to one letter (see ``ui/page.css``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ingest.records import ManifestEntry
from qa.render import counted
from ui.targets import doc_href

COLUMNS = ("Title", "Issuer", "Date", "Type", "ID")
_ID_BREAKS = re.compile(r"([_\-./])")


def breakable_id(doc_id: str) -> str:
    """An id escaped, with line-break chances only after ``_ - . /``: never cut mid-word."""
    return "".join(
        html.escape(part) + ("<wbr>" if _ID_BREAKS.fullmatch(part) else "")
        for part in _ID_BREAKS.split(doc_id)
    )


def row_html(entry: ManifestEntry) -> str:
    """One notice: its title opens the viewer; each cell says what column it is (for phones)."""
    cells = (
        (
            f'<a class="fq-open" href="{html.escape(doc_href(entry.doc_id))}">'
            f"{html.escape(entry.title)}</a>"
        ),
        html.escape(entry.issuer or ""),
        entry.date.isoformat() if entry.date else "",
        html.escape(entry.type),
        f"<code>{breakable_id(entry.doc_id)}</code>",
    )
    return (
        "<tr>"
        + "".join(
            f'<td data-label="{column}">{cell}</td>'
            for column, cell in zip(COLUMNS, cells, strict=True)
        )
        + "</tr>"
    )


def table_html(
    entries: Sequence[ManifestEntry], total: int | None = None, note: str = ""
) -> str:
    """The table of ``entries`` in the order given, with a count line ("3 of 9 notices") and
    ``note`` (plain text: a filter that could not be applied) under it."""
    total = len(entries) if total is None else total
    count = (
        counted(len(entries), "notice")
        if len(entries) == total
        else f"{len(entries)} of {total} notices"
    )
    lead = f'<p class="fq-count">{count}</p>'
    if note:
        lead += f'<p class="fq-note">{html.escape(note)}</p>'
    if not entries:
        body = (
            '<p class="fq-none">No notice matches.</p>'
            if total
            else '<p class="fq-none">No notices stored yet: add some below.</p>'
        )
        return f'<div class="fq-notices">{lead}{body}</div>'
    head = "".join(f"<th>{column}</th>" for column in COLUMNS)
    rows = "".join(row_html(entry) for entry in entries)
    return (
        f'<div class="fq-notices">{lead}'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
