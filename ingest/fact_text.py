"""Cut a normalized notice into the pieces facts are read from, leaving out its boilerplate.

A notice mixes the terms of a deal with text that carries no fact about it: the "About the
Company" blurb, forward-looking-statement warnings, "this release does not constitute an offer",
contact lines. Their figures (a founding year, a Form 10-K's fiscal year end, a phone number)
would be answered as if they were terms of the deal, so they are never scanned.

What remains is cut into units that each give a figure its label: the title, a heading, a table
or key-value row (cells kept apart, column headers remembered), a list item, or one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.tables import is_header_row, stacked_headers

# A heading that opens a section with no deal terms in it, and keeps it open until a heading
# that names deal terms again.
_BOILER_HEADING = re.compile(
    r"(?i)^\W*(?:about\b|forward[- ]looking|cautionary|safe harbou?r|special note|"
    r"(?:\w+\s+){0,3}contacts?\b|(?:investor|media|press|public) relations|for (?:further |more )?"
    r"(?:inquiries|information)|notes? to editors|disclaimer|legal notice|important (?:notice|information)|"
    r"risk factors|non-gaap|distributor:)"
)
# One line of boilerplate wherever it stands (contacts, sources, photo credits).
_BOILER_LINE = re.compile(
    r"(?i)^\W*(?:(?:investor|media|company|press)\s*(?:relations\s*)?contacts?|contacts?\b|contact details|"
    r"tel\b|tel:|phone|fax|e-?mail|source:|source\b|view (?:the )?(?:original|source)|featured photo|"
    r"this (?:post|content) (?:contains|was originally)|for inquiries|distributor:|company website|by [A-Z]\w+ [A-Z]\w+, \w+$)"
)
_CONTACT_WITH_NAME = re.compile(r"(?i)^\W*(?:\w+\s+){0,3}contacts?\s*:\s*\S")
# A paragraph (or a sentence) that is a legal warning, not a term of the deal.
_BOILER_PARAGRAPH = re.compile(r"(?i)forward[- ]looking statements?|safe harbou?r")
_BOILER_SENTENCE = re.compile(
    r"(?i)constitute an offer|solicitation of an offer|an offer to (?:sell|buy)|"
    r"form (?:10-k|10-q|20-f|40-f)|annual report|quarterly report|annual information form|"
    r"management's discussion and analysis"
)
# A heading that names deal terms again after a boilerplate section.
_DEAL_HEADING = re.compile(
    r"(?i)proceeds|offering|dividend|split|consolidation|terms?\b|notes\b|warrants?|repurchase|buyback|"
    r"placement|capital|shares|schedule|price|closing|conversion|redemption|allotment|rights|record|"
    r"payment|subscription|underwrit|agent|capped call|program|results|highlights|effect of|details|"
    r"amendment|adjustment|outline|overview|purpose|reason"
)
_HEADING_MAX = 100
# The longest sentence read whole (real ones stay far below; see ``sentences``).
_SENTENCE_MAX = 2000
_LABEL_MAX = 120
_BULLET_CELL = re.compile(
    r"^\s*(?:[-*\u2022\u25cf\u25a0\u30fb]|\(?\d{1,2}[.)]|\(?[a-z][.)])\t"
)
_LIST_ITEM = re.compile(
    r"^\s*(?:[-*\u2022\u25cf\u25a0\u30fb]|\(?[ivx]{1,4}\)|\(?[a-h]\))\s+"
)
_NUMBERING = re.compile(
    r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,4}[.)])\s+|^#+\s*"
)
_KEY_VALUE = re.compile(
    r"^(?P<key>[^\t:]{2,70}):\s+(?=[$¥€£(~]|[A-Z]{2,3}\$?\d|\d|approximately|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d)"
)
_ABBREVIATIONS = re.compile(
    r"(?i)(?:\b(?:inc|corp|co|ltd|llc|plc|no|nos|approx|mr|mrs|ms|dr|st|jr|sr|vs|etc|u\.s|e\.g|i\.e|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|calif|conn|minn|mass|fla|ill|tex|ariz|colo|"
    r"a\.m|p\.m|s\.a|n\.v|l\.p|p\.c|ave|blvd|dept|fig|ft|gov|ph\.d)|\b[A-Z])\.$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$¥€£])")


@dataclass(frozen=True)
class Unit:
    """A piece of the notice that figures are read from, as offsets into the notice text.

    ``kind`` is "title", "heading", "row", "item" or "sentence". A row has ``cells`` (the
    label cell first) and, in a table with header rows, the ``header`` names of its columns
    (several header rows stacked, a spanning caption spread over the columns it covers).
    """

    kind: str
    start: int
    end: int
    heading: str = ""
    cells: tuple[tuple[int, int], ...] = ()
    header: tuple[str, ...] = field(default=())


def clean_label(text: str) -> str:
    """A row or heading label without its numbering, Markdown marks and trailing colon."""
    text = _NUMBERING.sub("", text.strip())
    return text.strip().rstrip(":").strip()


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, newline excluded."""
    position = 0
    for line in text.split("\n"):
        yield position, position + len(line)
        position += len(line) + 1


