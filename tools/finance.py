"""The calculations questions about filing notices need, each shown as a person would write it.

Every function returns a :class:`Calculation`: the value, the value formatted as a filing
would write it, the formula with its inputs ("700,000 shares × JPY3,208 =
JPY2,245,600,000") and the rounding that was applied, so an answer can cite exactly how
a figure was obtained.  Arithmetic is exact (fractions) and rounded once, at the end:

* money is rounded to the currency's minor unit (JPY 0 places, USD/EUR/GBP 2, unknown
  2), or to more places when an input has more ("$0.000625" is never rounded away), and
  per-share results divided out of totals keep at least four significant digits;
* percentages are rounded to 2 places;
* the mode is ROUND_HALF_UP unless a ``rounding`` argument says otherwise.

Inputs may be :class:`~decimal.Decimal`, ``int``, :class:`~tools.amounts.Amount` or text
read with :func:`~tools.amounts.parse_amount` ("JPY3,208" carries its currency into the
formula).  Floats are refused with a :class:`TypeError`: they cannot hold 0.1 exactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from tools.amounts import (
    Amount,
    Ratio,
    format_amount,
    format_number,
    parse_ratio,
)
from tools.calculation import (
    PER_SHARE_SIGNIFICANT,
    PERCENT_PLACES,
    Calculation,
    Number,
    check_places,
    common_currency,
    finish,
    money_places,
    money_result,
    nonzero,
    percent_or_none,
    percent_result,
    percent_text,
    read_count,
    read_figure,
    read_figures,
    rounding_text,
    shares_text,
)
from tools.dates import format_date, parse_date
from tools.exact import (
    round_exact,
    shift,
    significant_places,
    to_decimal,
    trim,
)

__all__ = [
    "Calculation",
    "Number",
    "annualize",
    "days_between",
    "dilution",
    "net_proceeds",
    "per_share",
    "percent_of",
    "percentage_change",
    "split",
    "split_adjust",
    "sum_parts",
    "total",
]

_PERIODS = {
    "annual": 1,
    "annually": 1,
    "yearly": 1,
    "semi-annual": 2,
    "semiannual": 2,
    "semi-annually": 2,
    "half-yearly": 2,
    "quarterly": 4,
    "monthly": 12,
    "weekly": 52,
}


def total(
    count: Number,
    unit_price: Number,
    *,
    currency: str | None = None,
    places: int | None = None,
    rounding: str = ROUND_HALF_UP,
    unit: str = "shares",
) -> Calculation:
    """Count times unit price: total("700,000", "JPY3,208") is JPY2,245,600,000."""
    shares, price = read_count(count, "count"), read_figure(unit_price, "unit_price")
    currency = common_currency(currency, [price])
    lhs = f"{shares_text(shares.value, unit)} × {format_amount(price.value, currency)}"
    exact = Fraction(shares.value) * Fraction(price.value)
    return money_result(
        "total",
        exact,
        currency,
        places=places,
        rounding=rounding,
        inputs=[shares, price],
        lhs=lhs,
    )


def sum_parts(
    parts: Iterable[Number],
    *,
    currency: str | None = None,
    places: int | None = None,
    rounding: str = ROUND_HALF_UP,
) -> Calculation:
    """Add amounts of one currency (or counts): "JPY1,122,800,000" + "JPY1,122,800,000"."""
    amounts = read_figures(parts, "parts")
    if not amounts:
        raise ValueError("parts is empty; give at least one amount to add")
    currency = common_currency(currency, amounts)
    lhs = " + ".join(format_amount(amount.value, currency) for amount in amounts)
    exact = sum((Fraction(amount.value) for amount in amounts), Fraction(0))
    return money_result(
        "sum_parts",
        exact,
        currency,
        places=places,
        rounding=rounding,
        inputs=amounts,
        lhs=lhs,
    )


def _largest_remainder(units: int, weights: Sequence[Fraction]) -> list[int]:
    """Share ``units`` whole units in proportion to ``weights`` so they add up to ``units``.

    Each part gets the whole units of its exact quota; the units left over go one each to
    the parts with the largest fractional remainders (ties: the earlier part).
    """
    whole = sum(weights)
    quotas = [units * weight / whole for weight in weights]
    shares = [math.floor(quota) for quota in quotas]
    by_remainder = sorted(
        range(len(quotas)), key=lambda index: (shares[index] - quotas[index], index)
    )
    for index in by_remainder[: units - sum(shares)]:
        shares[index] += 1
    return shares


def _labelled(
    parts_or_ratios: Sequence[Number] | Mapping[str, Number],
) -> tuple[list[str], list[Number]]:
    """Labels and values: a mapping's own labels, or "part 1", "part 2", ... for a list."""
    if isinstance(parts_or_ratios, Mapping):
        return [str(label) for label in parts_or_ratios], list(parts_or_ratios.values())
    if isinstance(parts_or_ratios, str | bytes) or not isinstance(
        parts_or_ratios, Iterable
    ):
        raise TypeError(
            "parts_or_ratios: expected a list, or a mapping of labels to amounts"
        )
    values = list(parts_or_ratios)
    return [f"part {index}" for index in range(1, len(values) + 1)], values


