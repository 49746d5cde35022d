"""Tables as tables: a grid of cells, each named by its row label and its column header(s).

Filings carry their figures in tables, and a figure in a table means nothing without its row
label ("Total sales"), its column header ("Years Ended September 30, 2019") and the table's
scale ("in millions"). Every loader's table syntax ends up here: HTML ``<table>`` (rows handed
over by ``ingest.html_text``), Markdown pipe tables, tab-separated rows, and space-aligned text
as PDF extraction gives it. ``parse_grid`` turns rows of cell texts into a ``Table``:

- header rows are the rows above the first body row whose value cells hold only words or years;
  several of them stack into multi-row headers;
- a header cell with empty cells beside it spans them ("Years Ended December 31," over three
  year columns): its text is spread over the columns up to the next header cell;
- empty cells stay empty, so no value moves into another column;
- the scale and unit come from the caption, the headers and the row label ("in millions",
  "$'000", "%", "in thousands, except per share").

The rendered form every later step reads is tab-separated rows (``to_rows_text``), empty cells
kept, so chunking, facts and candidates see one table syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ingest.patterns import MONTH
from tools.amounts import AmountError, parse_number

# What a scale word means, in the words TAT-QA and filings use for it.
# A currency written before a scale in a header ("USDm", "RMB’Million", "US$ million", "€bn"):
# ISO codes in capitals, so "FIRM" or "from million" is not read as one.
_MONEY = (
    r"(?-i:\b(?:USD|EUR|GBP|JPY|CAD|AUD|RMB|CNY|HKD|SGD|CHF|SEK|NOK|DKK|INR|KRW|NZD|ZAR)"
    r"|US\$|[$€£¥])"
)
_SCALES = (
    (
        "billion",
        re.compile(
            r"(?i)\bin billions?\b|\(billions?\)|\bbillions of\b|[$€£¥]bn\b|"
            rf"{_MONEY}\s?[’']?\s?(?:bn|billions?)\b"
        ),
    ),
    (
        "million",
        re.compile(
            r"(?i)\bin millions?\b|\(millions?\)|\bmillions of\b|[$€£¥]m\b|\$'?000,?000\b|\bin mn\b|"
            rf"{_MONEY}\s?[’']?\s?(?:mn|millions?)\b|{_MONEY}(?-i:m)\b"
        ),
    ),
    (
        "thousand",
        re.compile(
            r"(?i)\bin thousands?\b|\(thousands?\)|\bthousands of\b|[’']000s?\b|\b000s\b|"
            r"\(000\)|\$k\b"
        ),
    ),
)
_STATED_SCALE = re.compile(r"(?i)\(?\bin\s+(thousands|millions|billions)\b")
_STATED_NAMES = {"thousands": "thousand", "millions": "million", "billions": "billion"}
_PERCENT = re.compile(r"%|\bpercent(?:age)?\b")
_PER_SHARE = re.compile(
    r"(?i)\bper[- ](?:(?:common|ordinary|basic|diluted|class [a-z]) )?(?:share|unit|ADS)\b|\bEPS\b"
)
# A bare number in a column of percentages: "Sales 100.0 %" heads a common-size column whose
# other rows write "40.0", "33.1"; "Statutory rate 21.0%" heads a rate reconciliation's.
_PERCENT_CEILING = 100
_CURRENCY = re.compile(
    r"US\$|C\$|A\$|HK\$|S\$|NZ\$|R\$|[$€£¥]|\b(?:USD|EUR|GBP|JPY|CAD|AUD|RMB|CNY)\b"
)
_NUMBER = re.compile(r"\d")
_WORDED = re.compile(r"[^\W\d_]")  # a letter: a row of dashes heads nothing
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LONE_CURRENCY = re.compile(r"US\$|C\$|A\$|HK\$|[$€£¥]|\(\$|\(")
# A year, or a fiscal period written with one: "2019", "FY 2019", "Q4 2019", and with the year's
# last two digits after a period's mark ("FY19", "F19", "Q3'19", "2Q19", "H1 19").
_YEAR_ONLY = re.compile(
    r"(?i)^\W*(?:(?:(?:fy|fiscal(?: year)?|year|q[1-4]|h[12])\s*)?(?:19|20)\d\d(?:\s*[-/]\s*\d{2,4})?"
    r"|(?:fy?|q[1-4]|[1-4]q|h[12]|[12]h)\s?'?\d\d)\W*$"
)
_DATE_HEADER = re.compile(
    rf"(?i)^\W*(?:(?:as )?(?:of|at) )?(?:{MONTH}\s+\d{{1,2}},?\s+|\d{{1,2}}\s+{MONTH},?\s+)?"
    r"(?:19|20)\d\d\W*$"
)
# A period a column covers, named by its length: "16 Weeks Ended", "1-3 Years", "1 to 3 years",
# "12 months", "0 to 30 days past due".
_PERIOD_LENGTH = (
    r"\d{1,2}(?:\s*(?:[-–]|to)\s*\d{1,3})?\s+(?i:days?|weeks?|months?|years?)\b"
)
# A column of a maturity or ageing table, named by the bounds of its period: "Less Than 1 Year",
# "2-5 Years", "More than 5 years". A single length ("5 years") under a row label is a value.
_PERIOD_BUCKET = re.compile(
    r"(?i)^\W*(?:(?:(?:less|more) than|up to|over|after|within|under)\s+\d{1,3}"
    r"|\d{1,3}\s*(?:[-–]|to)\s*\d{1,3})\s+(?:days?|weeks?|months?|years?)\b"
)
_CAPTION_START = re.compile(rf"[^\W\d_]|%|(?:19|20)\d\d\b|{_PERIOD_LENGTH}")
_PERIOD_ENDED = re.compile(rf"(?i)\bend(?:ed|ing)\s+{MONTH}")
# The tail of a date caption split over two cells: "31," of "Years Ended December | 31,".
_DAY_FRAGMENT = re.compile(r"^\d{1,2},$")
# "December 2019": a month and year name a column even under a row label.
_YEARS_DATE = re.compile(rf"(?i)^\W*{MONTH}\s+(?:19|20)\d\d\W*$")
_CAPTION_WORDS = 16
# Footnote marks after a header ("2019 (1)", "August 31, 2018 (3)", "2017*").
_FOOTNOTE_MARKS = re.compile(r"(?:\s*\((?:\d{1,2}|[a-z])\)|\*+)+$")
_MARKDOWN_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_MARKDOWN_ROW = re.compile(r"^\s*\|.*\|\s*$")
_GAP = re.compile(r"\S+(?: \S+)*")  # a run of text with single spaces: one aligned cell


@dataclass(frozen=True)
class Cell:
    """One value cell, with everything that names it.

    ``headers`` are the column's header lines top to bottom (a spanning caption first);
    ``section`` is the label of the last row above with no values ("Assets:"); ``scale`` is
    "", "thousand", "million", "billion" or "percent"; ``unit`` a currency when one is written.
    """

    text: str
    row: int
    column: int
    row_label: str
    headers: tuple[str, ...]
    section: str = ""
    scale: str = ""
    unit: str = ""

    @property
    def header(self) -> str:
        """The column header as one phrase ("Years Ended September 30, 2019")."""
        return " ".join(h for h in self.headers if h)


@dataclass(frozen=True)
class Table:
    """A grid of cell texts (every row as wide as the widest), its header rows and caption."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int
    caption: str = ""
    # The scale the notice's text states for its figures, for a table that states none itself.
    notice_scale: str = ""

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def headers(self) -> list[tuple[str, ...]]:
        """Each column's header lines, spanning header cells spread over the columns they cover."""
        return _column_headers(self.rows[: self.header_rows], self.width)

    def header_names(self) -> list[str]:
        """Each column's header lines joined into one phrase ("Years Ended September 30, 2019")."""
        return [" ".join(lines) for lines in self.headers()]

    @property
    def scale(self) -> str:
        """The scale stated for the whole table: in its caption, or in a header cell over every
        column (the corner cell, or a lone caption row). A header over some columns only states
        theirs ("Amount (in thousands)" beside "Per share (dollars)"), read per cell."""
        stated = scale_of(" ".join([self.caption, *self._whole_table_headers()]))
        return stated or self.notice_scale

    def _whole_table_headers(self) -> list[str]:
        """Header cells that speak for every column: the label column's, and lone caption rows'."""
        found = []
        for row in self.rows[: self.header_rows]:
            values = [cell for cell in row[1:] if cell]
            found.append(row[0])
            if len(values) == 1:
                found.append(values[0])
        return found

    def _title(self) -> str:
        """The last title row's text among the header rows ("Income statement expense" above
        the years): the section of the body's first rows."""
        titles = [row[0] for row in self.rows[: self.header_rows] if not any(row[1:])]
        return titles[-1].rstrip(":").strip() if titles else ""

    def cells(self) -> Iterator[Cell]:
        """Every non-empty value cell of the body, named by its row label and column header."""
        headers = self.headers()
        table_scale = self.scale
        table_unit = _unit(" ".join([self.caption, *(h for hs in headers for h in hs)]))
        section = self._title()
        percent_columns = self._percent_columns()
        top = [row for row in self.rows[: self.header_rows] if any(row[1:])]
        # The header rows read so far of a block inside the body (``_reheads``).
        block: list[tuple[str, ...]] = []
        for index, row in enumerate(
            self.rows[self.header_rows :], start=self.header_rows
        ):
            label, values = row[0], row[1:]
            if _reheads(row, continuing=bool(block)):
                block.append(row)
                headers = _column_headers(_restated(top, block), self.width)
                continue
            block = []
            if not any(values):
                section = label.rstrip(":").strip()
                continue
            for column, text in enumerate(values, start=1):
                if not text:
                    continue
                header = " ".join(headers[column])  # as ``header_names`` joins it
                scale = _cell_scale(
                    text,
                    f"{section} {label}",
                    header,
                    table_scale,
                    column in percent_columns,
                )
                yield Cell(
                    text=text,
                    row=index,
                    column=column,
                    row_label=label,
                    headers=headers[column],
                    section=section,
                    scale=scale,
                    unit=_unit(text) or _unit(header) or table_unit,
                )

    def _percent_columns(self) -> set[int]:
        """The columns whose first figure is a percentage and that hold no money: a bare
        number under it is one more percentage (``_cell_scale``)."""
        found = set()
        body = self.rows[self.header_rows :]
        for column in range(1, self.width):
            figures = [row[column] for row in body if _NUMBER.search(row[column])]
            if (
                figures
                and _PERCENT.search(figures[0])
                and not any(_CURRENCY.search(f) for f in figures)
            ):
                found.add(column)
        return found


