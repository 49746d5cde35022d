"""The optional answerer: a LangChain chat model driving the same search, fact and calculator tools.

Whatever the model, it must call the calculator tools for every figure it computes and cite the
passages it used; its run is turned into the same ``Answer`` the offline answerer returns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, StructuredTool

from ingest.store import StoredChunk
from qa.answer import Answer, Citation, ToolCall
from tools.lc import calculator_tools

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
        search: Callable[[str], list[StoredChunk]],
        facts: Callable[[str, str | None], list[dict]],
        describe: Callable[[str], dict[str, Any]],
    ) -> None:
        self.model = model
        self.model_name = model_name
        self._search = search
        self._facts = facts
        self._describe = describe

    def answer(self, question: str, history: Sequence[Answer] = ()) -> Answer:
        """Run the agent once and turn its messages into an ``Answer``."""
        from langchain.agents import create_agent

        seen: dict[str, StoredChunk] = {}
        agent = create_agent(self.model, self._tools(seen), system_prompt=SYSTEM_PROMPT)
        messages: list[BaseMessage] = []
        for earlier in history:
            messages += [HumanMessage(earlier.question), AIMessage(earlier.text)]
        result = agent.invoke({"messages": [*messages, HumanMessage(question)]})
        produced = result["messages"][len(messages) + 1 :]
        final = next(
            (
                m
                for m in reversed(produced)
                if isinstance(m, AIMessage) and not m.tool_calls
            ),
            None,
        )
        text = _text_of(final) if final else "The model gave no answer."
        return Answer(
            question=question,
            text=text,
            citations=tuple(self._citations(text, seen)),
            tool_calls=tuple(_tool_calls(produced)),
            mode=self.model_name,
            found="not found in the ingested notices" not in text.lower(),
        )

    def _tools(self, seen: dict[str, StoredChunk]) -> list[BaseTool]:
        def search_notices(query: str) -> str:
            """Search the ingested notices; returns passages, each with its id, notice and text."""
            hits = self._search(query)
            for hit in hits:
                seen.setdefault(hit.chunk_id, hit)
            if not hits:
                return "No passages found in the ingested notices."
            return "\n\n".join(
                f"[{hit.chunk_id}] notice {hit.chunk.doc_id} ({hit.chunk.title}) / {hit.chunk.heading}\n{hit.chunk.text}"
                for hit in hits
            )

        def get_facts(doc_id: str, kind: str | None = None) -> str:
            """Exact figures and dates extracted from one notice (kind: money, shares, per_share, date,
            percentage, ratio or count), each with its label and the text it stands in."""
            facts = self._facts(doc_id, kind)
            if not facts:
                return f"No facts for notice {doc_id!r}."
            keep = ("label", "kind", "text", "currency", "context", "chunk_id")
            return json.dumps(
                [{key: fact.get(key) for key in keep} for fact in facts],
                ensure_ascii=False,
            )

        return [
            StructuredTool.from_function(search_notices, handle_tool_error=True),
            StructuredTool.from_function(get_facts, handle_tool_error=True),
            *calculator_tools(),
        ]

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


def _text_of(message: AIMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(
        part.get("text", "") if isinstance(part, dict) else str(part)
        for part in content
    )


def _tool_calls(messages: Sequence[BaseMessage]) -> list[ToolCall]:
    """Each tool call the model made, paired with the observation it got back."""
    results = {m.tool_call_id: m for m in messages if isinstance(m, ToolMessage)}
    calls = []
    for message in messages:
        if not isinstance(message, AIMessage):
            continue
        for call in message.tool_calls:
            observation = results.get(call["id"])
            result = str(observation.content) if observation is not None else ""
            formula = (
                result if call["name"] not in ("search_notices", "get_facts") else ""
            )
            calls.append(
                ToolCall(
                    name=call["name"],
                    args=dict(call["args"]),
                    result=result[:2000],
                    formula=formula,
                )
            )
    return calls
