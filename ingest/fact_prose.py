"""Read the facts of one sentence, list item or heading of prose.

Prose states figures with their units ("3,380,276 shares", "$0.142", "August 5, 2013") and
names them with the words around them; a few sentence shapes carry more than the nearest
phrase can say, and have rules of their own:

* the dateline ("Tokyo, August 1, 2013 -") dates the notice itself;
* a use of proceeds ("JPY10,122,000,000 is planned to be used for capital investment ...") is
  named by its purpose, so the parts of a stated total can be told apart;
* "from 84,316,240 shares to approximately 4,215,812 shares" gives a before and an after;
* "the number of shares ...: 700,000" or "share count ... is approximately 8.5 million" gives
  a share count with no unit after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.fact_labels import choose_label, label_for
from ingest.fact_scan import _NUM, _NUM_END, _NUM_START, Figure, find_figures, number_at
from ingest.fact_text import Unit


@dataclass(frozen=True)
class Found:
    """A figure with its label and the span of the sentence or row it stands in."""

    figure: Figure
    label: str
    context: tuple[int, int]


_PER_UNIT_AFTER = re.compile(
    r"(?i)\s+(?:(?!(?:or|and|of|in|to|for|from|with)\b)(?:[A-Za-z][\w-]*|\d+(?:st|nd|rd|th))\s+){0,4}?"
    r"(?:per|a|for each|for every|/)\s*"
    r"(?:(?:new|ordinary|common|diluted|pre-funded|post-split|series [ab]|class [ab]|basic)\s+)*"
    r"(?:share|unit|warrant|ADS|American depositary share|right)s?\b"
    r"|\s*/\s*share\b"
)
_PER_UNIT_BEFORE = re.compile(
    r"(?i)per (?:common |ordinary |diluted )?(?:share|unit)(?: [\w-]+){0,3}?(?: of| was| is| at| to)?\s*"
    r"(?:approximately |about )?$"
)
_PER_SHARE_CEILING = 10_000
_SECURITIES = re.compile(
    r"(?i)shares?|stock|units?\b|warrants?|ADSs?|offering|placement|dividends?|securit|notes|"
    r"nasdaq|nyse|exercise|conversion|bid price|par value|split"
)
_DEFINED_TERM = re.compile(r"\s*\((?:the |an? )?\"(?P<term>[^\"()]{3,40})\"\)")
_PER_SHARE_BASIS = re.compile(r"(?i)per[- ]share basis[^.;$¥€£]{0,40}$")
_AGGREGATE_BEFORE = re.compile(r"(?i)\b(?:aggregate|total|gross|net)\b[^$¥€£]{0,40}$")
_DATELINE_AFTER = re.compile(r"\s*(?:/[^/\n]{2,30}/|\(\w+\)|[-—–]|\()")
_DATELINE_BEFORE = re.compile(
    r"^[A-Z][^\n]{0,75}?[,—–-]\s*(?:\([^)\n]{2,30}\)\s*[-—–]\s*)?$"
)
_USED_FOR = re.compile(
    r"(?i)\s+(?:is|are|will be|would be)?\s*(?:planned|expected|intended|anticipated|estimated)?\s*"
    r"(?:to be\s+)?used\s+(?:for|to|in)\s+"
)
_TO_PURPOSE = re.compile(
    r"(?i)\s+(?:to|for|toward|towards)\s+(?!(?:the|a|an)\s+(?:company|offering)\b)(?=[a-z])"
)
_USE_CONTEXT = re.compile(
    r"(?i)use of (?:the )?(?:net )?proceeds|\buse (?:the )?(?:net )?proceeds|proceeds[^.]{0,120}\bused\b"
)
_PURPOSE_END = re.compile(
    r"[,;.:()]|\s(?:and|while) (?=(?:JPY|US\$|\$|approximately|the remaining))"
)
_FROM_BEFORE = re.compile(r"(?i)\bfrom (?:approximately |about )?$")
_RESTATES = re.compile(
    r"(?i)(?:\s*per (?:common )?share)?(?:\s+of (?:the )?[\w\s'-]{0,50}?)?\s*(?:,\s*or|,?\s*i\.e\.,?|,\s*equal to|\(|,\s*representing)\s*(?:approximately |about )?"
)
_COMPARED_BEFORE = re.compile(r"(?i)\bcompared (?:with|to) (?:approximately |about )?$")
_TO_BEFORE = re.compile(r"(?i)\bto (?:approximately |about )?$")
SHARE_COUNT = re.compile(
    rf"(?i)(?:number of (?:[\w-]+ ){{0,3}}shares|share count|shares outstanding)[^.;\d$]{{0,70}}?"
    rf"(?:[:=]|\bis|\bwas|\bwill be|\bof|\bto|\bat)\s+(?:approximately |about )?"
    rf"{_NUM_START}(?P<num>{_NUM}{_NUM_END}(?:\s(?:million|billion))?)(?![\d,]|\.\d|\s*(?:%|percent|shares|\w))"
)


def per_share_money(
    text: str, figure: Figure, bounds: tuple[int, int], label_words: str = ""
) -> bool:
    """Whether money is a price per share or unit: said outright, or a price term names it."""
    if figure.scale in ("million", "billion", "trillion"):
        return False  # no price per share is stated in millions
    if _PER_UNIT_AFTER.match(text, figure.end, bounds[1]):
        return True
    before = text[max(bounds[0], figure.start - 60) : figure.start]
    if _PER_UNIT_BEFORE.search(before) or _PER_SHARE_BASIS.search(before):
        return True
    if label_words:
        return False
    if figure.scale or (
        figure.value >= _PER_SHARE_CEILING and figure.currency not in ("JPY", "KRW")
    ):
        return (
            False  # a price term naming "$500,000" speaks of a total, not of one share
        )
    if not _SECURITIES.search(text, bounds[0], bounds[1]):
        return False  # "priced at $949 per set": a price, but not of a security
    choice = choose_label("money", text, figure.start, figure.end, bounds)
    return bool(
        choice and choice.per_share and not _AGGREGATE_BEFORE.search(before[-45:])
    )


def _purpose(text: str, start: int, end: int) -> str:
    """The purpose a use of proceeds names, cut at the end of its clause, at most 14 words."""
    piece = text[start:end]
    stop = _PURPOSE_END.search(piece)
    words = (piece[: stop.start()] if stop else piece).split()
    return " ".join(words[:14])


def _use_of_proceeds(
    text: str, figure: Figure, unit: Unit, bounds: tuple[int, int]
) -> str | None:
    """The label "use of proceeds: <purpose>" when the figure is a stated use of the proceeds."""
    if figure.kind != "money":
        return None
    used = _USED_FOR.match(text, figure.end, bounds[1])
    in_context = _USE_CONTEXT.search(unit.heading) or _USE_CONTEXT.search(
        text, bounds[0], bounds[1]
    )
    if not used and in_context:
        used = _TO_PURPOSE.match(text, figure.end, bounds[1])
    if not used:
        return None
    purpose = _purpose(text, used.end(), bounds[1])
    return f"use of proceeds: {purpose}" if purpose else None


def _is_dateline(text: str, figure: Figure) -> bool:
    """A date near the top, after a place name and before a dash or wire name: the notice's date."""
    if figure.kind != "date" or figure.start > 1500:
        return False
    line_start = text.rfind("\n", 0, figure.start) + 1
    return bool(_DATELINE_BEFORE.match(text[line_start : figure.start])) and bool(
        _DATELINE_AFTER.match(text, figure.end)
    )


