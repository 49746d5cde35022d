"""The LangChain wrappers (tools.lc): good arguments give formulas, bad ones give "Error: ..." strings."""

from __future__ import annotations

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool
from pydantic import BaseModel

from tools.lc import calculator_tools, describe

TOOLS = {tool.name: tool for tool in calculator_tools()}

GOOD = [
    (
        "calculate",
        {"expression": "2245600000 / 700000"},
        ["2245600000 / 700000 = 3,208"],
    ),
    ("calculate", {"expression": "round(700000 / 45997800 * 100, 2)"}, ["= 1.52"]),
    (
        "total",
        {"count": "700,000", "unit_price": "JPY3,208"},
        [
            "700,000 shares × JPY3,208 = JPY2,245,600,000",
            "Result: JPY2,245,600,000",
            "Rounding: ROUND_HALF_UP",
        ],
    ),
    (
        "total",
        {"count": 700000, "unit_price": "3208", "currency": "JPY"},
        ["= JPY2,245,600,000"],
    ),
    (
        "sum_parts",
        {"parts": ["JPY1,122,800,000", "JPY1,122,800,000"]},
        ["JPY1,122,800,000 + JPY1,122,800,000 = JPY2,245,600,000"],
    ),
    (
        "split",
        {
            "total": "JPY17,223,200,000",
            "parts": ["JPY10,122,000,000", "JPY5,111,200,000", "JPY1,990,000,000"],
            "labels": ["capital investment", "lease debt", "debt"],
        },
        [
            "capital investment: 58.77%",
            "lease debt: 29.68%",
            "debt: 11.55%",
            "(100.00%)",
        ],
    ),
    (
        "dilution",
        {"new_shares": "700,000", "shares_before": "45,997,800"},
        [
            "Result: 1.50%",
            "of shares before: 1.52%",
            "shares after: 46,697,800",
            "ownership factor: 0.9850",
        ],
    ),
    (
        "percentage_change",
        {"old": "$5.00", "new": "$4.00"},
        ["($4.00 - $5.00) / $5.00 × 100 = -20.00%"],
    ),
    (
        "percent_of",
        {"part": "700,000", "whole": "45,997,800", "places": 3},
        ["= 1.522%"],
    ),
    (
        "per_share",
        {"amount": "JPY2,245,600,000", "shares": "700,000"},
        ["= JPY3,208 per share"],
    ),
    (
        "days_between",
        {
            "start": "August 2, 2013",
            "end": "Monday, August 5, 2013",
            "business_days": True,
        },
        [
            "Friday, August 2, 2013 to Monday, August 5, 2013 = 3 days",
            "Result: 1 business day",
        ],
    ),
    (
        "split_adjust",
        {"shares": "84,316,240", "ratio": "1-for-20", "price": "$2.15"},
        ["4,215,812 whole shares", "$2.15 × 20/1 = $43.00 per share"],
    ),
    (
        "split_adjust",
        {"shares": "100", "ratio": "10-to-1", "reverse": True},
        ["= 10 whole shares"],
    ),
    (
        "annualize",
        {"dividend": "$0.27 per share", "periods_per_year": "quarterly"},
        ["= $1.08 per share per year"],
    ),
    (
        "net_proceeds",
        {"gross": "$100,000,000", "fees": ["6%", "$850,000"]},
        ["$100,000,000.00 - 6% × $100,000,000.00 - $850,000.00 = $93,150,000.00"],
    ),
]

