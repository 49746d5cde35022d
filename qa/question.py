"""What a question itself writes: figures ("2,500 shares", "$0.02", "9.5%", "1-for-20"), dates and
periods ("January 24, 2025", "August 2024", "Q2 2025"), and the proper names it uses.

Figures written in a question are operands a computation may use as they are; dates and periods
say which notice, and which figure of it, the question is about; names say which company.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ingest.patterns import DATE
from tools.amounts import AmountError, parse_amount, parse_percent, parse_ratio
from tools.dates import DateError, parse_date

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_RATIO = re.compile(
    r"\b\d[\d,]*(?:\.\d+)?\s*-?\s*(?:for|to)\s*-?\s*\d[\d,]*(?:\.\d+)?\b|\b\d+:\d+\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b)", re.IGNORECASE)
_CENTS = re.compile(r"\b(\d+(?:\.\d+)?)[\s-]cents?\b", re.IGNORECASE)
_MONEY = re.compile(
    r"(?:(?:US|C|A|HK|NZ|S)\$|\$|£|€|¥|(?:JPY|USD|EUR|GBP|CAD|AUD|HKD|RMB|CNY)\s?)\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:million|billion|thousand|trillion|mn|bn|m|k)\b)?",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?<![\w.$£€¥-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w.%]|-for)|(?<![\w.$£€¥,-])\d{3,}(?![\w.,%])"
)
_COUNT_UNIT = re.compile(
    r"^\s*-?\s*(?:(?:new|common|ordinary|pre-split|post-split|existing|outstanding|unsubscribed)\s+)*"
    r"(?P<unit>shares?|units?|warrants?|rights?|ADSs?|notes?)\b",
    re.IGNORECASE,
)
_QUARTER_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_QUARTER = re.compile(
    r"\bQ([1-4])\s*(?:FY\s*)?'?(\d{4})?|\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?(\d{4}))?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\s+(?:of\s+)?(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})", re.IGNORECASE
)
_YEAR = re.compile(
    r"(?<![\w$.,-])(?:FY\s?)?((?:19|20)\d{2})(?![\w,.]\d|\d)|\bFY\s?((?:19|20)\d{2})\b"
)


@dataclass(frozen=True)
class Written:
    """A figure written in the question: its kind ("money", "per_share", "shares", "percentage",
    "ratio"), the text as an answer may quote it, and where it stands in the question."""

    kind: str
    text: str
    start: int
    end: int
    unit: str = ""  # for counts: "shares", "units", "warrants", ...

    @property
    def value(self) -> Decimal:
        if self.kind == "percentage":
            return parse_percent(self.text)
        return parse_amount(self.text).value


@dataclass(frozen=True)
class Period:
    """A time the question names: a day, a month, a quarter or a year (the finer fields may be None)."""

    year: int | None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    text: str = ""

    @property
    def exact(self) -> date | None:
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None


def written_figures(question: str) -> list[Written]:
    """Figures the question writes, in reading order; dates, years and small numbers are not figures."""
    taken: list[tuple[int, int]] = [
        (m.start(), m.end()) for m in DATE.finditer(question)
    ]
    taken += [(m.start(), m.end()) for m in _MONTH_DAY.finditer(question)]
    found: list[Written] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(kind: str, text: str, start: int, end: int, unit: str = "") -> None:
        taken.append((start, end))
        found.append(Written(kind, text, start, end, unit))

    for match in _RATIO.finditer(question):
        if free(*match.span()) and _is_ratio(question, match):
            add("ratio", match.group(0), *match.span())
    for match in _PERCENT.finditer(question):
        if free(*match.span()):
            add(
                "percentage",
                match.group(0).replace(" percent", "%").replace(" ", ""),
                *match.span(),
            )
    for match in _CENTS.finditer(question):
        if free(*match.span()):
            cents = match.group(1)
            if (
                cents.isdigit() and len(cents) <= 2
            ):  # "25 cents" is written "$0.25": a change of unit, not arithmetic
                add("per_share", f"$0.{cents.zfill(2)}", *match.span())
    for match in _MONEY.finditer(question):
        if free(*match.span()):
            text = match.group(0)
            after = question[match.end() : match.end() + 30]
            kind = (
                "per_share"
                if re.match(
                    r"\s*(?:per|a|/)\s*(?:share|unit|ADS)\b", after, re.IGNORECASE
                )
                else "money"
            )
            if kind == "money" and _small_price(text, question, match.start()):
                kind = "per_share"
            add(kind, text, *match.span())
    for match in _NUMBER.finditer(question):
        if not free(*match.span()) or _YEAR.fullmatch(match.group(0)):
            continue
        unit = _COUNT_UNIT.match(question[match.end() : match.end() + 40])
        add(
            "shares",
            match.group(0),
            *match.span(),
            unit=unit.group("unit").lower() if unit else "",
        )
    return sorted(found, key=lambda figure: figure.start)


def _is_ratio(question: str, match: re.Match[str]) -> bool:
    try:
        parse_ratio(match.group(0))
    except AmountError:
        return False
    around = question[max(0, match.start() - 40) : match.end() + 40].lower()
    return any(
        word in around for word in ("split", "consolidat", "ratio", "for-", "for ")
    )


def _small_price(text: str, question: str, start: int) -> bool:
    """ "$10 per share" is caught above; "the $4.17 unit price" / "its $7 purchase price" is a price too."""
    try:
        amount = parse_amount(text)
    except AmountError:
        return False
    if amount.scale:
        return False
    after = question[start + len(text) : start + len(text) + 40].lower()
    return bool(
        re.match(
            r"\s*(?:[\w-]+\s+){0,3}(?:price|per share|a share|dividend|eps)\b", after
        )
    ) or bool(
        re.search(
            r"\b(?:price|dividend|eps) of\s*$",
            question[max(0, start - 30) : start].lower(),
        )
    )


def periods(question: str) -> list[Period]:
    """The days, months, quarters and years a question names."""
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    for match in DATE.finditer(question):
        try:
            day = parse_date(match.group(0))
        except DateError:
            continue
        found.append(Period(day.year, day.month, day.day, text=match.group(0)))
        taken.append(match.span())
    for match in _QUARTER.finditer(question):
        number = (
            int(match.group(1))
            if match.group(1)
            else _QUARTER_WORDS[match.group(3).lower()]
        )
        year = match.group(2) or match.group(4)
        found.append(
            Period(int(year) if year else None, quarter=number, text=match.group(0))
        )
        taken.append(match.span())
    for match in _MONTH_YEAR.finditer(question):
        if any(a <= match.start() < b for a, b in taken):
            continue
        month = _month_number(match.group(1))
        found.append(Period(int(match.group(2)), month, text=match.group(0)))
        taken.append(match.span())
    for match in _MONTH_DAY.finditer(question):
        if not any(a <= match.start() < b for a, b in taken):
            found.append(
                Period(
                    None,
                    _month_number(match.group(1)),
                    int(match.group(2)),
                    text=match.group(0),
                )
            )
            taken.append(match.span())
    for match in _YEAR.finditer(question):
        if any(a <= match.start() < b for a, b in taken):
            continue
        found.append(Period(int(match.group(1) or match.group(2)), text=match.group(0)))
    return found


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(
        index
        for index, month in enumerate(MONTHS, start=1)
        if month.startswith(name[:3])
    )


# Capitalized words that name no company: question words, months, markets and common filing terms.
_COMMON_CAPITALS = frozenset(
    [
        "a",
        "an",
        "the",
        "what",
        "when",
        "which",
        "who",
        "whom",
        "where",
        "why",
        "how",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "did",
        "does",
        "do",
        "if",
        "i",
        "my",
        "at",
        "by",
        "on",
        "in",
        "of",
        "for",
        "to",
        "and",
        "or",
        "but",
        "with",
        "from",
        "as",
        "exactly",
        "based",
        "given",
        "assuming",
        "please",
        "tell",
        "show",
        "list",
        *MONTHS,
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "nasdaq",
        "nyse",
        "amex",
        "american",
        "arca",
        "otc",
        "otcqb",
        "otcqx",
        "tsx",
        "tsxv",
        "cse",
        "asx",
        "lse",
        "aim",
        "sec",
        "fy",
        "q1",
        "q2",
        "q3",
        "q4",
        "inc",
        "corp",
        "corporation",
        "ltd",
        "limited",
        "plc",
        "llc",
        "co",
        "company",
        "group",
        "holdings",
        "holding",
        "series",
        "common",
        "units",
        "unit",
        "class",
        "preferred",
        "ordinary",
        "warrants",
        "warrant",
        "notes",
        "note",
        "shares",
        "share",
        "stock",
        "pipe",
        "ipo",
        "eps",
        "ads",
        "adss",
        "adr",
        "ceo",
        "cfo",
        "board",
        "program",
        "plan",
        "agreement",
        "regulation",
        "rights",
        "offering",
        "dividend",
        "special",
        "annual",
        "quarterly",
        "record",
        "payment",
        "ex",
        "date",
        "price",
        "usd",
        "cad",
        "eur",
        "gbp",
        "jpy",
        "rmb",
        "hkd",
        "us",
        "u.s",
        "canadian",
        "federal",
        "global",
        "international",
        "new",
        "first",
        "second",
        "third",
        "fourth",
    ]
)
_CAPITAL_WORD = re.compile(
    r"(?<![\w'])([A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Z]{2,})(?:'s|’s|')?"
)


def proper_names(question: str) -> list[str]:
    """Capitalized words inside a sentence (not its first word) that are not common words: the
    names of companies, people, programs or places the question is about, lowercased."""
    names = []
    for match in _CAPITAL_WORD.finditer(question):
        word = match.group(1)
        before = question[: match.start()].rstrip()
        if not before or before[-1] in ".?!":
            continue
        for part in re.split(r"[-.]", word):
            lowered = part.lower()
            if (
                len(lowered) >= 3
                and lowered.isalpha()
                and lowered not in _COMMON_CAPITALS
            ):
                names.append(lowered)
    return list(dict.fromkeys(names))
