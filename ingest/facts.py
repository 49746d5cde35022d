"""Facts extracted from a notice at ingest: each figure or date, what it is, and where it stands.

Answers quote facts rather than re-reading numbers from retrieved text, so a fact keeps the
figure exactly as the filing writes it (``text[start:end]``), its exact value (``Decimal`` or
``date``, never a float), the label the filing gives it, and the chunk and sentence it comes
from, which is what an answer cites.

Reading happens in small modules: :mod:`ingest.fact_text` cuts the notice into rows and
sentences and drops boilerplate, :mod:`ingest.fact_scan` finds figures and reads their values
with the calculator tools, :mod:`ingest.fact_rows` and :mod:`ingest.fact_prose` name them.

Values by kind: "money" and "per_share" are Decimals in the currency's units (``currency`` the
ISO code, ``scale`` the written "million"/"billion", already applied); "shares" and "count" are
Decimals; "percentage" is a Decimal in percent points ("8.0%" -> 8.0); "date" is a ``date``;
"ratio" is the text "new-for-old" as the tools read it ("1-for-335"; "3-for-1" for "split into
three (3) shares"), with :attr:`Fact.ratio` giving the two Decimals.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ingest.fact_prose import Found, read_prose
from ingest.fact_rows import read_row
from ingest.fact_scan import KINDS, SPLIT_WORDS
from ingest.fact_text import units
from ingest.records import Chunk

__all__ = ["KINDS", "Fact", "extract_facts"]


@dataclass(frozen=True)
class Fact:
    """One figure or date of a notice (see the module docstring for ``value`` by ``kind``)."""

    label: str
    kind: str
    value: Decimal | date | str
    currency: str | None
    scale: str | None
    approximate: bool
    chunk_index: int
    start: int
    end: int
    context: str
    text: str
    """The figure as written, ``notice_text[start:end]``."""

    @property
    def ratio(self) -> tuple[Decimal, Decimal]:
        """A ratio's (new, old) share numbers: "1-for-335" -> (1, 335)."""
        if self.kind != "ratio" or not isinstance(self.value, str):
            raise ValueError(f"{self.text!r} is a {self.kind}, not a ratio")
        new, old = self.value.split("-for-")
        return Decimal(new), Decimal(old)

    def to_record(self) -> dict:
        """A JSON-serializable dict; Decimals and dates become strings, read back by :meth:`from_record`."""
        value = (
            self.value.isoformat() if isinstance(self.value, date) else str(self.value)
        )
        return {
            "label": self.label,
            "kind": self.kind,
            "value": value,
            "currency": self.currency,
            "scale": self.scale,
            "approximate": self.approximate,
            "chunk_index": self.chunk_index,
            "start": self.start,
            "end": self.end,
            "context": self.context,
            "text": self.text,
        }

    @classmethod
    def from_record(cls, record: dict) -> Fact:
        """The fact a :meth:`to_record` dict was made from (extra keys such as doc_id are ignored)."""
        kind = record["kind"]
        raw = record["value"]
        value: Decimal | date | str
        if kind == "date":
            value = date.fromisoformat(raw)
        elif kind == "ratio":
            value = raw
        else:
            value = Decimal(raw)
        return cls(
            label=record["label"],
            kind=kind,
            value=value,
            currency=record["currency"],
            scale=record["scale"],
            approximate=bool(record["approximate"]),
            chunk_index=int(record["chunk_index"]),
            start=int(record["start"]),
            end=int(record["end"]),
            context=record["context"],
            text=record["text"],
        )


def _chunk_of(chunks: list[Chunk], starts: list[int], start: int, end: int) -> int:
    """The chunk holding ``[start, end)``; the one overlapping most if a cut falls inside it."""
    index = max(0, bisect_right(starts, start) - 1)
    chunk = chunks[index]
    if chunk.start <= start and end <= chunk.end:
        return chunk.index
    overlaps = [(min(end, c.end) - max(start, c.start), c.index) for c in chunks]
    return max(overlaps)[1]


def extract_facts(text: str, chunks: list[Chunk]) -> list[Fact]:
    """The facts of a normalized notice, in reading order, each pointing at its chunk.

    ``chunks`` are the notice's chunks (``chunk.text == text[chunk.start:chunk.end]``); a notice
    without chunks has no facts, since a fact must be citable.
    """
    if not chunks:
        return []
    ordered = sorted(chunks, key=lambda chunk: chunk.start)
    starts = [chunk.start for chunk in ordered]
    split_context = bool(SPLIT_WORDS.search(text))
    found: list[Found] = []
    for unit in units(text):
        found += (
            read_row(text, unit)
            if unit.kind == "row"
            else read_prose(text, unit, split_context)
        )
    facts: list[Fact] = []
    seen: set[tuple[int, int]] = set()
    for item in found:
        figure = item.figure
        if (figure.start, figure.end) in seen:
            continue
        seen.add((figure.start, figure.end))
        a, b = item.context
        facts.append(
            Fact(
                label=item.label,
                kind=figure.kind,
                value=figure.value,
                currency=figure.currency,
                scale=figure.scale,
                approximate=figure.approximate,
                chunk_index=_chunk_of(ordered, starts, figure.start, figure.end),
                start=figure.start,
                end=figure.end,
                context=text[a:b].strip(),
                text=text[figure.start : figure.end],
            )
        )
    return sorted(facts, key=lambda fact: fact.start)