def _is_heading(line: str) -> bool:
    """A short line that does not end like a sentence: a title, heading or table caption."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return True
    if "\t" in stripped or len(stripped) > _HEADING_MAX or _LIST_ITEM.match(stripped):
        return False
    return not stripped.endswith((".", ",", ";", "!", "?")) or bool(
        _ABBREVIATIONS.search(stripped)
    )


def _is_row(line: str) -> bool:
    """A table or key-value row: a short label cell, then values ("Record date<TAB>March 6, 2023").

    Wire releases also turn wide gaps inside prose into tabs; a first "cell" that is a long
    sentence is prose, not a label.
    """
    if "\t" in line:
        label = line.split("\t", 1)[0].strip()
        return len(label) <= _LABEL_MAX and not label.endswith((".", "!", "?", ";"))
    return bool(_KEY_VALUE.match(line))


def _cells(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Absolute spans of a row's tab-separated cells."""
    cells, position = [], start
    for cell in text[start:end].split("\t"):
        cells.append((position, position + len(cell)))
        position += len(cell) + 1
    return tuple(cells)


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans within ``text[start:end]``, not cut after "Inc." or "approx.".

    A "sentence" longer than ``_SENTENCE_MAX`` characters is cut at white space into pieces of
    at most that size. Why: each figure's label is read from its whole sentence, so one endless
    sentence (repeated prose with no capital after its full stops) made the work quadratic:
    41 s for 300 kB, and 427 s for the kept part of a 20 MB file.
    """
    piece = text[start:end]
    begin = 0
    for match in _SENTENCE_END.finditer(piece):
        before = piece[begin : match.start()].rstrip("\"')]")
        if _ABBREVIATIONS.search(before[-12:]):
            continue
        yield from _bounded(text, start + begin, start + match.start())
        begin = match.end()
    if piece[begin:].strip():
        yield from _bounded(text, start + begin, end)


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` in pieces of at most ``_SENTENCE_MAX`` characters, cut after white space."""
    while end - start > _SENTENCE_MAX:
        cut = text.rfind(" ", start + 1, start + _SENTENCE_MAX)
        cut = cut + 1 if cut > start else start + _SENTENCE_MAX
        yield start, cut
        start = cut
    yield start, end


def units(text: str) -> Iterator[Unit]:
    """The notice's units in order, boilerplate sections, paragraphs and lines left out."""
    in_boilerplate = False
    heading = ""
    header: tuple[str, ...] = ()
    # The header rows of the table being read, while in them.
    header_rows: list[list[str]] = []
    paragraph: list[tuple[int, int]] = []
    first = True
    previous_row = False

    def flush() -> Iterator[Unit]:
        if paragraph:
            start, end = paragraph[0][0], paragraph[-1][1]
            block = text[start:end]
            if not _BOILER_PARAGRAPH.search(block):
                for a, b in sentences(text, start, end):
                    if not _BOILER_SENTENCE.search(text[a:b]):
                        yield Unit("sentence", a, b, heading)
            paragraph.clear()

    for start, end in _lines(text):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            yield from flush()
            header, previous_row = (), False
            header_rows.clear()
            continue
        if first:
            first = False
            yield Unit("title", start, end, heading)
            continue
        bullet = _BULLET_CELL.match(line)
        if bullet:  # "•\tIssuance Size: 100,000,000 units": the bullet is no label
            start += bullet.end()
            line = text[start:end]
            stripped = line.strip()
        is_row = _is_row(line.strip(" "))  # leading tabs are empty cells
        if not is_row and _is_heading(stripped):
            yield from flush()
            header, previous_row = (), False
            header_rows.clear()
            if _BOILER_HEADING.match(stripped) or _BOILER_LINE.match(stripped):
                # "Contact:" opens a section; "CONTACT: Jane Doe" at the top is one line of it.
                opens = bool(
                    _BOILER_HEADING.match(stripped)
                ) and not _CONTACT_WITH_NAME.match(stripped)
                in_boilerplate = in_boilerplate or opens
                continue
            if in_boilerplate and not _DEAL_HEADING.search(stripped):
                continue
            in_boilerplate = False
            heading = clean_label(stripped)
            yield Unit("heading", start, end, heading)
            continue
        if in_boilerplate or _BOILER_LINE.match(stripped):
            yield from flush()
            continue
        if is_row:
            yield from flush()
            if "\t" in line:
                cells = _cells(text, start, end)
            else:
                colon = _KEY_VALUE.match(line).end("key")
                cells = ((start, start + colon), (start + colon + 1, end))
            texts = [text[a:b] for a, b in cells]
            if (
                (not previous_row or header_rows)
                and len(cells) > 1
                and is_header_row(texts[1:], texts[0])
            ):
                header_rows.append(texts)
                header = tuple(clean_label(h) for h in stacked_headers(header_rows))
            else:
                header_rows.clear()
                yield Unit("row", start, end, heading, cells, header)
            previous_row = True
            continue
        header, previous_row = (), False
        header_rows.clear()
        if _LIST_ITEM.match(stripped):
            yield from flush()
            for a, b in sentences(text, start, end):
                if not _BOILER_SENTENCE.search(text[a:b]):
                    yield Unit("item", a, b, heading)
            continue
        paragraph.append((start, end))
    yield from flush()
