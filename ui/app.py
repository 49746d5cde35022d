"""The Gradio app: chat, notices panel and audit tab, wired to one ``FilingQA``; and ``serve``.

``filingqa serve`` calls ``serve``; tests call ``build_app`` and launch it with
``ui.offline.launch_options`` so they run exactly what users run.
"""

import logging
from typing import Any

import gradio as gr

from qa.render import escape_markdown
from ui.audit import audit_markdown
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

log = logging.getLogger(__name__)

EXAMPLES = [
    "When is the payment date for IIJ's new shares?",
    "How much does the allotment dilute existing shareholders?",
    "What are the total proceeds and how are they used?",
    "Do the figures in the IIJ notice add up?",
]
# Answers are CPU-bound and short (~50 ms); a few at once keeps both cores busy without
# letting one burst of sessions starve the rest (see tests/ui/test_load.py for the figures).
ANSWER_CONCURRENCY = 8
QUEUE_SIZE = 256
AUDIT_PROMPT = "Pick a notice to see, relation by relation, whether its figures add up."
_PROGRESS = (
    gr.Progress()
)  # Gradio spots this default and passes a fresh tracker to each call


def mode_of(qa: Any) -> str:
    """Who answers: the configured model, or "offline" (retrieval, extracted facts, calculators)."""
    return str(getattr(qa, "mode", None) or qa.settings.llm or "offline")


def _mode_markdown(qa: Any) -> str:
    mode = mode_of(qa)
    if mode == "offline":
        return "Answered **offline**: figures come from the notices' extracted facts and exact calculators, no language model."
    return f"Answered by the model **{escape_markdown(mode)}**, using the same search and calculator tools."


def build_app(qa: Any) -> gr.Blocks:
    """The whole UI over one product object (shared by every browser session and API client)."""
    chat = ChatHandlers(qa)
    entries = qa.documents()

    with gr.Blocks(title="filingqa", analytics_enabled=False) as demo:
        gr.Markdown("## filingqa — questions about filing notices")
        gr.Markdown(_mode_markdown(qa), elem_id="filingqa-mode")
        answers = gr.State([])

        with gr.Tab("Chat"):
            with gr.Row():
                issuer = gr.Dropdown(
                    issuer_choices(entries), value=ALL, label="Issuer", scale=1
                )
                kind = gr.Dropdown(
                    type_choices(), value=ALL, label="Notice type", scale=1
                )
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
                    max_length=2000,
                    elem_id="filingqa-question",
                )
                send = gr.Button("Ask", variant="primary", scale=1)
            with gr.Row():
                retry = gr.Button("Retry last question", size="sm")
                clear = gr.Button("Clear chat", size="sm")
            gr.Examples(
                [[q] for q in EXAMPLES], inputs=[question], label="Example questions"
            )

        with gr.Tab("Notices"):
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

        with gr.Tab("Audit"):
            gr.Markdown(
                "Check that a notice's own figures agree with each other (totals, splits, per-share amounts)."
            )
            to_audit = gr.Dropdown(notice_choices(entries), value=None, label="Notice")
            audit_report = gr.Markdown(
                AUDIT_PROMPT, elem_id="filingqa-audit", latex_delimiters=[]
            )

        pickers = [table, issuer, to_remove, to_audit]

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

        refresh_args: dict[str, Any] = {
            "fn": refresh,
            "inputs": [issuer, to_remove, to_audit],
            "outputs": pickers,
            "api_visibility": "private",
            "show_progress": "hidden",
        }

        def ingest(paths: list[str] | None, progress: gr.Progress = _PROGRESS) -> str:
            """Ingest the uploaded files and report, file by file, what was added or skipped and why."""
            return report_markdown(ingest_uploads(qa, paths, progress))

        uploads.upload(
            ingest,
            [uploads],
            [upload_report],
            api_name="upload",
            concurrency_id="store",
            concurrency_limit=1,
        ).then(
            lambda: None,
            None,
            [uploads],
            api_visibility="private",
            show_progress="hidden",
        ).then(**refresh_args)
        remove.click(
            lambda doc_id: remove_markdown(qa, doc_id),
            [to_remove],
            [remove_report],
            api_visibility="private",
            concurrency_id="store",
        ).then(**refresh_args)
        to_audit.change(
            lambda doc_id: _audit(qa, doc_id),
            [to_audit],
            [audit_report],
            api_visibility="private",
        )
        demo.load(**refresh_args)

        chat_args: dict[str, Any] = {
            "outputs": [question, chatbot, answers],
            "api_visibility": "private",
            "concurrency_id": "answer",
            "concurrency_limit": ANSWER_CONCURRENCY,
            "show_progress": "minimal",
        }
        for trigger in (question.submit, send.click):
            trigger(chat.respond, [question, answers, issuer, kind], **chat_args)
        for trigger in (retry.click, chatbot.retry):
            trigger(chat.retry, [answers, issuer, kind], **chat_args)
        for trigger in (clear.click, chatbot.clear):
            trigger(
                chat.clear,
                None,
                [question, chatbot, answers],
                api_visibility="private",
                queue=False,
            )

        _api(qa, chat)

    demo.queue(max_size=QUEUE_SIZE, default_concurrency_limit=1)
    return demo


def _api(qa: Any, chat: ChatHandlers) -> None:
    """Named endpoints for ``gradio_client``: ``/ask``, ``/notices``, ``/remove`` (``/upload`` is the
    upload event itself)."""

    def ask(question: str) -> str:
        """Answer one question; the answer as Markdown with its sources and calculations."""
        return chat.ask_api(question)

    def notices() -> list[dict]:
        """The stored notices (doc_id, title, issuer, date, type, chunks)."""
        return [entry.to_json() for entry in qa.documents()]

    def remove(doc_id: str) -> str:
        """Delete one notice by its doc id."""
        return remove_markdown(qa, str(doc_id or ""))

    gr.api(
        ask,
        api_name="ask",
        concurrency_id="answer",
        concurrency_limit=ANSWER_CONCURRENCY,
    )
    gr.api(notices, api_name="notices")
    gr.api(remove, api_name="remove", concurrency_id="store", concurrency_limit=1)


def _table(entries: list) -> list[list]:
    """The manifest rows; one blank row when empty, so the table keeps its columns."""
    return rows(entries) or [["", "", "", "", "", ""]]


def _audit(qa: Any, doc_id: str | None) -> str:
    if not doc_id:
        return AUDIT_PROMPT
    entry = next((e for e in qa.documents() if e.doc_id == doc_id), None)
    if entry is None:
        return "That notice is no longer stored."
    try:
        checks = qa.audit(doc_id)
    except Exception as error:  # shown, not raised: the tab stays usable
        log.exception("audit of %s failed", doc_id)
        return f"Could not audit this notice: {escape_markdown(str(error))}"
    return audit_markdown(entry.title, checks)


def serve(qa: Any, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Serve the UI until interrupted; prints the address first. Local only: no share link."""
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
        raise ValueError(f"cannot serve on {host}:{port}: {error}") from error
    print(
        f"filingqa: serving {len(qa.documents())} notices at http://{host}:{demo.server_port}/ "
        f"(answered by {mode_of(qa)}); Ctrl-C stops",
        flush=True,
    )
    try:
        demo.block_thread()
    finally:
        demo.close(verbose=False)
