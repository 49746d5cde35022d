"""Links that open the notice viewer: a citation of an answer in the chat, or a notice by id.

A link's address is a page fragment (``#filingqa-cite-0-1``); the page script (``ui/page.js``)
catches the click and hands the part after ``#filingqa-`` to the server, which resolves it
against the session's own answers. So a citation link carries no quote or doc id that a page
could tamper with, and the fragment still means something if the script is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

PREFIX = "#filingqa-"


@dataclass(frozen=True)
class Target:
    """What to open: the ``number``-th citation of answer ``turn``, or the notice ``doc_id``."""

    turn: int | None = None
    number: int | None = None
    doc_id: str | None = None


def cite_href(turn: int, number: int) -> str:
    """The link of citation ``number`` (from 1) of the ``turn``-th answer (from 0)."""
    return f"{PREFIX}cite-{turn}-{number}"


def doc_href(doc_id: str) -> str:
    """The link that opens a notice at its top."""
    return f"{PREFIX}doc-{quote(doc_id, safe='')}"


def parse(value: str | None) -> Target | None:
    """A link's value (with or without ``#filingqa-``) as a ``Target``; None if malformed."""
    value = (value or "").strip()
    value = value.removeprefix(PREFIX)
    if value.startswith("doc-") and len(value) > 4:
        return Target(doc_id=unquote(value[4:]))
    parts = value.split("-")
    if len(parts) == 3 and parts[0] == "cite" and all(p.isdigit() for p in parts[1:]):
        return Target(turn=int(parts[1]), number=int(parts[2]))
    return None
