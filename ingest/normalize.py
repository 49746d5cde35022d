"""Make notice text regular, so that chunking, facts and search see one spelling of everything.

Japanese notices use full-width digits and punctuation; wire releases use typographic quotes,
no-break spaces and Markdown; archives append a footer of links. Chunk offsets and fact spans
index into the text this module returns, so it is the one text every later step shares.
"""

from __future__ import annotations

import re
import unicodedata

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
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_FOOTER_RULE = re.compile(r"^\s*(?:-{3,}|_{3,}|\*{3,})\s*$")
_LINK_ONLY = re.compile(r"^\s*(?:!?\[[^\]]*\]\([^)]*\)\s*)+$")
_COLUMN_GAP = re.compile(r"(?<=\S)[ ]{3,}(?=\S)")
_SPACES = re.compile(r"[ \f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize(text: str) -> str:
    """Return the regular form of a notice's text (see the module docstring for what changes)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _drop_link_footer(text)
    lines = [_normalize_line(line) for line in text.split("\n")]
    text = "\n".join(lines).strip()
    return _BLANK_LINES.sub("\n\n", text)


def _normalize_line(line: str) -> str:
    """One line: Markdown reduced to text, column gaps made tabs, other space runs single."""
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    cells = [
        _SPACES.sub(" ", _COLUMN_GAP.sub("\t", cell)).strip()
        for cell in line.split("\t")
    ]
    return "\t".join(cell for cell in cells if cell) if len(cells) > 1 else cells[0]


def _drop_link_footer(text: str) -> str:
    """Cut an archive footer: a rule followed by nothing but links, images and blank lines."""
    lines = text.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if _FOOTER_RULE.match(lines[index]):
            tail = [line for line in lines[index + 1 :] if line.strip()]
            if all(_LINK_ONLY.match(line) for line in tail):
                return "\n".join(lines[:index])
            break
    while lines and (not lines[-1].strip() or _LINK_ONLY.match(lines[-1])):
        lines.pop()
    return "\n".join(lines)
