"""The default answerer: no language model, only retrieval, the stored facts and the calculator tools.

It reads what is asked, picks the notice(s), takes figures from the facts extracted at ingest and
computes anything derived with the calculator tools. When the notices do not hold the answer it
says so and names the closest passage instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ingest.store import StoredChunk
from qa.answer import NOT_FOUND, Answer
from qa.catalog import Catalog
from qa.citations import cite_chunk, cite_fact, cite_quote, unique
from qa.computations import COMPUTATIONS, Computed, Inputs, evaluate_expression
from qa.fact_match import rank_facts
from qa.filters import Filters
from qa.intent import MAX_QUESTION_CHARS, Intent, read_intent
from qa.retriever import NoticeRetriever
from qa.scope import Scope, resolve_scope

_PASSAGES = 8  # retrieved chunks that decide which notices and facts are in play
_NOTICES = 3  # notices whose facts are considered for one question


class OfflineAnswerer:
    """Answers from facts and tools alone; the same ``Answer`` type as the model-driven agent."""

    def __init__(self, retriever: NoticeRetriever, catalog: Catalog, audit: Callable[[str], list[Any]]) -> None:
        self.retriever = retriever
        self.catalog = catalog
        self.audit = audit

    def answer(self, question: str, history: Sequence[Answer] = (), filters: Filters | None = None) -> Answer:
        """Answer one question; ``history`` holds the conversation's earlier answers."""
        question = " ".join(question.split())
        if not question:
            return Answer(question, "Ask a question about the ingested notices.", found=False)
        manifest = self.catalog.manifest
        if not manifest:
            return Answer(question, f"Nothing is ingested yet, so this is {NOT_FOUND}. Add notices first.", found=False)
        intent = _with_history(read_intent(question), history)
        scope = resolve_scope(intent, manifest, filters or Filters(), history)
        if intent.operation == "list":
            return self._list(question, scope)
        if intent.operation == "calculate":
            return self._computed(question, evaluate_expression(intent.question), [])
        hits = self.retriever.search(_search_text(intent), _PASSAGES, scope.doc_ids)
        if not hits:
            return Answer(question, f"That is {NOT_FOUND}.", found=False)
        doc_ids = _top_notices(hits, scope)
        if intent.operation == "audit":
            return self._audit(question, doc_ids[0])
        facts = [fact for doc_id in doc_ids for fact in self.catalog.facts(doc_id)]
        chunk_rank = {hit.chunk_id: rank for rank, hit in enumerate(hits)}
        if intent.operation in COMPUTATIONS:
            inputs = Inputs(intent, facts, chunk_rank, scope.naming_terms)
            return self._computed(question, COMPUTATIONS[intent.operation](inputs), hits)
        return self._lookup(question, intent, scope, facts, chunk_rank, hits)

    def _lookup(self, question, intent: Intent, scope: Scope, facts, chunk_rank, hits) -> Answer:
        matches = rank_facts(intent, facts, chunk_rank, scope.naming_terms)
        if not matches:
            return self._not_found(question, hits)
        best = matches[0].fact
        row = [f for f in facts if f["chunk_id"] == best["chunk_id"] and f.get("context") == best.get("context")]
        companions = [f["text"] for f in row if f is not best and f["kind"] != best["kind"] and f["label"] == best["label"]]
        entry = self.catalog.manifest.get(best["doc_id"])
        figure = best["text"] + (f" ({', '.join(companions)})" if companions else "")
        text = f"{_sentence_label(best['label'])} is {figure}{_attribution(entry)}."
        return Answer(question, text, citations=(cite_fact(best, entry),), facts=(best,))

    def _computed(self, question: str, computed: Computed, hits: list[StoredChunk]) -> Answer:
        manifest = self.catalog.manifest
        citations = [cite_fact(fact, manifest.get(fact["doc_id"])) for fact in computed.facts]
        if not computed.found:
            citations += [cite_chunk(hit, manifest.get(hit.chunk.doc_id)) for hit in hits[:1]]
        return Answer(
            question,
            computed.text,
            citations=unique(citations),
            tool_calls=tuple(computed.tool_calls),
            found=computed.found,
            facts=tuple(computed.facts),
        )

    def _audit(self, question: str, doc_id: str) -> Answer:
        from qa.answer import ToolCall

        entry = self.catalog.manifest.get(doc_id)
        checks = self.audit(doc_id)
        name = entry.title if entry else doc_id
        if not checks:
            return Answer(question, f"{name}: the notice states no relation between its figures to check.")
        failed = [check for check in checks if not check.ok]
        verdict = "all add up" if not failed else f"{len(failed)} do not add up"
        lines = [f"{'✔' if check.ok else '✘'} {check.formula}" for check in checks]
        text = f"{name}: {len(checks)} relations checked, {verdict}.\n" + "\n".join(lines)
        return Answer(
            question,
            text,
            citations=unique([cite_quote(doc_id, quote, entry) for check in checks for quote in check.quotes]),
            tool_calls=tuple(ToolCall("audit", {"doc_id": doc_id}, check.formula, check.formula) for check in checks),
        )

    def _list(self, question: str, scope: Scope) -> Answer:
        entries = [e for e in self.catalog.manifest.values() if scope.doc_ids is None or e.doc_id in scope.doc_ids]
        lines = [
            f"- {entry.title} ({entry.issuer or 'issuer not stated'}, {entry.date or 'undated'}, {entry.type}) [{entry.doc_id}]"
            for entry in entries
        ]
        return Answer(question, f"{len(entries)} notices are ingested:\n" + "\n".join(lines))

    def _not_found(self, question: str, hits: list[StoredChunk]) -> Answer:
        closest = hits[0]
        entry = self.catalog.manifest.get(closest.chunk.doc_id)
        where = entry.title if entry else closest.chunk.doc_id
        text = f"That is {NOT_FOUND}. The closest passage is in \"{where}\" ({closest.chunk.doc_id})."
        return Answer(question, text, citations=(cite_chunk(closest, entry),), found=False)


def _with_history(intent: Intent, history: Sequence[Answer]) -> Intent:
    """A follow-up ("and the record date?") keeps the earlier question's operation when it has none."""
    if not history or not intent.follow_up:
        return intent
    earlier = read_intent(history[-1].question)
    operation = intent.operation if intent.operation != "lookup" else earlier.operation
    if operation not in ("lookup", "breakdown", "total"):
        operation = "lookup"
    return Intent(intent.question, operation, intent.kinds or earlier.kinds, intent.terms)


def _search_text(intent: Intent) -> str:
    return intent.question[:MAX_QUESTION_CHARS]


def _top_notices(hits: list[StoredChunk], scope: Scope) -> list[str]:
    """Notices in order of their best passage; a question naming one notice keeps to it."""
    ordered = list(dict.fromkeys(hit.chunk.doc_id for hit in hits))
    return ordered[:_NOTICES]


def _sentence_label(label: str) -> str:
    label = label.strip().rstrip(":")
    return f"The {label}" if label[:1].islower() else label


def _attribution(entry) -> str:
    if entry is None:
        return ""
    who = entry.issuer or entry.title
    when = f" of {entry.date:%B} {entry.date.day}, {entry.date.year}" if entry.date else ""
    return f" (according to {who}'s notice{when})"
