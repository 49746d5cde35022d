"""Days between two dates: written in the question, or stated in the notice."""

from __future__ import annotations

import re

from ingest.patterns import DATE
from qa.computations import Computed, Operand, call, missing
from qa.evidence import Evidence
from qa.operands import operand
from tools import finance
from tools.dates import parse_date

_BETWEEN = re.compile(
    r"\b(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until)\s+(?P<b>.+?)[?.]?$",
    re.IGNORECASE,
)
_BUSINESS = re.compile(r"\bbusiness days?\b|\bworking days?\b", re.IGNORECASE)


def days(evidence: Evidence) -> Computed:
    """Calendar (or business) days from the earlier date to the later one."""
    question = evidence.intent.question
    dates = [
        Operand(found.group(0), "date", "the date in the question")
        for found in DATE.finditer(question)
    ]
    if len(dates) < 2:
        between = _BETWEEN.search(question)
        phrases = [between["a"], between["b"]] if between else [question, question]
        for phrase in phrases:
            if len(dates) >= 2:
                break
            if DATE.search(phrase):
                continue  # that end is the date the question writes
            found = operand(evidence, f"{phrase} date", ("date",), exclude=dates)
            if found is not None and found.text not in {op.text for op in dates}:
                dates.append(found)
    if len(dates) < 2:
        return missing("two dates to count the days between")
    first, last = sorted(dates[:2], key=lambda op: parse_date(op.text))
    business = bool(_BUSINESS.search(question))
    calculation, trace = call(
        "days_between",
        finance.days_between,
        first.text,
        last.text,
        business_days=business,
    )
    text = f"{calculation.formatted}: {calculation.formula}."
    return Computed(text, [trace], [op.fact for op in (first, last) if op.fact])
