"""The currencies filings state amounts in: how each is written, read and rounded.

One table drives both directions, so whatever :func:`tools.amounts.format_amount` writes,
:func:`tools.amounts.parse_amount` reads back to the same currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_MINOR_UNIT = 2
"""Places used for money in a currency that is unknown or not stated."""


@dataclass(frozen=True)
class Currency:
    """One currency: its ISO code, how filings write it, and its minor unit."""

    code: str
    display: str
    """Prefix written before a number when formatting ("JPY", "$", "C$", "CHF ")."""
    minor_unit: int
    """Decimal places of the currency's smallest unit (JPY 0, USD 2)."""
    prefixes: tuple[str, ...]
    """Symbols and codes read before a number, case-sensitive ("US$", "¥", "EUR")."""
    names: tuple[str, ...]
    """Codes and names read after a number, case-insensitive ("yen", "EUR")."""
    suffix: str = ""
    """Written after the number when formatting: a minor unit's mark ("491p", "52 cents")."""
    marks: tuple[str, ...] = ()
    """Marks written right after a number, case-sensitive ("491p")."""


CURRENCIES: tuple[Currency, ...] = (
    Currency("JPY", "JPY", 0, ("JPY", "¥", "￥"), ("JPY", "yen")),
    Currency(
        "USD",
        "$",
        2,
        ("US$", "U.S.$", "USD", "$"),
        ("USD", "U.S. dollars", "US dollars"),
    ),
    Currency("CAD", "C$", 2, ("C$", "CA$", "Cdn$", "CAD"), ("CAD", "Canadian dollars")),
    Currency("EUR", "€", 2, ("€", "EUR"), ("EUR", "euros", "euro")),
    Currency("GBP", "£", 2, ("£", "GBP"), ("GBP", "pounds sterling")),
    Currency("HKD", "HK$", 2, ("HK$", "HKD"), ("HKD", "Hong Kong dollars")),
    Currency("AUD", "A$", 2, ("A$", "AU$", "AUD"), ("AUD", "Australian dollars")),
    Currency(
        "CNY", "RMB", 2, ("RMB", "CNY", "CN¥"), ("RMB", "CNY", "yuan", "renminbi")
    ),
    Currency("CHF", "CHF ", 2, ("CHF",), ("CHF", "Swiss francs")),
    Currency("SGD", "S$", 2, ("S$", "SGD"), ("SGD", "Singapore dollars")),
    Currency("NZD", "NZ$", 2, ("NZ$", "NZD"), ("NZD", "New Zealand dollars")),
    Currency("TWD", "NT$", 2, ("NT$", "TWD"), ("TWD",)),
    Currency("KRW", "KRW", 0, ("₩", "KRW"), ("KRW", "won")),
    Currency("INR", "INR ", 2, ("₹", "INR"), ("INR", "rupees")),
    # Minor units, kept as written: a UK share price is "491p" or "66.5 pence", a dividend "52
    # cents per share". Converted to pounds or dollars, the answer would not be the figure the
    # notice states, and "cents" does not say which dollar (or euro) they are of. Whole units
    # unless the figures are written with fractions ("425.0000p").
    Currency("GBX", "", 0, (), ("pence",), suffix="p", marks=("p",)),
    Currency("CENTS", "", 0, (), ("cents", "cent"), suffix=" cents"),
)
BY_CODE: dict[str, Currency] = {currency.code: currency for currency in CURRENCIES}
BY_PREFIX: dict[str, Currency] = {
    prefix: c for c in CURRENCIES for prefix in c.prefixes
}
BY_NAME: dict[str, Currency] = {
    name.lower(): c for c in CURRENCIES for name in (*c.names, *c.marks)
}


def names_pattern(space: str) -> str:
    """A regex for a currency written after its number: a name or code in any case after
    ``space`` ("1.2 billion yen", "2,000 EUR", "66.5 pence"), or a mark in its own case right
    after the number ("491p"; "5 P" and "4:00 p.m." are no amounts)."""
    names = sorted((n for c in CURRENCIES for n in c.names), key=len, reverse=True)
    marks = "|".join(re.escape(m) for c in CURRENCIES for m in c.marks)
    return rf"{space}(?i:{'|'.join(map(re.escape, names))})|(?:{marks})(?!\.\w)"


def _spelled(name: str) -> str:
    """A currency's name as running text may write it: singular or plural, its words joined by a
    space or a hyphen ("Canadian-dollar bonds", "in US dollar terms")."""
    words = re.escape(name).replace(r"\ ", "[- ]")
    return f"{words[:-1]}s?" if name.endswith("s") else words


# Each way a text names a currency, longest first, so "HK$" is read before "$".
_NAMINGS: tuple[tuple[str, Currency], ...] = tuple(
    sorted(
        [
            *((rf"(?<![\w$]){re.escape(p)}", c) for p, c in BY_PREFIX.items()),
            *(
                (rf"\b(?i:{_spelled(name)})\b", c)
                for name, c in BY_NAME.items()
                if len(name) > 1 and (name.isalpha() or " " in name)
            ),
        ],
        key=lambda naming: len(naming[0]),
        reverse=True,
    )
)
_NAMED = re.compile("|".join(f"({pattern})" for pattern, _ in _NAMINGS))


def named_currencies(text: str) -> frozenset[str]:
    """The codes of the currencies ``text`` names, by symbol, code or name ("in Hong Kong
    dollars", "HK$", "how many yen"): what a question asks its amount in. A minor unit's mark
    ("p") is no name outside a figure."""
    return frozenset(
        _NAMINGS[match.lastindex - 1][1].code for match in _NAMED.finditer(text)
    )


def minor_unit(currency: str | None) -> int:
    """Decimal places money is rounded to in ``currency``: JPY 0, USD/EUR/GBP 2, unknown 2."""
    known = BY_CODE.get(currency.upper()) if currency else None
    return known.minor_unit if known else DEFAULT_MINOR_UNIT


def display_prefix(currency: str) -> str:
    """How a filing writes ``currency`` before a number; an unknown code as "XYZ "."""
    known = BY_CODE.get(currency.upper())
    return known.display if known else f"{currency.upper()} "


def display_suffix(currency: str) -> str:
    """How a filing writes ``currency`` after a number: a minor unit's mark, else nothing."""
    known = BY_CODE.get(currency.upper())
    return known.suffix if known else ""