def stated_scale(text: str) -> str:
    """The one scale a notice's text states for its figures ("(in thousands)", "in millions"),
    or "" when it states none or several.

    Why: a report often states the unit once, above or beside its tables and not in them; where
    the text names a single scale, a table that names none is in it (on TAT-QA's dev excerpts the
    single stated scale is the annotated one in 80 of 81).
    """
    found = {match.group(1).lower() for match in _STATED_SCALE.finditer(text)}
    return _STATED_NAMES[found.pop()] if len(found) == 1 else ""


def scale_of(text: str) -> str:
    """The scale a caption or header states: "thousand", "million", "billion", "percent" or ""."""
    for name, pattern in _SCALES:
        if pattern.search(text):
            return name
    return ""


def _cell_scale(
    text: str, label: str, header: str, table_scale: str, percent_column: bool = False
) -> str:
    """A cell's own scale: a percentage stays a percentage, and so does a bare number of up to
    100 in a column of percentages; a per-share amount is never scaled ("in thousands, except
    per share"), whatever scale its row or column states for the rest; a scale in its row
    label (with its section) or column header is its own."""
    if _PERCENT.search(text) or _PERCENT.search(header) or _PERCENT.search(label):
        return "percent"
    if _PER_SHARE.search(label) or _PER_SHARE.search(header):
        return ""
    if percent_column and _at_most_a_hundred(text):
        return "percent"
    stated = scale_of(label) or scale_of(header)
    if stated:
        return stated
    return table_scale if table_scale != "percent" else ""


