"""The chat's event handlers: stream an answer into the chatbot, retry, clear, and the ``/ask`` API.

The session's ``Answer`` objects (a ``gr.State``) are the history: they feed follow-up questions
and the chat display is rebuilt from them, so the two can never disagree.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from qa.answer import Answer, ToolCall
from qa.render import to_markdown
from ui.messages import (
    Message,
    conversation,
    error_message,
    note_message,
    pending_message,
    user_message,
)
from ui.notices import ALL, filters_of
from ui.refusals import refusal

log = logging.getLogger(__name__)

# One chat update: (question box, chatbot messages, session answers).
Update = tuple[str, list[Message], list[Answer]]


class ChatHandlers:
    """Handlers over one product object; Gradio calls them from its worker threads."""

    def __init__(self, qa: Any) -> None:
        self.qa = qa

    def respond(
        self,
        question: str,
        answers: list[Answer] | None,
        issuer: str | None,
        kind: str | None,
        notice: str | None = ALL,
    ) -> Iterator[Update]:
        """Stream the answer to ``question``, then settle it into the session's answers.

        With a language model configured the text grows token by token under the tool steps taken
        so far; offline it arrives whole. Either way the final ``Answer`` replaces what streamed.
        """
        answers = list(answers or [])
        question = (question or "").strip()
        declined = refusal(question)
        if declined:
            # The question stays in the box to be edited; the chat says why nothing was asked.
            yield question, [*conversation(answers), note_message(declined)], answers
            return
        shown = [*conversation(answers), user_message(question)]
        yield "", [*shown, pending_message("")], answers
        try:
            answer = None
            text = ""
            steps: list[ToolCall] = []
            for piece in self.qa.ask_stream(
                question, history=answers, filters=filters_of(issuer, kind, notice)
            ):
                if isinstance(piece, Answer):
                    answer = piece
                    break
                if isinstance(piece, ToolCall):
                    # Text before a tool call was the model thinking aloud, not the answer.
                    steps.append(piece)
                    text = ""
                else:
                    text += piece
                yield "", [*shown, pending_message(text, steps)], answers
            if answer is None:
                raise RuntimeError("the answerer ended without an answer")
        # Any failure is shown in the chat; the session's history stays as it was.
        except Exception as error:
            log.exception("answering %r failed", question)
            yield question, [*shown, error_message(error)], answers
            return
        answers.append(answer)
        yield "", conversation(answers), answers

    def retry(
        self,
        answers: list[Answer] | None,
        issuer: str | None,
        kind: str | None,
        notice: str | None = ALL,
    ) -> Iterator[Update]:
        """Ask the last question again (filters may have changed meanwhile)."""
        answers = list(answers or [])
        if not answers:
            yield "", [], []
            return
        yield from self.respond(
            answers[-1].question, answers[:-1], issuer, kind, notice
        )

    @staticmethod
    def clear() -> Update:
        """Forget the conversation: no history for follow-ups either."""
        return "", [], []

    def ask_api(self, question: str) -> str:
        """Answer one question (no history, no filters) as Markdown with its sources and calculations."""
        declined = refusal(str(question or ""))
        if declined:
            raise gr.Error(declined)
        try:
            return to_markdown(self.qa.ask(str(question or "")))
        except Exception as error:
            log.exception("answering %r failed", question)
            raise gr.Error(f"Could not answer: {error}") from error
