"""Structure-aware chunking sized for the embedding model's window.

A notice is a title, headings, numbered items, key-value and table rows, and prose. Rows and
items are never cut, a chunk never spans two sections unless the first is too small to stand
alone, and every chunk carries the notice title and its section heading. Only a prose paragraph
longer than the window is split, at sentence boundaries (words, for a run-on sentence). A chunk
that continues a table cut between rows repeats the table's header rows after its heading, so
its figures keep their column names.

Everything streams: lines are found one at a time and tokens are counted a batch of spans at a
time, so time and memory stay linear in the text and bounded per step (a 2 MB file of a million
one-letter lines took 1.97 GB when every span was counted in one call). ``iter_chunks`` yields
chunks as they are made, so a caller can stop early (``ingest.repetition`` does, at its limit).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice

from ingest.records import Chunk
from ingest.tables import is_header_row

TokenCounter = Callable[[list[str]], list[int]]

_NUMBERED = re.compile(
    r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,4}[.)]|[-*\u2022\u25cf\u25a0\u30fb])\s+\S"
)
_KEY_VALUE = re.compile(r"^[^\t:]{2,60}:\s+\S")
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z0-9])")
_ROW_END = re.compile(r"\n")
# How an oversized unit is split, and what a piece still too large is split as next.
_BOUNDARIES = {
    "table": (_ROW_END, "words"),
    "prose": (_SENTENCE_END, "words"),
    "heading": (_WHITESPACE, "chars"),
    "words": (_WHITESPACE, "chars"),
}
_HEADING_MAX_CHARS = 120
_HEADING_ALLOWANCE = 40  # tokens kept free for the section heading added to every chunk
_SPECIAL_TOKENS = 2  # [CLS] and [SEP], counted once per embedded text
_COUNT_BATCH = 512  # spans whose tokens are counted in one call
_REMEMBERED_MAX = 100_000  # texts whose token counts one notice's chunking remembers
_REMEMBERED_CHARS = 200  # only texts this short are remembered (words, headings, rows)
_HEADER_LINES_MAX = 4  # header rows repeated in a chunk that continues a table


@dataclass(frozen=True)
class _Unit:
    """A piece that is never cut: a heading, a row or a paragraph, as a span of the text."""

    start: int
    end: int
    kind: str  # "heading", "row" or "prose"
    tokens: int
    # A piece of a table cut between rows, after the first: the table's header rows.
    header: str = ""


def chunk_notice(
    doc_id: str,
    text: str,
    title: str,
    count_tokens: TokenCounter,
    max_tokens: int = 256,
    target_tokens: int = 200,
    min_tokens: int = 48,
) -> list[Chunk]:
    """Cut a normalized notice into chunks whose embedded text fits in ``max_tokens``.

    ``target_tokens`` is where packing stops adding units; ``min_tokens`` is the size below which
    a chunk absorbs the next section rather than standing alone as a fragment.
    """
    return list(
        iter_chunks(
            doc_id, text, title, count_tokens, max_tokens, target_tokens, min_tokens
        )
    )


def iter_chunks(
    doc_id: str,
    text: str,
    title: str,
    count_tokens: TokenCounter,
    max_tokens: int = 256,
    target_tokens: int = 200,
    min_tokens: int = 48,
) -> Iterator[Chunk]:
    """``chunk_notice``'s chunks, one at a time, in reading order."""
    count_tokens = _remembering(count_tokens)
    title_tokens = count_tokens([title])[0] - _SPECIAL_TOKENS if title else 0
    budget = (
        max_tokens - _SPECIAL_TOKENS - title_tokens - 2
    )  # two newlines join the parts
    limit = min(target_tokens, budget - _HEADING_ALLOWANCE)
    units = _fit(_units(text, count_tokens), text, count_tokens, limit)
    made = 0
    heading = ""
    group: list[_Unit] = []
    used = 0  # tokens of the units in ``group``
    group_heading, group_heading_tokens = "", 0

    def chunk_of(group: list[_Unit]) -> Chunk:
        start, end = group[0].start, group[-1].end
        return Chunk(doc_id, made, text[start:end], start, end, group_heading, title)

    for unit in units:
        if unit.kind == "heading":
            heading = text[unit.start : unit.end].lstrip("#").strip()
        heading_tokens = (
            0 if group and group[0].kind == "heading" else group_heading_tokens
        )
        new_section = unit.kind == "heading" and used >= min_tokens
        too_big = used + unit.tokens + heading_tokens > min(target_tokens, budget)
        if group and (new_section or too_big):
            yield chunk_of(group)
            made += 1
            group, used = [], 0
        if not group:
            group_heading = heading
            group_heading_tokens = count_tokens([heading])[0]
            # Rows going on from an earlier chunk: repeat what names their columns.
            if unit.header:
                with_header = f"{heading}\n{unit.header}".strip()
                tokens = count_tokens([with_header])[0]
                if tokens - _SPECIAL_TOKENS <= _HEADING_ALLOWANCE:
                    group_heading, group_heading_tokens = with_header, tokens
        group.append(unit)
        used += unit.tokens
    if group:
        yield chunk_of(group)


