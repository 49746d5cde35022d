"""Read the facts of one key-value row or table row.

A row names its figures itself: the label cell ("2. Total Amount to be Paid") and, in a table,
the column header name every figure in the value cells, so "JPY2,245,600,000 JPY3,208 per
share" gives a total and a per-share amount both labelled "Total Amount to be Paid". A value
cell may hold a bare number ("45,997,800"): the label says what it counts, and a label that
names no shares, rights, warrants or units leaves it out (a code, a year, a phone number).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.fact_labels import PER_SHARE_WORDS, label_for
from ingest.fact_prose import Found, figures_in, per_share_money
from ingest.fact_scan import _NUM, _NUM_END, _NUM_START, SPLIT_WORDS, number_at
from ingest.fact_text import Unit, clean_label

_BARE = re.compile(
    rf"{_NUM_START}{_NUM}{_NUM_END}(?:\s(?:million|billion)\b)?(?!\s*(?:%|percent|[:/]))"
)
_NOT_COUNTED = re.compile(
    r"(?i)cusip|isin|\bcode\b|\btel\b|phone|fax|\bno\.|ticker|symbol|\byears?\b|address|zip|"
    r"price|amount|capital|value|yen|dollars?|%|percent|ratio|page|article|section"
)
_SHARES_LABEL = re.compile(r"(?i)\bshares?\b|share count|\bstock\b")
_COUNT_LABEL = re.compile(
    r"(?i)\b(?:rights|warrants|units|options|notes|holders|shareholders|stockholders)\b|number of"
)
_PER_SHARE_LABEL = re.compile(r"(?i)\bper (?:share|unit|right|warrant|ADS)\b")
_GENERIC_HEADERS = frozenset(
    {
        "",
        "item",
        "items",
        "value",
        "values",
        "details",
        "detail",
        "content",
        "contents",
        "amount",
        "description",
    }
)


def bare_kind(label: str) -> str | None:
    """What a bare number in a row counts, from its label: "shares", "count" or None (not a fact)."""
    if _NOT_COUNTED.search(label):
        return None
    if _SHARES_LABEL.search(label):
        return "shares"
    if _COUNT_LABEL.search(label):
        return "count"
    return None


def _row_per_share(label: str) -> bool:
    """Whether a row's label makes its money a price per share ("Exercise price", "... per share")."""
    if _PER_SHARE_LABEL.search(label):
        return True
    if re.search(r"(?i)\b(?:aggregate|total|gross|net)\b", label):
        return False
    return any(
        entry.pattern.search(label)
        for entry in PER_SHARE_WORDS
        if "dividend" not in entry.label
    )


def read_row(text: str, unit: Unit) -> list[Found]:
    """The facts of a row: value cells named by the label cell (and column header)."""
    (label_start, label_end), *values = unit.cells
    row_label = clean_label(text[label_start:label_end])
    bounds = (unit.start, unit.end)
    split_context = bool(SPLIT_WORDS.search(row_label))
    facts = [
        Found(
            figure,
            label_for(
                figure.kind, text, figure.start, figure.end, (label_start, label_end)
            ),
            bounds,
        )
        for figure in figures_in(text, label_start, label_end)
    ]
    for column, (start, end) in enumerate(values, start=1):
        header = unit.header[column] if column < len(unit.header) else ""
        label = (
            row_label
            if header.lower() in _GENERIC_HEADERS
            else f"{row_label}, {header}"
        )
        figures = figures_in(text, start, end, split_context)
        kind = bare_kind(row_label)
        if kind:
            for match in _BARE.finditer(text, start, end):
                if all(
                    match.end() <= f.start or match.start() >= f.end for f in figures
                ):
                    bare = number_at(text, match.start(), match.end(), kind)
                    if bare:
                        figures.append(bare)
        for figure in sorted(figures, key=lambda f: f.start):
            if figure.kind == "money" and (
                per_share_money(text, figure, (start, end), label_words=row_label)
                or _row_per_share(row_label)
            ):
                figure = replace(figure, kind="per_share")
            facts.append(Found(figure, label, bounds))
    return facts
