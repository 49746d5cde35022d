"""The agent's own tools over the store: passage search and fact lookup, kept inside the filters.

Why here and not in the prompt alone: a model can ignore an instruction, but it cannot read a
passage no tool returns. With filters set (issuer, ticker, type, dates, ids), ``search_notices``
searches only the notices that pass them and ``get_facts`` refuses any other notice, so a question
about an excluded notice cannot be answered from it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from langchain_core.tools import BaseTool, StructuredTool, ToolException

from ingest.store import StoredChunk
from qa.answer import NOT_FOUND
from qa.retrieval.filters import Filters
from tools.lc import calculator_tools

# Passages ``search_notices`` returns per call: enough for a table and its heading, few enough to
# keep the model's context short.
PASSAGES = 6
# The fields of a fact the model sees: what it is, its exact text and where it stands.
_FACT_FIELDS = ("label", "kind", "text", "currency", "context", "chunk_id")

Search = Callable[[str, int, set[str] | None], list[StoredChunk]]
Facts = Callable[[str, str | None], list[dict]]


def filters_note(filters: Filters) -> str:
    """The filters in words for the system prompt, so the model can say why a notice is out of reach.

    The refusal it asks for contains ``NOT_FOUND``, so the ``Answer`` is marked not found.
    """
    parts = [
        f"the issuer contains “{filters.issuer}”" if filters.issuer else "",
        f"a ticker contains “{filters.ticker}”" if filters.ticker else "",
        f"the type is “{filters.type}”" if filters.type else "",
        f"the date is on or after {filters.date_from}" if filters.date_from else "",
        f"the date is on or before {filters.date_to}" if filters.date_to else "",
        f"the id is one of {', '.join(filters.doc_ids)}"
        if filters.doc_ids is not None
        else "",
    ]
    return (
        "The user restricted this question to the notices where "
        + "; ".join(part for part in parts if part)
        + ". The tools see no other notice. If the question is about a notice outside these "
        f"filters, say that the filters exclude it, so it is {NOT_FOUND} they allow; "
        "do not answer it from earlier turns."
    )


@dataclass
class NoticeTools:
    """``search_notices`` and ``get_facts`` for one run, limited to ``allowed`` (None: every notice).

    ``seen`` collects every passage the search returned, so the answer can cite exactly those.
    """

    search: Search
    facts: Facts
    allowed: set[str] | None
    seen: dict[str, StoredChunk] = field(default_factory=dict)

    def search_notices(self, query: str) -> str:
        """Search the ingested notices; returns passages, each with its id, notice and text."""
        hits = self.search(query, PASSAGES, self.allowed)
        for hit in hits:
            self.seen.setdefault(hit.chunk_id, hit)
        if not hits:
            where = "the notices the filters allow" if self.allowed is not None else ""
            return f"No passages found in {where or 'the ingested notices'}."
        return "\n\n".join(
            f"[{hit.chunk_id}] notice {hit.chunk.doc_id} ({hit.chunk.title}) / {hit.chunk.heading}\n{hit.chunk.text}"
            for hit in hits
        )

    def get_facts(self, doc_id: str, kind: str | None = None) -> str:
        """Exact figures and dates extracted from one notice (kind: money, shares, per_share, date,
        percentage, ratio or count), each with its label and the text it stands in."""
        if self.allowed is not None and doc_id not in self.allowed:
            return (
                f"Notice {doc_id!r} is excluded by the filters set for this question."
            )
        try:
            facts = self.facts(doc_id, kind)
        except (
            ValueError
        ) as error:  # an unknown id: the model should search, not end the run
            raise ToolException(f"Error: {error}") from error
        if not facts:
            return f"No facts for notice {doc_id!r}."
        return json.dumps(
            [{key: fact.get(key) for key in _FACT_FIELDS} for fact in facts],
            ensure_ascii=False,
        )

    def all(self) -> list[BaseTool]:
        """These two tools and every calculator tool, as LangChain tools (errors become observations)."""
        return [
            StructuredTool.from_function(self.search_notices, handle_tool_error=True),
            StructuredTool.from_function(self.get_facts, handle_tool_error=True),
            *calculator_tools(),
        ]