def _at_most_a_hundred(text: str) -> bool:
    """Whether a cell is a bare number ("40.0", "(9.9)") no larger than 100."""
    try:
        return abs(parse_number(text)) <= _PERCENT_CEILING
    except AmountError:
        return False


def _unit(text: str) -> str:
    """The first currency written in ``text`` ("$", "USD", "€"), or ""."""
    match = _CURRENCY.search(text)
    return match.group(0) if match else ""


def _column_headers(rows: Sequence[Sequence[str]], width: int) -> list[tuple[str, ...]]:
    """Each column's header lines from header ``rows``, spanning cells spread (``_spread``)."""
    spread = [_spread(row) for row in rows]
    return [
        tuple(row[column] for row in spread if row[column]) for column in range(width)
    ]


def _reheads(row: Sequence[str], continuing: bool) -> bool:
    """A body row that heads the rows below it anew: no label, and value cells that name
    columns. Quarterly tables stack one block per year, each under its own "Fiscal 2018" and
    "First | Second | Third | Fourth Quarter" rows. A block starts with words, in several cells
    or with a year ("Fiscal 2018"): one cell of words alone ("Expenses:") names a section
    written in the wrong column, and a row of dashes nothing; a row of years may continue it."""
    values = [value for value in row[1:] if value.strip()]
    if row[0].strip() or not is_header_row(values):
        return False
    if continuing:
        return True
    return any(_WORDED.search(value) for value in values) and (
        len(values) > 1 or bool(_A_YEAR.search(values[0]))
    )


