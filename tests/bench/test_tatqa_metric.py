"""The TAT-QA metric as the official evaluator scores it, on cases worked by hand from its code."""

from __future__ import annotations

import pytest

from bench.tatqa_metric import get_answer_str, normalize_answer, score, to_number
from qa.evaluation.tatqa import notice_text


def _q(answer, kind="span", scale="", source="table"):
    return {
        "answer": answer,
        "answer_type": kind,
        "scale": scale,
        "answer_from": source,
    }


def test_numbers_are_read_as_the_evaluator_reads_them():
    assert to_number("(134)") == -134
    assert to_number("12.5%") == 0.125
    assert to_number("$1,496.5") == 1496.5
    assert to_number("1.2 million") == 1200000.0
    assert normalize_answer("The Fixed-price  contracts") == "fixedprice contracts"


def test_a_cell_with_the_right_scale_is_exact():
    assert get_answer_str(["$1,496.5"], "million") == ["1496500000.0000"]
    assert score(_q(["$1,496.5"], scale="million"), "$ 1,496.5", "million") == (
        1.0,
        1.0,
    )


def test_the_wrong_scale_is_not_exact():
    em, _ = score(_q(["$1,496.5"], scale="million"), "$1,496.5", "")
    assert em == 0.0


def test_a_percentage_matches_its_percent_scale_either_way():
    question = _q(-8.11, kind="arithmetic", scale="percent")
    assert score(question, "-8.11%", "percent") == (1.0, 1.0)
    assert score(question, "-8.11", "percent") == (1.0, 1.0)
    # A bare fraction without a scale is also tried as written (the evaluator's add_percent_pred).
    assert score(question, "-0.0811", "") == (1.0, 1.0)


def test_arithmetic_f1_is_its_exact_match():
    assert score(
        _q(26.82, kind="arithmetic", scale="percent"), "21.15%", "percent"
    ) == (0.0, 0.0)


def test_spans_get_partial_credit_and_no_answer_gets_none():
    question = _q(
        ["fixed-price type", "cost-plus type"], kind="multi-span", source="text"
    )
    em, f1 = score(question, ["fixed-price type"], "")
    assert em == 0.0 and 0.0 < f1 < 1.0
    assert score(question, None, "") == (0.0, 0.0)
    assert score(question, [], "") == (0.0, 0.0)


@pytest.mark.parametrize("count", [3, "3"])
def test_count_answers_compare_as_integers(count):
    assert score(_q(count, kind="count"), "3", "") == (1.0, 1.0)


def test_an_excerpt_becomes_a_notice_with_a_markdown_table():
    excerpt = {
        "table": {
            "uid": "x",
            "table": [["", "2019", "2018"], ["Revenue | net", "5", ""]],
        },
        "paragraphs": [{"order": 2, "text": "Second."}, {"order": 1, "text": "First."}],
    }
    text = notice_text(excerpt, 7)
    assert "| Revenue \\| net | 5 |  |" in text
    assert text.index("First.") < text.index("Second.")
