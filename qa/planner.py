"""Which computation a question asks for, and the module that carries it out.

``qa.intent`` names the operation by the question's wording; each name maps to one function that
takes the question's ``Evidence`` and returns a ``Computed`` whose figures all come from
``tools`` calls.
"""

from __future__ import annotations

from collections.abc import Callable

from qa import combine, compare, durations, holdings, uses
from qa.computations import Computed
from qa.evidence import Evidence

COMPUTATIONS: dict[str, Callable[[Evidence], Computed]] = {
    "dilution": holdings.dilution,
    "split_adjust": holdings.split_adjust,
    "days": durations.days,
    "breakdown": uses.breakdown,
    "percent_of": compare.percent_of,
    "change": compare.change,
    "difference": compare.difference,
    "sum": combine.total_of,
    "product": combine.product,
    "rate_of": combine.rate_of,
    "per_unit": combine.per_unit,
    "annualize": combine.annualize,
}


def plan(evidence: Evidence) -> Computed:
    """Carry out the computation the question's operation names."""
    return COMPUTATIONS[evidence.intent.operation](evidence)