def _restated(
    top: Sequence[Sequence[str]], block: Sequence[Sequence[str]]
) -> list[Sequence[str]]:
    """The top header rows with those a block in the body restates replaced: each block row
    replaces the first top row after the one it last replaced whose cells stand in the same
    columns ("Fiscal 2018" over the fourth column replaces "Fiscal 2019" there), else the next
    one; a block longer than the top adds rows."""
    lines = list(top)
    at = 0
    for row in block:
        shape = _filled(row)
        same = [i for i in range(at, len(top)) if _filled(top[i]) == shape]
        place = same[0] if same else at
        if place < len(lines):
            lines[place] = row
        else:
            lines.append(row)
        at = place + 1
    return lines


def _filled(row: Sequence[str]) -> frozenset[int]:
    """The value columns a row writes in."""
    return frozenset(i for i in range(1, len(row)) if row[i].strip())


def _spread(row: Sequence[str]) -> list[str]:
    """A header row with each spanning cell's text copied over the empty value columns it covers.

    The label column (0) is never covered. A lone header cell covers every value column; with
    several, each covers the empty cells after it up to the next one, and the first also those
    before it (captions are often centred over their columns).
    """
    out = list(row)
    filled = [i for i in range(1, len(row)) if row[i]]
    if not filled:
        return out
    for column in range(1, len(row)):
        if out[column]:
            continue
        before = [i for i in filled if i < column]
        out[column] = row[before[-1] if before else filled[0]]
    return out


def is_header_row(values: Sequence[str], label: str = "") -> bool:
    """Whether a row's value cells name columns: words, years or dates, and at least one of them.

    Under a row label, only words, years and phrases whose numbers are years ("Fiscal 2019 Net
    Sales") name columns ("Record date | March 6, 2023", "Series 12 bonds" and "Authorized
    shares | ... 60,000,000 shares" are values); a row with no label, or labelled only by the
    table's scale ("($ in millions)"), may also carry a caption phrase ("Years Ended December
    31,").
    """
    present = [v.strip() for v in values if v.strip()]
    if not present:
        return False
    if label.strip() and not _scale_caption(label):
        return all(
            not _NUMBER.search(v)
            or _YEAR_ONLY.match(v)
            or _YEARS_DATE.match(v)
            or _year_marked(v)
            or _caption_phrase(v, _YEAR_ONLY.match)
            or _date_caption(v)
            or _PERIOD_BUCKET.match(v)
            for v in present
        )
    return all(_names_a_column(v) for v in present)


