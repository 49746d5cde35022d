"""The Gradio app: chat, notices panel and audit tab over one ``FilingQA``; and ``serve``.

``filingqa serve`` calls ``serve``; the tests call ``build_app`` and launch it with
``ui.offline.launch_options``, so they run what users run.
"""

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import gradio as gr

from qa.intent import MAX_QUESTION_CHARS
from qa.render import escape_markdown
from ui import api
from ui.audit import PROMPT as AUDIT_PROMPT
from ui.audit import audit_view
from ui.chat import ChatHandlers
from ui.notices import (
    ALL,
    HEADERS,
    ingest_uploads,
    issuer_choices,
    notice_choices,
    remove_markdown,
    report_markdown,
    rows,
    type_choices,
    upload_note,
)
from ui.offline import launch_options

EXAMPLES = [
    "When is the payment date for IIJ's new shares?",
    "How much does the allotment dilute existing shareholders?",
    "What are the total proceeds and how are they used?",
    "Do the figures in the IIJ notice add up?",
]
# Answers are CPU-bound and short (~50 ms) and hold the interpreter lock most of the time, so more
# threads do not answer faster; 4 measured best on 2 cores (tests/ui/test_ui_load.py records it).
ANSWER_CONCURRENCY = 4
QUEUE_SIZE = 256
UPLOAD_CACHE = (600, 600)  # every 10 min, delete Gradio's temp copies older than 10 min
# Gradio spots a Progress default and hands each call its own tracker.
_PROGRESS = gr.Progress()


def mode_of(qa: Any) -> str:
    """Who answers: the configured model, or "offline" (retrieval, extracted facts, calculators)."""
    return str(getattr(qa, "mode", None) or qa.settings.llm or "offline")


def mode_markdown(qa: Any) -> str:
    """The banner line saying who answers, so nobody mistakes offline answers for a model's."""
    mode = mode_of(qa)
    if mode == "offline":
        return (
            "Answered **offline**: figures come from the notices' extracted facts and exact "
            "calculators, no language model."
        )
    return f"Answered by the model **{escape_markdown(mode)}**, using the same search and calculator tools."


def build_app(qa: Any) -> gr.Blocks:
    """The whole UI over one product object (shared by every browser session and API client)."""
    chat = ChatHandlers(qa)
    entries = qa.documents()

    # Uploaded notices may be confidential: Gradio's copies go once ingested, not at reboot.
    with gr.Blocks(
        title="filingqa", analytics_enabled=False, delete_cache=UPLOAD_CACHE
    ) as demo:
        gr.Markdown("## filingqa — questions about filing notices")
        gr.Markdown(mode_markdown(qa), elem_id="filingqa-mode")
        answers = gr.State([])

        with gr.Tab("Chat"):
            with gr.Row():
                issuer = gr.Dropdown(issuer_choices(entries), value=ALL, label="Issuer")
                kind = gr.Dropdown(type_choices(), value=ALL, label="Notice type")
            chatbot = gr.Chatbot(
                elem_id="filingqa-chat",
                label="Answers",
                height=520,
                latex_delimiters=[],
                buttons=["copy", "copy_all"],
                feedback_options=None,
                placeholder="Ask about the stored notices: dates, amounts, dilution, use of proceeds.",
            )
            with gr.Row():
                question = gr.Textbox(
                    placeholder="Ask a question and press Enter",
                    show_label=False,
                    scale=6,
                    max_length=MAX_QUESTION_CHARS,
                    elem_id="filingqa-question",
                )
                send = gr.Button("Ask", variant="primary", scale=1)
            with gr.Row():
                retry = gr.Button("Retry last question", size="sm")
                clear = gr.Button("Clear chat", size="sm")
            gr.Examples(
                [[q] for q in EXAMPLES], inputs=[question], label="Example questions"
            )

        with gr.Tab("Notices") as notices_tab:
            table = gr.Dataframe(
                _table(entries),
                headers=HEADERS,
                interactive=False,
                wrap=True,
                label="Stored notices",
                column_widths=["34%", "20%", "9%", "12%", "6%", "19%"],
                elem_id="filingqa-notices",
            )
            uploads = gr.File(
                label=upload_note(qa.settings.max_file_mb),
                file_count="multiple",
                type="filepath",
                elem_id="filingqa-upload",
            )
            upload_report = gr.Markdown(
                label="Upload report",
                elem_id="filingqa-upload-report",
                latex_delimiters=[],
            )
            with gr.Row():
                to_remove = gr.Dropdown(
                    notice_choices(entries),
                    value=None,
                    label="Notice to remove",
                    scale=4,
                )
                remove = gr.Button("Remove notice", variant="stop", scale=1)
            remove_report = gr.Markdown(latex_delimiters=[])

        with gr.Tab("Audit") as audit_tab:
            gr.Markdown(
                "Check that a notice's own figures agree with each other (totals, splits, per-share amounts)."
            )
            to_audit = gr.Dropdown(notice_choices(entries), value=None, label="Notice")
            audit_report = gr.Markdown(
                AUDIT_PROMPT, elem_id="filingqa-audit", latex_delimiters=[]
            )

        def refresh(
            issuer_value: str | None, remove_value: str | None, audit_value: str | None
        ) -> tuple:
            """Every view of the manifest, keeping what the user picked where it still exists."""
            current = qa.documents()
            ids = {e.doc_id for e in current}
            issuers = issuer_choices(current)
            return (
                gr.Dataframe(_table(current)),
                gr.Dropdown(
                    issuers,
                    value=issuer_value
                    if issuer_value in {v for _, v in issuers}
                    else ALL,
                ),
                gr.Dropdown(
                    notice_choices(current),
                    value=remove_value if remove_value in ids else None,
                ),
                gr.Dropdown(
                    notice_choices(current),
                    value=audit_value if audit_value in ids else None,
                ),
            )

        refreshed: dict[str, Any] = {
            "fn": refresh,
            "inputs": [issuer, to_remove, to_audit],
            "outputs": [table, issuer, to_remove, to_audit],
            "api_visibility": "private",
            "show_progress": "hidden",
        }
        # Another session (or the CLI) may have changed the store: refresh whenever a view opens.
        for opened in (demo.load, notices_tab.select, audit_tab.select):
            opened(**refreshed)

        def ingest(paths: list[str] | None, progress: gr.Progress = _PROGRESS) -> str:
            """Ingest the uploaded files; report what was added or skipped, and why."""
            return report_markdown(ingest_uploads(qa, paths, progress))

        uploads.upload(
            ingest,
            [uploads],
            [upload_report],
            api_name="upload",
            concurrency_id=api.STORE_GROUP,
            concurrency_limit=1,
        ).then(
            lambda: None,
            None,
            [uploads],
            api_visibility="private",
            show_progress="hidden",
        ).then(**refreshed)
        remove.click(
            lambda doc_id: remove_markdown(qa, doc_id),
            [to_remove],
            [remove_report],
            api_visibility="private",
            concurrency_id=api.STORE_GROUP,
            concurrency_limit=1,
        ).then(**refreshed)
        to_audit.change(
            lambda doc_id: audit_view(qa, doc_id),
            [to_audit],
            [audit_report],
            api_visibility="private",
        )

        answering: dict[str, Any] = {
            "outputs": [question, chatbot, answers],
            "api_visibility": "private",
            "concurrency_id": api.ANSWER_GROUP,
            "concurrency_limit": ANSWER_CONCURRENCY,
            "show_progress": "minimal",
        }
        for asked in (question.submit, send.click):
            asked(chat.respond, [question, answers, issuer, kind], **answering)
        for retried in (retry.click, chatbot.retry):
            retried(chat.retry, [answers, issuer, kind], **answering)
        for cleared in (clear.click, chatbot.clear):
            cleared(
                chat.clear,
                None,
                [question, chatbot, answers],
                api_visibility="private",
                queue=False,
            )

        api.register(qa, chat, ANSWER_CONCURRENCY)

    demo.queue(max_size=QUEUE_SIZE, default_concurrency_limit=1)
    return demo