def _weight(value: Number, label: str) -> tuple[Amount, str]:
    """One part for :func:`split` and its kind: "percent", "money" or "ratio"."""
    percent = percent_or_none(value)
    if percent is not None:
        return Amount(percent, None, None, False, False, str(value)), "percent"
    weight = read_figure(value, label)
    return weight, "money" if weight.currency else "ratio"


def split(
    total: Number,
    parts_or_ratios: Sequence[Number] | Mapping[str, Number],
    *,
    currency: str | None = None,
    places: int | None = None,
    percent_places: int = PERCENT_PLACES,
) -> Calculation:
    """Divide a total into parts, each with its share of the whole, adding up exactly.

    ``parts_or_ratios`` are money parts of the total (which must add up to it), percentages
    (which must add up to 100%), or plain ratios such as ["2", "1"]; a mapping gives the
    parts labels.  Amounts and percentages are both rounded by the largest-remainder
    method, so the parts add up exactly to the total and the percentages to 100%.
    """
    whole = read_figure(total, "total")
    labels, values = _labelled(parts_or_ratios)
    read = [_weight(value, label) for label, value in zip(labels, values, strict=True)]
    weights = [weight for weight, _ in read]
    kinds = {kind for _, kind in read}
    if len(kinds) != 1:
        raise ValueError(
            "parts_or_ratios: give at least one part, and all parts as amounts,"
            " all as percentages, or all as ratios"
        )
    kind = kinds.pop()
    if any(weight.value < 0 for weight in weights) or not any(
        weight.value for weight in weights
    ):
        raise ValueError(
            "parts_or_ratios: parts must not be negative and must not all be zero"
        )
    money_inputs = [whole, *(weight for weight in weights if kind == "money")]
    currency = common_currency(currency, money_inputs)
    weight_sum = sum((Fraction(weight.value) for weight in weights), Fraction(0))
    if kind == "money" and weight_sum != whole.value:
        raise ValueError(
            f"the parts add up to {format_amount(to_decimal(weight_sum), currency)},"
            f" not to the total {format_amount(whole.value, currency)}"
        )
    if kind == "percent" and weight_sum != 100:
        raise ValueError(
            f"the percentages add up to {format_number(to_decimal(weight_sum))}%, not 100%"
        )
    chosen, reason, keep = money_places(currency, places, money_inputs, Fraction(0), 0)
    units = abs(Fraction(whole.value)) * 10**chosen
    if units.denominator != 1:
        raise ValueError(
            f"the total {whole.text!r} has more than places={chosen} decimal places"
        )
    fractions = [Fraction(weight.value) for weight in weights]
    sign = -1 if whole.value < 0 else 1
    amounts = [
        trim(shift(Decimal(sign * part), -chosen), keep)
        for part in _largest_remainder(units.numerator, fractions)
    ]
    percent_places = check_places(percent_places, "percent_places")
    percents = [
        f"{format_number(shift(Decimal(part), -percent_places))}%"
        for part in _largest_remainder(100 * 10**percent_places, fractions)
    ]
    total_text = format_amount(whole.value, currency)
    sum_text = format_number(to_decimal(weight_sum))
    shown = [
        f"{format_amount(amount, currency)} ({percent})"
        for amount, percent in zip(amounts, percents, strict=True)
    ]
    lines = [
        f"{total_text} × {format_number(weight.value)}/{sum_text} = {part}"
        for weight, part in zip(weights, shown, strict=True)
    ]
    hundred = format_number(Decimal(100), percent_places)
    return finish(
        "split",
        dict(zip(labels, amounts, strict=True)),
        "; ".join(
            f"{label}: {part}" for label, part in zip(labels, shown, strict=True)
        ),
        "; ".join(lines) + f"; the parts add up to {total_text} ({hundred}%)",
        dict(zip(labels, percents, strict=True)),
        f"largest remainder, amounts to {chosen} places ({reason}) and percentages to {percent_places} places,"
        " so the parts add up exactly to the total and to 100%",
        [whole, *weights],
    )