def _day_or_year(number: str) -> bool:
    """A number a date caption writes: a day ("30,") or a year."""
    return len(number.rstrip(",.")) <= 2 or bool(_YEAR_ONLY.match(number))


def _date_caption(text: str) -> bool:
    """A period ending on a date, its days and years its only numbers ("Year Ended June 30,",
    "Three Months Ended March 31, 2024"): it names columns under a row label too. A date alone
    under a label is a value ("Record date | March 6, 2023 (Monday)")."""
    return bool(_PERIOD_ENDED.search(text)) and _caption_phrase(text, _day_or_year)


def _scale_caption(text: str) -> bool:
    """A label cell that only captions the table's scale ("($ in millions)", "(In thousands of
    U.S. dollars)", "$ MILLION"): it labels no row, so the row is read as if it had no label."""
    text = text.strip()
    if not scale_of(text):
        return False
    return text.startswith("(") and text.endswith(")") or _unit_only(text)


def _year_marked(text: str) -> bool:
    """A year with footnote marks or the column's unit after it ("2019 (1)", "2019 €m",
    "2019 $'000"): the column's period, not a figure."""
    text = _FOOTNOTE_MARKS.sub("", text).strip()
    year, _, unit = text.partition(" ")
    return bool(_YEAR_ONLY.match(year)) and (not unit or _unit_only(unit))


def _unit_only(text: str) -> bool:
    """A cell that only states the column's currency and scale ("$'000", "RMB'000", "$m", "€m")."""
    rest = _without_units(text)
    return rest != text and not re.search(r"\w", rest)


def _without_units(text: str) -> str:
    """``text`` with its currencies and scale marks taken out ("2018 $’000 RESTATED" is "2018
    RESTATED"): a unit's digits ("’000") are no number of the caption."""
    for _, pattern in _SCALES:
        text = pattern.sub("", text)
    return _CURRENCY.sub("", text)


def _names_a_column(text: str) -> bool:
    """Words ("Fixed price"), a year or a date (with footnote marks or the unit after it), a
    short phrase of words whose numbers are days or years ("Years Ended December 31", "2018
    $’000 RESTATED3") or that starts with a period's length ("16 Weeks Ended", "1-3 Years"), the
    column's unit ("$'000"), or a date caption's tail split into a cell of its own ("31,"); not
    a figure ("1,452.4", "$ 3", "12%", "3.5 years")."""
    if not _NUMBER.search(text) or _YEAR_ONLY.match(text) or _date_header(text):
        return True
    if _unit_only(text) or _year_marked(text) or _DAY_FRAGMENT.match(text):
        return True
    return _caption_phrase(text, _day_or_year)


def _caption_phrase(text: str, number_fits: Callable[[str], object]) -> bool:
    """A short phrase that starts with a word, a "%", a year or a period's length ("Years Ended
    December 31,", "% Change 2018 to 2019", "2019 vs. 2018", "12 Weeks Ended") and whose every
    number but a unit's ``number_fits``."""
    numbers = re.findall(r"\d[\d,.]*", _without_units(text))
    return (
        bool(_CAPTION_START.match(text))
        and len(text.split()) <= _CAPTION_WORDS
        and all(number_fits(n) for n in numbers)
    )


def parse_grid(
    rows: Sequence[Sequence[str]], caption: str = "", notice_scale: str = ""
) -> Table:
    """A ``Table`` from rows of cell texts: padded to one width, header rows found at the top.

    Every row is kept (callers pass no blank ones), so row ``i`` of the table is row ``i`` given.
    """
    cleaned = [tuple(" ".join(cell.split()) for cell in row) for row in rows]
    width = max((len(row) for row in cleaned), default=0)
    grid = tuple(row + ("",) * (width - len(row)) for row in cleaned)
    titles = _title_rows(grid)
    header_rows = titles
    for index, row in enumerate(grid[titles:]):
        above = grid[titles : titles + index]
        if not (
            is_header_row(row[1:], row[0])
            or (_dated_columns(row) and _unnamed_columns(row, above))
        ):
            break
        header_rows += 1
    if header_rows == titles:  # no header row under them: the body's first sections
        header_rows = 0
    words_only = header_rows == len(grid)
    if words_only:  # a table of words only: its first row names the columns
        header_rows = min(1, len(grid))
    return Table(grid, header_rows, caption, notice_scale)


