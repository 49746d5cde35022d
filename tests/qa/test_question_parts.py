"""Two-part questions: where a question is cut, how the parts' answers combine, and the real
reader answering both parts of a question over the bundled samples."""

from __future__ import annotations

import pytest

from qa.answer import Answer, Citation, ToolCall
from qa.question_parts import answer_in_parts, combined, question_parts

MEADOWLARK = "fictional-meadowlark-therapeutics_2020-09-17_private"
KASUMI = "fictional-kasumi-precision_2021-05-13_stock_split"


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "What is the split ratio and when does it take effect?",
            ["What is the split ratio?", "When does the split ratio take effect?"],
        ),
        (
            "How many shares were sold, and what was the price per share?",
            ["How many shares were sold?", "What was the price per share?"],
        ),
        (
            "Who is the agent and when is the closing and how much is raised?",
            ["Who is the agent?", "When is the closing?", "How much is raised?"],
        ),
    ],
)
def test_a_question_with_two_asks_is_cut_into_them(question: str, parts: list[str]):
    assert question_parts(question) == parts


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "What are the total proceeds and how are they used?",
            ["What are the total proceeds?", "How are the total proceeds used?"],
        ),
        (
            "How many are IIJ's new shares and when are they paid for?",
            ["How many are IIJ's new shares?", "When are IIJ's new shares paid for?"],
        ),
        # no subject named: a participle, a yes/no ask, a date whose "it" is something else
        (
            "How much is raised and when is it paid?",
            ["How much is raised?", "When is it paid?"],
        ),
        (
            "Did the company give a forecast; and what was it",
            ["Did the company give a forecast?", "What was it?"],
        ),
        (
            "When is the record date and when is it paid?",
            ["When is the record date?", "When is it paid?"],
        ),
    ],
)
def test_a_later_part_names_the_subject_an_earlier_one_refers_to_as_it(
    question: str, parts: list[str]
):
    assert question_parts(question) == parts


@pytest.mark.parametrize(
    "question",
    [
        "What are the record date and the payment date?",  # one ask, two things
        "What is the gap between the offering price and what investors paid?",
        "Who led the closing and is becoming CFO?",  # same subject goes on
        "When and where is the meeting?",
        "What will determine when and how many shares the company buys back?",
        "What is the ratio and how?",  # too short to be an ask of its own
        "The ratio and when it takes effect",  # not a question's ask
        "When is the payment date for IIJ's new shares?",
    ],
)
def test_one_ask_stays_whole(question: str):
    assert question_parts(question) == [question]


CITE_A = Citation("a", "a.txt", "ratio 1-for-3")
CITE_B = Citation("b", "b.txt", "effective July 1")
CALL = ToolCall("days_between", {}, "30", "30 days")


def scripted(replies: dict[str, Answer]):
    """An answerer that answers each part from ``replies`` and records the history it got."""
    seen: list[tuple[str, list[str]]] = []

    def answer_one(question: str, history: list[Answer]) -> Answer:
        seen.append((question, [a.question for a in history]))
        return replies[question]

    return answer_one, seen


def test_each_part_is_asked_with_the_earlier_parts_as_history():
    replies = {
        "What is the ratio?": Answer(
            "What is the ratio?", "1-for-3.", (CITE_A,), value="1-for-3"
        ),
        "When is the ratio effective?": Answer(
            "When is the ratio effective?",
            "July 1.",
            (CITE_B, CITE_A),
            (CALL,),
            value="July 1",
        ),
    }
    answer_one, seen = scripted(replies)
    earlier = Answer("Earlier?", "Yes.")
    answer = answer_in_parts(
        "What is the ratio and when is it effective?", [earlier], answer_one
    )
    assert seen == [
        ("What is the ratio?", ["Earlier?"]),
        ("When is the ratio effective?", ["Earlier?", "What is the ratio?"]),
    ]
    assert answer.question == "What is the ratio and when is it effective?"
    assert (
        answer.text
        == "What is the ratio? 1-for-3.\n\nWhen is the ratio effective? July 1."
    )
    assert answer.found and answer.value == ["1-for-3", "July 1"]
    assert answer.citations == (CITE_A, CITE_B) and answer.tool_calls == (CALL,)


def test_a_part_not_found_is_named_first():
    answer = combined(
        "Q",
        [
            Answer("What is the ratio?", "1-for-3.", value="1-for-3", unit="ratio"),
            Answer("When is it effective?", "That is not found.", found=False),
        ],
    )
    assert answer.text.startswith(
        "Answered 1 of 2 parts; not found: “When is it effective?”.\n\n"
    )
    assert (answer.found, answer.value, answer.unit) == (True, "1-for-3", "ratio")
    nothing = combined(
        "Q", [Answer("A?", "No.", found=False), Answer("B?", "No.", found=False)]
    )
    assert not nothing.found and nothing.value is None
    assert nothing.text.startswith("Answered 0 of 2 parts; not found: “A?”; “B?”.")


def test_a_single_ask_goes_to_the_answerer_unchanged():
    reply = Answer("When is the payment date?", "August 5.", value="August 5")
    answer_one, seen = scripted({reply.question: reply})
    assert answer_in_parts(reply.question, [], answer_one) is reply
    assert seen == [(reply.question, [])]


def test_the_reader_answers_both_parts_of_a_real_question(sample_qa):
    answer = sample_qa.ask(
        "When is Meadowlark's private placement expected to close and what is the exercise "
        "price of its warrants?"
    )
    assert answer.found
    assert answer.value == ["September 21, 2020", "$3.60"]
    assert (
        "When is Meadowlark's private placement expected to close? September 21, 2020."
        in answer.text
    )
    assert "What is the exercise price of its warrants? $3.60." in answer.text
    assert {c.doc_id for c in answer.citations} == {MEADOWLARK}
    assert len(answer.citations) == 2


def test_a_name_in_one_part_scopes_every_part(sample_qa):
    answer = sample_qa.ask(
        "What is the ex-rights date and when does the Kasumi split take effect?"
    )
    # Each part rests on Kasumi's notice; what the decision states is Kasumi's dates (the
    # ex-rights date is asked without a name: read over every notice, it would not be scoped).
    assert {c.doc_id for c in answer.citations} == {KASUMI}
    stated = answer.value if isinstance(answer.value, list) else [answer.value]
    assert "Monday, June 28, 2021" in stated
    assert set(stated) <= {"Monday, June 28, 2021", "July 1, 2021"}
