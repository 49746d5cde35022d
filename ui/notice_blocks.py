"""A stored notice's text cut into blocks (heading, paragraph, table) that keep their offsets.

The viewer must highlight a cited passage and each fact by character span, so the layout is
found on the text itself (blank lines end blocks; tab-separated rows are tables, which is how
ingest normalises every table) and every piece remembers where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True)
class Block:
    """One block of the notice: ``kind`` is "heading", "paragraph" or "table".

    ``lines`` are spans of ``text``; a table's ``rows`` are lists of cell spans.
    """

    kind: str
    lines: tuple[Span, ...] = ()
    rows: tuple[tuple[Span, ...], ...] = ()


def line_spans(text: str) -> list[Span]:
    """Every line of ``text`` as (start, end), without its newline."""
    spans: list[Span] = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def cell_spans(text: str, line: Span) -> tuple[Span, ...]:
    """The tab-separated cells of one line, each trimmed of surrounding spaces."""
    cells: list[Span] = []
    start = line[0]
    for piece in text[line[0] : line[1]].split("\t"):
        end = start + len(piece)
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        cells.append((start + lead, max(start + lead, end - trail)))
        start = end + 1
    return tuple(cells)


def blocks(text: str) -> list[Block]:
    """The notice as blocks in reading order; runs of tab rows become one table."""
    result: list[Block] = []
    run: list[Span] = []
    run_is_table = False

    def flush() -> None:
        if not run:
            return
        if run_is_table:
            result.append(
                Block("table", rows=tuple(cell_spans(text, line) for line in run))
            )
        elif len(run) == 1 and text[run[0][0] : run[0][1]].lstrip().startswith("#"):
            result.append(Block("heading", lines=(_heading_span(text, run[0]),)))
        else:
            result.append(Block("paragraph", lines=tuple(run)))
        run.clear()

    for line in line_spans(text):
        content = text[line[0] : line[1]]
        if not content.strip():
            flush()
            continue
        is_table = "\t" in content
        if run and is_table != run_is_table:
            flush()
        run_is_table = is_table
        run.append(line)
    flush()
    return result


def _heading_span(text: str, line: Span) -> Span:
    """A Markdown heading line without its leading ``#`` marks."""
    content = text[line[0] : line[1]]
    stripped = content.lstrip().lstrip("#").lstrip()
    return (line[1] - len(stripped), line[1])
