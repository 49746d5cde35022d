"""The currencies filings state amounts in: how each is written, read and rounded.

One table drives both directions, so whatever :func:`tools.amounts.format_amount` writes,
:func:`tools.amounts.parse_amount` reads back to the same currency.
"""

from __future__ import annotations

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
)
BY_CODE: dict[str, Currency] = {currency.code: currency for currency in CURRENCIES}
BY_PREFIX: dict[str, Currency] = {
    prefix: c for c in CURRENCIES for prefix in c.prefixes
}
BY_NAME: dict[str, Currency] = {name.lower(): c for c in CURRENCIES for name in c.names}


def minor_unit(currency: str | None) -> int:
    """Decimal places money is rounded to in ``currency``: JPY 0, USD/EUR/GBP 2, unknown 2."""
    known = BY_CODE.get(currency.upper()) if currency else None
    return known.minor_unit if known else DEFAULT_MINOR_UNIT


def display_prefix(currency: str) -> str:
    """How a filing writes ``currency`` before a number; an unknown code as "XYZ "."""
    known = BY_CODE.get(currency.upper())
    return known.display if known else f"{currency.upper()} "
