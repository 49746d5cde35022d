"""Candidates: every typed span of a notice (or of the question) that could be an answer or operand.

Figures come from the same finders ingest uses (``ingest.fact_scan``), so a figure is read one way
everywhere; this module adds what the reader also needs: bare numbers (table cells), durations,
payment frequencies, names of organisations and people, and identifiers. Each candidate keeps
its context (the sentence or table row around it, the words before and after it, and the label
ingest gave the figure), which is what the grounding scorer reads.

A figure in a table cell (``ingest.tables``) is named by its row and column, not by the cells
beside it: its ``label`` is the row label, its left context the section, row label and column
header ("Total sales Years Ended September 30, 2019"), and its ``scale`` the table's or the
cell's own ("million", "percent"). Every non-empty value cell that holds a number is a candidate,
single digits and accounting negatives ("(134)") included; under a currency the table writes, an
amount of money.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ingest.fact_scan import find_figures
from ingest.tables import Cell, tables_in
from qa.reader.words import STOP
from tools.dates import is_calendar_word

# Kinds of candidate, and the answer types each can serve.
KINDS = (
    "money",
    "per_share",
    "shares",
    "count",
    "number",
    "percentage",
    "ratio",
    "date",
    "duration",
    "frequency",
    "name",
    "identifier",
)

_BARE_NUMBER = re.compile(
    r"(?<![\w.,$€£¥%/-])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{2,})"
    r"(?:\s(?:thousand|million|billion|trillion)\b)?(?![\w%/]|[.,]\d|-\d)"
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a calendar year written as four digits
_NUMBER_WORD = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|thirty|sixty|ninety"
_DURATION = re.compile(
    rf"(?i)\b(?:\d+|{_NUMBER_WORD})(?:\s*\(\d+\))?[- ](?:business |calendar |trading )?(?:days?|weeks?|months?|years?)\b"
)
_FREQUENCY = re.compile(
    r"(?i)\b(?:quarterly|monthly|semi-annual(?:ly)?|semiannual(?:ly)?|annual(?:ly)?|weekly)\b"
)
_LEGAL_FORM = r"Inc|PLLC|LLC|Ltd|Corp|Co|LLP|L\.P|N\.A|P\.A|plc|PLC|S\.A|SA|AG|SE|N\.V"
_NAME_WORD = r"(?:[A-Z][\w'’.-]*(?:\s?&\s?[A-Z][\w.]*)?|&)"
_NAME_SUFFIX = rf"{_LEGAL_FORM}|Ph\.D|PhD|M\.D|Jr|Sr|III|II"
# Words of one name: capitalised words joined by spaces and particles ("Bank of America"); a
# comma or "and" ends it ("David Dodd, GeoVax's Chairman", "Morgan Stanley and Evercore"), except
# before a legal form or a personal suffix ("Roth Capital Partners, LLC", "Meesha Dogan, Ph.D.").
# A word ends where a space, comma, semicolon, colon or closing parenthesis follows: a notice's
# heading lists "(President and CEO: Toshiya Maezuru; Head office: Tosu City)".
_NAME = re.compile(
    rf"{_NAME_WORD}(?: (?:{_NAME_WORD}|of|de|du|van|von|der|la|y)(?=[\s,;:)]|$))*(?:,? (?:{_NAME_SUFFIX})\.?(?!\w))?"
)
_PARTIAL_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?\b(?!,? \d)"
)
_IDENTIFIER = re.compile(
    r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{5,12}\b"  # CUSIP, ISIN, an RNS number ("1234A")
    r"|\b(?=[\w./-]*\d)(?=[\w./-]*[A-Z])[A-Za-z0-9]+(?:[-./][A-Za-z0-9]+)+\b"  # HTX-100, 214270.KQ
    r"|\b[A-Z]{2,6}\b(?![-.]\w)"  # a ticker or code written alone
    r"|\b\d{3}-\d{5,6}\b"  # SEC file number
    r"|\b(?:Rule|Form|Regulation) [A-Z0-9][\w-]*\b"
)
_TICKER = re.compile(
    r"\b(?:NASDAQ|Nasdaq|NYSE(?: American| Arca)?|TSX(?:-?V)?|CSE|OTC\w*|LSE|AIM|ASX|TSE|Cboe|NEO)\s?:\s?([A-Z][A-Z0-9.]{0,7})\b"
)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z\"(])|\n")
_LEFT, _RIGHT = 90, 50  # characters of context kept either side, within the sentence
# A number as a table cell writes it: "(134)", "$1,496.5", "-3.2%".
CELL_NUMBER = re.compile(r"[-+(]?[$€£¥]?\s?\d[\d,]*(?:\.\d+)?\)?%?")


@dataclass(frozen=True)
class Candidate:
    """One typed span: where it stands, what it is, and the text around it."""

    kind: str
    text: str
    start: int
    end: int
    sentence: str
    left: str
    right: str
    label: str = ""
    doc_id: str = ""
    chunk_index: int = -1
    source: str = "notice"  # or "question": a figure the question itself writes
    sentence_index: int = 0
    approximate: bool = False
    header: str = ""  # a table cell's column header
    # A table cell's scale: "thousand", "million", "billion", "percent" or "".
    scale: str = ""
    # For a name: the share of its words that the text also writes in lower case. A heading
    # ("Selected Financial Data") is made of common words; a name mostly of its own.
    plain_words: float = 0.0


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line of ``text``."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _spans(text: str, facts: Iterable[dict]) -> list[tuple[str, int, int, bool]]:
    """Typed spans of ``text``: figures first, then the other kinds where no figure stands."""
    per_share = {(f["start"], f["end"]) for f in facts if f["kind"] == "per_share"}
    found: list[tuple[str, int, int, bool]] = []
    for figure in find_figures(text):
        kind = figure.kind
        if kind == "money" and (figure.start, figure.end) in per_share:
            kind = "per_share"
        found.append((kind, figure.start, figure.end, figure.approximate))
    taken = [(start, end) for _, start, end, _ in found]

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for kind, pattern, group in (
        ("duration", _DURATION, 0),
        ("date", _PARTIAL_DATE, 0),
        ("frequency", _FREQUENCY, 0),
        ("identifier", _TICKER, 1),
        ("identifier", _IDENTIFIER, 0),
        ("number", _BARE_NUMBER, 0),
        ("name", _NAME, 0),
    ):
        for match in pattern.finditer(text):
            pieces = [match.span(group)]
            if kind == "name":
                # "CEO David Ly": the name is what the code before it leaves free; "... Chairman.
                # Morgan Stanley": a run across a sentence break is two names.
                pieces = [
                    piece
                    for free_piece in _free_pieces(*pieces[0], taken)
                    for piece in _sentence_pieces(text, *free_piece)
                ]
            for start, end in pieces:
                span = text[start:end].strip(" ,&")
                start = text.index(span, start) if span else start
                end = start + len(span)
                if not span or not free(start, end):
                    continue
                if kind == "number" and YEAR.fullmatch(span):
                    continue
                if kind == "identifier" and re.fullmatch(_LEGAL_FORM, span):
                    continue  # "Latham & Watkins LLP": the end of a name, not a code
                if kind == "name":
                    offset, span = _trim_name(span)
                    start += offset
                    end = start + len(span)
                    if not _is_name(span):
                        continue
                found.append((kind, start, end, False))
                taken.append((start, end))
    return sorted(_join_codes_to_names(text, found), key=lambda item: item[1])


_ENDS_IN_LEGAL_FORM = re.compile(rf"\b(?:{_LEGAL_FORM})\.?$")
# An officer's title written as a code before the officer's name: "CEO", "CFO", "EVP", "SVP".
_TITLE_CODE = re.compile(r"C[A-Z]{1,2}O|[ES]?VP")


def _join_codes_to_names(
    text: str, found: list[tuple[str, int, int, bool]]
) -> list[tuple[str, int, int, bool]]:
    """A code written right before a name is the name's first word: "KPMG LLP", "RBC Capital
    Markets LLC" (codes are taken before names, so "KPMG" alone would be a code and "LLP" a
    name). A name ending in a legal form replaces the code; any other name after a code that is
    no officer's title ("CIM Group", "IDB Invest"; not "CEO John Smith") is joined as one more
    name beside the code and the name alone, for the scorer to choose from."""
    codes = {end: (start, end) for kind, start, end, _ in found if kind == "identifier"}
    joined, dropped = [], set()
    for kind, start, end, approximate in found:
        code = codes.get(start - 1)
        if kind == "name" and code and text[start - 1] == " ":
            if _ENDS_IN_LEGAL_FORM.search(text, start, end):
                dropped.add(code)
                start = code[0]
            elif not _TITLE_CODE.fullmatch(text, *code):
                joined.append((kind, code[0], end, approximate))
        joined.append((kind, start, end, approximate))
    return [s for s in joined if s[0] != "identifier" or (s[1], s[2]) not in dropped]


def _free_pieces(
    start: int, end: int, taken: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The parts of [start, end) that no span already taken covers."""
    pieces = [(start, end)]
    for a, b in taken:
        pieces = [
            part
            for s, e in pieces
            for part in ((s, min(e, a)), (max(s, b), e))
            if part[0] < part[1]
        ]
    return pieces