def dilution(
    new_shares: Number,
    shares_before: Number,
    *,
    places: int = PERCENT_PLACES,
    rounding: str = ROUND_HALF_UP,
) -> Calculation:
    """How much newly issued shares dilute existing holders.

    The value is the new shares as a percentage of the shares after the issuance: the share of
    the company existing holders give up (a holder of 1% before holds 1% less that share of it
    after), which is what "how much does this dilute existing holders" asks. The details add
    the new shares as a percentage of the shares before (the "dilution ratio" Japanese
    exchange notices state), the shares after, and an existing holder's ownership factor
    (shares before / shares after).
    """
    new = read_count(new_shares, "new_shares")
    before = read_count(shares_before, "shares_before")
    if before.value <= 0 or before.value + new.value <= 0:
        raise ValueError(
            "shares_before, and the shares after the issuance, must be positive"
        )
    added, existing = Fraction(new.value), Fraction(before.value)
    after = to_decimal(existing + added)
    n, b, a = (format_number(value) for value in (new.value, before.value, after))
    value, of_after = percent_text(
        added / Fraction(after), check_places(places), rounding
    )
    _, of_before = percent_text(added / existing, places, rounding)
    factor = format_number(
        round_exact(existing / Fraction(after), places + 2, rounding)
    )
    formula = (
        f"{n} / ({b} + {n}) × 100 = {n} / {a} × 100 = {of_after} of shares after;"
        f" {n} / {b} × 100 = {of_before} of shares before;"
        f" ownership factor {b} / {a} = {factor}"
    )
    details = {
        "of_shares_after": of_after,
        "of_shares_before": of_before,
        "shares_after": a,
        "ownership_factor": factor,
    }
    rounding_used = (
        f"{rounding_text(rounding, places, 'percentage')};"
        f" ownership factor {rounding} to {places + 2} places"
    )
    return finish(
        "dilution", value, of_after, formula, details, rounding_used, [new, before]
    )


def percentage_change(
    old: Number,
    new: Number,
    *,
    places: int = PERCENT_PLACES,
    rounding: str = ROUND_HALF_UP,
) -> Calculation:
    """The change from ``old`` to ``new`` as a signed percentage of ``old``: +6.93%."""
    before, after = read_figure(old, "old"), read_figure(new, "new")
    currency = common_currency(None, [before, after])
    base = abs(nonzero(before, "old"))
    o, n = format_amount(before.value, currency), format_amount(after.value, currency)
    difference = format_amount(
        to_decimal(Fraction(after.value) - Fraction(before.value)), currency
    )
    return percent_result(
        "percentage_change",
        (Fraction(after.value) - Fraction(before.value)) / base,
        places=places,
        rounding=rounding,
        inputs=[before, after],
        lhs=f"({n} - {o}) / {o if before.value > 0 else f'|{o}|'}",
        signed=True,
        details={"difference": difference},
    )


def percent_of(
    part: Number,
    whole: Number,
    *,
    places: int = PERCENT_PLACES,
    rounding: str = ROUND_HALF_UP,
) -> Calculation:
    """``part`` as a percentage of ``whole``: 700,000 of 45,997,800 is 1.52%."""
    piece, entire = read_figure(part, "part"), read_figure(whole, "whole")
    currency = common_currency(None, [piece, entire])
    exact = Fraction(piece.value) / nonzero(entire, "whole")
    lhs = f"{format_amount(piece.value, currency)} / {format_amount(entire.value, currency)}"
    return percent_result(
        "percent_of",
        exact,
        places=places,
        rounding=rounding,
        inputs=[piece, entire],
        lhs=lhs,
    )


