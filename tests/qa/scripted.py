"""A scripted chat model for agent tests: real tools, real store, no remote model.

It streams as a provider does: a tool call arrives as ``tool_call_chunks`` whose JSON arguments are
cut into pieces, text arrives word by word. Each step sees the conversation so far, as a real model
would. ``pace``, when given, runs before every word of a message but its first: a test that makes
it wait for the caller to have received the previous word proves the words are streamed live.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from qa.agent import answerer as agent_module
from qa.api import FilingQA

IIJ = "iij_2013-08-01_third_party_allotment"
PAYMENT = "When is the payment date for IIJ's new shares?"
Step = Callable[[list[BaseMessage]], AIMessage]
# Characters of a tool call's JSON arguments per streamed chunk.
_ARGUMENT_PIECE = 7


class ScriptedChatModel(BaseChatModel):
    """Plays a fixed script of steps, streaming each step's message in chunks."""

    steps: list[Any]
    position: int = 0
    pace: Callable[[], None] | None = None

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools, **kwargs):
        return self

    def _next(self, messages: list[BaseMessage]) -> AIMessage:
        step = self.steps[self.position]
        self.position += 1
        return step(messages)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._next(messages))])

    def _stream(
        self, messages, stop=None, run_manager=None, **kwargs
    ) -> Iterator[ChatGenerationChunk]:
        message = self._next(messages)
        for index, call in enumerate(message.tool_calls):
            arguments = json.dumps(call["args"])
            for start in range(0, len(arguments), _ARGUMENT_PIECE):
                first = start == 0
                piece = {
                    "name": call["name"] if first else None,
                    "args": arguments[start : start + _ARGUMENT_PIECE],
                    "id": call["id"] if first else None,
                    "index": index,
                }
                yield ChatGenerationChunk(
                    message=AIMessageChunk(content="", tool_call_chunks=[piece])
                )
        for number, word in enumerate(re.findall(r"\S+\s*", message.text)):
            if number and self.pace:
                self.pace()
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=word))
            if run_manager:
                run_manager.on_llm_new_token(word, chunk=chunk)
            yield chunk


def call(name: str, args: dict, number: int) -> Step:
    """A step that asks for one tool call."""
    return lambda messages: AIMessage(
        content="", tool_calls=[{"name": name, "args": args, "id": f"call{number}"}]
    )


def last_tool_result(messages: list[BaseMessage]) -> str:
    """The observation the model got back last."""
    return next(m.content for m in reversed(messages) if isinstance(m, ToolMessage))


def cite_payment_row(messages: list[BaseMessage]) -> AIMessage:
    """The final step cites the passage that search_notices really returned for the payment row."""
    searched = next(
        m.content
        for m in messages
        if isinstance(m, ToolMessage) and "Payment Date" in m.content
    )
    block = next(part for part in searched.split("\n\n") if "6. Payment Date" in part)
    chunk_id = block[1 : block.index("]")]
    total = last_tool_result(messages).splitlines()[0]
    return AIMessage(
        content=f"The payment date is Monday, August 5, 2013 [{chunk_id}]. Check: {total}."
    )


def with_model(sample_qa: FilingQA, model: ScriptedChatModel, monkeypatch) -> FilingQA:
    """The sample store opened as it is with ``FILINGQA_LLM`` set, the model being ``model``."""
    monkeypatch.setattr(agent_module, "load_chat_model", lambda spec, url=None: model)
    settings = sample_qa.settings.model_copy(update={"llm": "scripted:test"})
    return FilingQA(settings, sample_qa.store, sample_qa.embedder)


def payment_script() -> ScriptedChatModel:
    """Searches, reads IIJ's dates, checks the total with a calculator, then cites the payment row."""
    return ScriptedChatModel(
        steps=[
            call("search_notices", {"query": "IIJ payment date new shares"}, 1),
            call("get_facts", {"doc_id": IIJ, "kind": "date"}, 2),
            call("total", {"count": "700,000", "unit_price": "JPY3,208"}, 3),
            cite_payment_row,
        ]
    )
