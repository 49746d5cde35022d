"""Checks that keep a loosely related figure from answering: the days, months, quarters and years a
question names must agree with the figure's sentence (or its notice), and a match must rest on
enough of the question's own words or meaning to be an answer rather than a guess."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ingest.patterns import DATE
from ingest.records import ManifestEntry
from qa.fact_match import Match
from qa.question import MONTHS, Period
from tools.dates import DateError, parse_date

# A quarter's months and the ones just after, when its results and dividends are announced.
_QUARTER_MONTHS = {
    1: (1, 2, 3, 4, 5, 6),
    2: (4, 5, 6, 7, 8, 9),
    3: (7, 8, 9, 10, 11, 12),
    4: (10, 11, 12),
}
_QUARTER_NAMES = {
    1: ("first", "1st", "q1"),
    2: ("second", "2nd", "q2"),
    3: ("third", "3rd", "q3"),
    4: ("fourth", "4th", "q4"),
}


def _dates_in(text: str) -> list[date]:
    found = []
    for match in DATE.finditer(text):
        try:
            found.append(parse_date(match.group(0)))
        except DateError:
            continue
    return found


def _mentions_quarter(text: str, quarter: int, year: int | None) -> bool:
    lowered = text.lower()
    words, short = _QUARTER_NAMES[quarter][:2], _QUARTER_NAMES[quarter][2]
    if not re.search(
        rf"\b(?:{'|'.join(words)})[\s-]+(?:fiscal\s+)?quarter\b|\b{short}\b", lowered
    ):
        ended = re.search(rf"\bquarter ended\s+({MONTHS[quarter * 3 - 1]})\b", lowered)
        if (
            not ended
        ):  # "the quarter ended September 30" is the (calendar) third quarter
            return False
    return (
        year is None
        or str(year) in lowered
        or not re.search(r"\b(?:19|20)\d{2}\b", lowered)
    )


def period_agrees(
    match: Match, periods: Sequence[Period], entry: ManifestEntry | None
) -> bool:
    """Whether a fact may answer a question naming these periods.

    A full date or a quarter must be in the fact's sentence (or be the fact, or the notice's own
    date or title); a month or a year must not be contradicted by every date the sentence states
    while the notice is dated otherwise.
    """
    fact = match.fact
    sentence = fact.get("context", "")
    stated = _dates_in(sentence)
    value = _fact_date(fact)
    notice_date = entry.date if entry else None
    title = entry.title if entry else ""
    for period in periods:
        if period.exact is not None:
            if (
                period.exact not in stated
                and period.exact != value
                and period.exact != notice_date
            ):
                return False
        elif period.quarter is not None:
            if not (
                _mentions_quarter(sentence, period.quarter, period.year)
                or _mentions_quarter(title, period.quarter, period.year)
            ):
                return False
            # the quarter is the notice's own (or the one before it was written), so its year must fit
            undated = not re.search(r"\b(?:19|20)\d{2}\b", f"{sentence} {title}")
            if (
                period.year
                and notice_date
                and undated
                and not _year_fits(period.year, notice_date)
            ):
                return False
        elif period.month is not None and period.day is not None:
            same_day = any(
                d.month == period.month and d.day == period.day for d in stated
            )
            if not same_day and not _says_day(sentence, period):
                return False
    return True


def _says_day(sentence: str, period: Period) -> bool:
    """Whether a sentence names the period's day without a year: "September 26", "Sept. 26"."""
    if re.search(rf"\b{re.escape(period.text)}\b", sentence, re.IGNORECASE):
        return True
    month = MONTHS[period.month - 1][:3]
    return bool(
        re.search(rf"\b{month}[a-z]*\.?\s+{period.day}\b", sentence, re.IGNORECASE)
    )


def _year_fits(year: int, notice_date: date) -> bool:
    return date(year, 1, 1) <= notice_date <= date(year + 1, 6, 30)


def period_score(
    match: Match, periods: Sequence[Period], entry: ManifestEntry | None
) -> float:
    """A small bonus when the months and years named agree with the fact's sentence or notice date,
    a penalty when they do not."""
    score = 0.0
    sentence = match.fact.get("context", "")
    stated = _dates_in(sentence)
    notice_date = entry.date if entry else None
    for period in periods:
        if (
            period.exact is not None
            or period.quarter is not None
            or period.year is None
        ):
            continue
        if period.month is not None:
            agrees = any(
                d.year == period.year and d.month == period.month for d in stated
            ) or (
                notice_date is not None
                and notice_date.year == period.year
                and notice_date.month == period.month
            )
        else:
            agrees = str(period.year) in sentence or (
                notice_date is not None and notice_date.year == period.year
            )
        score += 1.0 if agrees else -1.0
    return score


def notice_agrees(periods: Sequence[Period], entry: ManifestEntry | None) -> float:
    """How well a notice's date fits the months and years a question names (for choosing among an
    issuer's notices): +1 per agreeing month, -1 per contradicted one, 0 when undated."""
    if entry is None or entry.date is None:
        return 0.0
    score = 0.0
    for period in periods:
        if period.year is None:
            continue
        if period.month is not None and period.day is None:
            score += (
                1.0
                if (entry.date.year, entry.date.month) == (period.year, period.month)
                else -0.5
            )
        elif period.quarter is not None and period.month is None:
            inside = (
                entry.date.year == period.year
                and entry.date.month in _QUARTER_MONTHS[period.quarter]
            )
            score += 0.5 if inside else 0.0
    return score


def _fact_date(fact: dict) -> date | None:
    if fact.get("kind") != "date":
        return None
    try:
        return date.fromisoformat(str(fact["value"]))
    except ValueError:
        return None


_OPTION = re.compile(r"\b(?:option|over-?allotment)", re.IGNORECASE)
_NO_OPTION = re.compile(
    r"\b(?:before|excluding|without|assuming no|no exercise|not exercise|n't exercise|does not include|prior to)\b"
    r"[^.;]{0,60}\b(?:option|over-?allotment)",
    re.IGNORECASE,
)
_EXERCISED = re.compile(r"\bexercis|\bin full\b|\bfully\b|\bupon\b", re.IGNORECASE)


def option_state(text: str) -> str | None:
    """Whether a text speaks of an offering's option (over-allotment) as exercised ("full"), as not
    exercised ("none"), or not at all (None)."""
    if _NO_OPTION.search(text):
        return "none"
    if _OPTION.search(text) and _EXERCISED.search(text):
        return "full"
    return None


def option_score(asked: str | None, clause: str) -> float:
    """A question about the offering with (or without) its option prefers figures stated that way."""
    if asked is None:
        return 0.0
    stated = option_state(clause)
    if stated is None:
        return 0.0
    return 1.5 if stated == asked else -3.0
