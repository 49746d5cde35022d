"""Programs: an operation over grounded operands, computed exactly by ``tools``.

Each operation names its slots by the kinds of operand it takes; which grounded candidate fills
which slot follows from kind and value (the larger of two amounts is the minuend of a
difference, the earlier of two dates starts a span), never from the question's wording; which
of two figures a change starts from, and which a quotient divides, is learned (``direction``).
Every arithmetic step is a calculator call, recorded as a ``ToolCall`` with its formula.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from qa.answer import ToolCall
from qa.reader.candidates import YEAR, Candidate
from qa.reader.words import plain
from tools.amounts import (
    NUMBER_WORDS,
    AmountError,
    format_amount,
    format_number,
    parse_amount,
    parse_percent,
    parse_ratio,
    scaled,
)
from tools.calculator import CalculatorError, evaluate
from tools.currencies import minor_unit
from tools.dates import DateError, format_date, parse_date
from tools.finance import dilution

COMPUTED = (
    "sum",
    "average",
    "difference",
    "product",
    "quotient",
    "percent_of",
    "percent_change",
    "total_from_part",
    "dilution",
    "days_between",
    "add_period",
    "split_adjust",
    "annualize",
    "net_of",
    "period_of_largest",
    "period_of_smallest",
    "periods_held",
    "periods_above",
    "periods_below",
    "count_above",
    "count_below",
)
# Operations whose answer names the largest or smallest of their operands: the period (a table
# column's year) of figures of one row, the row label of figures of one column
# ("Which segment had the largest charges?").
COMPARISONS = frozenset({"period_of_largest", "period_of_smallest"})
# A row's figures against a number the question writes ("How many years did X exceed $2
# million?", "In which year was X below 30,000?"): the number is the second slot's operand.
THRESHOLDS = frozenset({"periods_above", "periods_below", "count_above", "count_below"})
# Operations over a whole table row: a comparison of its periods, the periods it holds, or a
# threshold over them.
ROW_WIDE = COMPARISONS | THRESHOLDS | {"periods_held"}
# Operations whose answer is a period a table row's column headers name.
PERIOD_ANSWERS = COMPARISONS | {"periods_held", "periods_above", "periods_below"}
AMOUNT_KINDS = frozenset({"money", "per_share", "shares", "count", "number"})
# Which candidate kinds each operation takes, slot by slot ("*" after a slot: one or more).
SLOTS: dict[str, tuple[frozenset[str], ...]] = {
    "sum": (AMOUNT_KINDS | {"percentage"},) * 2,
    "average": (AMOUNT_KINDS | {"percentage"},) * 2,
    "difference": (AMOUNT_KINDS | {"percentage"},) * 2,
    "product": (AMOUNT_KINDS | {"percentage"},) * 2,
    "quotient": (AMOUNT_KINDS,) * 2,
    "percent_of": (AMOUNT_KINDS,) * 2,
    "percent_change": (AMOUNT_KINDS | {"percentage"},) * 2,
    "total_from_part": (AMOUNT_KINDS, frozenset({"percentage"})),
    "dilution": (frozenset({"shares", "count", "number"}),) * 2,
    "days_between": (frozenset({"date"}),) * 2,
    "add_period": (frozenset({"date"}), frozenset({"duration"})),
    "split_adjust": (frozenset({"shares", "count", "number"}), frozenset({"ratio"})),
    "annualize": (frozenset({"money", "per_share"}), frozenset({"frequency"})),
    "net_of": (frozenset({"money"}), frozenset({"money", "percentage"})),
    "period_of_largest": (AMOUNT_KINDS | {"percentage"},) * 2,
    "period_of_smallest": (AMOUNT_KINDS | {"percentage"},) * 2,
    "periods_held": (AMOUNT_KINDS | {"percentage"},) * 2,
    **{op: (AMOUNT_KINDS | {"percentage"},) * 2 for op in sorted(THRESHOLDS)},
}
_PERIODS = {"quarterly": 4, "monthly": 12, "weekly": 52, "semi": 2, "annual": 1}
_CODE_AND_SYMBOL = re.compile(r"^([A-Z]{3})\s?\$\s?")
_DURATION = re.compile(r"(?i)(\d+|[a-z]+)\D*?(day|week|month|year)")


class ProgramError(ValueError):
    """The operands do not fit the operation (a date where an amount is needed, a zero divisor)."""


@dataclass(frozen=True)
class Computed:
    """A program's result: the value as the answer states it, its unit, and the calculator call."""

    value: str | list[str]  # a list for several periods ("periods_held")
    unit: str
    call: ToolCall


