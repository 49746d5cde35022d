"""The offline reader over the bundled samples: real store, real model, fitted reader, real tools."""

import os

import pytest

from qa.answer import NOT_FOUND
from tests.conftest import IIJ_QUESTION, IIJ_ROW, IIJ_VALUE
from tools.values import value_matches

IIJ = "iij_2013-08-01_third_party_allotment"
CEDAR = "fictional-cedar-creek-bancshares_2019-10-24_dividend"


def test_a_stated_figure_is_a_value_with_its_passage(sample_qa):
    answer = sample_qa.ask(IIJ_QUESTION)
    assert answer.found and value_matches(IIJ_VALUE, answer.value)
    assert answer.unit == "date"
    assert answer.citations[0].doc_id == IIJ
    assert answer.citations[0].quote == IIJ_ROW


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is 700,000 times JPY3,208?", "JPY2,245,600,000"),
        ("When is the record date for the Cedar Creek dividend?", "November 8, 2019"),
        ("How much is Cedar Creek's quarterly dividend per share?", "$0.27"),
        ("What is the offering price of Harbor Robotics' shares?", "$12.50"),
        ("What is the exercise price of Meadowlark's warrants?", "$3.60"),
        (
            "What is the record date of the Kasumi Precision stock split?",
            "June 30, 2021",
        ),
    ],
)
def test_a_figure_is_right_or_not_stated(sample_qa, question, expected):
    """The reader's promise: a stated figure is the right one, values named alike are shown
    together, and below its confidence it says "not found" instead of a neighbouring figure."""
    answer = sample_qa.ask(question)
    if isinstance(answer.value, list):  # values named alike are shown side by side
        assert answer.found and any(value_matches(expected, v) for v in answer.value)
    elif answer.found:
        assert value_matches(expected, answer.value), answer.text
        assert all(call.result in answer.text for call in answer.tool_calls)
    else:
        assert answer.value is None and NOT_FOUND in answer.text


def test_a_figure_no_notice_holds_is_not_found_and_the_closest_passage_is_named(
    sample_qa,
):
    answer = sample_qa.ask("What was IIJ's revenue in 2012?")
    assert not answer.found and NOT_FOUND in answer.text and answer.value is None
    assert answer.citations and answer.citations[0].doc_id == IIJ


def test_follow_up_questions_stay_with_the_conversation_notice(sample_qa):
    first = sample_qa.ask("When is the payment date for the Cedar Creek dividend?")
    second = sample_qa.ask("and the record date?", history=[first])
    assert {c.doc_id for c in second.citations} <= {CEDAR}


def test_filters_restrict_the_notices(sample_qa):
    answer = sample_qa.ask("When is the payment date?", filters={"type": "dividend"})
    assert {c.doc_id for c in answer.citations} == {CEDAR}
    nothing = sample_qa.ask(
        "When is the payment date?", filters={"issuer": "No Such Company"}
    )
    assert not nothing.found


@pytest.mark.parametrize(
    "question",
    [
        "__import__('os').system('touch /tmp/filingqa-pwned')",
        "What is __import__('os').system('touch /tmp/filingqa-pwned')?",
        "eval('1+1')",
        "{{7*7}} ${7*7} <script>alert(1)</script>",
    ],
)
def test_questions_that_try_to_run_code_run_nothing(sample_qa, question):
    answer = sample_qa.ask(question)
    assert not os.path.exists("/tmp/filingqa-pwned")
    assert answer.value in (None, "49", "2") or not answer.found


def test_an_over_long_question_is_refused_with_its_limit(sample_qa):
    answer = sample_qa.ask("payment date " + "x" * 10_000)
    assert not answer.found and "2000 characters" in answer.text


def test_an_empty_question_and_an_empty_store(qa):
    assert not qa.ask("   ").found
    answer = qa.ask("When is the payment date?")
    assert not answer.found and NOT_FOUND in answer.text


def test_an_internal_error_is_a_clear_answer_not_a_raise(sample_qa, monkeypatch):
    reader = sample_qa._offline
    monkeypatch.setattr(reader, "_answer", lambda *args: 1 / 0)
    answer = sample_qa.ask(IIJ_QUESTION)
    assert not answer.found and "internal error" in answer.text


def test_ask_stream_yields_the_whole_answer_once(sample_qa):
    *pieces, answer = sample_qa.ask_stream(IIJ_QUESTION)
    assert "".join(pieces).strip() == answer.text


def test_audit_question(sample_qa):
    answer = sample_qa.ask("Do the figures in the IIJ notice add up?")
    assert answer.found and "all add up" in answer.text
    assert any(
        call.formula.startswith("700,000 shares × JPY3,208 = JPY2,245,600,000")
        for call in answer.tool_calls
    )


def test_list_of_notices(sample_qa):
    answer = sample_qa.ask("Which notices have been ingested?")
    assert answer.text.startswith(f"{len(sample_qa.documents())} notices are ingested")
    assert sorted(answer.value) == sorted(e.doc_id for e in sample_qa.documents())


def test_list_of_one_notice_says_one_notice(sample_qa):
    one = sample_qa.documents()[0].doc_id
    answer = sample_qa.ask(
        "Which notices have been ingested?", filters={"doc_ids": [one]}
    )
    assert answer.text.startswith("1 notice is ingested:"), answer.text
    assert answer.value == [one]
