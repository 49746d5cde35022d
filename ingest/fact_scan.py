"""Find the figures in one piece of notice text: where each stands, what kind it is, its value.

The regular expressions here only say *where* a figure is written; every value is read by the
calculator tools (``tools.amounts``, ``tools.dates``) so that the product reads a number one
way everywhere. Spans are the figure alone ("$4.0 million", "JPY3,208", "1-for-335",
"Monday, August 5, 2013", "700,000"): qualifiers such as "approximately" or "per share" are
kept as flags and kinds, not in the span, so a span can be searched for and quoted as is.

Only figures with a unit are found here (a currency, a percent sign, shares, warrants, a date
or a split ratio): bare numbers are facts only where a table row or a phrase such as "number
of shares" says what they count, which the callers decide. That one rule keeps phone numbers,
years, CUSIPs, addresses, section and form numbers out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ingest.patterns import DATE
from tools.amounts import (
    NUMBER_WORD,
    AmountError,
    parse_amount,
    parse_percent,
    parse_ratio,
)
from tools.currencies import BY_PREFIX, names_pattern
from tools.dates import DateError, parse_date

KINDS = ("money", "shares", "per_share", "date", "percentage", "ratio", "count")


@dataclass(frozen=True)
class Figure:
    """A figure found in text, with offsets into that text and its value read by the tools."""

    kind: str
    start: int
    end: int
    value: Decimal | date | str
    currency: str | None = None
    scale: str | None = None
    approximate: bool = False


def _alternation(words: list[str]) -> str:
    """Longest first, so "US$" is tried before "$" and "HK$" before "$"."""
    return "|".join(
        re.escape(word) for word in sorted(set(words), key=len, reverse=True)
    )


_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUM_START = (
    r"(?<![\w.,/$€£¥(+-])"  # not inside a word, a code, a fraction or a phone number
)
# Not followed by more of a number: without "\d", "$80-120 million" backtracks to "$8".
_NUM_END = r"(?!\d|,\d|\.\d|[-/]\d)"
_SYMBOL_PREFIXES = [p for p in BY_PREFIX if not p.isalpha()]
_CODE_PREFIXES = [p for p in BY_PREFIX if p.isalpha()]
_SCALE = r"(?:\s?(?i:thousand|million|billion|trillion)\b|(?:mn|bn|MM|[MBKmk])\b)"  # "$5M", "£1,000m", "$500k"
_AFTER_NUMBER = names_pattern(r"\s")
MONEY = re.compile(
    rf"(?:(?<![A-Za-z])(?P<code>{_alternation(_CODE_PREFIXES)})\s?(?P<symbol>\$\s?)?|(?<![A-Za-z$])(?:{_alternation(_SYMBOL_PREFIXES)})\s?(?P<open>\()?)"
    rf"(?P<num>{_NUM}){_NUM_END}(?(open)\))(?P<scale>{_SCALE})?"
    rf"|{_NUM_START}(?P<num2>{_NUM}){_NUM_END}(?P<scale2>\s(?i:thousand|million|billion|trillion))?(?:{_AFTER_NUMBER})\b"
)
PERCENT = re.compile(rf"{_NUM_START}{_NUM}(?:\s?%|\s(?:percent|per cent)\b)")
_RATIO_TERM = rf"\d+(?:,\d{{3}})*|{NUMBER_WORD}"
RATIO = re.compile(rf"(?i)(?<![\w.,-])(?:{_RATIO_TERM})-for-(?:{_RATIO_TERM})(?![\w-])")
RATIO_LOOSE = re.compile(r"(?<![\w.,:-])\d+(?: for |:)\d+(?![\w:-]|[.,]\d)")
SPLIT_WORDS = re.compile(r"(?i)\b(?:split|consolidation|ratio)\b")
# "split into three (3) shares": the Japanese notices' way of stating a forward split.
SPLIT_INTO = re.compile(
    rf"(?i)split into (?P<words>{NUMBER_WORD}) \((?P<n>\d+)\) shares"
)

_SHARE_MODIFIERS = (
    r"new|additional|issued|and|outstanding|common|ordinary|preferred|pre-split|post-split|"
    r"pre-funded|prefunded|restricted|treasury|stock|series|[ab]|newly|existing|subordinate|voting|"
    r"class|unissued|underlying|registered|unregistered|free-trading|its|company's|the|company"
)
_SHARE_UNITS = r"shares?|ADSs?|American depositary shares|ADRs?|stock units?"
_COUNT_UNITS = r"warrants?|units?|subscription rights|rights|options|RSUs|restricted stock units|notes|pre-funded warrants"
UNIT = re.compile(
    rf"{_NUM_START}(?P<num>{_NUM}){_NUM_END}(?P<scale>\s(?i:thousand|million|billion))?"
    rf"(?:-(?P<hyphen>share)\b|(?i:\s(?:(?:{_SHARE_MODIFIERS}|[a-z]+ed|[a-z]+-[a-z]+)\s){{0,3}}(?P<unit>{_SHARE_UNITS}|{_COUNT_UNITS})\b))"
)
APPROX_BEFORE = re.compile(
    r"(?i)(?:approximately|approx\.|about|around|roughly|nearly|almost|circa|~)\s*$"
)
# Numbers in a figure's neighbourhood that are never facts: a CUSIP, a file or form number...
_NOT_A_FIGURE = re.compile(
    r"(?i)(?:cusip|file no\.?|form|rule|section|item|article|paragraph|no\.)\s*$"
)


def _approximate(text: str, start: int) -> tuple[bool, int]:
    """Whether the words right before ``start`` say "approximately", and where they begin."""
    match = APPROX_BEFORE.search(text, max(0, start - 20), start)
    return (True, match.start()) if match else (False, start)


def money_at(
    text: str, start: int, end: int, drop: tuple[int, int] | None = None
) -> Figure | None:
    """Read the money written at ``text[start:end]`` with the tools; None if they refuse it.

    ``drop`` is a span left out of what the tools read (the "$" of "CAD $600,000").
    """
    approximate, from_ = _approximate(text, start)
    written = (
        text[from_:end]
        if drop is None
        else text[from_ : drop[0]] + " " + text[drop[1] : end]
    )
    try:
        amount = parse_amount(written)
    except AmountError:
        return None
    if amount.currency is None:
        return None
    return Figure(
        "money",
        start,
        end,
        amount.value,
        amount.currency,
        amount.scale,
        amount.approximate or approximate,
    )


def number_at(text: str, start: int, end: int, kind: str) -> Figure | None:
    """Read a plain count (shares, warrants...) written at ``text[start:end]``."""
    approximate, from_ = _approximate(text, start)
    try:
        amount = parse_amount(text[from_:end])
    except AmountError:
        return None
    if amount.currency is not None or amount.per_share:
        return None
    return Figure(
        kind,
        start,
        end,
        amount.value,
        None,
        amount.scale,
        amount.approximate or approximate,
    )


def find_money(text: str) -> list[Figure]:
    """Every amount of money written with a currency symbol, code or name. "$(842,075)" is
    negative, as financial statements write a loss; "($169,000)" is left positive, since prose
    writes a conversion in parentheses the same way ("JPY 500 million (US$4.5 million)")."""
    figures = []
    for match in MONEY.finditer(text):
        end = match.end()
        if (
            match["scale"]
            and match["scale"].strip() in ("M", "B", "K", "MM")
            and text[end : end + 1] in "&"
        ):
            end = match.start("scale")
        # "CAD $600,000": the code says which dollar; the tools read "CAD 600,000".
        drop = match.span("symbol") if match["symbol"] else None
        figure = money_at(text, match.start(), end, drop)
        if figure:
            figures.append(figure)
    return figures


def find_percentages(text: str) -> list[Figure]:
    """Every percentage ("8.0%", "6 percent"), read in percent points."""
    figures = []
    for match in PERCENT.finditer(text):
        approximate, _ = _approximate(text, match.start())
        try:
            value = parse_percent(match.group())
        except AmountError:
            continue
        figures.append(
            Figure(
                "percentage", match.start(), match.end(), value, approximate=approximate
            )
        )
    return figures


def ratio_value(span: str, reverse: bool | None = None) -> str | None:
    """The ratio as "new-for-old" (the tools' reading), or None if the tools refuse it."""
    try:
        ratio = parse_ratio(span, reverse=reverse)
    except AmountError:
        return None
    return f"{ratio.new.normalize():f}-for-{ratio.old.normalize():f}"


def find_ratios(text: str, split_context: bool) -> list[Figure]:
    """Split ratios: "1-for-335" anywhere; "1 for 10" and "1:10" only where a split is spoken of."""
    figures = []
    reverse = True if re.search(r"(?i)\breverse\b|consolidat", text) else None
    matches = list(RATIO.finditer(text))
    if split_context:
        matches += [
            m
            for m in RATIO_LOOSE.finditer(text)
            if not re.match(r"(?i)\s*[ap]\.?m\b", text[m.end() :])
        ]
    for match in matches:
        value = ratio_value(match.group(), reverse) or ratio_value(match.group())
        if value:
            figures.append(Figure("ratio", match.start(), match.end(), value))
    for match in SPLIT_INTO.finditer(text):
        value = ratio_value(f"{match['n']}-for-1")
        if value:
            figures.append(
                Figure("ratio", match.start("words"), match.end("n") + 1, value)
            )
    return figures


def find_dates(text: str) -> list[Figure]:
    """Full dates (day, month and year); a weekday that contradicts the date is dropped, not the date."""
    figures = []
    for match in DATE.finditer(text):
        span = match.group()
        try:
            value = parse_date(span)
        except DateError:
            comma = span.find(",")
            try:
                value = parse_date(span[comma + 1 :]) if comma > 0 else None
            except DateError:
                value = None
        if value is not None:
            figures.append(Figure("date", match.start(), match.end(), value))
    return figures


def find_units(text: str) -> list[Figure]:
    """Numbers of shares ("700,000 shares", "185 million pre-split shares") and of other securities."""
    figures = []
    for match in UNIT.finditer(text):
        if _NOT_A_FIGURE.search(text, max(0, match.start() - 12), match.start()):
            continue
        unit = (match["unit"] or match["hyphen"] or "").lower()
        kind = (
            "shares"
            if ("share" in unit and "unit" not in unit)
            or unit.startswith(("ads", "adr"))
            else "count"
        )
        end = match.end("scale") if match["scale"] else match.end("num")
        figure = number_at(text, match.start("num"), end, kind)
        if figure:
            figures.append(figure)
    return figures


def find_figures(text: str, split_context: bool = False) -> list[Figure]:
    """All figures with a unit in ``text``, overlaps resolved (a date beats the number in it)."""
    ordered = [
        *find_dates(text),
        *find_ratios(text, split_context or bool(SPLIT_WORDS.search(text))),
        *find_money(text),
        *find_percentages(text),
        *find_units(text),
    ]
    kept: list[Figure] = []
    for figure in ordered:
        if all(
            figure.end <= other.start or figure.start >= other.end for other in kept
        ):
            kept.append(figure)
    return sorted(kept, key=lambda figure: figure.start)