_CONNECTOR_END = re.compile(r"(?:,? (?:of|and|de|du|van|von|der|la|y|The|&))+$")
# A possessive's "s" left where a code took the word before it ("HIVE's Co-Founder").
_CONNECTOR_START = re.compile(r"^(?:['’]s\b\s*|[^\w&]+|(?:of|and)\b\s*)*")
# A full stop after a lower-case word or a legal form ends a sentence ("... Maxim Group LLC.
# Bevilacqua PLLC is ..."); after an initial or a title it does not ("J.P. Morgan", "Dr. Lee").
_SENTENCE_BREAK = re.compile(
    r"(?:(?<=[a-z]{3})|(?<=\bInc)|(?<=\bLtd)|(?<=LLC)|(?<=LLP)|(?<=\bplc)|(?<=\bPLC))\. "
)
_LEADING_WORD = re.compile(r"([A-Z][a-z]*) +(?=[A-Z])")
# The words of an officer's title. A run of them alone is no one's name ("Chief Executive
# Officer", "Transformation Officer", "Board of Directors"); before a name it is the name's
# title ("Chairman Frank Holmes" is Frank Holmes) when it begins with a word that begins no
# company's name ("General Electric", "Executive Platforms" and "Vice Media" keep theirs).
_TITLE_WORDS = frozenset(
    [
        "chief",
        "executive",
        "officer",
        "president",
        "vice",
        "chairman",
        "chairwoman",
        "chairperson",
        "chair",
        "director",
        "directors",
        "board",
        "of",
        "founder",
        "co-founder",
        "cofounder",
        "managing",
        "manager",
        "general",
        "senior",
        "head",
        "partner",
        "secretary",
        "treasurer",
        "counsel",
        "controller",
        "principal",
        "representative",
        "financial",
        "operating",
        "technology",
        "technical",
        "strategy",
        "strategic",
        "transformation",
        "commercial",
        "marketing",
        "scientific",
        "medical",
        "accounting",
        "legal",
        "information",
        "investment",
        "business",
        "development",
        "operations",
    ]
)
_TITLE_FIRST = frozenset(
    [
        "chief",
        "president",
        "chairman",
        "chairwoman",
        "chairperson",
        "director",
        "founder",
        "co-founder",
        "cofounder",
        "managing",
    ]
)
_POSSESSIVE = re.compile(r"['’]s$")