@dataclass(frozen=True)
class _Number:
    value: Decimal
    currency: str | None
    text: str
    # An amount of money even where its text writes no currency (a cell under "$ in millions").
    money: bool = False
    scale: str | None = None  # the scale word the text writes ("$2 million"), if any
    # In percent points: written "5.2%" or "5.2 percent", or a cell in a column of percentages.
    percent: bool = False


def _number(candidate: Candidate) -> _Number:
    """An amount, count or percentage candidate as an exact number (scale applied)."""
    try:
        if candidate.kind == "percentage":
            return _Number(
                parse_percent(candidate.text), None, candidate.text, percent=True
            )
        # "USD $1.16", "CAD $600,000": the code says which dollar; the tools read "USD 1.16".
        amount = parse_amount(_CODE_AND_SYMBOL.sub(r"\1 ", candidate.text))
    except AmountError as error:
        raise ProgramError(str(error)) from error
    return _Number(
        amount.value,
        amount.currency,
        candidate.text,
        candidate.kind in ("money", "per_share"),
        amount.scale,
        _percent_cell(candidate),
    )


def number_value(candidate: Candidate) -> Decimal:
    """The exact value of an amount, count or percentage candidate; ``ProgramError`` otherwise."""
    return _number(candidate).value


def _calc(expression: str) -> Decimal:
    try:
        return evaluate(expression)
    except CalculatorError as error:
        raise ProgramError(str(error)) from error


def _money_text(value: Decimal, currency: str | None, per_share: bool) -> str:
    places = 4 if per_share else (minor_unit(currency) if currency else 2)
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if per_share:  # up to four places, none beyond what the value needs: $0.568, $0.50
        rounded = rounded.normalize()
        return format_amount(rounded, currency) if currency else format_number(rounded)
    return (
        format_amount(rounded, currency, places=places)
        if currency
        else format_number(rounded, places)
    )


def _percent_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def _count_text(value: Decimal) -> str:
    if value == value.to_integral():
        return format_number(value.to_integral())
    return format_number(value.quantize(Decimal("0.0001"), ROUND_HALF_UP).normalize())


