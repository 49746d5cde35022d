"""Answers as Gradio chat messages: pure functions, so what the chat shows is tested without a server.

Everything that comes from a notice or a user is escaped here (``qa.render`` does the escaping),
because the chatbot renders Markdown and a quote like ``<img onerror=...>`` must stay text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qa.answer import Answer, ToolCall
from qa.render import (
    answer_markdown,
    calculations_markdown,
    escape_markdown,
    sources_markdown,
)
from ui.targets import cite_href

Message = dict[str, Any]


def user_message(question: str) -> Message:
    """The question as the user typed it, shown as text."""
    return {"role": "user", "content": escape_markdown(question)}


def mode_line(mode: str) -> str:
    """Which answerer spoke: "offline" or the configured model, so a reader knows what to trust."""
    return f"_Answered by: {escape_markdown(mode)}_"


def markers(answer: Answer, turn: int) -> str:
    """Numbered citation markers, each a link that opens its passage in the notice viewer."""
    return " ".join(
        f"[\\[{number}\\]]({cite_href(turn, number)})"
        for number in range(1, len(answer.citations) + 1)
    )


def linked_sources(answer: Answer, turn: int) -> str:
    """The folded sources list, each source's title a link to its passage (same numbers)."""
    lines = []
    for number, citation in enumerate(answer.citations, start=1):
        parts = (citation.title or citation.doc_id, citation.issuer, citation.date)
        about = " · ".join(escape_markdown(part) for part in parts if part)
        quote = escape_markdown(" ".join(citation.quote.split()))
        lines.append(
            f"{number}. [**{about}**]({cite_href(turn, number)}) (`{citation.doc_id}`)\n"
            f"   > {quote}"
        )
    return "\n".join(lines)


def answer_messages(answer: Answer, turn: int | None = None) -> list[Message]:
    """The answer, then collapsed "Sources" and "Calculations" (Gradio renders titled messages folded).

    With ``turn`` (the answer's place in the session), citations are numbered links that open
    the notice viewer; without it (no session to resolve them against) they are plain text.
    """
    text = answer_markdown(answer)
    if turn is not None and answer.citations:
        text = f"{text} {markers(answer, turn)}"
    messages: list[Message] = [
        {"role": "assistant", "content": f"{text}\n\n{mode_line(answer.mode)}"}
    ]
    if answer.citations:
        sources = (
            sources_markdown(answer) if turn is None else linked_sources(answer, turn)
        )
        messages.append(_folded(f"Sources ({len(answer.citations)})", sources))
    if answer.tool_calls:
        messages.append(
            _folded(
                f"Calculations ({len(answer.tool_calls)})",
                calculations_markdown(answer),
            )
        )
    return messages


def pending_message(text: str, steps: Sequence[ToolCall] = ()) -> Message:
    """The answer while it streams in, under the tool steps a model took so far (so a reader sees
    it working while it searches and calculates); the final messages replace it."""
    done = (
        f"_{escape_markdown('Steps: ' + ' → '.join(step.name for step in steps))}_\n\n"
        if steps
        else ""
    )
    return {
        "role": "assistant",
        "content": done + escape_markdown(text).replace("\n", "  \n") + " …",
    }


def note_message(text: str) -> Message:
    """A word from the app itself (not an answer), such as why a question was not asked."""
    return {"role": "assistant", "content": f"_{escape_markdown(text)}_"}


def error_message(error: BaseException) -> Message:
    """What the chat shows when answering failed, instead of a silent spinner."""
    return {
        "role": "assistant",
        "content": f"Could not answer: {escape_markdown(str(error) or type(error).__name__)}",
    }


def conversation(answers: Sequence[Answer]) -> list[Message]:
    """The whole chat, rebuilt from the session's answers (the one source of truth for history)."""
    messages: list[Message] = []
    for turn, answer in enumerate(answers):
        messages.append(user_message(answer.question))
        messages.extend(answer_messages(answer, turn))
    return messages


def _folded(title: str, body: str) -> Message:
    return {
        "role": "assistant",
        "content": body,
        "metadata": {"title": title, "status": "done"},
    }