def count_truncated(
    chunks: list[Chunk], count_tokens: TokenCounter, max_tokens: int
) -> int:
    """How many chunks the model would truncate (the chunker's promise is none)."""
    counts = count_tokens([chunk.embedding_text for chunk in chunks])
    return sum(count > max_tokens for count in counts)


def _remembering(count_tokens: TokenCounter) -> TokenCounter:
    """``count_tokens`` that counts each short text once, however often the notice repeats it.

    Why: a run-on paragraph is split at words, and each word was sent to the tokenizer again:
    a 20 MB file of one repeated 2,000-word line took 85 s to chunk. Words, empty headings and
    repeated rows recur; the first ``_REMEMBERED_MAX`` short texts are remembered, so memory
    stays bounded whatever the file.
    """
    known: dict[str, int] = {}

    def count(texts: list[str]) -> list[int]:
        new = list(dict.fromkeys(t for t in texts if t not in known))
        counted = dict(zip(new, count_tokens(new), strict=True)) if new else {}
        if len(known) < _REMEMBERED_MAX:
            known.update(
                (t, n) for t, n in counted.items() if len(t) <= _REMEMBERED_CHARS
            )
        return [known[t] if t in known else counted[t] for t in texts]

    return count


def _units(text: str, count_tokens: TokenCounter) -> Iterator[_Unit]:
    """Headings, tables (runs of rows) and paragraphs, with token counts measured a batch at a time."""
    spans = _spans(text)
    while batch := list(islice(spans, _COUNT_BATCH)):
        counts = count_tokens([text[start:end] for start, end, _ in batch])
        for (start, end, kind), count in zip(batch, counts, strict=True):
            yield _Unit(start, end, kind, count - _SPECIAL_TOKENS)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line, newline excluded, found one at a time (no list of lines)."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield start, len(text)
            return
        yield start, end
        start = end + 1