def per_share(
    amount: Number,
    shares: Number,
    *,
    currency: str | None = None,
    places: int | None = None,
    rounding: str = ROUND_HALF_UP,
) -> Calculation:
    """An amount divided by a number of shares: JPY2,245,600,000 / 700,000 is JPY3,208 per share.

    Unless ``places`` is given, the result keeps at least four significant digits, so a
    tiny per-share amount is not rounded to zero at the currency's minor unit.
    """
    money, count = read_figure(amount, "amount"), read_count(shares, "shares")
    currency = common_currency(currency, [money])
    exact = Fraction(money.value) / nonzero(count, "shares")
    lhs = f"{format_amount(money.value, currency)} / {shares_text(count.value)}"
    return money_result(
        "per_share",
        exact,
        currency,
        places=places,
        rounding=rounding,
        inputs=[money, count],
        lhs=lhs,
        suffix=" per share",
        significant=PER_SHARE_SIGNIFICANT,
    )


def _date(value: date | str, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise TypeError(
        f"{what}: expected a date or text like '2013-08-05', got {type(value).__name__}"
    )


def _business_days(first: date, last: date) -> int:
    """Monday-to-Friday days after ``first`` up to and including ``last`` (negative if backwards)."""
    if last < first:
        return -_business_days(last, first)
    weeks, extra = divmod((last - first).days, 7)
    return weeks * 5 + sum(
        1 for step in range(1, extra + 1) if (first.weekday() + step) % 7 < 5
    )


def _days_text(count: int, kind: str) -> str:
    return f"{count:,} {kind}{'' if abs(count) == 1 else 's'}"


def days_between(
    start: date | str, end: date | str, *, business_days: bool = False
) -> Calculation:
    """Days from ``start`` to ``end``: Friday, August 2 to Monday, August 5, 2013 is 3 days.

    Business days count the Mondays to Fridays after ``start`` up to and including
    ``end`` (1 in that example); public holidays are not known and not excluded.
    """
    first, last = _date(start, "start"), _date(end, "end")
    calendar, business = (last - first).days, _business_days(first, last)
    calendar_text, business_text = (
        _days_text(calendar, "day"),
        _days_text(business, "business day"),
    )
    formula = f"{format_date(first)} to {format_date(last)} = {calendar_text}"
    if business_days:
        formula += f"; Monday to Friday, public holidays not excluded: {business_text}"
    details = {
        "start": format_date(first),
        "end": format_date(last),
        "calendar_days": str(calendar),
        "business_days": str(business),
    }
    value, text = (
        (business, business_text) if business_days else (calendar, calendar_text)
    )
    return Calculation(
        "days_between", value, text, formula, details, "none: whole days"
    )


def _ratio(ratio: Ratio | str, reverse: bool | None) -> Ratio:
    if isinstance(ratio, Ratio):
        return ratio
    if not isinstance(ratio, str):
        raise TypeError(
            f"ratio: expected text like '1-for-10' or a Ratio, got {type(ratio).__name__}"
        )
    return parse_ratio(ratio, reverse)


def split_adjust(
    shares: Number,
    price: Number | None,
    ratio: Ratio | str,
    *,
    reverse: bool | None = None,
    currency: str | None = None,
    places: int | None = None,
    rounding: str = ROUND_HALF_UP,
) -> Calculation:
    """Shares and price after a forward split, reverse split or consolidation.

    ``ratio`` is read by :func:`~tools.amounts.parse_ratio` ("1-for-335": one new share
    for 335 old; ``reverse`` settles "N-to-M").  Shares after are stated as whole shares
    plus the fractional share left over; the price after (if ``price`` is given) is the
    price times old/new, keeping at least four significant digits.
    """
    held, read = read_count(shares, "shares"), _ratio(ratio, reverse)
    if held.value < 0:
        raise ValueError(f"shares must not be negative, got {held.text!r}")
    exact = Fraction(held.value) * Fraction(read.new) / Fraction(read.old)
    whole = math.floor(exact)
    leftover = exact - whole
    fractional = round_exact(
        leftover, significant_places(leftover, PER_SHARE_SIGNIFICANT), rounding
    )
    kind = (
        "forward split"
        if read.new > read.old
        else "reverse split"
        if read.new < read.old
        else "no change"
    )
    new, old = format_number(read.new), format_number(read.old)
    formula = (
        f"{shares_text(held.value)} × {new}/{old} = {format_number(whole)} whole shares"
    )
    formatted = shares_text(whole)
    if leftover:
        formula += f" + {format_number(fractional)} of a share"
        formatted += f" and {format_number(fractional)} of a share"
    value: dict[str, Decimal] = {
        "shares_after": Decimal(whole),
        "fractional_share": fractional,
    }
    details = {
        "ratio": f"{new} new for {old} old ({kind})",
        "shares_after": format_number(whole),
        "fractional_share": format_number(fractional),
    }
    rounding_text = (
        f"fractional share {rounding} to {PER_SHARE_SIGNIFICANT} significant digits"
    )
    inputs = [held]
    if price is not None:
        cost = read_figure(price, "price")
        currency = common_currency(currency, [cost])
        adjusted = money_result(
            "split_adjust",
            Fraction(cost.value) * Fraction(read.old) / Fraction(read.new),
            currency,
            places=places,
            rounding=rounding,
            inputs=[cost],
            lhs=f"{format_amount(cost.value, currency)} × {old}/{new}",
            suffix=" per share",
            significant=PER_SHARE_SIGNIFICANT,
        )
        value["price_after"] = adjusted.value
        details["price_after"] = adjusted.formatted
        formula += f"; {adjusted.formula}"
        formatted += f" at {adjusted.formatted}"
        rounding_text = f"price {adjusted.rounding}; {rounding_text}"
        inputs.append(cost)
    return finish(
        "split_adjust", value, formatted, formula, details, rounding_text, inputs
    )


def _periods(periods_per_year: int | str) -> tuple[int, str]:
    """A number of periods per year, from 4 or "4" or "quarterly"."""
    if isinstance(periods_per_year, str):
        name = periods_per_year.strip().lower()
        if name in _PERIODS:
            return _PERIODS[name], f"{_PERIODS[name]} ({name})"
        if name.isdigit():
            periods_per_year = int(name)
    if (
        isinstance(periods_per_year, bool)
        or not isinstance(periods_per_year, int)
        or periods_per_year < 1
    ):
        raise ValueError(
            f"periods_per_year must be a whole number of at least 1 or one of {', '.join(_PERIODS)},"
            f" got {periods_per_year!r}"
        )
    return periods_per_year, str(periods_per_year)


def annualize(
    dividend: Number,
    periods_per_year: int | str,
    *,
    currency: str | None = None,
    places: int | None = None,
    rounding: str = ROUND_HALF_UP,
) -> Calculation:
    """A dividend paid ``periods_per_year`` times a year, as a yearly amount: $0.142 quarterly is $0.568."""
    paid = read_figure(dividend, "dividend")
    count, shown = _periods(periods_per_year)
    currency = common_currency(currency, [paid])
    return money_result(
        "annualize",
        Fraction(paid.value) * count,
        currency,
        places=places,
        rounding=rounding,
        inputs=[paid],
        lhs=f"{format_amount(paid.value, currency)} × {shown}",
        suffix=" per share per year" if paid.per_share else " per year",
    )


def net_proceeds(
    gross: Number,
    *fees: Number,
    currency: str | None = None,
    places: int | None = None,
    rounding: str = ROUND_HALF_UP,
) -> Calculation:
    """Gross proceeds less fees; a fee may be an amount or a percentage of gross ("7%")."""
    proceeds = read_figure(gross, "gross")
    percents = [percent_or_none(fee) for fee in fees]
    amounts = [
        None if percent is not None else read_figure(fee, f"fees[{index}]")
        for index, (fee, percent) in enumerate(zip(fees, percents, strict=True))
    ]
    stated = [amount for amount in amounts if amount]
    currency = common_currency(currency, [proceeds, *stated])
    gross_text = format_amount(proceeds.value, currency)
    exact_fees, shown = Fraction(0), []
    for amount, percent in zip(amounts, percents, strict=True):
        if amount is None:
            exact_fees += Fraction(proceeds.value) * Fraction(percent) / 100
            shown.append(f"{format_number(percent)}% × {gross_text}")
        else:
            exact_fees += Fraction(amount.value)
            shown.append(format_amount(amount.value, currency))
    details = {"total_fees": format_amount(to_decimal(exact_fees), currency)}
    if proceeds.value:
        details["fees_percent_of_gross"] = percent_text(
            exact_fees / Fraction(proceeds.value), PERCENT_PLACES, rounding
        )[1]
    return money_result(
        "net_proceeds",
        Fraction(proceeds.value) - exact_fees,
        currency,
        places=places,
        rounding=rounding,
        inputs=[proceeds, *stated],
        lhs=" - ".join([gross_text, *shown]),
        details=details,
    )
