"""A stated total checked against the count and unit price the same notice states.

"Total Amount to be Paid JPY2,245,600,000" is worth more with "700,000 shares × JPY3,208 =
JPY2,245,600,000" beside it: the reader sees where the figure comes from and that it adds up.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from qa.answer import ToolCall
from qa.computations import call
from tools import finance
from tools.amounts import AmountError

Fact = dict[str, Any]

_TOTAL = re.compile(
    r"\btotal\b|\baggregate\b|\bamount to be paid\b|\bgross proceeds\b", re.IGNORECASE
)


def product_check(
    fact: Fact, notice_facts: list[Fact]
) -> tuple[ToolCall, list[Fact]] | None:
    """The ``total`` call whose count × unit price equals this stated total, if the notice has one."""
    if fact["kind"] != "money" or not _TOTAL.search(fact["label"]):
        return None
    wanted = Decimal(str(fact["value"]))
    counts = [
        f
        for f in notice_facts
        if f["kind"] == "shares" and f["doc_id"] == fact["doc_id"]
    ]
    prices = [
        f
        for f in notice_facts
        if f["kind"] == "per_share"
        and f["doc_id"] == fact["doc_id"]
        and f.get("currency") == fact.get("currency")
    ]
    for price in prices:
        for count in counts:
            try:
                calculation, trace = call(
                    "total", finance.total, count["text"], price["text"]
                )
            except (AmountError, ArithmeticError, ValueError):
                continue
            if calculation.value == wanted:
                return trace, [count, price]
    return None
