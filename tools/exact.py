"""Exact rational arithmetic and exact rounding shared by the calculator and finance tools.

Every figure filingqa states is computed on exact fractions and rounded exactly once, at
the end, with a stated rounding mode.  Doing the arithmetic in :class:`fractions.Fraction`
means ``2,245,600,000 / 700,000 * 700,000`` is exactly 2,245,600,000 and never drifts,
and rounding a :class:`~fractions.Fraction` directly avoids the double rounding that
"divide at 28 digits, then quantize" would introduce.
"""

from __future__ import annotations

import decimal
from decimal import Decimal, DecimalTuple
from fractions import Fraction

ROUNDING_MODES = frozenset(
    {
        decimal.ROUND_05UP,
        decimal.ROUND_CEILING,
        decimal.ROUND_DOWN,
        decimal.ROUND_FLOOR,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_UP,
        decimal.ROUND_UP,
    }
)
SIGNIFICANT_DIGITS = 28
"""Significant digits kept when an exact result has no finite decimal expansion (1/3)."""


def check_rounding(rounding: str) -> str:
    """Return ``rounding`` if it is one of :mod:`decimal`'s modes, else say which are."""
    if rounding not in ROUNDING_MODES:
        raise ValueError(
            f"unknown rounding {rounding!r}; use one of {', '.join(sorted(ROUNDING_MODES))}"
        )
    return rounding


def shift(value: Decimal, places: int) -> Decimal:
    """``value`` times ``10**places``, exactly (no context precision involved)."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    sign, digits, exponent = value.as_tuple()
    return Decimal(DecimalTuple(sign, digits, exponent + places))


def places_of(value: Decimal) -> int:
    """Digits after the decimal point as written: ``0.000625`` -> 6, ``3208`` -> 0."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def plain(value: Decimal) -> Decimal:
    """The same value without a positive exponent (``4.0E+6`` -> ``4000000``), exactly."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return Decimal(int(value))
    return value


def round_exact(value: Fraction | Decimal | int, places: int, rounding: str) -> Decimal:
    """Round an exact value to ``places`` decimal places with ``rounding``, exactly once.

    The fraction ``|value| * 10**places`` is split into its integer part and remainder;
    the remainder is summarised by two digits plus a sticky digit, which is all any
    :mod:`decimal` rounding mode looks at, so the result is correctly rounded.
    """
    check_rounding(rounding)
    scaled = abs(Fraction(value)) * Fraction(10) ** places
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    hundredths, rest = divmod(remainder * 100, scaled.denominator)
    sign = "-" if value < 0 else ""
    summary = Decimal(f"{sign}{whole}.{hundredths:02d}{1 if rest else 0}")
    with decimal.localcontext(decimal.Context(prec=len(str(whole)) + 5)):
        rounded = summary.quantize(Decimal(1), rounding=rounding)
    return plain(shift(rounded.copy_abs() if rounded.is_zero() else rounded, -places))


def to_decimal(value: Fraction, significant: int = SIGNIFICANT_DIGITS) -> Decimal:
    """The exact decimal of ``value`` when it has one, else ``significant`` digits.

    A fraction terminates in base ten exactly when its denominator has no prime factors
    other than 2 and 5; then the result is exact however many digits it takes.
    """
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator == 1:
        places = max(twos, fives)
        return shift(
            Decimal(value.numerator * 10**places // value.denominator), -places
        )
    with decimal.localcontext(
        decimal.Context(prec=significant, rounding=decimal.ROUND_HALF_EVEN)
    ):
        return Decimal(value.numerator) / Decimal(value.denominator)


def significant_places(value: Fraction | Decimal, significant: int) -> int:
    """Decimal places needed to show ``significant`` digits of ``value`` (0 for |value| >= 10**(significant-1))."""
    if not value:
        return 0
    leading = to_decimal(Fraction(value), significant).adjusted()
    return max(0, significant - 1 - leading)


def trim(value: Decimal, keep: int) -> Decimal:
    """Drop trailing zeros after the decimal point, but keep at least ``keep`` places."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    sign, digits, exponent = value.as_tuple()
    while exponent < -keep and digits[-1] == 0:
        digits = digits[:-1] or (0,)
        exponent += 1
    return Decimal(DecimalTuple(sign, digits, exponent))
