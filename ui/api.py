"""The named endpoints ``gradio_client`` users call: ``/ask``, ``/notices``, ``/remove``.

(``/upload`` is the notices panel's upload event itself, so it takes files the way the browser
sends them.) Every chat event of the page is private; these are the public surface.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from ui.chat import ChatHandlers
from ui.notices import remove_markdown

ANSWER_GROUP = "answer"  # concurrency group shared with the chat
STORE_GROUP = "store"  # ingest and remove, one at a time


def register(qa: Any, chat: ChatHandlers, answer_concurrency: int) -> None:
    """Add the endpoints to the Blocks being built (call inside its ``with`` block)."""

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
        concurrency_id=ANSWER_GROUP,
        concurrency_limit=answer_concurrency,
    )
    gr.api(notices, api_name="notices")
    gr.api(remove, api_name="remove", concurrency_id=STORE_GROUP, concurrency_limit=1)
