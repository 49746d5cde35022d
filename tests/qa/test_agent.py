"""The LLM agent's wiring, driven by a scripted chat model: real tools, real store, no remote model."""

from langchain_core.messages import AIMessage, BaseMessage

from qa.render import to_json
from tests.qa.scripted import (
    IIJ,
    PAYMENT,
    ScriptedChatModel,
    call,
    last_tool_result,
    payment_script,
)


def test_agent_answer_has_the_same_shape_as_the_offline_one(sample_qa):
    model = payment_script()
    agent = sample_qa.agent_with(model, "scripted:test")
    answer = agent.answer(PAYMENT)
    assert answer.mode == "scripted:test" and answer.found
    assert "Monday, August 5, 2013" in answer.text
    assert [c.name for c in answer.tool_calls] == [
        "search_notices",
        "get_facts",
        "total",
    ]
    assert answer.tool_calls[2].formula.startswith(
        "700,000 shares × JPY3,208 = JPY2,245,600,000"
    )
    assert (
        "Payment Date (in Japan)" in answer.tool_calls[1].result
    )  # the facts the model read
    [citation] = answer.citations
    assert citation.doc_id == IIJ and "6. Payment Date (in Japan)" in citation.quote
    assert citation.issuer == "Internet Initiative Japan Inc."
    assert set(to_json(answer)) >= {"answer", "citations", "tool_calls"}


def test_a_tool_error_becomes_an_observation_not_a_crash(sample_qa):
    model = ScriptedChatModel(
        steps=[
            call(
                "split_adjust",
                {"shares": "84,316,240", "ratio": "twenty to one-ish"},
                1,
            ),
            lambda messages: AIMessage(
                content=f"The tool said: {last_tool_result(messages)}"
            ),
        ]
    )
    answer = sample_qa.agent_with(model, "scripted:test").answer("Adjust for the split")
    assert "Error" in answer.text
    assert answer.tool_calls[0].result.startswith("Error")


def test_an_unknown_notice_id_becomes_an_observation_not_a_crash(sample_qa):
    model = ScriptedChatModel(
        steps=[
            call("get_facts", {"doc_id": "no-such-notice"}, 1),
            lambda messages: AIMessage(content=last_tool_result(messages)),
        ]
    )
    answer = sample_qa.agent_with(model, "scripted:test").answer("Facts, please")
    assert answer.text == (
        "Error: no notice with id 'no-such-notice' (see: filingqa documents)"
    )


def test_history_reaches_the_model(sample_qa):
    seen: list[list[BaseMessage]] = []

    def remember(messages):
        seen.append(messages)
        return AIMessage(content="That is not found in the ingested notices.")

    first = sample_qa.ask(PAYMENT)
    answer = sample_qa.agent_with(
        ScriptedChatModel(steps=[remember]), "scripted:test"
    ).answer("and the record date?", [first])
    contents = [message.content for message in seen[0]]
    assert first.question in contents and first.text in contents
    assert not answer.found and answer.citations == ()


def test_configuring_a_provider_selects_the_agent(tmp_path, embedder, monkeypatch):
    """FILINGQA_LLM picks the agent; the model is built by init_chat_model (not called here)."""
    from qa.agent import answerer as agent_module
    from qa.api import FilingQA

    built = {}

    def fake_loader(spec, base_url=None):
        built["spec"], built["base_url"] = spec, base_url
        return ScriptedChatModel(
            steps=[
                lambda m: AIMessage(
                    content="That is not found in the ingested notices."
                )
            ]
        )

    monkeypatch.setattr(agent_module, "load_chat_model", fake_loader)
    monkeypatch.setenv("FILINGQA_LLM", "openai:gpt-test")
    monkeypatch.setenv("FILINGQA_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    qa = FilingQA.open(store=tmp_path / "store", embedder=embedder)
    answer = qa.ask("anything?")
    assert built == {"spec": "openai:gpt-test", "base_url": "http://127.0.0.1:9/v1"}
    assert answer.mode == "openai:gpt-test" and qa.mode == "openai:gpt-test"