def _sentence_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut where a sentence ends inside it ("Chairman. Morgan")."""
    pieces = []
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        pieces.append((start, match.start() + 1))
        start = match.end()
    return [*pieces, (start, end)]


def _trim_name(span: str) -> tuple[int, str]:
    """A name run without the connectors or punctuation a code taken before it leaves ("CEO of
    Actelis" leaves "of Actelis"), without trailing connectors ("Public Offering and") and
    without a sentence's full stop ("Cowen." but "Inc." and "L.P."), without a capitalised
    function word or an officer's title before it and a possessive after it."""
    offset = _CONNECTOR_START.match(span).end()
    # A sentence's first word is capitalised too: "When George Parthimos's", "By Meg Flippin",
    # "About ReachOut" (but "The" begins names: "The Goldman Sachs Group").
    while (lead := _LEADING_WORD.match(span, offset)) and lead.group(1).lower() in (
        STOP - {"the"}
    ):
        offset = lead.end()
    span = _POSSESSIVE.sub("", _CONNECTOR_END.sub("", span[offset:])).rstrip(" ,")
    last = span.rsplit(" ", 1)[-1]
    if last.endswith(".") and len(last) > 4 and "." not in last[:-1]:
        span = span[:-1]
    words = span.split(" ")
    if words[0].lower() in _TITLE_FIRST:
        titled = next(
            (i for i, w in enumerate(words) if w.lower() not in _TITLE_WORDS),
            len(words),
        )
        cut = len(" ".join(words[:titled])) + 1 if titled < len(words) else len(span)
        offset, span = offset + cut, span[cut:]
    return offset, span


def _is_name(span: str) -> bool:
    """Two to nine words, or one capitalised word that is not a function word ("The", "This") or
    a month or weekday ("October"); not an officer's title alone ("President")."""
    words = span.split()
    if all(word.lower() in _TITLE_WORDS for word in words):
        return False
    if 2 <= len(words) <= 9:
        return True
    return (
        len(words) == 1
        and len(span) >= 3
        and span.lower() not in STOP
        and not is_calendar_word(span)
    )


_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]{2,}\b")
_NAME_PART = re.compile(r"\b[A-Za-z][a-z'-]{2,}\b")


