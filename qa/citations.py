"""Citations built from the store's records: a fact's sentence or a retrieved passage, with its notice."""

from __future__ import annotations

from typing import Any

from ingest.records import ManifestEntry
from ingest.store import StoredChunk
from qa.answer import Citation


def cite_fact(fact: dict[str, Any], entry: ManifestEntry | None) -> Citation:
    """The sentence or row a fact stands in."""
    return _citation(
        fact["doc_id"],
        fact.get("context") or fact.get("text", ""),
        entry,
        fact.get("chunk_id"),
        None,
    )


def cite_chunk(hit: StoredChunk, entry: ManifestEntry | None) -> Citation:
    """A retrieved passage."""
    return _citation(hit.chunk.doc_id, hit.chunk.text, entry, hit.chunk_id, hit.score)


def cite_quote(doc_id: str, quote: str, entry: ManifestEntry | None) -> Citation:
    """A quoted span (an audit's) of a notice."""
    return _citation(doc_id, quote, entry, None, None)


def unique(citations: list[Citation]) -> tuple[Citation, ...]:
    """Citations in order, each passage once."""
    seen: dict[tuple[str, str], Citation] = {}
    for citation in citations:
        seen.setdefault((citation.doc_id, citation.quote), citation)
    return tuple(seen.values())


def _citation(
    doc_id: str,
    quote: str,
    entry: ManifestEntry | None,
    chunk_id: str | None,
    score: float | None,
) -> Citation:
    return Citation(
        doc_id=doc_id,
        source=entry.source if entry else "",
        quote=quote,
        title=entry.title if entry else "",
        issuer=entry.issuer if entry else None,
        date=entry.date.isoformat() if entry and entry.date else None,
        chunk_id=chunk_id,
        score=score,
    )