def _dated_columns(row: Sequence[str]) -> bool:
    """A row of two or more full dates under a label ("Fiscal Year ended | June 1, 2019 | June 2,
    2018"): the columns' periods, at the top of a table or under a caption that leaves its columns
    unnamed (``_unnamed_columns``). (Lower in a table, or alone, a date under a label is a value:
    "Record date | March 6, 2023".)"""
    values = [v for v in row[1:] if v]
    return len(values) >= 2 and all(_date_header(v) for v in values)


def _unnamed_columns(row: Sequence[str], above: Sequence[Sequence[str]]) -> bool:
    """Whether a value column ``row`` writes in has no header cell in the header rows ``above``:
    a caption spanning the columns ("For the Year Ended") leaves them unnamed, so a row of dates
    under it names them; under headers that name each column ("Current | Previous") a row of
    dates is the first row of values ("Record date | March 29, 2024 | March 31, 2023")."""
    return any(
        value and not any(header[column] for header in above)
        for column, value in enumerate(row[1:], start=1)
    )


def _date_header(text: str) -> bool:
    """A year or a date, footnote marks after it allowed ("July 27, 2019 (1)", "31 March 2019")."""
    return bool(_DATE_HEADER.match(_FOOTNOTE_MARKS.sub("", text)))


def _title_rows(grid: Sequence[Sequence[str]]) -> int:
    """How many rows at the top state only a title in their first cell ("Income statement
    expense", "($ in millions)", "December 31,") with every value cell empty."""
    count = 0
    for row in grid:
        if not row[0] or any(row[1:]):
            break
        count += 1
    return count


def stacked_headers(rows: Sequence[Sequence[str]]) -> list[str]:
    """Each column's header phrase when every one of ``rows`` is a header row (multi-row headers)."""
    grid = parse_grid(rows)
    return Table(grid.rows, len(grid.rows)).header_names()


