"""Repetitive text: near-duplicate chunks of one notice collapsed, and a notice's chunks bounded.

Why: a 2 MB file of a million one-letter lines made 5,002 identical chunks. Thousands of equal
vectors break the vector index's graph (afterwards 79 of 79 chunks of other notices could not be
found by their own vector) and fill every unscoped search (the top 5 of all 92 golden questions
came from that file); a 5 MB file of repeated prose gave 199,998 facts. A passage said twice
says nothing new, so a notice keeps the first chunk of each near-duplicate set: the same heading
and text once letters are case-folded, white space is collapsed and every number is read as 0
(so "Line 1", "Line 22", "1,000"... are one passage). Facts are read only from the chunks kept
(``facts_text``), so they stay citable and as few as the distinct text.

A notice also keeps at most ``limit`` chunks (the largest release of the 24,637 in the archive
makes about 65): past it the rest of the file is neither chunked nor embedded, so a 20 MB file
at the size limit costs a bounded time and memory. The report says how much was left out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ingest.records import Chunk

DEFAULT_LIMIT = 1000
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Distinct:
    """A notice's chunks after collapsing: those kept (indexed 0, 1, ...) and what was left out."""

    chunks: list[Chunk]
    collapsed: int  # near-duplicates of a kept chunk
    truncated: bool  # the limit was reached before the end of the text


def near_duplicate_key(chunk: Chunk) -> bytes:
    """What near-duplicate chunks share: heading and text, case-folded, spaces and numbers evened."""
    shape = _NUMBER.sub(
        "0", _SPACE.sub(" ", f"{chunk.heading}\n{chunk.text}").casefold()
    )
    return hashlib.blake2b(shape.encode(), digest_size=16).digest()


def distinct_chunks(chunks: Iterable[Chunk], limit: int = DEFAULT_LIMIT) -> Distinct:
    """The first chunk of each near-duplicate set, up to ``limit``; ``chunks`` is read lazily.

    Reading stops at the first new passage past the limit, so text beyond it is never chunked.
    """
    kept: list[Chunk] = []
    seen: set[bytes] = set()
    collapsed = 0
    for chunk in chunks:
        key = near_duplicate_key(chunk)
        if key in seen:
            collapsed += 1
            continue
        if len(kept) >= limit:
            return Distinct(kept, collapsed, truncated=True)
        seen.add(key)
        kept.append(replace(chunk, index=len(kept)))
    return Distinct(kept, collapsed, truncated=False)


def facts_text(text: str, chunks: list[Chunk]) -> str:
    """``text`` with everything outside the kept chunks blanked, offsets unchanged.

    A stretch between two kept chunks that holds any text (collapsed repeats, or the rest of a
    file past the limit) becomes one blank line of spaces; white space alone is left as it is,
    so the layout facts are read by (blank lines between paragraphs) does not change.
    """
    pieces: list[str] = []
    end = 0
    for chunk in sorted(chunks, key=lambda c: c.start):
        pieces.append(_blank(text[end : chunk.start]))
        pieces.append(text[chunk.start : chunk.end])
        end = chunk.end
    pieces.append(_blank(text[end:]))
    return "".join(pieces)


def _blank(gap: str) -> str:
    if not gap or gap.isspace():
        return gap
    if len(gap) < 2:
        return " "
    return "\n" + " " * (len(gap) - 2) + "\n"
