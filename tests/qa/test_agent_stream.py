"""With a model configured: ``ask_stream`` streams the model's tokens and tool steps as they come,
and ``ask``'s filters bind the agent's tools. A scripted model drives the real agent, the real
tools, real Chroma and the real embedding model; no remote model is called.
"""

from __future__ import annotations

import threading

import pytest
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage

from qa.answer import Answer, ToolCall
from qa.retrieval.filters import Filters
from tests.qa.scripted import (
    IIJ,
    PAYMENT,
    ScriptedChatModel,
    call,
    payment_script,
    with_model,
)

OTHER_ISSUER = "Cedar Creek"  # the sample dividend notice's issuer: not IIJ


def test_tokens_and_tool_steps_stream_as_they_come(sample_qa, monkeypatch) -> None:
    delivered = threading.Semaphore(0)

    def wait_for_the_caller() -> None:
        """The model writes its next word only once the caller holds the previous one."""
        if not delivered.acquire(timeout=10):
            raise AssertionError("the previous word never reached the caller: buffered")

    model = payment_script()
    model.pace = wait_for_the_caller
    pieces: list[str | ToolCall | Answer] = []
    for piece in with_model(sample_qa, model, monkeypatch).ask_stream(PAYMENT):
        if isinstance(piece, str):
            delivered.release()
        pieces.append(piece)

    *streamed, answer = pieces
    assert isinstance(answer, Answer)
    steps = [piece for piece in streamed if isinstance(piece, ToolCall)]
    texts = [piece for piece in streamed if isinstance(piece, str)]
    assert [step.name for step in steps] == ["search_notices", "get_facts", "total"]
    assert len(texts) > 1
    # Every tool step came before the text that rests on it, and the text is the answer's.
    assert streamed.index(steps[-1]) < streamed.index(texts[0])
    assert "".join(texts).strip() == answer.text.strip()
    assert steps[2].formula.startswith("700,000 shares × JPY3,208 = JPY2,245,600,000")

    assert answer.mode == "scripted:test" and answer.found
    assert list(answer.tool_calls) == steps
    [citation] = answer.citations
    assert citation.doc_id == IIJ and "6. Payment Date (in Japan)" in citation.quote


def test_ask_returns_what_the_stream_ends_with(sample_qa, monkeypatch) -> None:
    streamed = list(
        with_model(sample_qa, payment_script(), monkeypatch).ask_stream(PAYMENT)
    )[-1]
    asked = with_model(sample_qa, payment_script(), monkeypatch).ask(PAYMENT)
    assert asked == streamed


def search_then_report(seen: list[list[BaseMessage]]) -> ScriptedChatModel:
    """Searches for the IIJ payment row, asks for IIJ's facts, then says it is not found."""

    def report(messages: list[BaseMessage]) -> AIMessage:
        seen.append(messages)
        return AIMessage(content="That is not found in the ingested notices.")

    return ScriptedChatModel(
        steps=[
            call(
                "search_notices", {"query": "IIJ payment date third-party allotment"}, 1
            ),
            call("get_facts", {"doc_id": IIJ, "kind": "date"}, 2),
            report,
        ]
    )


@pytest.mark.parametrize(
    "filters",
    [{"issuer": OTHER_ISSUER}, {"type": "dividend"}, {"date_from": "2014-01-01"}],
)
def test_filters_bind_the_agents_tools(sample_qa, monkeypatch, filters) -> None:
    seen: list[list[BaseMessage]] = []
    qa = with_model(sample_qa, search_then_report(seen), monkeypatch)
    answer = qa.ask(PAYMENT, filters=filters)

    search, facts = answer.tool_calls
    allowed = qa.hybrid_search.allowed_doc_ids(Filters.of(filters))
    found = {
        line.split()[2] for line in search.result.splitlines() if line.startswith("[")
    }
    # Passages still come, from the notices the filters allow only.
    assert IIJ not in search.result and found and found <= allowed
    assert (
        facts.result
        == f"Notice {IIJ!r} is excluded by the filters set for this question."
    )
    assert all(citation.doc_id != IIJ for citation in answer.citations)
    assert not answer.found
    [system] = [m for m in seen[0] if isinstance(m, SystemMessage)]
    [value] = filters.values()
    assert "The user restricted this question" in system.text and value in system.text


def test_filters_no_notice_passes_spend_no_model_run(sample_qa, monkeypatch) -> None:
    """Filters no stored notice passes are said at once: the model is never called."""
    seen: list[list[BaseMessage]] = []
    qa = with_model(sample_qa, search_then_report(seen), monkeypatch)
    filters = {"date_to": "2013-07-31"}  # every sample notice is dated later
    answer = qa.ask(PAYMENT, filters=filters)
    assert list(qa.ask_stream(PAYMENT, filters=filters)) == [answer.text, answer]
    assert answer.text.startswith(
        "No stored notice passes the filters (to “2013-07-31”)"
    )
    assert not answer.found and answer.tool_calls == () and seen == []


def test_without_filters_the_same_run_reads_the_notice(sample_qa, monkeypatch) -> None:
    """The control for the test above: unfiltered, the same script does reach IIJ's notice."""
    seen: list[list[BaseMessage]] = []
    answer = with_model(sample_qa, search_then_report(seen), monkeypatch).ask(PAYMENT)
    search, facts = answer.tool_calls
    assert f"notice {IIJ}" in search.result and "Payment Date" in facts.result
    [system] = [m for m in seen[0] if isinstance(m, SystemMessage)]
    assert "restricted" not in system.text