def _table(entries: list) -> list[list]:
    """The manifest rows; one blank row when empty, so the table keeps its columns."""
    return rows(entries) or [[""] * len(HEADERS)]


def serve(qa: Any, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Serve the UI until interrupted, after printing its address. Local only: no share link.

    Gradio keeps a temp copy of every upload; this server keeps them in a folder of its own,
    deleted when it stops (Ctrl-C or SIGTERM), so no filing outlives the server on disk.
    """
    with upload_folder():
        demo = build_app(qa)
        try:
            demo.launch(
                server_name=host,
                server_port=port,
                quiet=True,
                prevent_thread_lock=True,
                **launch_options(qa.settings.max_file_mb),
            )
        except OSError as error:
            raise ValueError(
                f"cannot serve on {host}:{port} (is the port in use? try --port)"
            ) from error
        print(
            f"filingqa: serving {len(qa.documents())} notices at http://{host}:{demo.server_port}/ "
            f"(answered by {mode_of(qa)}); Ctrl-C stops",
            flush=True,
        )
        try:
            demo.block_thread()
        finally:
            demo.close(verbose=False)


@contextmanager
def upload_folder() -> Iterator[Path]:
    """A private folder for Gradio's upload copies, removed on leaving, SIGTERM included.

    Gradio reads ``GRADIO_TEMP_DIR`` when an app is built, so it is set here, by the entry
    point, for this process only; a folder the user named that way is the parent of ours.
    SIGTERM (what service managers and ``kill`` send) is turned into KeyboardInterrupt so that
    Gradio stops the way it does for Ctrl-C and this block's cleanup runs.
    """
    parent = os.environ.get("GRADIO_TEMP_DIR")
    folder = Path(tempfile.mkdtemp(prefix="filingqa-uploads-", dir=parent))
    os.environ["GRADIO_TEMP_DIR"] = str(folder)
    previous = signal.getsignal(signal.SIGTERM)
    main_thread = threading.current_thread() is threading.main_thread()
    if main_thread:
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield folder
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
        if parent is None:
            os.environ.pop("GRADIO_TEMP_DIR", None)
        else:
            os.environ["GRADIO_TEMP_DIR"] = parent
        shutil.rmtree(folder, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