def _plain_share(name: str, lower_words: set[str]) -> float:
    """The share of a name's words (not function words) written in lower case elsewhere."""
    words = [w.lower() for w in _NAME_PART.findall(name)]
    words = [w for w in words if w not in STOP]
    return sum(w in lower_words for w in words) / len(words) if words else 0.0


def find_candidates(
    text: str,
    facts: Iterable[dict] = (),
    doc_id: str = "",
    source: str = "notice",
) -> list[Candidate]:
    """Every candidate of ``text`` with its context; ``facts`` (ingest's) lend labels and chunk ids."""
    facts = list(facts)
    by_span = {(f["start"], f["end"]): f for f in facts}
    sentences = sentence_spans(text)
    cells = _Cells(text)
    lower_words = set(_LOWER_WORD.findall(text))
    out: list[Candidate] = []
    index = 0
    for kind, start, end, approximate in cells.with_cells(_spans(text, facts)):
        while index < len(sentences) - 1 and sentences[index][1] <= start:
            index += 1
        s_start, s_end = sentences[index] if sentences else (0, len(text))
        s_start, s_end = min(s_start, start), max(s_end, end)
        fact = by_span.get((start, end))
        out.append(
            Candidate(
                kind=kind,
                text=text[start:end],
                start=start,
                end=end,
                sentence=text[s_start:s_end],
                left=text[max(s_start, start - _LEFT) : start],
                right=text[end : min(s_end, end + _RIGHT)],
                label=fact["label"] if fact else "",
                doc_id=doc_id,
                chunk_index=int(fact["chunk_index"]) if fact else -1,
                source=source,
                sentence_index=index,
                approximate=approximate,
                plain_words=_plain_share(text[start:end], lower_words)
                if kind == "name"
                else 0.0,
            )
        )
        cell = cells.at(start, end)
        if cell is not None:
            out[-1] = _in_cell(out[-1], cell, text)
    return out


def _in_cell(candidate: Candidate, cell: Cell, text: str) -> Candidate:
    """A candidate in a table cell, named by its row and column instead of its neighbour cells.

    An accounting negative keeps its parentheses ("(134)"), which is how the table writes it.
    A bare number under a currency the table writes ("$M", "$'000") is an amount of money: the
    table says what its figures are once, not in every cell.
    """
    start, end = candidate.start, candidate.end
    kind = candidate.kind
    if kind == "number" and cell.unit and cell.scale != "percent":
        kind = "money"
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        start, end = start - 1, end + 1
    left = " ".join(p for p in (cell.section, cell.row_label, cell.header) if p)
    return replace(
        candidate,
        kind=kind,
        text=text[start:end],
        start=start,
        end=end,
        left=left,
        right=cell.scale,
        label=cell.row_label,
        header=cell.header,
        scale=cell.scale,
    )


class _Cells:
    """The value cells of a notice's tables, found by position."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._spans: list[tuple[int, int, Cell]] = []
        for located in tables_in(text):
            for cell in located.table.cells():
                a, b = located.cells[cell.row][cell.column]
                self._spans.append((a, b, cell))
        self._spans.sort(key=lambda item: item[0])
        self._starts = [a for a, _, _ in self._spans]

    def at(self, start: int, end: int) -> Cell | None:
        """The cell whose text holds ``[start, end)``, if any."""
        i = bisect_right(self._starts, start) - 1
        if i >= 0:
            a, b, cell = self._spans[i]
            if a <= start and end <= b:
                return cell
        return None

    def with_cells(
        self, spans: list[tuple[str, int, int, bool]]
    ) -> list[tuple[str, int, int, bool]]:
        """``spans`` plus a number for each cell that holds one and no span yet (single digits,
        years in a body row)."""
        taken = sorted((a, b) for _, a, b, _ in spans)
        starts = [a for a, _ in taken]
        added = []
        for a, b, _ in self._spans:
            i = bisect_right(starts, b) - 1
            if i >= 0 and taken[i][1] > a:
                continue  # a figure already stands in this cell
            written = self._text[a:b].strip()
            if CELL_NUMBER.fullmatch(written):
                offset = self._text.index(written, a)
                added.append(("number", offset, offset + len(written), False))
        return sorted(spans + added, key=lambda item: item[1])
