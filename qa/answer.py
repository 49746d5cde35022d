"""The one answer type every answering path returns and every front end renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OFFLINE = "offline"
NOT_FOUND = "not found in the ingested notices"


@dataclass(frozen=True)
class Citation:
    """A passage an answer rests on: which notice, and the exact text quoted from it."""

    doc_id: str
    source: str
    quote: str
    title: str = ""
    issuer: str | None = None
    date: str | None = None
    chunk_id: str | None = None
    score: float | None = None


@dataclass(frozen=True)
class ToolCall:
    """One calculator (or search) call: what was asked, what came back, as a person writes it."""

    name: str
    args: dict[str, Any]
    result: str
    formula: str = ""


@dataclass(frozen=True)
class Answer:
    """An answer: text, the passages it rests on, the calculations it ran, and who answered.

    ``text`` is plain text (renderers escape it); ``found`` is False when the notices do not hold
    the answer, in which case the text says so and no figure is given as the answer (values a
    notice states in conflict for what was asked are still shown, each cited). ``value`` is the answer
    itself (a figure or date as the notice writes it, a computed figure, a name; a list when
    there are several), so that code and evals need not parse prose; ``unit`` says what it is.
    """

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    tool_calls: tuple[ToolCall, ...] = ()
    mode: str = OFFLINE
    found: bool = True
    facts: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    value: str | list[str] | None = None
    unit: str | None = None
    scale: str | None = None
