"""Read numbers the way filings write them, and write them back the same way.

Filings write "JPY2,245,600,000", "US$0.000625", "C$6.52 million", "(1,234)", "12%",
"1-for-335".  Everything is read into :class:`~decimal.Decimal` exactly (never binary
floating point), with the currency, scale and per-share marker kept, so the finance
tools can carry them into the formulas they show.  Text that cannot be read raises an
:class:`AmountError` that quotes the text, so the caller can tell the model what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tools.currencies import (
    BY_NAME,
    BY_PREFIX,
    display_prefix,
    display_suffix,
    minor_unit,
    names_pattern,
)
from tools.exact import places_of, plain, round_exact, shift

__all__ = [
    "Amount",
    "AmountError",
    "Ratio",
    "format_amount",
    "format_number",
    "minor_unit",
    "parse_amount",
    "parse_number",
    "parse_percent",
    "parse_ratio",
]


class AmountError(ValueError):
    """Text that cannot be read as an amount, number, percentage or ratio."""


@dataclass(frozen=True)
class Amount:
    """A number as a filing states it, with the scale already applied to ``value``."""

    value: Decimal
    """Full value: "C$6.52 million" -> Decimal("6520000")."""
    currency: str | None
    """ISO code ("JPY", "USD", "CAD", ...), or None when the text states none."""
    scale: str | None
    """"thousand", "million", "billion" or "trillion" when written (also as "m", "bn")."""
    per_share: bool
    """True for "JPY3,208 per share"."""
    approximate: bool
    """True for "approximately", "about", "~" and the like."""
    text: str
    """The text as given."""


@dataclass(frozen=True)
class Ratio:
    """A share ratio: ``new`` shares are issued for every ``old`` shares held."""

    new: Decimal
    old: Decimal
    text: str


_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
_APPROX = r"(?i:approximately|approx\.?|about|around|roughly|circa|nearly|almost)\s+|~\s*|≈\s*"
_SIGN = r"[-−–+]"
_SCALE_EXPONENTS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_SCALE_ABBREVIATIONS = {
    "k": "thousand",
    "m": "million",
    "mm": "million",
    "mn": "million",
    "b": "billion",
    "bn": "billion",
    "tn": "trillion",
}
_SHARE_KIND = r"(?:(?:new|ordinary|common|preferred|treasury)\s+)?"
_PER_SHARE = rf"per\s+{_SHARE_KIND}share|a\s+share|/\s*share|per\s+ADS|per\s+American\s+Depositary\s+Share"
_SHARES = (
    rf"{_SHARE_KIND}shares?(?:\s+of\s+(?:common|ordinary|preferred)\s+stock)?|ADSs?"
)


def _alternation(words: list[str]) -> str:
    """A regex alternation that tries longer words first, so "US$" wins over "$"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_AFTER_NUMBER = names_pattern(r"\s*")
_AMOUNT = re.compile(
    rf"""
    (?P<approx>{_APPROX})?
    (?P<open>\()?\s*
    (?P<sign>{_SIGN})?\s*
    (?P<prefix>{_alternation(list(BY_PREFIX))})?\s*
    (?(prefix)(?P<symbol>{_alternation([p for p in BY_PREFIX if not p.isalpha()])})?)\s*
    (?P<sign2>{_SIGN})?\s*
    (?P<open2>\()?
    (?P<number>{_NUMBER})
    (?(open2)\))
    (?:\s*(?P<scale>(?i:{_alternation([*_SCALE_EXPONENTS, *_SCALE_ABBREVIATIONS])}))\b)?
    (?:(?P<name>{_AFTER_NUMBER})\b)?
    (?(open)\s*\))
    (?:\s*(?:(?P<per_share>(?i:{_PER_SHARE}))|(?P<shares>(?i:{_SHARES}))))?
    """,
    re.VERBOSE,
)
_PERCENT = re.compile(
    rf"(?:{_APPROX})?(?P<sign>{_SIGN})?\s*(?P<number>{_NUMBER})\s*(?:%|(?i:percent|per\s+cent|pct\.?))",
)
_EXAMPLES = "expected an amount like 'JPY3,208', '$0.142', 'C$6.52 million', '(1,234)' or '700,000 shares'"


def _text(text: object) -> str:
    """``text`` stripped, after checking it is text at all (callers may pass anything)."""
    if not isinstance(text, str):
        raise AmountError(f"expected text, got {type(text).__name__} {text!r}")
    return text.strip()


