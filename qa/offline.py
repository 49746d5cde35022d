"""The default answerer: no language model, only retrieval, the stored facts and the calculator tools.

It reads what is asked, picks the notice(s), takes figures from the facts extracted at ingest and
computes anything derived with the calculator tools. When the notices do not hold the answer it
says so and names the closest passage instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ingest.store import StoredChunk
from qa.answer import NOT_FOUND, Answer, ToolCall
from qa.catalog import Catalog
from qa.citations import cite_chunk, cite_fact, cite_quote, unique
from qa.computations import Computed, evaluate_expression
from qa.crosscheck import product_check
from qa.evidence import Evidence
from qa.fact_view import FactView, build_views
from qa.filters import Filters
from qa.guards import notice_agrees
from qa.hybrid import HybridSearch
from qa.intent import MAX_QUESTION_CHARS, Intent, read_intent
from qa.lookup import best_answer
from qa.phrasing import lookup_sentence
from qa.planner import plan
from qa.scope import Scope, resolve_scope
from qa.semantic import SemanticCache
from qa.vocabulary import Vocabulary

_PASSAGES = 8  # retrieved chunks whose rank counts for the facts in them
_DEPTH = 30  # retrieved chunks whose notices may be in play
_NOTICES = 3  # notices whose facts are considered for one question


class OfflineAnswerer:
    """Answers from facts and tools alone; the same ``Answer`` type as the model-driven agent."""

    def __init__(
        self,
        search: HybridSearch,
        catalog: Catalog,
        audit: Callable[[str], list[Any]],
    ) -> None:
        self.search = search
        self.catalog = catalog
        self.audit = audit
        self.semantic = SemanticCache(search.embedder)
        self.vocabulary = Vocabulary(catalog)
        self._views: dict[str, tuple[list[dict], list[FactView]]] = {}

    def answer(
        self,
        question: str,
        history: Sequence[Answer] = (),
        filters: Filters | None = None,
    ) -> Answer:
        """Answer one question; ``history`` holds the conversation's earlier answers."""
        question = " ".join(question.split())
        if not question:
            return Answer(
                question, "Ask a question about the ingested notices.", found=False
            )
        manifest = self.catalog.manifest
        if not manifest:
            return Answer(
                question,
                f"Nothing is ingested yet, so this is {NOT_FOUND}. Add notices first.",
                found=False,
            )
        intent = _with_history(read_intent(question), history)
        scope = resolve_scope(
            intent, manifest, filters or Filters(), history, self.vocabulary
        )
        if intent.operation == "list":
            return self._list(question, scope)
        if intent.operation == "calculate":
            return self._computed(question, evaluate_expression(intent.question), [])
        if scope.unknown:
            names = ", ".join(name.capitalize() for name in scope.unknown)
            return Answer(
                question,
                f"That is {NOT_FOUND}: no ingested notice mentions {names}.",
                found=False,
            )
        search_text = intent.question[:MAX_QUESTION_CHARS]
        vector = self.semantic.vector(search_text)
        found = self.search.search(search_text, _DEPTH, scope.doc_ids, vector=vector)
        if not found:
            return Answer(question, f"That is {NOT_FOUND}.", found=False)
        hits = found[:_PASSAGES]
        doc_ids = _top_notices(found, intent, manifest)
        if intent.operation == "audit":
            return self._audit(question, doc_ids[0])
        evidence = Evidence(
            intent=intent,
            views=[view for doc_id in doc_ids for view in self._notice_views(doc_id)],
            passage_rank={hit.chunk_id: rank for rank, hit in enumerate(hits)},
            doc_prior={
                doc_id: _PRIOR[min(rank, len(_PRIOR) - 1)]
                for rank, doc_id in enumerate(doc_ids)
            },
            naming=scope.naming_terms,
            semantic=self.semantic,
            manifest=manifest,
            question_vector=vector,
        )
        if intent.computation:
            return self._computed(
                question, plan(evidence), hits, evidence.quoted_facts()
            )
        match = best_answer(evidence)
        if match is None:
            return self._not_found(question, hits)
        best = match.fact
        entry = manifest.get(best["doc_id"])
        notice_facts = [v.fact for v in evidence.views]
        text = lookup_sentence(match.view, notice_facts, entry)
        checked = product_check(best, notice_facts)
        if checked is None:
            return Answer(
                question, text, citations=(cite_fact(best, entry),), facts=(best,)
            )
        trace, inputs = checked
        used = (best, *inputs)
        return Answer(
            question,
            f"{text} It is {trace.formula}, as the notice's own figures give.",
            citations=unique([cite_fact(fact, entry) for fact in used]),
            tool_calls=(trace,),
            facts=used,
        )

    def _notice_views(self, doc_id: str) -> list[FactView]:
        facts = self.catalog.facts(doc_id)
        cached = self._views.get(doc_id)
        if (
            cached is not None and cached[0] is facts
        ):  # the catalog hands out a new list when the store changes
            return cached[1]
        views = build_views(facts, self.vocabulary.topics(doc_id))
        self._views[doc_id] = (facts, views)
        return views

    def _computed(
        self,
        question: str,
        computed: Computed,
        hits: list[StoredChunk],
        quoted: Sequence[dict] = (),
    ) -> Answer:
        """A computed answer cites the facts it used; figures the question wrote are cited where a
        notice states them, and with nothing to cite the closest passage is named."""
        manifest = self.catalog.manifest
        citations = [
            cite_fact(fact, manifest.get(fact["doc_id"]))
            for fact in [*computed.facts, *quoted]
        ]
        if not computed.found or not citations:
            citations += [
                cite_chunk(hit, manifest.get(hit.chunk.doc_id)) for hit in hits[:1]
            ]
        return Answer(
            question,
            computed.text,
            citations=unique(citations),
            tool_calls=tuple(computed.tool_calls),
            found=computed.found,
            facts=tuple(computed.facts),
        )

    def _audit(self, question: str, doc_id: str) -> Answer:
        entry = self.catalog.manifest.get(doc_id)
        checks = self.audit(doc_id)
        name = entry.title if entry else doc_id
        if not checks:
            return Answer(
                question,
                f"{name}: the notice states no relation between its figures to check.",
            )
        failed = [check for check in checks if not check.ok]
        verdict = "all add up" if not failed else f"{len(failed)} do not add up"
        lines = [check.formula for check in checks]  # each formula ends in its ✔ or ✘
        text = f"{name}: {len(checks)} relations checked, {verdict}.\n" + "\n".join(
            lines
        )
        return Answer(
            question,
            text,
            citations=unique(
                [
                    cite_quote(doc_id, quote, entry)
                    for check in checks
                    for quote in check.quotes
                ]
            ),
            tool_calls=tuple(
                ToolCall("audit", {"doc_id": doc_id}, check.formula, check.formula)
                for check in checks
            ),
        )

    def _list(self, question: str, scope: Scope) -> Answer:
        entries = [
            e
            for e in self.catalog.manifest.values()
            if scope.doc_ids is None or e.doc_id in scope.doc_ids
        ]
        lines = [
            f"- {entry.title} ({entry.issuer or 'issuer not stated'}, {entry.date or 'undated'}, {entry.type}) [{entry.doc_id}]"
            for entry in entries
        ]
        return Answer(
            question, f"{len(entries)} notices are ingested:\n" + "\n".join(lines)
        )

    def _not_found(self, question: str, hits: list[StoredChunk]) -> Answer:
        closest = hits[0]
        entry = self.catalog.manifest.get(closest.chunk.doc_id)
        where = entry.title if entry else closest.chunk.doc_id
        text = f'That is {NOT_FOUND}. The closest passage is in "{where}" ({closest.chunk.doc_id}).'
        return Answer(
            question, text, citations=(cite_chunk(closest, entry),), found=False
        )


_PRIOR = (
    1.0,
    0.4,
    0.0,
)  # score added to facts of the best, second and third notice by retrieval


def _with_history(intent: Intent, history: Sequence[Answer]) -> Intent:
    """A follow-up ("and the record date?") keeps the earlier question's operation when it has none."""
    if not history or not intent.follow_up:
        return intent
    earlier = read_intent(history[-1].question)
    operation = intent.operation if intent.operation != "lookup" else earlier.operation
    if operation not in ("lookup", "breakdown"):
        operation = "lookup"
    return Intent(
        intent.question,
        operation,
        intent.kinds or earlier.kinds,
        intent.terms,
        intent.asked,
        intent.figures,
        intent.periods,
        intent.names,
    )


def _top_notices(hits: list[StoredChunk], intent: Intent, manifest) -> list[str]:
    """Notices in order of their best passage, those whose date fits the question's months first."""
    ordered = list(dict.fromkeys(hit.chunk.doc_id for hit in hits))
    if intent.periods:
        ordered.sort(
            key=lambda doc_id: -notice_agrees(intent.periods, manifest.get(doc_id))
        )
    return ordered[:_NOTICES]