def _arith(op: str, numbers: list[_Number]) -> Computed:
    """sum, average, difference, product, quotient, net_of over amounts (money keeps its
    currency); an average is the sum over the count of its parts.

    A percentage is a number of percent points only beside other percentages (5.2% less 3.1%
    is 2.1): it is added to or taken from percentages alone, and it multiplies, or is deducted
    from a gross amount, as its fraction ($50 million at 5.2% is $2.6 million, not $260
    million); a product of percentages alone is a percentage again (40% of 50% is 20%)."""
    symbol = {
        "sum": "+",
        "average": "+",
        "difference": "-",
        "product": "*",
        "quotient": "/",
        "net_of": "-",
    }[op]
    if op in ("sum", "average", "difference") and len({n.percent for n in numbers}) > 1:
        raise ProgramError("a percentage is added to or taken from percentages only")
    values = [n.value for n in numbers]
    if op == "net_of":
        gross = numbers[0]
        values = [gross.value] + [
            gross.value * n.value / 100 if n.percent else n.value for n in numbers[1:]
        ]
    if op == "product":
        values = [n.value / 100 if n.percent else n.value for n in numbers]
    expression = f" {symbol} ".join(f"({v})" for v in values)
    if op == "average":
        expression = f"({expression}) / {len(values)}"
    result = _calc(expression)
    if op == "product" and all(n.percent for n in numbers):
        text = _percent_text(result * 100)
        formula = " × ".join(n.text for n in numbers)
        return Computed(
            text, "percent", _call(op, numbers, f"{formula} = {text}", text)
        )
    currencies = [n.currency for n in numbers if n.currency]
    currency = currencies[0] if currencies else None
    # Money over a count is money per unit; money over money is a plain ratio.
    per_share = op == "quotient" and numbers[0].money and not numbers[1].money
    money = bool(currency) and not (op == "quotient" and numbers[1].money)
    text = _money_text(result, currency, per_share) if money else _count_text(result)
    formula = f" {'×' if symbol == '*' else '÷' if symbol == '/' else symbol} ".join(
        n.text for n in numbers
    )
    if op == "average":
        formula = f"({formula}) ÷ {len(numbers)}"
    return Computed(
        text,
        "money" if money else "number",
        _call(op, numbers, f"{formula} = {text}", text),
    )


def _call(op: str, numbers: list, formula: str, result: str) -> ToolCall:
    return ToolCall(
        op,
        {f"operand_{i + 1}": getattr(n, "text", str(n)) for i, n in enumerate(numbers)},
        result,
        formula,
    )


def _percent(op: str, a: _Number, b: _Number) -> Computed:
    if op == "percent_of":
        part, whole = sorted([a, b], key=lambda n: abs(n.value))
        value, formula = (
            _calc(f"({part.value}) / ({whole.value}) * 100"),
            f"{part.text} ÷ {whole.text} × 100",
        )
        used = [part, whole]
    elif op == "dilution":  # the calculator tool's, the one definition users are shown
        new, before = sorted([a, b], key=lambda n: abs(n.value))
        try:
            diluted = dilution(new.value, before.value)
        except ValueError as error:
            raise ProgramError(str(error)) from error
        text = diluted.formatted
        return Computed(
            text, "percent", _call(op, [new, before], diluted.formula, text)
        )
    else:  # percent_change: a is the older figure; a fall is negative ("-16.67%")
        if a.value == 0:
            raise ProgramError("a change from zero has no percentage")
        # Two negatives (a loss, an allowance, cash used: "(15,916)" then "(19,911)") change in
        # size: the allowance grew 25.1%, so the base is the older figure as signed. From a
        # negative to a positive figure the base is its size, so a rise is positive.
        base = a.value if a.value < 0 and b.value < 0 else abs(a.value)
        value = _calc(f"(({b.value}) - ({a.value})) / ({base}) * 100")
        formula, used = f"({b.text} − {a.text}) ÷ {a.text} × 100", [a, b]
    text = _percent_text(value)
    return Computed(text, "percent", _call(op, used, f"{formula} = {text}", text))


def _date(candidate: Candidate) -> date:
    try:
        return parse_date(candidate.text)
    except DateError as error:
        raise ProgramError(str(error)) from error


def _duration(candidate: Candidate) -> tuple[int, str]:
    match = _DURATION.search(candidate.text)
    if not match:
        raise ProgramError(f"cannot read a period from {candidate.text!r}")
    count = match[1].lower()
    n = int(count) if count.isdigit() else NUMBER_WORDS.get(count)
    if n is None:
        raise ProgramError(f"cannot read a period from {candidate.text!r}")
    return n, match[2].lower()


