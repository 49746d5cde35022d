"""What every finance function returns, and the shared steps that build it.

A :class:`Calculation` carries a figure with its formula and rounding, so an answer can
show how the figure was obtained.  The helpers here read inputs (refusing floats, naming
the argument a bad input came from, refusing mixed currencies) and round and format
money and percentage results by one set of rules, so every calculation in
:mod:`tools.finance` rounds and reads alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from tools.amounts import (
    Amount,
    AmountError,
    format_amount,
    format_number,
    minor_unit,
    parse_amount,
    parse_percent,
)
from tools.exact import places_of, round_exact, significant_places, trim

Number = Decimal | int | str | Amount
"""What the functions accept for a figure; text is read with parse_amount."""

PER_SHARE_SIGNIFICANT = 4
"""Significant digits a per-share result keeps at least, so $0.000625 stays $0.000625."""
PERCENT_PLACES = 2
MAX_PLACES = 30


@dataclass(frozen=True)
class Calculation:
    """One computed figure with everything needed to show and cite it."""

    name: str
    """The function that computed it: "total", "dilution", ..."""
    value: Decimal | int | date | dict
    """The primary value (a dict for results with several parts, such as split)."""
    formatted: str
    """The value as a filing would write it: "JPY2,245,600,000"."""
    formula: str
    """The calculation as a person would write it, inputs and result included."""
    details: dict[str, str] = field(default_factory=dict)
    """Secondary results, formatted: {"of_shares_after": "1.50%", ...}."""
    rounding: str = ""
    """The rounding applied: "ROUND_HALF_UP to 0 places (JPY minor unit)"."""


def read_figure(value: Number, what: str) -> Amount:
    """Any accepted input as an Amount; the error names the argument it came from."""
    if isinstance(value, Amount):
        return value
    if isinstance(value, float):
        raise TypeError(
            f"{what}: the float {value!r} is not exact; pass a Decimal, an int or a string like '{value!r}'"
        )
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TypeError(
            f"{what}: expected a Decimal, an int or a string like 'JPY3,208', got {type(value).__name__}"
        )
    if isinstance(value, str):
        try:
            return parse_amount(value)
        except AmountError as error:
            raise AmountError(f"{what}: {error}") from None
    if not Decimal(value).is_finite():
        raise ValueError(f"{what}: {value} is not a finite number")
    return Amount(Decimal(value), None, None, False, False, str(value))


def read_figures(values: Iterable[Number], what: str) -> list[Amount]:
    """A list of inputs, refusing a bare string that would be read character by character."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise TypeError(
            f"{what}: expected a list of amounts, got {type(values).__name__}"
        )
    return [
        read_figure(value, f"{what}[{index}]") for index, value in enumerate(values)
    ]


def read_count(value: Number, what: str) -> Amount:
    """A number of shares (or other units): anything but money."""
    amount = read_figure(value, what)
    if amount.currency:
        raise ValueError(
            f"{what}: {amount.text!r} is money; expected a number of shares"
        )
    return amount


def common_currency(explicit: str | None, amounts: Iterable[Amount]) -> str | None:
    """The one currency of a calculation; mixing currencies is an error, never a conversion."""
    found = {amount.currency for amount in amounts if amount.currency}
    if explicit is not None:
        if not isinstance(explicit, str) or not explicit.isalpha():
            raise ValueError(
                f"currency must be a code like 'JPY' or 'USD', got {explicit!r}"
            )
        found.add(explicit.upper())
    if len(found) > 1:
        raise ValueError(
            f"mixed currencies ({', '.join(sorted(found))}); use amounts in one currency"
        )
    return found.pop() if found else None


def check_places(places: int | None, what: str = "places") -> int | None:
    """``places`` if it is None or a whole number of places from 0 to MAX_PLACES."""
    if places is not None and (
        isinstance(places, bool)
        or not isinstance(places, int)
        or not 0 <= places <= MAX_PLACES
    ):
        raise ValueError(
            f"{what} must be a whole number from 0 to {MAX_PLACES}, got {places!r}"
        )
    return places


