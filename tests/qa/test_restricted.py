"""A question restricted to one notice: never refused for a name, never an exception.

TAT-QA-style questions name line items in capitals ("EBITDA", "PPE") that no issuer is called;
with ``filters={"doc_ids": [...]}`` the question is answered from that notice whatever names it
uses, another notice's issuer included, and an internal failure becomes a "could not answer".
"""

from __future__ import annotations

import pytest

from qa.answer import Answer
from tests.conftest import IIJ, IIJ_VALUE

QUESTIONS = [
    "What was the EBITDA in 2019?",
    "What is the change in PPE between 2018 and 2019?",
    "What is the percentage change in Total from 43% to 45%?",
    "How much did Kasumi pay in dividends?",  # another notice's issuer
    "What was the total amount to be paid?",
    "Which year had the larger amount, 2018 or 2019?",
    "What is the average of 43% and 1,122,800,000?",
]


def _iij(sample_qa) -> str:
    [doc_id] = [e.doc_id for e in sample_qa.documents() if e.source.endswith(IIJ.name)]
    return doc_id


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_restricted_question_stays_in_its_notice(sample_qa, question):
    doc_id = _iij(sample_qa)
    answer = sample_qa.ask(question, filters={"doc_ids": [doc_id]})
    assert isinstance(answer, Answer)
    assert "internal error" not in answer.text
    assert {c.doc_id for c in answer.citations} <= {doc_id}, answer.text


def test_an_internal_failure_is_a_could_not_answer(sample_qa, monkeypatch):
    reader = sample_qa._offline

    def broken(*_args, **_kwargs):
        raise ArithmeticError("a failure inside the reader")

    monkeypatch.setattr(reader, "resolve", broken)
    answer = sample_qa.ask("What was the total amount to be paid?")
    assert not answer.found and "Could not answer" in answer.text


def test_a_question_naming_no_notice_says_how_to_narrow_it(sample_qa):
    """Over the nine bundled notices "When is the payment date?" names none and several state a
    payment date: the "not found" says the question may be narrowed; naming the issuer or
    restricting it to one notice answers it, without that advice."""
    unnamed = sample_qa.ask("When is the payment date?")
    assert not unnamed.found
    assert unnamed.text.endswith(
        "No notice was recognised by name in the question, and 9 may answer it: naming the "
        "issuer as its notice writes it, or restricting the question to one notice, may find it."
    )
    for named, filters in (
        ("When is IIJ's payment date?", None),
        ("When is the payment date?", {"doc_ids": [_iij(sample_qa)]}),
    ):
        answer = sample_qa.ask(named, filters=filters)
        assert answer.found and answer.value == IIJ_VALUE
        assert "recognised by name" not in answer.text
    declined = sample_qa.ask("When is Ironbark's payment date for its Martian bonds?")
    assert "recognised by name" not in declined.text