def _add_period(day: date, n: int, unit: str) -> date:
    if unit in ("day", "week"):
        return day + timedelta(days=n * (7 if unit == "week" else 1))
    months = n * (12 if unit == "year" else 1)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _periods(candidate: Candidate) -> int:
    """Payments a year at the frequency ``candidate`` writes. "Annual" is refused: annualising
    at it changes nothing, so the frequency grounded is the one asked for ("what would its
    annual dividend be?"), not the one paid at (it gave "$0.12 × 1 (annual)" for a quarterly
    $0.12)."""
    word = candidate.text.lower()
    for key, count in _PERIODS.items():
        if word.startswith(key):
            if count == 1:
                raise ProgramError(f"annualising at {candidate.text!r} changes nothing")
            return count
    raise ProgramError(f"cannot read a frequency from {candidate.text!r}")


def _split(held: _Number, ratio_text: str, policy: str | None) -> Computed:
    try:
        ratio = parse_ratio(ratio_text)
    except AmountError as error:
        raise ProgramError(str(error)) from error
    exact = held.value * ratio.new / ratio.old
    rounding = {"round_up": ROUND_CEILING, "nearest": ROUND_HALF_UP}.get(
        policy or "", ROUND_FLOOR
    )
    shares = exact.quantize(Decimal(1), rounding)
    text = f"{format_number(shares)} shares"
    formula = f"{held.text} × {format_number(ratio.new)} ÷ {format_number(ratio.old)} = {format_number(exact.normalize())}, {policy or 'round_down'} → {text}"
    return Computed(
        text,
        "shares",
        ToolCall(
            "split_adjust",
            {
                "shares": held.text,
                "ratio": ratio_text,
                "policy": policy or "round_down",
            },
            text,
            formula,
        ),
    )


def _cell_year(candidate: Candidate) -> int | None:
    """The year of a table cell: its column's, if the header writes exactly one, else its row's
    (a schedule's rows "2021", "2022", "Thereafter"), if the row label writes exactly one."""
    if not candidate.header:
        return None
    for text in (candidate.header, candidate.label):
        years = set(YEAR.findall(text))
        if years:
            return int(years.pop()) if len(years) == 1 else None
    return None


def order(op: str, operands: list[Candidate]) -> list[Candidate]:
    """Operands in the order the operation takes them, from their kinds and values.

    A difference between two table cells of different years (columns, or rows of a schedule) is
    a change over time, so it is signed: the later year's figure less the earlier's (a fall is
    negative). Any other difference is the larger less the smaller."""
    years = [_cell_year(c) for c in operands]
    if op == "difference" and None not in years and len(set(years)) == len(years):
        return [c for _, c in sorted(zip(years, operands), key=lambda p: -p[0])]
    if op in ("difference", "quotient", "net_of") and all(
        c.kind in AMOUNT_KINDS | {"percentage"} for c in operands
    ):
        money_first = sorted(
            operands, key=lambda c: (c.kind not in ("money", "per_share"),)
        )
        if (
            op == "quotient"
            and money_first[0].kind in ("money", "per_share")
            and money_first[1].kind not in ("money", "per_share")
        ):
            return money_first
        return sorted(operands, key=lambda c: -abs(_number(c).value))
    if op == "days_between":
        return sorted(operands, key=_date)
    slots = SLOTS.get(op)
    if slots and len(slots) == 2 and slots[0] != slots[1]:
        return sorted(operands, key=lambda c: c.kind not in slots[0])
    return operands


def _period(candidate: Candidate) -> str:
    """The year a figure is for: its table column's, else the one written just before it."""
    years = YEAR.findall(candidate.header) or YEAR.findall(candidate.left[-40:])
    if not years:
        raise ProgramError(f"no period is written for {candidate.text}")
    return years[-1]


def _by_period(cells: list[Candidate]) -> tuple[list[_Number], list[str], str]:
    """The figures of cells for different periods, their periods, and both as a formula writes
    them ("$1,202.9 (2018), $1,496.5 (2019)"); a period written twice has no comparison."""
    numbers = [_number(c) for c in cells]
    periods = [_period(c) for c in cells]
    if len(set(periods)) < len(periods):
        raise ProgramError("two figures for one period")
    listed = ", ".join(f"{n.text} ({p})" for n, p in zip(numbers, periods, strict=True))
    return numbers, periods, listed