def collapse(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Rows with layout cells folded away, as HTML tables from filings write them.

    Filing HTML puts "$" in a cell of its own before the figure and "%" or ")" after it, pads
    with spacer columns, and spans each header over its "$" and figure columns: a lone currency
    sign joins the cell after it, a lone "%" or ")" the cell before it, and a column no body row
    uses is dropped, its header text moved right onto the column the header spans.
    """
    out = []
    for row in rows:
        cells = [" ".join(cell.split()) for cell in row]
        for i, cell in enumerate(cells):
            if _LONE_CURRENCY.fullmatch(cell) and i + 1 < len(cells) and cells[i + 1]:
                cells[i + 1] = f"{cell}{cells[i + 1]}"
                cells[i] = ""
            elif cell in ("%", ")", "%)") and i > 0:
                before = max((j for j in range(i) if cells[j]), default=None)
                if before is not None and before > 0:
                    cells[before] += cell
                    cells[i] = ""
        out.append(cells)
    out = [row for row in out if any(row)]
    width = max((len(row) for row in out), default=0)
    out = [row + [""] * (width - len(row)) for row in out]
    body = [row for row in out if not is_header_row(row[1:], row[0])]
    for column in range(1, width):
        if any(row[column] for row in body):
            continue
        for row in out:  # a header over a layout column belongs to the column it spans
            if row[column] and column + 1 < width and not row[column + 1]:
                row[column], row[column + 1] = "", row[column]
    keep = [c for c in range(width) if c == 0 or any(row[c] for row in out)]
    return [[row[c] for c in keep] for row in out]


def is_markdown_row(line: str) -> bool:
    """A Markdown pipe-table row or its rule line (``| --- | :---: |``)."""
    return bool(_MARKDOWN_ROW.match(line) or _MARKDOWN_RULE.match(line) and "|" in line)


def markdown_rows(lines: Sequence[str]) -> list[list[str]]:
    """Cells of a Markdown pipe table, its rule line left out, empty cells kept."""
    rows = []
    for line in lines:
        if _MARKDOWN_RULE.match(line):
            continue
        body = line.strip()
        body = body.removeprefix("|")
        body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
        rows.append(
            [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", body)]
        )
    return rows


def aligned_rows(lines: Sequence[str]) -> list[list[str]]:
    """Cells of a space-aligned table (PDF text): columns found where the body rows' figures stand.

    Cells are runs of text separated by two or more spaces; a run at the left margin with a
    letter in it is the row label. The columns are the character ranges the body rows' other
    runs cover (overlapping ranges are one column). A header run goes to every column it
    overlaps, so a caption centred over three columns spans them; a figure goes to the column
    it overlaps (else the nearest), so a row missing a value leaves that column empty instead of
    shifting the rest left.
    """
    runs = [
        [
            (m.start(), m.end(), m.group(0))
            for m in _GAP.finditer(line.replace("\t", "  "))
        ]
        for line in lines
    ]
    runs = [row for row in runs if row]
    margin = min((row[0][0] for row in runs), default=0)

    def is_label(run: tuple[int, int, str]) -> bool:
        return run[0] <= margin + 1 and any(ch.isalpha() for ch in run[2])

    values = [[r for r in row if not is_label(r)] for row in runs]
    body = [row for row in values if row and not is_header_row([r[2] for r in row])]
    columns: list[list[int]] = []
    for start, end, _ in sorted(r for row in body or values for r in row):
        if columns and start < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], end)
        else:
            columns.append([start, end])
    out = []
    for row, row_values in zip(runs, values, strict=True):
        cells = [""] * (len(columns) + 1)
        if is_label(row[0]):
            cells[0] = row[0][2]
        header = is_header_row([r[2] for r in row_values])
        for start, end, text in row_values:
            covered = [i for i, (a, b) in enumerate(columns) if start < b and end > a]
            if not covered:
                centre = (start + end) / 2
                covered = [
                    min(
                        range(len(columns)),
                        key=lambda i: abs(sum(columns[i]) / 2 - centre),
                    )
                ]
            for i in covered if header else covered[:1]:
                cells[i + 1] = f"{cells[i + 1]} {text}".strip()
        out.append(cells)
    return out


def to_rows_text(table: Table) -> str:
    """The table as tab-separated lines, empty cells kept (the one syntax later steps read).

    Trailing empty cells are left off, but every row keeps a tab, so that a row with only a
    label ("Revenue:") still reads as a table row.
    """
    return "\n".join(row_line(row) for row in table.rows)


def row_line(cells: Sequence[str]) -> str:
    """One tab-separated row: empty cells kept in place, trailing ones dropped, at least one tab."""
    cells = list(cells)
    while len(cells) > 2 and not cells[-1]:
        cells.pop()
    if len(cells) < 2:
        cells.append("")
    return "\t".join(cells)


_ALIGNED_GAP = re.compile(r"(?<=[^\s.!?]) {2,}(?=\S)|(?<=\S) {3,}(?=\S)")
_INDENTED = re.compile(r"^ {8,}\S")
_WIDE_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")


def rewrite_tables(lines: Sequence[str]) -> Iterator[str]:
    """``lines`` with each Markdown pipe table and space-aligned table written as tab-separated rows.

    A Markdown table is two or more pipe rows with a rule line among them; a space-aligned table
    two or more lines with column gaps (two spaces not after a full stop, or three), plus the
    deeply indented caption lines right above them ("Years Ended December 31,"), at least one of
    them holding a figure. Other lines pass through unchanged.
    """
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and "|" in lines[j] and is_markdown_row(lines[j]):
            j += 1
        if j - i >= 2 and any(_MARKDOWN_RULE.match(line) for line in lines[i:j]):
            yield from _rows_of(markdown_rows(lines[i:j]))
            i = j
            continue
        if j - i >= 2:
            # Pipe rows with no rule line: no later start among them makes a table either
            # (rescanning from each was quadratic: 11 s for 200 KB). The last may still
            # begin a space-aligned run.
            yield from lines[i : j - 1]
            i = j - 1
            continue
        block = _aligned_run(lines, i)
        if _is_aligned_table(block, _ALIGNED_GAP):
            yield from _rows_of(aligned_rows(block))
        else:  # not a table: each line is looked at once, so text of gaps stays linear
            yield from block
        i += len(block)


def _aligned_run(lines: Sequence[str], i: int) -> Sequence[str]:
    """The run of lines from ``i`` that may be a space-aligned table (at least line ``i``)."""
    j = i
    while (
        j < len(lines)
        and "  " in lines[j]  # the common case, a line with no gap, decided at once
        and "\t" not in lines[j]
        and not is_markdown_row(lines[j])
        and (_ALIGNED_GAP.search(lines[j].strip()) or _INDENTED.match(lines[j]))
    ):
        j += 1
    return lines[i : max(j, i + 1)]


def _is_aligned_table(block: Sequence[str], gap: re.Pattern[str]) -> bool:
    """Two or more lines with column gaps, at least one of them holding a figure."""
    gapped = [line for line in block if gap.search(line.strip())]
    return len(gapped) >= 2 and any(_NUMBER.search(line) for line in gapped)


def keep_aligned_tables(layout: str) -> str | None:
    """Page text laid out by position (PDF) with its tables kept aligned and all else as plain
    lines; None when it holds no table, so the caller keeps its plain text.

    Why: plain PDF text joins a row's cells with single spaces, so an empty cell vanishes and
    the figures after it move a column left. Laid-out text keeps the gaps, but also pads prose
    with them: only runs that look like tables (gaps of three spaces or more, a figure in them)
    keep their spacing.
    """
    lines = layout.split("\n")
    out, found, i = [], False, 0
    while i < len(lines):
        block = _aligned_run(lines, i)
        if _is_aligned_table(block, _WIDE_GAP):
            out.extend(block)
            found = True
        else:
            out.extend(" ".join(line.split()) for line in block)
        i += len(block)
    return "\n".join(out) if found else None


def _rows_of(rows: list[list[str]]) -> Iterator[str]:
    """Tab-separated lines of a parsed table's rows (blank rows left out)."""
    table = parse_grid([row for row in rows if any(cell.strip() for cell in row)])
    yield from to_rows_text(table).split("\n")


@dataclass(frozen=True)
class Located:
    """A table found in notice text: the table and the (start, end) of each of its cells."""

    table: Table
    cells: tuple[tuple[tuple[int, int], ...], ...]


def tables_in(text: str) -> Iterator[Located]:
    """The tables of normalized notice text: runs of two or more tab-separated lines.

    The caption is the nearest non-blank line above the run ("Net sales (in millions)"), so its
    scale words reach the cells; a table that states no scale takes the notice's
    (``stated_scale``).
    """
    position, caption, block = 0, "", []
    stated = stated_scale(text)
    for line in [*text.split("\n"), ""]:
        if "\t" in line:
            block.append((position, position + len(line)))
        else:
            if len(block) >= 2:
                yield _located(text, block, caption, stated)
            block = []
            caption = line.strip() or caption
        position += len(line) + 1


def _located(
    text: str, block: list[tuple[int, int]], caption: str, stated: str
) -> Located:
    """A ``Located`` table of the tab-separated lines at ``block``."""
    spans = []
    for start, end in block:
        cells, at = [], start
        for cell in text[start:end].split("\t"):
            cells.append((at, at + len(cell)))
            at += len(cell) + 1
        spans.append(cells)
    width = max(len(cells) for cells in spans)
    padded = tuple(
        tuple(cells + [(end, end)] * (width - len(cells)))
        for cells, (_, end) in zip(spans, block, strict=True)
    )
    table = parse_grid([text[a:b].split("\t") for a, b in block], caption, stated)
    return Located(table, padded)
