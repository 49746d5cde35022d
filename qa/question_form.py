"""The one regular form of a question, made before any answerer sees it.

Why here, at the entry point: every answerer (offline, agent, any replacement) parses figures
and dates out of the question, and each would otherwise need its own care for what users type.
Notices are already made regular at ingest (``ingest.normalize``: NFKC); a question gets the
same treatment, so "１２３ new shares" or "August ٥, 2013" read as "123" and "5", and a stray
undecodable byte becomes a space instead of a traceback.
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATES = re.compile("[\ud800-\udfff\ufffd]")
_SPACES = re.compile(r"\s+")


def normalize_question(question: str) -> str:
    """``question`` in regular form: NFKC, every decimal digit ASCII, no control characters.

    Lone surrogates (an invalid UTF-8 byte in a command-line argument, which Python keeps as a
    surrogate) and replacement characters (one in a line read from standard input) carry no
    meaning and would fail to print; they become spaces, as do control characters.
    """
    text = _SURROGATES.sub(" ", question)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_regular_char(char) for char in text)
    return _SPACES.sub(" ", text).strip()


def _regular_char(char: str) -> str:
    """ASCII for any decimal digit (Arabic-Indic, Devanagari... which NFKC keeps); a space for a
    control or format character; the character itself otherwise."""
    if char.isascii():
        return char if char.isprintable() or char in "\t\n" else " "
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return " "
    return char


def printable(text: str) -> str:
    """``text`` safe to print as UTF-8: bytes a command line could not decode shown as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
