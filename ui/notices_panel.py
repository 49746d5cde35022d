"""The Notices tab: find a notice (search, filters, order), open it, add files, remove one.

Built inside the app's Blocks by ``build``; the logic lives in ``ui.notices`` and the table in
``ui.notices_table`` as plain functions, so this module is only layout and wiring. Removing asks
first, naming the notice, because it deletes what cannot be got back without the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from ingest.records import ManifestEntry
from ui import api
from ui.notices import (
    ALL,
    NEWEST,
    SORTS,
    confirm_markdown,
    ingest_each,
    issuer_choices,
    listed,
    notice_choices,
    remove_markdown,
    type_choices,
    unknown_markdown,
    upload_note,
)
from ui.notices_table import table_html
from ui.upload_report import report_lines

# Gradio spots a Progress default and hands each call its own tracker.
_PROGRESS = gr.Progress()
_QUIET: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
_SHOW_CONFIRM = """() => window.setTimeout(() => {
  const panel = document.querySelector("#filingqa-confirm-remove");
  if (panel && panel.offsetParent !== null) panel.scrollIntoView({ block: "nearest" });
}, 100)"""


@dataclass
class NoticesPanel:
    """What the rest of the app touches: the table and the pickers to refresh, and the events
    after which the store has changed."""

    table: gr.HTML
    issuer: gr.Dropdown
    # search, issuer, type, from, to, order: the inputs of ``table_for``, in its order
    listing: list[Any]
    to_remove: gr.Dropdown
    changed: list[Any]  # event dependencies to chain a refresh of every view onto


def table_for(entries: list[ManifestEntry], *listing: str | None) -> str:
    """The table of the notices the listing inputs select, with how many of all they are."""
    shown, note = listed(entries, *listing)
    return table_html(shown, total=len(entries), note=note)


def build(qa: Any, entries: list[ManifestEntry]) -> NoticesPanel:
    """Lay out the tab's contents (call inside its ``gr.Tab``) and wire its own events."""
    with gr.Row(elem_id="filingqa-notice-search"):
        search = gr.Textbox(
            label="Search notices",
            placeholder="Words of a title, issuer, id or ticker",
            scale=3,
            min_width=200,
        )
        order = gr.Dropdown(list(SORTS), value=NEWEST, label="Order", min_width=150)
    with gr.Row(elem_id="filingqa-notice-filters"):
        issuer = gr.Dropdown(
            issuer_choices(entries), value=ALL, label="Filter by issuer", min_width=150
        )
        kind = gr.Dropdown(
            type_choices(), value=ALL, label="Filter by type", min_width=150
        )
        date_from = gr.DateTime(
            include_time=False,
            type="string",
            label="From date",
            min_width=150,
            elem_id="filingqa-from",
        )
        date_to = gr.DateTime(
            include_time=False,
            type="string",
            label="To date",
            min_width=150,
            elem_id="filingqa-to",
        )
    listing = [search, issuer, kind, date_from, date_to, order]
    table = gr.HTML(
        table_for(entries), label="Stored notices", elem_id="filingqa-notices"
    )
    for control in listing:
        control.change(
            lambda *values: table_for(qa.documents(), *values),
            listing,
            [table],
            queue=False,
            **_QUIET,
        )

    uploads = gr.File(
        label=upload_note(qa.settings.max_file_mb),
        file_count="multiple",
        type="filepath",
        elem_id="filingqa-upload",
    )
    upload_report = gr.Markdown(
        label="Upload report", elem_id="filingqa-upload-report", latex_delimiters=[]
    )

    def ingest(
        paths: list[str] | None, progress: gr.Progress = _PROGRESS
    ) -> Iterator[str]:
        """Ingest the uploaded files one by one, a line per file as soon as it is done."""
        paths = list(paths or [])
        names = [Path(p).name for p in paths]
        done: list = []
        yield report_lines(done, names)
        for name, report in ingest_each(qa, paths):
            done.append((name, report))
            progress((len(done), len(paths)), desc=f"{len(done)} of {len(paths)} files")
            yield report_lines(done, names[len(done) :])

    uploaded = uploads.upload(
        ingest,
        [uploads],
        [upload_report],
        api_name="upload",
        concurrency_id=api.STORE_GROUP,
        concurrency_limit=1,
    ).then(lambda: None, None, [uploads], **_QUIET)

    with gr.Row():
        to_remove = gr.Dropdown(
            notice_choices(entries), value=None, label="Notice to remove", scale=4
        )
        remove = gr.Button("Remove notice…", variant="stop", scale=1)
    with gr.Column(
        visible=False, variant="panel", elem_id="filingqa-confirm-remove"
    ) as confirm:
        confirm_text = gr.Markdown(latex_delimiters=[])
        with gr.Row():
            yes = gr.Button("Yes, remove it", variant="stop")
            no = gr.Button("Cancel")
    remove_report = gr.Markdown(latex_delimiters=[], elem_id="filingqa-remove-report")
    # The notice the open confirmation names: what "Yes" removes, whatever the picker says now.
    pending = gr.State(None)

    def ask_first(doc_id: str | None) -> tuple:
        """Show the confirmation naming the notice, or say why there is nothing to confirm."""
        question = confirm_markdown(qa, doc_id)
        if question is None:
            return gr.Column(visible=False), "", None, unknown_markdown(doc_id)
        return gr.Column(visible=True), question, doc_id, ""

    # The question and its buttons are brought on screen (on a phone they open below the fold).
    remove.click(
        ask_first,
        [to_remove],
        [confirm, confirm_text, pending, remove_report],
        **_QUIET,
    ).then(None, js=_SHOW_CONFIRM, api_visibility="private")
    to_remove.change(
        lambda: (gr.Column(visible=False), None), None, [confirm, pending], **_QUIET
    )
    no.click(
        lambda: (gr.Column(visible=False), None, "Nothing removed."),
        None,
        [confirm, pending, remove_report],
        **_QUIET,
    )
    removed = yes.click(
        lambda doc_id: (remove_markdown(qa, doc_id), gr.Column(visible=False), None),
        [pending],
        [remove_report, confirm, pending],
        concurrency_id=api.STORE_GROUP,
        concurrency_limit=1,
        **_QUIET,
    )
    return NoticesPanel(table, issuer, listing, to_remove, [uploaded, removed])
