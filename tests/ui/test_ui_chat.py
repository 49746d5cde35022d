"""The chat handlers on the real store: streaming, follow-ups through the session's answers, retry,
clear, and a failing answerer shown in the chat rather than swallowed."""

from __future__ import annotations

from collections.abc import Iterator

from tests.conftest import IIJ, IIJ_QUESTION, IIJ_VALUE
from tests.ui.conftest import Served
from ui.chat import ChatHandlers
from ui.notices import ALL

IIJ_DOC = IIJ.stem  # the bundled IIJ notice's id


def last(updates: Iterator) -> tuple:
    *_, final = updates
    return final


def test_answer_streams_then_settles_into_the_session(served: Served) -> None:
    updates = list(ChatHandlers(served.qa).respond(IIJ_QUESTION, [], ALL, ALL))
    assert len(updates) >= 3  # the question at once, text pieces, then the final answer
    box, shown, _ = updates[0]
    assert box == "" and shown[-1]["content"] == " …"
    first_word = IIJ_VALUE.split()[0]  # the answer's opening, streamed before the rest
    assert any(first_word in shown[-1]["content"] for _, shown, _ in updates[1:-1])
    box, shown, answers = updates[-1]
    assert [m["role"] for m in shown[:2]] == ["user", "assistant"]
    assert IIJ_VALUE in shown[1]["content"]
    assert shown[2]["metadata"]["title"].startswith("Sources")
    assert len(answers) == 1 and answers[0].question == IIJ_QUESTION


def test_follow_up_uses_the_earlier_answers(served: Served) -> None:
    chat = ChatHandlers(served.qa)
    _, _, answers = last(chat.respond(IIJ_QUESTION, [], ALL, ALL))
    iij = {c.doc_id for c in answers[0].citations}
    # Asked alone, over every sample notice, this question rests on another notice; after the
    # IIJ answer it is read within the notice that answer cited (whether or not the decision
    # then states a figure, which must be IIJ's).
    follow_up = "What is the issue price?"
    assert {c.doc_id for c in served.qa.ask(follow_up).citations} != iij
    _, shown, answers = last(chat.respond(follow_up, answers, ALL, ALL))
    assert len(answers) == 2
    assert {c.doc_id for c in answers[1].citations} == iij
    assert not answers[1].found or answers[1].value == "JPY3,208"
    assert sum(m["role"] == "user" for m in shown) == 2


def test_the_notice_picked_answers_a_question_that_names_none(served: Served) -> None:
    """ "What is the payment date?" names no notice; the chat's Notice pick says which is meant,
    and a retry keeps it."""
    chat = ChatHandlers(served.qa)
    _, _, answers = last(
        chat.respond("What is the payment date?", [], ALL, ALL, IIJ_DOC)
    )
    assert answers[0].found and answers[0].value == IIJ_VALUE
    assert {c.doc_id for c in answers[0].citations} == {IIJ_DOC}
    _, _, retried = last(chat.retry(answers, ALL, ALL, IIJ_DOC))
    assert retried[0].value == IIJ_VALUE


def test_retry_replaces_the_last_answer_and_clear_forgets_all(served: Served) -> None:
    chat = ChatHandlers(served.qa)
    _, _, answers = last(chat.respond(IIJ_QUESTION, [], ALL, ALL))
    _, shown, retried = last(chat.retry(answers, ALL, ALL))
    assert [a.question for a in retried] == [IIJ_QUESTION]
    assert sum(m["role"] == "user" for m in shown) == 1
    assert last(chat.retry([], ALL, ALL)) == ("", [], [])
    assert chat.clear() == ("", [], [])


def test_blank_question_gets_a_prompt_and_changes_nothing(served: Served) -> None:
    chat = ChatHandlers(served.qa)
    _, _, answers = last(chat.respond(IIJ_QUESTION, [], ALL, ALL))
    _, shown, after = last(chat.respond("   ", answers, ALL, ALL))
    assert (
        after == answers and len(shown) == 2 + 1 + 1
    )  # question, answer, sources, prompt
    assert shown[-1]["content"].startswith("_Type a question first")


def test_an_over_long_question_is_refused_with_its_limit_and_kept(
    served: Served,
) -> None:
    too_long = "What is the payment date? " * 100
    box, shown, answers = last(ChatHandlers(served.qa).respond(too_long, [], ALL, ALL))
    assert box == too_long.strip() and answers == []
    assert "characters long; the limit is 2,000" in shown[-1]["content"]


class Failing:
    """An answerer that breaks mid-answer, as a model call over a dropped connection would."""

    def ask_stream(self, question, history=None, filters=None):
        yield "Partial "
        raise ConnectionError("model server went away <script>x</script>")


def test_a_failing_answer_is_shown_and_the_question_kept() -> None:
    box, shown, answers = last(
        ChatHandlers(Failing()).respond(IIJ_QUESTION, [], ALL, ALL)
    )
    assert box == IIJ_QUESTION and answers == []
    assert shown[-1]["content"].startswith("Could not answer: model server went away")
    assert "<script>" not in shown[-1]["content"]
