"""Answers as Markdown and JSON: pure functions shared by the CLI, the API and the UI."""

from __future__ import annotations

import html
import re
from typing import Any

from qa.answer import Answer

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
        about = " · ".join(
            escape_markdown(part)
            for part in (
                citation.title or citation.doc_id,
                citation.issuer,
                citation.date,
            )
            if part
        )
        quote = escape_markdown(" ".join(citation.quote.split()))
        lines.append(f"{number}. **{about}** (`{citation.doc_id}`)\n   > {quote}")
    return "\n".join(lines)


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


def to_json(answer: Answer) -> dict[str, Any]:
    """The ``ask --json`` contract (extra keys beyond it are additions, never changes)."""
    return {
        "answer": answer.text,
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
