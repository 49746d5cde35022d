"""Open a link's target in the viewer: find the notice and the cited span, render the HTML."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from qa.answer import Answer, Citation
from ui.notices import entry_of
from ui.targets import Target, parse
from ui.viewer import EMPTY, locate, notice_html

log = logging.getLogger(__name__)


def citation_of(answers: Sequence[Answer], target: Target) -> Citation | None:
    """The citation a chat link points at, if that answer and that citation still exist."""
    if target.turn is None or target.number is None:
        return None
    if not 0 <= target.turn < len(answers):
        return None
    citations = answers[target.turn].citations
    return citations[target.number - 1] if 0 < target.number <= len(citations) else None


def chunk_span(qa: Any, doc_id: str, chunk_id: str | None) -> tuple[int, int] | None:
    """The cited chunk's span in the notice: where to point when the quote is not found."""
    if not chunk_id:
        return None
    for stored in qa.store.chunks_of(doc_id):
        if stored.chunk_id == chunk_id:
            return (stored.chunk.start, stored.chunk.end)
    return None


def open_notice(
    qa: Any, answers: Sequence[Answer] | None, value: str | None
) -> tuple[str, str | None]:
    """The viewer's HTML for a clicked link (a plain sentence when the target is gone), and the
    id of the notice shown, so that the chat can be asked about it."""
    target = parse(value)
    if target is None:
        return EMPTY, None
    citation = citation_of(list(answers or []), target)
    doc_id = citation.doc_id if citation else target.doc_id
    entry = entry_of(qa, doc_id)
    if entry is None:
        return (
            '<div class="fq-viewer"><p>That notice is no longer stored.</p></div>',
            None,
        )
    text = qa.store.notice_text(entry.doc_id)
    facts = qa.facts(entry.doc_id)
    hit = None
    if citation is not None:
        fallback = chunk_span(qa, entry.doc_id, citation.chunk_id)
        hit = locate(text, citation.quote, fallback)
    return notice_html(entry.to_json(), text, facts, hit), entry.doc_id