def _number(digits: str) -> Decimal:
    """The exact Decimal of a matched number, thousands separators removed."""
    return Decimal(digits.replace(",", ""))


def _is_negative(match: re.Match[str], text: str) -> bool:
    """Read the sign from a leading minus or from accounting parentheses: "(1,234)" < 0."""
    signs = [s for s in (match["sign"], match["sign2"]) if s]
    brackets = bool(match["open"]) + bool(match["open2"])
    if len(signs) + brackets > 1:
        raise AmountError(f"more than one sign in {text!r}")
    return brackets == 1 or (bool(signs) and signs[0] != "+")


def scaled(value: Decimal, scale: str | None) -> Decimal:
    """``value`` in units: times 10**3 for "thousand", 10**6 for "million" and so on; a value
    with no scale word (or "percent", which is no power of ten) is returned as it is."""
    if scale not in _SCALE_EXPONENTS:
        return value
    return plain(shift(value, _SCALE_EXPONENTS[scale]))


def parse_amount(text: str) -> Amount:
    """Read one amount such as "JPY3,208 per share", "C$6.52 million" or "(1,234)".

    The currency may come before the number as a symbol or code ("¥", "US$", "EUR 2,000")
    or after it as a code or name ("1.2 billion yen", "2,000 EUR"); a scale word
    ("million", "m", "bn") multiplies the value.  Percentages and ratios have their own
    readers (:func:`parse_percent`, :func:`parse_ratio`) and are refused here by name.
    """
    match = _AMOUNT.fullmatch(_text(text))
    if match is None:
        hint = ""
        if "%" in text or "percent" in text.lower():
            hint = "; it looks like a percentage: use parse_percent"
        elif re.search(r"[0-9]\s*-?\s*(?:for|to|:)\s*-?\s*[0-9]", text):
            hint = "; it looks like a ratio: use parse_ratio"
        raise AmountError(f"cannot read an amount from {text!r}: {_EXAMPLES}{hint}")
    before = BY_PREFIX[match["prefix"]] if match["prefix"] else None
    # "USD $1.16", "CAD$5": a code and then its symbol; "$" is any dollar's symbol.
    symbol = BY_PREFIX[match["symbol"]] if match["symbol"] else None
    if symbol and (
        not match["prefix"].isalpha()
        or (match["symbol"] != "$" and symbol is not before)
    ):
        raise AmountError(f"currency marks that do not agree in {text!r}")
    after = BY_NAME[match["name"].strip().lower()] if match["name"] else None
    if before and after and before is not after:
        raise AmountError(f"two different currencies in {text!r}")
    currency = (before or after).code if before or after else None
    if currency and match["shares"]:
        raise AmountError(
            f"{text!r} has both a currency and a share count; give one of them"
        )
    value = _number(match["number"])
    scale = match["scale"].lower() if match["scale"] else None
    scale = _SCALE_ABBREVIATIONS.get(scale, scale)
    value = scaled(value, scale)
    if _is_negative(match, text):
        value = -value
    return Amount(
        value=value,
        currency=currency,
        scale=scale,
        per_share=bool(match["per_share"]),
        approximate=bool(match["approx"]),
        text=text,
    )


def parse_number(text: str) -> Decimal:
    """Read a plain number: "45,997,800", "1.52", "(1,234)" -> -1234, "700,000 shares".

    Money is refused (use :func:`parse_amount`), so a currency is never silently dropped.
    """
    amount = parse_amount(text)
    if amount.currency or amount.per_share:
        raise AmountError(
            f"{text!r} is a money amount, not a plain number: use parse_amount"
        )
    return amount.value


def parse_percent(text: str) -> Decimal:
    """Read a percentage in percent points: "1.52%" -> Decimal("1.52"), "12 percent" -> 12."""
    match = _PERCENT.fullmatch(_text(text))
    if match is None:
        raise AmountError(
            f"cannot read a percentage from {text!r}: expected something like '12%' or '1.52%'"
        )
    value = _number(match["number"])
    return -value if match["sign"] and match["sign"] != "+" else value


