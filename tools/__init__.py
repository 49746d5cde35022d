"""Deterministic calculation tools: every number filingqa states is computed here, exactly.

One job per module: :mod:`tools.amounts` reads and writes figures as filings write them
(with :mod:`tools.currencies` saying how each currency is written and rounded),
:mod:`tools.dates` reads dates, :mod:`tools.exact` rounds exact fractions once and
correctly, :mod:`tools.calculator` evaluates untrusted arithmetic safely,
:mod:`tools.finance` performs the named calculations (each a
:class:`~tools.calculation.Calculation` with its formula), and :mod:`tools.lc`
(imported on its own, as only it needs LangChain) wraps them as tools for the model.
"""

from tools.amounts import (
    Amount,
    AmountError,
    Ratio,
    format_amount,
    format_number,
    minor_unit,
    parse_amount,
    parse_number,
    parse_percent,
    parse_ratio,
)
from tools.calculator import CalculatorError, evaluate
from tools.dates import DateError, format_date, parse_date
from tools.finance import (
    Calculation,
    annualize,
    days_between,
    dilution,
    net_proceeds,
    per_share,
    percent_of,
    percentage_change,
    split,
    split_adjust,
    sum_parts,
    total,
)

__all__ = [
    "Amount",
    "AmountError",
    "Calculation",
    "CalculatorError",
    "DateError",
    "Ratio",
    "annualize",
    "days_between",
    "dilution",
    "evaluate",
    "format_amount",
    "format_date",
    "format_number",
    "minor_unit",
    "net_proceeds",
    "parse_amount",
    "parse_date",
    "parse_number",
    "parse_percent",
    "parse_ratio",
    "per_share",
    "percent_of",
    "percentage_change",
    "split",
    "split_adjust",
    "sum_parts",
    "total",
]