def one_column(cells: list[Candidate]) -> bool:
    """Whether table cells stand in one column, each in a row labelled otherwise: figures a
    comparison tells apart by their row labels, not their periods."""
    labels = [plain(c.label) for c in cells]
    return (
        all(c.header and c.label for c in cells)
        and len({plain(c.header) for c in cells}) == 1
        and len(set(labels)) == len(labels)
    )


def column_of(cell: Candidate, candidates: list[Candidate]) -> list[Candidate] | None:
    """The figure cells of ``cell``'s table column among ``candidates`` (its notice's cells
    under its header), in their order; None when the header stands over several columns, as a
    spanning caption read as every column's header does (a row label with two cells under it),
    or the column holds one row only."""
    column = [
        c
        for c in candidates
        if c.header
        and c.doc_id == cell.doc_id
        and c.kind in AMOUNT_KINDS | {"percentage"}
        and plain(c.header) == plain(cell.header)
    ]
    labels = [plain(c.label) for c in column]
    if len(labels) < 2 or len(set(labels)) < len(labels):
        return None
    return column


def _by_label(cells: list[Candidate]) -> tuple[list[_Number], list[str], str]:
    """The figures of a column's cells, their row labels (less a trailing stop or colon), and
    both as a formula writes them."""
    numbers = [_number(c) for c in cells]
    labels = [" ".join(c.label.split()).rstrip(" .:") for c in cells]
    listed = ", ".join(f"{n.text} ({x})" for n, x in zip(numbers, labels, strict=True))
    return numbers, labels, listed


def _compare(op: str, operands: list[Candidate]) -> Computed:
    """What names the largest or smallest of figures: their period when they are a row's
    figures for different periods ("In which year was revenue higher?"), their row label when
    they are one column's figures ("Which segment had the largest charges?"). The comparison is
    exact, and a tie or a repeated period has no answer."""
    by_label = one_column(operands)
    numbers, names, listed = (_by_label if by_label else _by_period)(operands)
    values = [n.value for n in numbers]
    pick = max(values) if op == "period_of_largest" else min(values)
    if values.count(pick) > 1:
        raise ProgramError("a tie has no largest or smallest")
    name = names[values.index(pick)]
    word = "largest" if op == "period_of_largest" else "smallest"
    return Computed(
        name,
        "label" if by_label else "period",
        _call(op, numbers, f"{word} of {listed}: {name}", name),
    )


def _periods_held(operands: list[Candidate]) -> Computed:
    """The periods a table row holds figures for ("Which years does the table cover?", "In
    which years was X calculated?"), in the row's order: at least two, or there is no list."""
    each = [_period(c) for c in operands]
    periods = list(dict.fromkeys(each))
    if len(periods) < 2:
        raise ProgramError("a row of one period holds no list of periods")
    listed = ", ".join(f"{c.text} ({p})" for c, p in zip(operands, each, strict=True))
    text = ", ".join(periods)
    return Computed(
        periods,
        "period",
        _call(
            "periods_held",
            [_number(c) for c in operands],
            f"periods of {listed}: {text}",
            text,
        ),
    )


def _percent_cell(candidate: Candidate) -> bool:
    """Whether a figure is a percentage: written with "%" or in a column of percentages."""
    return candidate.kind == "percentage" or candidate.scale == "percent"


