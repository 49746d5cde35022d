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

from qa.render import counted, escape_markdown
from ui import api, notices_panel
from ui.audit import PROMPT as AUDIT_PROMPT
from ui.audit import audit_view
from ui.chat import ChatHandlers
from ui.notices import (
    ALL,
    chat_notice_choices,
    issuer_choices,
    notice_choices,
    refreshed_choice,
    type_choices,
)
from ui.offline import launch_options
from ui.opening import open_notice
from ui.viewer import EMPTY as EMPTY_VIEWER

EXAMPLES = [
    "What is IIJ's payment date?",
    "When is Meadowlark's private placement expected to close?",
    "What is the exercise price of the warrants in Meadowlark Therapeutics' PIPE?",
    "Do the figures in the IIJ notice add up?",
]
# Answers are CPU-bound and short (~50 ms) and hold the interpreter lock most of the time, so more
# threads do not answer faster; 4 measured best on 2 cores (tests/ui/test_ui_load.py records it).
ANSWER_CONCURRENCY = 4
QUEUE_SIZE = 256
UPLOAD_CACHE = (600, 600)  # every 10 min, delete Gradio's temp copies older than 10 min


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

        # The page script puts a clicked link's target here and clicks the button (ui/page.py).
        target = gr.Textbox(visible="hidden", elem_id="filingqa-target")
        open_target = gr.Button("Open", visible="hidden", elem_id="filingqa-open")

        with gr.Tabs(elem_id="filingqa-tabs") as tabs:
            with gr.Tab("Chat", id="chat"):
                with gr.Row():
                    issuer = gr.Dropdown(
                        issuer_choices(entries), value=ALL, label="Issuer"
                    )
                    kind = gr.Dropdown(type_choices(), value=ALL, label="Notice type")
                    notice = gr.Dropdown(
                        chat_notice_choices(entries), value=ALL, label="Notice"
                    )
                chatbot = gr.Chatbot(
                    elem_id="filingqa-chat",
                    label="Answers",
                    # Short enough that the question box and the examples fit on the first
                    # screen of a 1400x900 desktop and a 390x844 phone alike. Below 700 px of
                    # width the three pickers above take two lines: 86 px more are given up.
                    height=(
                        "clamp(220px, calc(100vh - 470px"
                        " - min(86px, max(0px, (700px - 100vw) * 86))), 520px)"
                    ),
                    autoscroll=False,
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
                        elem_id="filingqa-question",
                    )
                    send = gr.Button("Ask", variant="primary", scale=1)
                # Examples right under the box, as buttons that ask (not just fill the box).
                with gr.Row(elem_id="filingqa-examples"):
                    examples = [
                        gr.Button(q, size="sm", variant="secondary", min_width=120)
                        for q in EXAMPLES
                    ]
                with gr.Row():
                    retry = gr.Button("Retry last question", size="sm")
                    clear = gr.Button("Clear chat", size="sm")

            with gr.Tab("Notices", id="notices") as notices_tab:
                panel = notices_panel.build(qa, entries)

            with gr.Tab("Audit", id="audit") as audit_tab:
                gr.Markdown(
                    "Check that a notice's own figures agree with each other (totals, splits, per-share amounts)."
                )
                to_audit = gr.Dropdown(
                    notice_choices(entries), value=None, label="Notice to audit"
                )
                audit_report = gr.Markdown(
                    AUDIT_PROMPT, elem_id="filingqa-audit", latex_delimiters=[]
                )

            with gr.Tab("Notice", id="viewer"):
                ask_viewed = gr.Button(
                    "Ask about this notice", size="sm", visible=False
                )
                viewer = gr.HTML(EMPTY_VIEWER, elem_id="filingqa-viewer")
        viewed = gr.State(None)  # the id of the notice the viewer shows

        def refresh(
            issuer_value: str | None,
            notice_value: str | None,
            remove_value: str | None,
            audit_value: str | None,
            *listing: str | None,
        ) -> tuple:
            """Every view of the manifest, keeping what the user picked where it still exists."""
            current = qa.documents()
            issuers = issuer_choices(current)
            notices = notice_choices(current)
            _, listing_issuer, *_ = listing  # search, the panel's issuer filter, ...
            return (
                gr.HTML(notices_panel.table_for(current, *listing)),
                gr.Dropdown(**refreshed_choice(issuers, issuer_value, ALL)),
                gr.Dropdown(
                    **refreshed_choice(chat_notice_choices(current), notice_value, ALL)
                ),
                gr.Dropdown(**refreshed_choice(issuers, listing_issuer, ALL)),
                gr.Dropdown(**refreshed_choice(notices, remove_value, None)),
                gr.Dropdown(**refreshed_choice(notices, audit_value, None)),
            )

        refreshed: dict[str, Any] = {
            "fn": refresh,
            "inputs": [issuer, notice, panel.to_remove, to_audit, *panel.listing],
            "outputs": [
                panel.table,
                issuer,
                notice,
                panel.issuer,
                panel.to_remove,
                to_audit,
            ],
            "api_visibility": "private",
            "show_progress": "hidden",
        }
        # Another session (or the CLI) may have changed the store: refresh whenever a view opens.
        for opened in (demo.load, notices_tab.select, audit_tab.select):
            opened(**refreshed)
        for changed in panel.changed:
            changed.then(**refreshed)
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
        # The chat does not follow the text down: once answered, the answer's start is shown.
        show_answer: dict[str, Any] = {
            "fn": None,
            "js": "() => window.filingqaShowAnswer && window.filingqaShowAnswer()",
            "api_visibility": "private",
        }
        for asked in (question.submit, send.click):
            asked(
                chat.respond, [question, answers, issuer, kind, notice], **answering
            ).then(**show_answer)
        for button, example in zip(examples, EXAMPLES, strict=True):
            button.click(
                lambda example=example: example,
                None,
                [question],
                api_visibility="private",
                queue=False,
                show_progress="hidden",
            ).then(
                chat.respond, [question, answers, issuer, kind, notice], **answering
            ).then(**show_answer)
        for retried in (retry.click, chatbot.retry):
            retried(chat.retry, [answers, issuer, kind, notice], **answering).then(
                **show_answer
            )
        for cleared in (clear.click, chatbot.clear):
            cleared(
                chat.clear,
                None,
                [question, chatbot, answers],
                api_visibility="private",
                queue=False,
            )

        def show(value: str | None, session: list | None) -> tuple:
            """The clicked notice in the viewer, with a way to ask about it."""
            html, doc_id = open_notice(qa, session, value)
            return (
                html,
                doc_id,
                gr.Button(visible=doc_id is not None),
                gr.Tabs(selected="viewer"),
            )

        open_target.click(
            show,
            [target, answers],
            [viewer, viewed, ask_viewed, tabs],
            api_visibility="private",
            show_progress="hidden",
        ).then(
            None,
            None,
            None,
            js="() => window.filingqaReveal && window.filingqaReveal()",
            api_visibility="private",
        )

        # The chat's Notice picker takes the notice being read, and the chat opens.
        ask_viewed.click(
            lambda doc_id: (gr.Dropdown(value=doc_id or ALL), gr.Tabs(selected="chat")),
            [viewed],
            [notice, tabs],
            api_visibility="private",
            queue=False,
            show_progress="hidden",
        )

        api.register(qa, chat, ANSWER_CONCURRENCY)

    demo.queue(max_size=QUEUE_SIZE, default_concurrency_limit=1)
    return demo


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
            f"filingqa: serving {counted(len(qa.documents()), 'notice')} at"
            f" http://{host}:{demo.server_port}/ "
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