BAD = [
    ("calculate", {"expression": "__import__('os').system('ls')"}, "not allowed"),
    ("calculate", {"expression": "1/0"}, "division by zero"),
    ("calculate", {"expression": 5}, "expression"),
    (
        "total",
        {"count": "700,000", "unit_price": "banana"},
        "cannot read an amount from 'banana'",
    ),
    (
        "total",
        {"count": 0.5, "unit_price": "JPY3,208"},
        "floating-point numbers are not exact",
    ),
    ("total", {"count": "700,000"}, "unit_price"),
    ("sum_parts", {"parts": ["$1", "JPY1"]}, "mixed currencies"),
    ("sum_parts", {"parts": "JPY1"}, "parts"),
    (
        "split",
        {"total": "$100", "parts": ["1"], "labels": ["a", "b"]},
        "2 labels for 1 parts",
    ),
    ("split", {"total": "JPY100", "parts": ["JPY30", "JPY60"]}, "not to the total"),
    ("dilution", {"new_shares": "700,000", "shares_before": "0"}, "must be positive"),
    ("percentage_change", {"old": "0", "new": "5"}, "old is zero"),
    ("percent_of", {"part": "1", "whole": "0"}, "whole is zero"),
    ("per_share", {"amount": "$1", "shares": "$2"}, "is money"),
    ("per_share", {"amount": "$1", "shares": "2", "places": 99}, "places must be"),
    (
        "days_between",
        {"start": "yesterday", "end": "2013-08-05"},
        "cannot read a date from 'yesterday'",
    ),
    (
        "days_between",
        {"start": "Tuesday, August 5, 2013", "end": "2013-08-05"},
        "wrong weekday",
    ),
    (
        "split_adjust",
        {"shares": "100", "ratio": "banana"},
        "expected a ratio like '1-for-10'",
    ),
    (
        "split_adjust",
        {"shares": "100", "ratio": "10-for-1", "reverse": True},
        "is a forward split",
    ),
    (
        "annualize",
        {"dividend": "$1", "periods_per_year": "fortnightly"},
        "periods_per_year",
    ),
    ("net_proceeds", {"gross": "$100", "fees": ["EUR5"]}, "mixed currencies"),
    ("net_proceeds", {"gross": "$100", "fees": [1.5]}, "floating-point"),
]


def test_registry():
    tools = calculator_tools()
    assert all(isinstance(tool, BaseTool) for tool in tools)
    assert set(TOOLS) == {
        "calculate",
        "total",
        "sum_parts",
        "split",
        "dilution",
        "percentage_change",
        "percent_of",
        "per_share",
        "days_between",
        "split_adjust",
        "annualize",
        "net_proceeds",
    }
    assert {name for name, _, _ in GOOD} == set(TOOLS) == {name for name, _, _ in BAD}


@pytest.mark.parametrize("tool", TOOLS.values(), ids=list(TOOLS))
def test_schemas_are_typed_and_described(tool):
    assert isinstance(tool.args_schema, type) and issubclass(
        tool.args_schema, BaseModel
    )
    assert len(tool.description) > 40
    for name, field in tool.args.items():
        assert field.get("description"), f"{tool.name}.{name} has no description"
        kinds = [field, *field.get("anyOf", [])]
        types = {kind.get("type") for kind in kinds}
        types |= {kind.get("items", {}).get("type") for kind in kinds}
        assert "number" not in types, (
            f"{tool.name}.{name} accepts floating-point numbers"
        )


@pytest.mark.parametrize(
    ("name", "arguments", "expected"), GOOD, ids=[g[0] for g in GOOD]
)
def test_good_arguments(name, arguments, expected):
    result = TOOLS[name].invoke(arguments)
    assert isinstance(result, str)
    assert not result.startswith("Error")
    for fragment in expected:
        assert fragment in result


@pytest.mark.parametrize(
    ("name", "arguments", "expected"), BAD, ids=[b[0] for b in BAD]
)
def test_bad_arguments_come_back_as_error_strings(name, arguments, expected):
    result = TOOLS[name].invoke(arguments)
    assert isinstance(result, str)
    assert result.startswith("Error: ")
    assert expected in result


@pytest.mark.parametrize(
    ("name", "arguments", "expected"), BAD[:6], ids=[b[0] for b in BAD[:6]]
)
def test_bad_tool_calls_become_error_tool_messages(name, arguments, expected):
    call = {"type": "tool_call", "id": "call-1", "name": name, "args": arguments}
    message = TOOLS[name].invoke(call)
    assert isinstance(message, ToolMessage)
    assert message.status == "error"
    assert message.content.startswith("Error: ") and expected in message.content


def test_describe_lists_everything():
    from tools.finance import dilution

    text = describe(dilution("700,000", "45,997,800"))
    assert text.splitlines()[0].startswith(
        "700,000 / (45,997,800 + 700,000) × 100 = 700,000 / 46,697,800 × 100 = 1.50%"
    )
    assert "Rounding: ROUND_HALF_UP to 2 places" in text