def _beyond(op: str, operands: list[Candidate]) -> Computed:
    """The periods of a table row whose figure is above (or below) the one number the question
    writes among the operands, or how many they are. The comparison is in the threshold's own
    terms: one written with a scale word ("$200,000 thousand") is set against the cells with
    their table's scale applied, one without against the cells as written. It is strict: a
    figure equal to the threshold is neither above nor below it."""
    limits = [c for c in operands if c.source == "question"]
    cells = [c for c in operands if c.source != "question"]
    if len(limits) != 1 or len(cells) < 2:
        raise ProgramError(
            "a row's figures are compared with one number of the question"
        )
    limit = _number(limits[0])
    if any(_percent_cell(c) != (limits[0].kind == "percentage") for c in cells):
        raise ProgramError("a percentage is compared with percentages only")
    numbers, periods, listed = _by_period(cells)
    above = op.endswith("_above")
    compared = [
        scaled(n.value, c.scale) if limit.scale else n.value
        for n, c in zip(numbers, cells, strict=True)
    ]
    picked = [
        period
        for period, value in zip(periods, compared, strict=True)
        if (value > limit.value if above else value < limit.value)
    ]
    word = "above" if above else "below"
    found = ", ".join(picked) or "none"
    if op.startswith("count_"):
        text = str(len(picked))
        formula = f"{word} {limit.text} of {listed}: {found} = {text}"
        return Computed(text, "count", _call(op, [*numbers, limit], formula, text))
    if not picked:
        raise ProgramError(f"no period is {word} {limit.text}")
    value = picked[0] if len(picked) == 1 else picked
    formula = f"{word} {limit.text} of {listed}: {found}"
    return Computed(value, "period", _call(op, [*numbers, limit], formula, found))


def run(op: str, operands: list[Candidate], policy: str | None = None) -> Computed:
    """Compute ``op`` over ``operands`` (already in slot order); ``ProgramError`` when they do not fit."""
    if op in COMPARISONS:
        return _compare(op, operands)
    if op == "periods_held":
        return _periods_held(operands)
    if op in THRESHOLDS:
        return _beyond(op, operands)
    if op in ("sum", "average", "difference", "product", "quotient", "net_of"):
        return _arith(op, [_number(c) for c in operands])
    if op in ("percent_of", "percent_change", "dilution"):
        a, b = (_number(c) for c in operands[:2])
        return _percent(op, a, b)
    if op == "total_from_part":
        part, percent = _number(operands[0]), _number(operands[1])
        if percent.value == 0:
            raise ProgramError("a zero percentage implies no total")
        value = _calc(f"({part.value}) / ({percent.value}) * 100")
        text = (
            _money_text(value, part.currency, False)
            if part.currency
            else _count_text(value)
        )
        return Computed(
            text,
            "money" if part.currency else "number",
            _call(
                op,
                [part, percent],
                f"{part.text} ÷ {percent.text} × 100 = {text}",
                text,
            ),
        )
    if op == "days_between":
        first, last = (_date(c) for c in operands[:2])
        days = abs((last - first).days)
        text = f"{days} days"
        return Computed(
            text,
            "days",
            ToolCall(
                op,
                {"from": operands[0].text, "to": operands[1].text},
                text,
                f"{format_date(last)} − {format_date(first)} = {text}",
            ),
        )
    if op == "add_period":
        day, (n, unit) = _date(operands[0]), _duration(operands[1])
        text = format_date(_add_period(day, n, unit))
        text = text.split(", ", 1)[1] if text.count(",") > 1 else text
        return Computed(
            text,
            "date",
            ToolCall(
                op,
                {"date": operands[0].text, "period": operands[1].text},
                text,
                f"{operands[0].text} + {operands[1].text} = {text}",
            ),
        )
    if op == "split_adjust":
        return _split(_number(operands[0]), operands[1].text, policy)
    if op == "annualize":
        amount, periods = _number(operands[0]), _periods(operands[1])
        value = _calc(f"({amount.value}) * {periods}")
        text = _money_text(value, amount.currency, operands[0].kind == "per_share")
        return Computed(
            text,
            "money",
            ToolCall(
                op,
                {"amount": amount.text, "frequency": operands[1].text},
                text,
                f"{amount.text} × {periods} ({operands[1].text}) = {text}",
            ),
        )
    raise ProgramError(f"unknown operation {op!r}")