NUMBER_WORDS = {
    word: index + 1
    for index, word in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# The number words as a regex alternation, longest first ("seventeen" before "seven"): ingest's
# split ratios read the same words as the ratio reader here.
NUMBER_WORD = _alternation(list(NUMBER_WORDS))
_RATIO_TERM = rf"{_NUMBER}|{NUMBER_WORD}"
_RATIO = re.compile(
    rf"(?P<a>{_RATIO_TERM})[\s-]*(?:(?:new|ordinary|common)\s+)*(?:shares?\s+)?"
    rf"(?P<op>for|to|:|into)[\s-]*(?:(?:each|every)\s+)?(?P<b>{_RATIO_TERM})",
    re.IGNORECASE,
)
_RATIO_FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "basis",
        "ratio",
        "reverse",
        "forward",
        "stock",
        "share",
        "shares",
        "split",
        "consolidation",
        "existing",
        "old",
        "outstanding",
        "new",
        "ordinary",
        "common",
        "held",
    ]
)
_REVERSE_WORDS = re.compile(r"\b(?:reverse|consolidat\w*|combination)\b", re.IGNORECASE)
_RATIO_EXAMPLES = "expected a ratio like '1-for-10', '5-for-1', '10-to-1' or '1:335'"


def _ratio_term(term: str) -> Decimal:
    """A ratio side, written as digits or as a word from "one" to "twenty"."""
    word = NUMBER_WORDS.get(term.lower())
    return Decimal(word) if word else _number(term)


def _direction(text: str, reverse: bool | None) -> bool | None:
    """Whether the ratio is a reverse split, from the flag and the text; None if unsaid."""
    said = (
        True
        if _REVERSE_WORDS.search(text)
        else (False if re.search(r"\bforward\b", text, re.IGNORECASE) else None)
    )
    if reverse is not None and said is not None and said != reverse:
        raise AmountError(
            f"{text!r} says {'reverse' if said else 'forward'} but reverse={reverse} was given"
        )
    return reverse if reverse is not None else said


def parse_ratio(text: str, reverse: bool | None = None) -> Ratio:
    """Read a share ratio such as "1-for-335", "5-for-1", "10-to-1" or "1:10".

    "N-for-M" always means N new shares for M old ones ("1 new share for every 10
    existing shares" too), and "N into M" means N old into M new.  "N-to-M" and "N:M"
    do not say which side is new, so the direction decides: a reverse split or
    consolidation (``reverse=True``, or the words "reverse"/"consolidation" in the text)
    gives the smaller number of new shares, anything else is read as a forward split.
    """
    stripped = _text(text)
    match = _RATIO.search(stripped)
    leftover = _RATIO.sub(" ", stripped, count=1).lower()
    words = set(re.findall(r"[^\W\d_]+", leftover))
    if match is None or re.search(r"[0-9]", leftover) or not words <= _RATIO_FILLER:
        raise AmountError(f"cannot read a ratio from {text!r}: {_RATIO_EXAMPLES}")
    a, b = _ratio_term(match["a"]), _ratio_term(match["b"])
    if not a or not b:
        raise AmountError(f"a ratio needs two non-zero numbers, got {text!r}")
    is_reverse = _direction(text, reverse)
    op = match["op"].lower()
    if op in ("to", ":"):
        new, old = (min(a, b), max(a, b)) if is_reverse else (max(a, b), min(a, b))
    else:
        new, old = (a, b) if op == "for" else (b, a)
        if is_reverse is not None and (new > old if is_reverse else new < old):
            kind = "reverse split" if new < old else "forward split"
            raise AmountError(
                f"{text!r} is a {kind} ({new} new for {old} old) but it was called "
                f"{'reverse' if is_reverse else 'forward'}"
            )
    return Ratio(new=new, old=old, text=text)


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """Write a number with thousands separators: 2245600000 -> "2,245,600,000".

    ``places=None`` keeps every digit the value has; a number of places rounds
    ROUND_HALF_UP to exactly that many.
    """
    value = Decimal(value)
    if places is not None:
        value = round_exact(value, places, ROUND_HALF_UP)
    if value.is_zero():
        value = value.copy_abs()
    return f"{value:,f}"


def format_amount(
    value: Decimal | int, currency: str | None, *, places: int | None = None
) -> str:
    """Write money as the filing would: ("2245600000", "JPY") -> "JPY2,245,600,000".

    ``places=None`` shows the currency's minor unit, or more places if the value has
    them, so a per-share price such as $0.000625 is never rounded away by formatting.
    Without a currency this is :func:`format_number`.
    """
    if currency is None:
        return format_number(value, places)
    value = Decimal(value)
    if places is None:
        places = max(minor_unit(currency), places_of(value))
    text = format_number(value, places)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    return f"{sign}{display_prefix(currency)}{digits}{display_suffix(currency)}"
