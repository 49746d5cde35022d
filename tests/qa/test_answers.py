"""The offline answerer over the bundled samples: real store, real model, real tools."""

import pytest

from qa.answer import NOT_FOUND

IIJ = "iij_2013-08-01_third_party_allotment"


def cited_quotes(answer) -> str:
    return " | ".join(citation.quote for citation in answer.citations)


def test_payment_date_cites_item_6(sample_qa):
    answer = sample_qa.ask("When is the payment date for IIJ's new shares?")
    assert answer.found and "Monday, August 5, 2013" in answer.text
    assert answer.citations[0].doc_id == IIJ
    assert (
        "6. Payment Date (in Japan)\tMonday, August 5, 2013"
        in answer.citations[0].quote
    )
    assert answer.mode == "offline" and answer.tool_calls == ()


def test_a_paraphrase_finds_the_same_date(sample_qa):
    answer = sample_qa.ask("When do IIJ's new shares get paid for?")
    assert "Monday, August 5, 2013" in answer.text


def test_total_amount_comes_with_the_count_times_price_trace(sample_qa):
    answer = sample_qa.ask("What is the total amount to be paid for IIJ's new shares?")
    assert "JPY2,245,600,000" in answer.text
    [call] = answer.tool_calls
    assert call.name == "total"
    assert call.formula == "700,000 shares × JPY3,208 = JPY2,245,600,000"
    assert {c.doc_id for c in answer.citations} == {IIJ}


def test_dilution_of_existing_holders(sample_qa):
    answer = sample_qa.ask(
        "How much does the IIJ allotment dilute existing shareholders?"
    )
    assert "1.52% of the 45,997,800 shares before" in answer.text
    assert "1.50% of the 46,697,800 shares after" in answer.text
    [call] = answer.tool_calls
    assert call.name == "dilution" and call.args == {
        "arg1": "700,000",
        "arg2": "45,997,800",
    }
    assert "45,997,800" in cited_quotes(answer) and "700,000" in cited_quotes(answer)


def test_use_of_proceeds_with_shares_of_the_whole(sample_qa):
    answer = sample_qa.ask("What are IIJ's total proceeds and how are they used?")
    assert "JPY17,223,200,000" in answer.text
    for part in (
        "JPY10,122,000,000 (58.77%)",
        "JPY5,111,200,000 (29.68%)",
        "JPY1,990,000,000 (11.55%)",
    ):
        assert part in answer.text
    assert [call.name for call in answer.tool_calls] == ["sum_parts", "split"]
    assert answer.tool_calls[1].formula.endswith(
        "the parts add up to JPY17,223,200,000 (100.00%)"
    )


def test_a_figure_the_notice_does_not_hold_is_not_found(sample_qa):
    answer = sample_qa.ask("What was IIJ's revenue in 2012?")
    assert not answer.found and NOT_FOUND in answer.text
    assert not any(
        char.isdigit()
        for char in answer.text.split("closest passage")[0].replace("2012", "")
    )
    assert (
        answer.citations and answer.citations[0].doc_id == IIJ
    )  # the closest passage is named


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is the record date of IIJ's allotment?", None),
        ("When is the record date for the Cedar Creek dividend?", "November 8, 2019"),
        ("How much is Cedar Creek's quarterly dividend per share?", "$0.27"),
        ("How many shares is Harbor Robotics offering?", "8,000,000"),
        ("What is the offering price of Harbor Robotics' shares?", "$12.50"),
        ("What is the conversion price of the Ironbark notes?", "$53.00"),
        ("When is the Bluefin reverse split effective?", "January 27, 2025"),
        ("What is the exercise price of Meadowlark's warrants?", "$3.60"),
        ("When does the Quarry Lane repurchase program expire?", "February 29, 2024"),
    ],
)
def test_lookups_across_the_samples(sample_qa, question, expected):
    answer = sample_qa.ask(question)
    if expected is None:
        assert not answer.found
    else:
        assert answer.found and expected in answer.text, answer.text


def test_follow_up_questions_use_the_conversation(sample_qa):
    first = sample_qa.ask("When is the payment date for the Cedar Creek dividend?")
    assert "November 22, 2019" in first.text
    second = sample_qa.ask("and the record date?", history=[first])
    assert "November 8, 2019" in second.text
    third = sample_qa.ask("What is the Payment Date of IIJ's new shares?")
    fourth = sample_qa.ask("what about the stated capital?", history=[third])
    assert "JPY1,122,800,000" in fourth.text and fourth.citations[0].doc_id == IIJ


def test_filters_restrict_the_notices(sample_qa):
    answer = sample_qa.ask("When is the payment date?", filters={"type": "dividend"})
    assert "November 22, 2019" in answer.text
    assert {c.doc_id for c in answer.citations} == {
        "fictional-cedar-creek-bancshares_2019-10-24_dividend"
    }
    nothing = sample_qa.ask(
        "When is the payment date?", filters={"issuer": "No Such Company"}
    )
    assert not nothing.found


def test_arithmetic_in_the_question_uses_the_safe_calculator(sample_qa):
    answer = sample_qa.ask("What is 700,000 × 3,208?")
    assert "2,245,600,000" in answer.text
    assert answer.tool_calls[0].name == "calculate"


@pytest.mark.parametrize(
    "question",
    [
        "__import__('os').system('touch /tmp/filingqa-pwned')",
        "What is __import__('os').system('touch /tmp/filingqa-pwned')?",
        "eval('1+1')",
        "{{7*7}} ${7*7} <script>alert(1)</script>",
    ],
)
def test_questions_that_try_to_run_code_run_nothing(sample_qa, question, tmp_path):
    answer = sample_qa.ask(question)
    assert not answer.found
    import os

    assert not os.path.exists("/tmp/filingqa-pwned")


def test_a_question_of_10000_characters_is_answered_or_refused_quickly(sample_qa):
    import time

    start = time.monotonic()
    answer = sample_qa.ask("payment date " + "x" * 10_000)
    assert time.monotonic() - start < 5
    assert isinstance(answer.text, str)


def test_an_empty_question_and_an_empty_store(qa):
    assert not qa.ask("   ").found
    answer = qa.ask("When is the payment date?")
    assert not answer.found and NOT_FOUND in answer.text


def test_ask_stream_yields_pieces_then_the_answer(sample_qa):
    items = list(sample_qa.ask_stream("When is the payment date for IIJ's new shares?"))
    *pieces, answer = items
    assert all(isinstance(piece, str) for piece in pieces)
    assert "".join(pieces).strip() == answer.text


def test_audit_question(sample_qa):
    answer = sample_qa.ask("Do the figures in the IIJ notice add up?")
    assert answer.found and "all add up" in answer.text
    assert any(
        call.formula.startswith("700,000 shares × JPY3,208 = JPY2,245,600,000")
        for call in answer.tool_calls
    )
    assert answer.text.count("✔") == len(answer.tool_calls)  # one mark per relation


def test_list_of_notices(sample_qa):
    answer = sample_qa.ask("Which notices are ingested?")
    assert answer.text.startswith(f"{len(sample_qa.documents())} notices are ingested")
