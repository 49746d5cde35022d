"""The optional answerer: a LangChain chat model driving the same search, fact and calculator tools.

Whatever the model, it must call the calculator tools for every figure it computes and cite the
passages it used; its run is turned into the same ``Answer`` the offline answerer returns. The run
is streamed (``AgentAnswerer.stream``): a model takes seconds, so its words and tool steps are
shown as they come rather than after it ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    ToolMessage,
)

from ingest.store import StoredChunk
from qa.agent.tools import Facts, NoticeTools, Search, filters_note
from qa.answer import NOT_FOUND, Answer, Citation, ToolCall
from qa.retrieval.filters import Filters

SYSTEM_PROMPT = """You answer questions about corporate filing notices (share issuances, allotments,
offerings, splits, dividends, buybacks, convertible bonds) for analysts and investor-relations staff.

Rules:
- Find the passages first with search_notices; read exact figures with get_facts.
- Never do arithmetic yourself: every total, sum, split, dilution, percentage, per-share figure and
  date span must come from a calculator tool call. Quote the tool's result.
- State figures exactly as the filing writes them (currency, separators, dates).
- Cite every passage you rely on by its id in square brackets, e.g. [3f2a9c...].
- If the notices do not contain the answer, say "not found in the ingested notices" and give no figure.
Be brief: one to three sentences, then the citations."""

_CITED_ID = re.compile(r"\[([0-9a-f]{8,32})\]")
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def load_chat_model(spec: str, base_url: str | None = None) -> BaseChatModel:
    """A chat model from ``provider:model`` (anything ``init_chat_model`` knows)."""
    from langchain.chat_models import init_chat_model

    kwargs: dict[str, Any] = {"temperature": 0}
    if base_url:
        kwargs["base_url"] = base_url
    return init_chat_model(spec, **kwargs)


class AgentAnswerer:
    """Answers with a tool-calling chat model; the tools are the product's own."""

    def __init__(
        self,
        model: BaseChatModel,
        model_name: str,
        search: Search,
        facts: Facts,
        describe: Callable[[str], dict[str, Any]],
        scope: Callable[[Filters], set[str] | None],
    ) -> None:
        self.model = model
        self.model_name = model_name
        self._search = search
        self._facts = facts
        self._describe = describe
        self._scope = scope

    def answer(
        self,
        question: str,
        history: Sequence[Answer] = (),
        filters: Filters | None = None,
    ) -> Answer:
        """Run the agent once and turn its messages into an ``Answer`` (``stream``'s last item)."""
        *_, answer = self.stream(question, history, filters)
        return answer

    def stream(
        self,
        question: str,
        history: Sequence[Answer] = (),
        filters: Filters | None = None,
    ) -> Iterator[str | ToolCall | Answer]:
        """Yield the model's text as its tokens arrive and each tool step as it completes, then
        the ``Answer``.

        Text deltas are ``str``; a finished tool step is a ``ToolCall`` (name, arguments and the
        observation the model got back). Text the model writes before calling a tool is streamed
        too, but only its last message (the one with no tool call) becomes the answer's text.
        """
        from langchain.agents import create_agent

        filters = filters or Filters()
        tools = NoticeTools(self._search, self._facts, self._scope(filters))
        prompt = (
            SYSTEM_PROMPT
            if filters.empty
            else f"{SYSTEM_PROMPT}\n\n{filters_note(filters)}"
        )
        agent = create_agent(self.model, tools.all(), system_prompt=prompt)
        messages: list[BaseMessage] = []
        for earlier in history:
            messages += [HumanMessage(earlier.question), AIMessage(earlier.text)]
        produced: list[BaseMessage] = []
        for mode, data in agent.stream(
            {"messages": [*messages, HumanMessage(question)]},
            stream_mode=["messages", "updates"],
        ):
            if mode == "messages":
                chunk, _ = data
                if isinstance(chunk, AIMessageChunk) and chunk.text:
                    yield chunk.text
                continue
            for message in _messages_of(data):
                produced.append(message)
                if isinstance(message, ToolMessage):
                    yield _step(_call_of(message, produced), message)
        yield self._answer(question, produced, tools.seen)

    def _answer(
        self,
        question: str,
        produced: Sequence[BaseMessage],
        seen: dict[str, StoredChunk],
    ) -> Answer:
        final = next(
            (
                m
                for m in reversed(produced)
                if isinstance(m, AIMessage) and not m.tool_calls
            ),
            None,
        )
        text = final.text if final else "The model gave no answer."
        return Answer(
            question=question,
            text=text,
            citations=tuple(self._citations(text, seen)),
            tool_calls=tuple(_tool_calls(produced)),
            mode=self.model_name,
            found=NOT_FOUND not in text.lower(),
        )

    def _citations(self, text: str, seen: dict[str, StoredChunk]) -> list[Citation]:
        cited = [
            seen[chunk_id] for chunk_id in _CITED_ID.findall(text) if chunk_id in seen
        ]
        if not cited:
            figures = {figure for figure in _FIGURE.findall(text) if len(figure) > 2}
            cited = [
                hit
                for hit in seen.values()
                if any(figure in hit.chunk.text for figure in figures)
            ]
        unique = {hit.chunk_id: hit for hit in cited}
        return [self._citation(hit) for hit in list(unique.values())[:5]]

    def _citation(self, hit: StoredChunk) -> Citation:
        about = self._describe(hit.chunk.doc_id)
        return Citation(
            doc_id=hit.chunk.doc_id,
            source=about.get("source", ""),
            quote=hit.chunk.text,
            title=hit.chunk.title,
            issuer=about.get("issuer"),
            date=about.get("date"),
            chunk_id=hit.chunk_id,
            score=hit.score,
        )


def _messages_of(update: dict[str, Any]) -> list[BaseMessage]:
    """The messages a step of the agent's graph added (an "updates" stream item, keyed by node)."""
    return [
        message
        for state in update.values()
        if isinstance(state, dict)
        for message in state.get("messages", [])
    ]


def _call_of(result: ToolMessage, messages: Sequence[BaseMessage]) -> dict[str, Any]:
    """The model's request that ``result`` answers (a tool call dict: name, args, id)."""
    return next(
        call
        for message in messages
        if isinstance(message, AIMessage)
        for call in message.tool_calls
        if call["id"] == result.tool_call_id
    )


def _step(call: dict[str, Any], observation: ToolMessage | None) -> ToolCall:
    """One tool step as a record; a calculator's result is its formula, a lookup's is not."""
    result = str(observation.content) if observation is not None else ""
    formula = result if call["name"] not in ("search_notices", "get_facts") else ""
    return ToolCall(
        name=call["name"],
        args=dict(call["args"]),
        result=result[:2000],
        formula=formula,
    )


def _tool_calls(messages: Sequence[BaseMessage]) -> list[ToolCall]:
    """Each tool call the model made, paired with the observation it got back."""
    results = {m.tool_call_id: m for m in messages if isinstance(m, ToolMessage)}
    return [
        _step(call, results.get(call["id"]))
        for message in messages
        if isinstance(message, AIMessage)
        for call in message.tool_calls
    ]