def _direction(text: str, figure: Figure, bounds: tuple[int, int]) -> str:
    """ " before" / " after" for "from N shares to M shares" and "M shares ..., compared with N", else ""."""
    if figure.kind not in ("shares", "money", "per_share", "count"):
        return ""
    before = text[max(bounds[0], figure.start - 25) : figure.start]
    rest = text[figure.end : bounds[1]]
    if _FROM_BEFORE.search(before) and re.search(
        r"(?i)^[^.;]{0,60}?\bto (?:approximately |about )?[\d$¥€£]", rest
    ):
        return " before"
    if _TO_BEFORE.search(before) and re.search(
        r"(?i)\bfrom (?:approximately |about )?[\d$¥€£]", text[bounds[0] : figure.start]
    ):
        return " after"
    if _COMPARED_BEFORE.search(before):
        return " before"
    if re.search(r"(?i)\bafter\b", text[bounds[0] : figure.start]) and re.search(
        r"(?i)^[^.;]{0,60}?compared (?:with|to)", rest
    ):
        return " after"
    return ""


def share_counts(text: str, start: int, end: int) -> list[Figure]:
    """Share counts with no unit after them, named by "number of shares" or "share count"."""
    figures = []
    for match in SHARE_COUNT.finditer(text, start, end):
        figure = number_at(text, match.start("num"), match.end("num"), "shares")
        if figure:
            figures.append(figure)
    return figures


def figures_in(
    text: str, start: int, end: int, split_context: bool = False
) -> list[Figure]:
    """Figures in ``text[start:end]`` with offsets into ``text``; share counts without a unit too."""
    found = [
        Figure(
            f.kind,
            f.start + start,
            f.end + start,
            f.value,
            f.currency,
            f.scale,
            f.approximate,
        )
        for f in find_figures(text[start:end], split_context)
    ]
    for extra in share_counts(text, start, end):
        if all(extra.end <= f.start or extra.start >= f.end for f in found):
            found.append(extra)
    return sorted(found, key=lambda figure: figure.start)


def read_prose(text: str, unit: Unit, split_context: bool) -> list[Found]:
    """The facts of a sentence, list item, heading or title, each with its label."""
    bounds = (unit.start, unit.end)
    facts: list[Found] = []
    previous: Figure | None = None
    for figure in figures_in(text, unit.start, unit.end, split_context):
        if figure.kind == "money" and per_share_money(text, figure, bounds):
            figure = replace(figure, kind="per_share")
        # "$0.75 per share, or 6.0% of ..." and "RMB92.1 million ($12.6 million)" restate the figure
        # before them, so they are named by what names it.
        restates = previous and _RESTATES.fullmatch(text, previous.end, figure.start)
        named_at = (
            previous
            if restates and not (figure.kind == "per_share" != previous.kind)
            else figure
        )
        defined = _DEFINED_TERM.match(text, figure.end, bounds[1])
        if _is_dateline(text, figure):
            label = "announcement date"
        elif defined:  # "February 7, 2025 (the "Effective Date")"
            label = defined["term"].lower()
        else:
            label = _use_of_proceeds(text, figure, unit, bounds) or (
                label_for(figure.kind, text, named_at.start, named_at.end, bounds)
                + _direction(text, figure, bounds)
            )
        if label == "meeting date" and re.search(
            r"(?i)\bboard\b", text[bounds[0] : figure.start]
        ):
            label = "board meeting"
        facts.append(Found(figure, label, bounds))
        previous = figure
    return facts