def _spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, kind): a heading line, or a block of adjacent lines of one kind.

    Adjacent rows form one "table" block and adjacent prose lines one paragraph, so that a
    table is cut, if at all, only between its rows.
    """
    block: list[int | str] | None = None  # [start, end, kind]
    lines = _lines(text)
    following = next(lines, None)
    while following is not None:
        (start, end), following = following, next(lines, None)
        stripped = text[start:end].strip()
        next_line = text[following[0] : following[1]].strip() if following else ""
        kind = (
            "table"
            if stripped and "\t" in text[start:end]  # a row may begin with empty cells
            else _line_kind(stripped, next_line)
        )
        if block and block[2] == kind and kind in ("table", "prose"):
            block[1] = end
            continue
        if block:
            yield block[0], block[1], block[2]
            block = None
        if kind == "heading":
            yield start, end, kind
        elif kind != "blank":
            block = [start, end, kind]
    if block:
        yield block[0], block[1], block[2]


def _line_kind(line: str, next_line: str) -> str:
    """Classify a line: blank, heading, a table row or item (never cut), or prose."""
    if not line:
        return "blank"
    if line.startswith("#"):
        return "heading"
    if "\t" in line or _KEY_VALUE.match(line):
        return "table"
    short = len(line) <= _HEADING_MAX_CHARS and not line.endswith(
        (".", ",", ";", ":", "!", "?")
    )
    if short and (
        not next_line
        or next_line[:1].isupper()
        or _NUMBERED.match(next_line)
        or line.startswith("<")
    ):
        return "heading"
    if _NUMBERED.match(line):
        return "table"
    return "prose"


def _fit(
    units: Iterable[_Unit], text: str, count_tokens: TokenCounter, limit: int
) -> Iterator[_Unit]:
    """Split any unit over ``limit`` tokens: prose at sentences, anything at words as a last resort."""
    for unit in units:
        if unit.tokens <= limit:
            yield unit
            continue
        header = _table_header(text, unit) if unit.kind == "table" else ""
        for piece in _split_span(unit, text, count_tokens, limit):
            yield replace(piece, header=header) if piece.start > unit.start else piece


def _table_header(text: str, unit: _Unit) -> str:
    """The header rows at the top of a table unit (years, captions), as they are written.

    Only the first few lines are looked at: a header is short, and a huge table must not be
    read twice.
    """
    rows = []
    for line in islice(_lines_of(text, unit.start, unit.end), _HEADER_LINES_MAX):
        cells = line.split("\t")
        if not is_header_row(cells[1:], cells[0]):
            break
        rows.append(line)
    return "\n".join(rows)


def _lines_of(text: str, start: int, end: int) -> Iterator[str]:
    """The lines of ``text[start:end]``, one at a time."""
    while start < end:
        stop = text.find("\n", start, end)
        stop = end if stop < 0 else stop
        yield text[start:stop]
        start = stop + 1


def _split_span(
    unit: _Unit, text: str, count_tokens: TokenCounter, limit: int
) -> Iterator[_Unit]:
    """Pack the sentences of an oversized unit into pieces of at most ``limit`` tokens.

    A sentence still too long is split at words, and a word too long (a pasted blob) into slices
    of ``limit`` characters, which can never exceed ``limit`` tokens.
    """
    if unit.kind == "chars":
        for a in range(unit.start, unit.end, limit):
            yield _Unit(a, min(a + limit, unit.end), "prose", limit)
        return
    boundary, finer = _BOUNDARIES[unit.kind]
    start, tokens = unit.start, 0
    for a, b, count in _counted_parts(unit, text, boundary, count_tokens):
        if tokens and tokens + count > limit:
            yield _Unit(start, _rstrip(text, start, a), "prose", tokens)
            start, tokens = a, 0
        if count > limit:
            yield from _split_span(
                _Unit(a, _rstrip(text, a, b), finer, count), text, count_tokens, limit
            )
            start = b
            continue
        tokens += count
    if tokens:
        yield _Unit(start, _rstrip(text, start, unit.end), "prose", tokens)


def _counted_parts(
    unit: _Unit, text: str, boundary: re.Pattern[str], count_tokens: TokenCounter
) -> Iterator[tuple[int, int, int]]:
    """(start, end, tokens) of the parts of ``unit`` between ``boundary`` matches, streamed."""
    piece = text[unit.start : unit.end]

    def parts() -> Iterator[tuple[int, int]]:
        previous = 0
        for match in boundary.finditer(piece):
            if match.end() > previous:
                yield unit.start + previous, unit.start + match.end()
                previous = match.end()
        if len(piece) > previous:
            yield unit.start + previous, unit.start + len(piece)

    spans = parts()
    while batch := list(islice(spans, _COUNT_BATCH)):
        if batch == [(unit.start, unit.end)]:
            # No boundary in it: its count is known (counting 20 MB again took seconds).
            yield unit.start, unit.end, unit.tokens
            continue
        counts = count_tokens([text[a:b] for a, b in batch])
        for (a, b), count in zip(batch, counts, strict=True):
            yield a, b, count - _SPECIAL_TOKENS


def _rstrip(text: str, start: int, end: int) -> int:
    """End offset with trailing white space dropped, so chunk text never ends in a space."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
