"""Make notice text regular, so that chunking, facts and search see one spelling of everything.

Japanese notices use full-width digits and punctuation; wire releases use typographic quotes,
no-break spaces and Markdown; archives append a footer of links. Tables in any text syntax (Markdown pipes, space
alignment) become tab-separated rows here (``ingest.tables``), so later steps read one syntax. Chunk offsets and fact spans
index into the text this module returns, so it is the one text every later step shares.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ingest.tables import rewrite_tables, row_line

_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u2033": '"',
        "\u300c": '"',
        "\u300d": '"',
        "\u300e": '"',
        "\u300f": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u3001": ", ",
        "\u3002": ". ",
        "\u200b": None,
        "\ufeff": None,
        "\u00ad": None,
    }
)
# Link text excludes "[" as well as "]": with "[^\]]*" each "[" of a run of them scanned to the
# end of the line, and 100,000 brackets took 80 s (quadratic); a bracket inside link text is rare.
_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\([^)]*\))*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_LINK_ONLY = re.compile(r"^\s*(?:!?\[[^\[\]]*\]\([^)]*\)\s*)+$")
_COLUMN_GAP = re.compile(r"(?<=\S)[ ]{3,}(?=\S)")
_SPACES = re.compile(r"[ \f\v]+")
# A cell that is only a list bullet: tabs around it lay out a list, not a table's columns.
_BULLET = re.compile(r"[\u2022\u25cf\u25aa\u25e6\u2023\u25cb\u25a0]")
_BLANK_LINES = re.compile(r"\n{3,}")
_FOOTER_RULE_LINE = re.compile(r"(?m)^[^\S\n]*(?:-{3,}|_{3,}|\*{3,})[^\S\n]*$")
# A line without any of these is only stripped by ``_normalize_line``.
_SPECIAL = re.compile(r"[\[\]*_\t\f\v]|  |!\[")
_BLOCK_CHARS = 1_000_000


def normalize(text: str) -> str:
    """Return the regular form of a notice's text (see the module docstring for what changes).

    Lines are made regular a block at a time (``_BLOCK_CHARS``), never as one list of every
    line: a 20 MB file of one-letter lines is ten million lines, and a list of them 600 MB.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _drop_link_footer(text)
    text = "\n".join(
        "\n".join(_normalize_line(line) for line in rewrite_tables(block.split("\n")))
        for block in _blocks(text)
    ).strip("\n")  # not the tab of an empty corner cell when a table opens the text
    return _BLANK_LINES.sub("\n\n", text)


def _blocks(text: str) -> Iterator[str]:
    """``text`` in pieces of whole lines, about ``_BLOCK_CHARS`` each (joined by newlines)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start + _BLOCK_CHARS)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def _normalize_line(line: str) -> str:
    """One line: Markdown reduced to text, column gaps made tabs, other space runs single.

    A table row keeps its empty cells, so that no value moves into the column before it.
    """
    if not _SPECIAL.search(line):
        return (
            line.strip()
        )  # nothing below would change it: the common case, made cheap
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    cells = [
        _SPACES.sub(" ", _COLUMN_GAP.sub("\t", cell)).strip()
        for cell in line.split("\t")
    ]
    if len(cells) == 1:
        return cells[0]
    if any(_BULLET.fullmatch(cell) for cell in cells):
        return _list_items(cells)
    return row_line(cells) if any(cells) else ""


def _list_items(cells: list[str]) -> str:
    """A bulleted list laid out with tabs ("expectations:\t•\t$36 million in estimates
    sent.\t•\t$7.8 million in revenue closed."), as word processors paste one, on lines of its
    own: the text before the first bullet, then one line per item.

    Why: read as a table row, every item became a cell labelled by the text before the list, and
    each figure in it lost the words around it (the officer's title beside a name, "in revenue"
    after an amount) that say what it is.
    """
    items: list[list[str]] = [[]]
    for cell in cells:
        if _BULLET.fullmatch(cell):
            items.append([cell])
        elif cell:
            items[-1].append(cell)
    return "\n".join(" ".join(item) for item in items if item)


def _drop_link_footer(text: str) -> str:
    """Cut an archive footer: a rule followed by nothing but links, images and blank lines.

    Lines are read from the end, one at a time, and only as far as needed.
    """
    rules = _FOOTER_RULE_LINE.finditer(text)
    last_rule = None
    for last_rule in rules:
        pass
    if last_rule is not None:
        tail = _lines_from(text, last_rule.end())
        if all(_LINK_ONLY.match(line) for line in tail if line.strip()):
            return text[: max(0, last_rule.start() - 1)]
    end = len(text)
    while True:  # drop trailing blank and link-only lines
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip() and not _LINK_ONLY.match(line):
            return text[:end]
        if start == 0:
            return ""
        end = start - 1


def _lines_from(text: str, position: int) -> Iterator[str]:
    """The lines after the one ``position`` ends (lazily)."""
    start = text.find("\n", position)
    while start >= 0:
        end = text.find("\n", start + 1)
        yield text[start + 1 : end if end >= 0 else len(text)]
        start = end
