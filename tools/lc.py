"""LangChain tools over the calculator and the finance functions, for the answering agent.

This is the only module of :mod:`tools` that imports LangChain, so the arithmetic can be
used and tested without it.  Each tool has a typed pydantic argument schema whose
docstring is the description the model reads.  Figures are passed as strings
("JPY3,208", "700,000", "$0.000625"), never as floating-point numbers, which cannot
hold such values exactly.  A tool never raises into the agent loop: a bad argument
comes back as an observation string starting "Error:" that says what to fix.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from tools import finance
from tools.amounts import format_number
from tools.calculator import evaluate
from tools.finance import Calculation

__all__ = ["calculator_tools", "describe"]


def _exact_text(value: Any) -> Any:
    """Accept whole numbers as text; refuse floats, which would already have lost digits."""
    if isinstance(value, float):
        # pydantic turns a ValueError into a validation error; a TypeError would escape.
        raise ValueError(  # noqa: TRY004
            "pass numbers as strings, e.g. '0.142': floating-point numbers are not exact"
        )
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Figure = Annotated[str, BeforeValidator(_exact_text)]
"""A figure written as in the filing: "JPY3,208", "700,000", "$0.000625", "C$6.52 million"."""

_FIGURE = "as written in the filing, e.g. "
_PLACES = "Decimal places to round the result to; leave empty for the default"


Currency = Annotated[
    str | None,
    Field(description="ISO code such as 'JPY' or 'USD', when the figures state none"),
]
MoneyPlaces = Annotated[
    int | None,
    Field(
        description=f"{_PLACES} (the currency's minor unit: JPY 0, USD 2; per-share at least 4 digits)"
    ),
]
PercentPlaces = Annotated[
    int, Field(description="Decimal places of the percentage (default 2)")
]


class CalculateArgs(BaseModel):
    """Compute an arithmetic expression exactly, e.g. "2245600000 / 700000" or "round(10122000000 / 17223200000 * 100, 2)".

    Allowed: numbers, + - * / ( ), ** with whole exponents up to 100, a percent sign
    after a number (12% is 0.12), round(x, places) (rounds half up), min, max, sum, abs.
    Write numbers WITHOUT thousands separators (2245600000, or 2_245_600_000): commas
    separate function arguments.  Prefer the specific tools (total, per_share,
    dilution, ...) when one fits: they show the formula with currencies.
    """

    expression: str = Field(
        description="The arithmetic expression, e.g. '(45997800 + 700000) / 2'"
    )


class TotalArgs(BaseModel):
    """Multiply a count by a unit price: total("700,000", "JPY3,208") -> "700,000 shares × JPY3,208 = JPY2,245,600,000"."""

    count: Figure = Field(
        description=f"Number of shares (or units), {_FIGURE}'700,000'"
    )
    unit_price: Figure = Field(
        description=f"Price per share, {_FIGURE}'JPY3,208' or '$0.142'"
    )
    currency: Currency = None
    places: MoneyPlaces = None


class SumPartsArgs(BaseModel):
    """Add amounts (in one currency) or share counts: ["JPY1,122,800,000", "JPY1,122,800,000"] -> JPY2,245,600,000."""

    parts: list[Figure] = Field(
        description=f"The amounts to add, each {_FIGURE}'JPY1,122,800,000'"
    )
    currency: Currency = None
    places: MoneyPlaces = None


class SplitArgs(BaseModel):
    """Split a total into parts and give each part's share of the whole, rounded so everything adds up exactly.

    Parts are either money amounts that add up to the total (e.g. the uses of proceeds),
    percentages adding up to 100% (["60%", "40%"]), or plain ratios (["2", "1"]).
    """

    total: Figure = Field(description=f"The whole, {_FIGURE}'JPY17,223,200,000'")
    parts: list[Figure] = Field(description="The parts: amounts, percentages or ratios")
    labels: list[str] | None = Field(
        None, description="Optional names for the parts, in the same order"
    )
    currency: Currency = None
    places: MoneyPlaces = None


class DilutionArgs(BaseModel):
    """Dilution from issuing new shares: new shares as % of shares after (the value), and of shares before, shares after, ownership factor."""

    new_shares: Figure = Field(description=f"Newly issued shares, {_FIGURE}'700,000'")
    shares_before: Figure = Field(
        description=f"Shares outstanding before the issuance, {_FIGURE}'45,997,800'"
    )
    places: PercentPlaces = 2


class PercentageChangeArgs(BaseModel):
    """Percentage change from an old figure to a new one: (new - old) / old × 100, signed."""

    old: Figure = Field(description=f"The earlier figure, {_FIGURE}'JPY3,000'")
    new: Figure = Field(description=f"The later figure, {_FIGURE}'JPY3,208'")
    places: PercentPlaces = 2


class PercentOfArgs(BaseModel):
    """What percentage one figure is of another: part / whole × 100."""

    part: Figure = Field(description=f"The part, {_FIGURE}'700,000'")
    whole: Figure = Field(description=f"The whole, {_FIGURE}'45,997,800'")
    places: PercentPlaces = 2


class PerShareArgs(BaseModel):
    """Divide an amount by a number of shares: "JPY2,245,600,000" / "700,000" -> JPY3,208 per share."""

    amount: Figure = Field(description=f"The total amount, {_FIGURE}'JPY2,245,600,000'")
    shares: Figure = Field(description=f"The number of shares, {_FIGURE}'700,000'")
    currency: Currency = None
    places: MoneyPlaces = None


class DaysBetweenArgs(BaseModel):
    """Days between two dates, with weekdays; optionally business days (Mon-Fri after the start up to the end, holidays not excluded)."""

    start: str = Field(
        description="The first date, e.g. 'August 2, 2013' or '2013-08-02'"
    )
    end: str = Field(description="The second date, e.g. 'Monday, August 5, 2013'")
    business_days: bool = Field(
        False, description="Count Monday-to-Friday days instead of calendar days"
    )


class SplitAdjustArgs(BaseModel):
    """Shares (and price) after a stock split, reverse split or share consolidation, with any fractional share.

    Ratios: '1-for-335' is 1 new share for 335 old; '5-for-1' is 5 new for 1 old;
    '10-to-1' is read as a forward split unless reverse is true or the text says
    'reverse' or 'consolidation'.
    """

    shares: Figure = Field(description=f"Shares held before, {_FIGURE}'1,000,000'")
    ratio: str = Field(
        description="The ratio, e.g. '1-for-10', '5-for-1', '10-to-1 reverse split'"
    )
    price: Figure | None = Field(
        None, description=f"Price per share before, {_FIGURE}'$0.50' (optional)"
    )
    reverse: bool | None = Field(
        None,
        description="True for a reverse split/consolidation when the ratio text is ambiguous",
    )
    currency: Currency = None
    places: MoneyPlaces = None


class AnnualizeArgs(BaseModel):
    """Turn a dividend paid several times a year into a yearly amount: $0.142 quarterly -> $0.568 per year."""

    dividend: Figure = Field(
        description=f"The dividend per period, {_FIGURE}'$0.142 per share'"
    )
    periods_per_year: str = Field(
        description="Payments per year: '4', 'quarterly', 'monthly', 'semi-annual', 'annual'"
    )
    currency: Currency = None
    places: MoneyPlaces = None


class NetProceedsArgs(BaseModel):
    """Net proceeds: gross proceeds less fees; a fee may be an amount ('$150,000') or a percentage of gross ('7%')."""

    gross: Figure = Field(
        description=f"Gross proceeds, {_FIGURE}'approximately $4.0 million'"
    )
    fees: list[Figure] = Field(
        default_factory=list, description="The fees and expenses to deduct"
    )
    currency: Currency = None
    places: MoneyPlaces = None


def describe(calculation: Calculation) -> str:
    """A calculation as the observation the model reads: formula, result, details, rounding."""
    lines = [calculation.formula, f"Result: {calculation.formatted}"]
    lines += [
        f"{key.replace('_', ' ')}: {value}"
        for key, value in calculation.details.items()
    ]
    lines.append(f"Rounding: {calculation.rounding}")
    return "\n".join(lines)


def _calculate(args: CalculateArgs) -> str:
    return f"{args.expression.strip()} = {format_number(evaluate(args.expression))}"


def _split(args: SplitArgs) -> Calculation:
    parts: list[str] | dict[str, str] = args.parts
    if args.labels is not None:
        if len(args.labels) != len(args.parts):
            raise ValueError(
                f"{len(args.labels)} labels for {len(args.parts)} parts; give one label per part"
            )
        parts = dict(zip(args.labels, args.parts, strict=True))
    return finance.split(args.total, parts, currency=args.currency, places=args.places)


_TOOLS: tuple[tuple[str, type[BaseModel], Callable[[Any], Calculation | str]], ...] = (
    ("calculate", CalculateArgs, _calculate),
    (
        "total",
        TotalArgs,
        lambda a: finance.total(
            a.count, a.unit_price, currency=a.currency, places=a.places
        ),
    ),
    (
        "sum_parts",
        SumPartsArgs,
        lambda a: finance.sum_parts(a.parts, currency=a.currency, places=a.places),
    ),
    ("split", SplitArgs, _split),
    (
        "dilution",
        DilutionArgs,
        lambda a: finance.dilution(a.new_shares, a.shares_before, places=a.places),
    ),
    (
        "percentage_change",
        PercentageChangeArgs,
        lambda a: finance.percentage_change(a.old, a.new, places=a.places),
    ),
    (
        "percent_of",
        PercentOfArgs,
        lambda a: finance.percent_of(a.part, a.whole, places=a.places),
    ),
    (
        "per_share",
        PerShareArgs,
        lambda a: finance.per_share(
            a.amount, a.shares, currency=a.currency, places=a.places
        ),
    ),
    (
        "days_between",
        DaysBetweenArgs,
        lambda a: finance.days_between(a.start, a.end, business_days=a.business_days),
    ),
    (
        "split_adjust",
        SplitAdjustArgs,
        lambda a: finance.split_adjust(
            a.shares,
            a.price,
            a.ratio,
            reverse=a.reverse,
            currency=a.currency,
            places=a.places,
        ),
    ),
    (
        "annualize",
        AnnualizeArgs,
        lambda a: finance.annualize(
            a.dividend, a.periods_per_year, currency=a.currency, places=a.places
        ),
    ),
    (
        "net_proceeds",
        NetProceedsArgs,
        lambda a: finance.net_proceeds(
            a.gross, *a.fees, currency=a.currency, places=a.places
        ),
    ),
)


def _invalid_arguments(error: ValidationError) -> str:
    """A schema validation failure as an observation naming each bad argument."""
    problems = "; ".join(
        f"{'.'.join(map(str, problem['loc'])) or 'input'}: {problem['msg']}"
        for problem in error.errors()
    )
    return f"Error: invalid arguments: {problems}"


def _tool(
    name: str, schema: type[BaseModel], compute: Callable[[Any], Calculation | str]
) -> StructuredTool:
    """One StructuredTool whose failures come back to the model as "Error: ..." strings."""

    def run(**arguments: Any) -> str:
        try:
            result = compute(schema(**arguments))
        except (ValueError, TypeError, ArithmeticError) as error:
            raise ToolException(f"Error: {error}") from error
        return result if isinstance(result, str) else describe(result)

    return StructuredTool.from_function(
        func=run,
        name=name,
        description=inspect.cleandoc(schema.__doc__ or name),
        args_schema=schema,
        handle_tool_error=True,
        handle_validation_error=_invalid_arguments,
    )


def calculator_tools() -> list[BaseTool]:
    """Every calculation tool, for binding to the answering model."""
    return [_tool(name, schema, compute) for name, schema, compute in _TOOLS]
