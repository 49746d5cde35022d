"""Answers as Markdown, plain text and JSON: pure functions shared by the CLI, the API and the UI."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from qa.answer import Answer, Citation
from qa.terminal import terminal_safe

_MARKDOWN_SPECIAL = re.compile(
    r"([\\`*_{}\[\]()#+!|>~$-])"
)  # "$" too: some renderers run LaTeX


def escape_markdown(text: str) -> str:
    """Text from a notice or a user, made inert: HTML escaped, Markdown syntax backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def answer_markdown(answer: Answer) -> str:
    """The answer text, escaped: it quotes notices, and nothing from a notice may render as markup."""
    return escape_markdown(answer.text).replace("\n", "  \n")


def sources_markdown(answer: Answer) -> str:
    """One bullet per cited passage: notice title, issuer, date, then the quoted text."""
    lines = []
    for number, citation in enumerate(answer.citations, start=1):
        about = _about(citation, escape_markdown)
        quote = escape_markdown(" ".join(citation.quote.split()))
        lines.append(f"{number}. **{about}** (`{citation.doc_id}`)\n   > {quote}")
    return "\n".join(lines)


def _about(citation: Citation, clean: Callable[[str], str]) -> str:
    """Where a cited passage stands: notice title, issuer and date, each made safe by ``clean``."""
    parts = (citation.title or citation.doc_id, citation.issuer, citation.date)
    return " · ".join(clean(part) for part in parts if part)


def calculations_markdown(answer: Answer) -> str:
    """One bullet per tool call, shown as its formula."""
    return "\n".join(
        f"- `{call.name}`: {escape_markdown(call.formula or call.result)}"
        for call in answer.tool_calls
    )


def to_markdown(answer: Answer) -> str:
    """The whole answer as one Markdown document (used by the ``/ask`` endpoint and the CLI)."""
    parts = [answer_markdown(answer)]
    if answer.citations:
        parts.append("**Sources**\n\n" + sources_markdown(answer))
    if answer.tool_calls:
        parts.append("**Calculations**\n\n" + calculations_markdown(answer))
    parts.append(f"_Answered by: {escape_markdown(answer.mode)}_")
    return "\n\n".join(parts)


def counted(count: int, noun: str) -> str:
    """A count with its noun in the number it takes: "1 notice", "3 notices", "0 notices"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def plain(text: str) -> str:
    """Text made safe to print on a terminal: escape sequences whole (not only their ESC, which
    left "[31m" in a quote) and other control characters removed, lines kept."""
    return terminal_safe(text, keep_lines=True)


def to_text(answer: Answer) -> str:
    """The whole answer as plain text for a terminal (``filingqa ask`` and ``chat``): no Markdown.

    The same parts as :func:`to_markdown`, in the same order, with nothing escaped: what a notice
    says is printed as it says it, less control characters.
    """
    parts = [plain(answer.text)]
    if answer.citations:
        lines = ["Sources"]
        for number, citation in enumerate(answer.citations, start=1):
            about = _about(citation, plain)
            lines.append(f"{number}. {about} ({plain(citation.doc_id)})")
            lines.append(f"   > {plain(' '.join(citation.quote.split()))}")
        parts.append("\n".join(lines))
    if answer.tool_calls:
        parts.append(
            "\n".join(
                [
                    "Calculations",
                    *(
                        f"- {plain(call.name)}: {plain(call.formula or call.result)}"
                        for call in answer.tool_calls
                    ),
                ]
            )
        )
    parts.append(f"Answered by: {plain(answer.mode)}")
    return "\n\n".join(parts)


def to_json(answer: Answer) -> dict[str, Any]:
    """The ``ask --json`` contract (extra keys beyond it are additions, never changes)."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "value": answer.value,
        "unit": answer.unit,
        "scale": answer.scale,
        "found": answer.found,
        "mode": answer.mode,
        "citations": [
            {
                "doc_id": c.doc_id,
                "source": c.source,
                "quote": c.quote,
                "title": c.title,
                "chunk_id": c.chunk_id,
                "score": c.score,
            }
            for c in answer.citations
        ],
        "tool_calls": [
            {"name": t.name, "args": t.args, "result": t.result, "formula": t.formula}
            for t in answer.tool_calls
        ],
    }