def percent_or_none(value: Number) -> Decimal | None:
    """The percentage points of text such as "7%", or None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return parse_percent(value)
    except AmountError:
        return None


def nonzero(amount: Amount, what: str) -> Fraction:
    """A divisor as a fraction, refusing zero with a message naming the argument."""
    if not amount.value:
        raise ValueError(f"{what} is zero: {amount.text!r}; cannot divide by it")
    return Fraction(amount.value)


def rounding_text(rounding: str, places: int, reason: str) -> str:
    """The rounding as stated in a result: "ROUND_HALF_UP to 2 places (USD minor unit)"."""
    return f"{rounding} to {places} place{'' if places == 1 else 's'} ({reason})"


def money_places(
    currency: str | None,
    places: int | None,
    inputs: Sequence[Amount],
    exact: Fraction,
    significant: int,
) -> tuple[int, str, int]:
    """Places to round money to, why, and how many trailing places to keep when trimming zeros.

    Explicit ``places`` win.  Otherwise the currency's minor unit, raised to the places
    of the most precise input and, for per-share results, to ``significant`` digits.
    Zeros past the minor unit (past the inputs' places when no currency is stated) are
    then dropped, so $437.500000 reads $437.50.
    """
    if check_places(places) is not None:
        return places, "as requested", places
    input_places = max((places_of(amount.value) for amount in inputs), default=0)
    chosen = minor_unit(currency)
    reason = f"{currency} minor unit" if currency else "no currency stated: 2 places"
    if input_places > chosen:
        chosen, reason = input_places, "as many places as the inputs"
    wanted = significant_places(exact, significant) if significant else 0
    if wanted > chosen:
        chosen, reason = (
            wanted,
            f"at least {significant} significant digits for a per-share amount",
        )
    return chosen, reason, minor_unit(currency) if currency else input_places


def finish(
    name: str,
    value,
    formatted: str,
    formula: str,
    details: dict[str, str],
    rounding: str,
    inputs,
) -> Calculation:
    """The Calculation, with a note when any input was stated only approximately."""
    approximate = [amount.text for amount in inputs if amount.approximate]
    if approximate:
        details = details | {
            "note": f"approximate, because {', '.join(map(repr, approximate))} is approximate"
        }
    return Calculation(name, value, formatted, formula, details, rounding)


def money_result(
    name: str,
    exact: Fraction,
    currency: str | None,
    *,
    places: int | None,
    rounding: str,
    inputs: Sequence[Amount],
    lhs: str,
    suffix: str = "",
    significant: int = 0,
    details: dict[str, str] | None = None,
) -> Calculation:
    """A money (or count) result: rounded once, formatted, and shown after its formula."""
    chosen, reason, keep = money_places(currency, places, inputs, exact, significant)
    value = trim(round_exact(exact, chosen, rounding), keep)
    formatted = format_amount(value, currency) + suffix
    return finish(
        name,
        value,
        formatted,
        f"{lhs} = {formatted}",
        details or {},
        rounding_text(rounding, chosen, reason),
        inputs,
    )


def percent_text(
    exact: Fraction, places: int, rounding: str, *, signed: bool = False
) -> tuple[Decimal, str]:
    """``exact`` (a fraction of one) as percent points, rounded, and written "1.52%"."""
    value = round_exact(exact * 100, places, rounding)
    return value, f"{'+' if signed and value > 0 else ''}{format_number(value)}%"


def percent_result(
    name: str,
    exact: Fraction,
    *,
    places: int,
    rounding: str,
    inputs: Sequence[Amount],
    lhs: str,
    signed: bool = False,
    details: dict[str, str] | None = None,
) -> Calculation:
    """A percentage result: ``lhs × 100 = 1.52%``."""
    value, text = percent_text(exact, check_places(places), rounding, signed=signed)
    stated = rounding_text(rounding, places, "percentage")
    return finish(
        name, value, text, f"{lhs} × 100 = {text}", details or {}, stated, inputs
    )


def shares_text(value: Decimal | int, unit: str = "shares") -> str:
    """ "700,000 shares": a count followed by its unit."""
    return f"{format_number(value)} {unit}".rstrip()
