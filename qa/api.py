"""``FilingQA``: the one entry point the CLI, the UI and Python users share."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.embedding import Embedder
from ingest.pipeline import IngestOptions, ingest_bytes, ingest_paths
from ingest.records import IngestReport, ManifestEntry
from ingest.store import NoticeStore, StoreError, connect
from qa.answer import NOT_FOUND, Answer, ToolCall
from qa.filtered_out import excluded_answer
from qa.question_form import normalize_question
from qa.question_parts import answer_in_parts
from qa.retrieval.catalog import Catalog
from qa.retrieval.filters import Filters
from qa.retrieval.scope import narrowed
from qa.settings import Settings
from qa.writing import opening, recover_if_no_writer, writing

if TYPE_CHECKING:
    from qa.reader.experts import ModelSet

_EMBEDDERS: dict[tuple[str, int, str], Embedder] = {}
# At most this many allowed notices are read to see whether they write a name the question uses
# before it is refused as being about a notice the filters leave out (``excluded_answer``).
_READ_TO_EXCLUDE = 20


def shared_embedder(
    model: Path | None, batch_size: int, backend: str = "onnx"
) -> Embedder:
    """One embedder per model and backend in a process, so its weights load once however many stores open."""
    embedder = Embedder(model, batch_size, backend)
    key = (str(embedder.model_path), batch_size, backend)
    return _EMBEDDERS.setdefault(key, embedder)


def text_index_path(settings: Settings) -> Path:
    """Where the store's text index lives: in the store folder, or for a Chroma server a local cache.

    A server's index is derived data each client keeps for itself (``Catalog`` syncs it from the
    server's chunks), named by the server URL and collection prefix.
    """
    return _local_file(settings, "text-index")


def kept_vectors_path(settings: Settings) -> Path:
    """Where answering keeps the vectors of candidates in context (``KeptVectors``): beside the
    text index, in the store folder or a server's local cache."""
    return _local_file(settings, "reader-vectors")


def _local_file(settings: Settings, kind: str) -> Path:
    """A file of derived data about the store, kept by this machine."""
    if settings.chroma_url is None:
        return settings.store / f"{settings.collection_prefix}-{kind}.sqlite3"
    from platformdirs import user_cache_dir

    key = hashlib.sha256(
        f"{settings.chroma_url}\x00{settings.collection_prefix}".encode()
    ).hexdigest()[:16]
    return Path(user_cache_dir("filingqa", appauthor=False)) / kind / f"{key}.sqlite3"


def _reachable(method: Callable) -> Callable:
    """Turn a lost Chroma server into a clear ``StoreError``; the next call retries by itself."""

    @wraps(method)
    def call(self: FilingQA, *args: Any, **kwargs: Any) -> Any:
        import httpx

        try:
            return method(self, *args, **kwargs)
        except httpx.TransportError as error:
            raise StoreError(
                f"the Chroma server at {self.settings.chroma_url} is not reachable ({error}); "
                "start it again and retry"
            ) from error

    return call


class FilingQA:
    """Ingest notices into a store and ask questions about them."""

    def __init__(
        self,
        settings: Settings,
        store: NoticeStore,
        embedder: Embedder,
        reader_models: tuple[ModelSet, ModelSet] | None = None,
    ) -> None:
        """``reader_models``: the offline reader's bank and table model sets (the committed ones
        when None)."""
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.reader_models = reader_models
        self.catalog = Catalog(store, text_index_path(settings))

    @classmethod
    def open(
        cls,
        store: str | Path | None = None,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        **overrides: Any,
    ) -> FilingQA:
        """Open (creating if needed) a store; ``overrides`` are ``Settings`` fields by name."""
        if store is not None:
            overrides["store"] = Path(store)
        settings = (
            (settings or Settings()).model_copy(update=overrides)
            if overrides
            else settings or Settings()
        )
        embedder = embedder or shared_embedder(
            settings.embedding_model,
            settings.embed_batch_size,
            settings.embedding_backend,
        )
        with opening(settings):
            client = connect(settings.store, settings.chroma_url)
            reconnect = (
                None
                if settings.chroma_url
                else lambda: connect(settings.store, None, fresh=True)
            )
            notice_store = NoticeStore(
                client,
                embedder.model_path.name,
                prefix=settings.collection_prefix,
                reconnect=reconnect,
            )
        recover_if_no_writer(settings, notice_store)
        return cls(settings, notice_store, embedder)

    def _options(self, show_progress: bool) -> IngestOptions:
        return IngestOptions(
            max_bytes=int(self.settings.max_file_mb * 1_000_000),
            target_tokens=self.settings.chunk_tokens,
            show_progress=show_progress,
        )

    @_reachable
    def ingest(
        self, paths: Iterable[str | Path], show_progress: bool = False
    ) -> IngestReport:
        """Ingest files and folders; see ``IngestReport`` for what happened to each file."""
        try:
            with writing(self.settings):
                report = ingest_paths(
                    [Path(p) for p in paths],
                    self.store,
                    self.embedder,
                    self._options(show_progress),
                )
        finally:
            self.catalog.invalidate()
        # The text index catches up now, not at the next question.
        self.catalog.refresh(show_progress)
        return report

    @_reachable
    def ingest_upload(self, name: str, data: bytes) -> IngestReport:
        """Ingest an uploaded file's bytes; ``name`` only labels it and is never used as a path."""
        try:
            with writing(self.settings):
                report = ingest_bytes(
                    name, data, self.store, self.embedder, self._options(False)
                )
        finally:
            self.catalog.invalidate()
        self.catalog.refresh()
        return report

    @_reachable
    def documents(self) -> list[ManifestEntry]:
        """The stored notices, by doc id."""
        return list(self.store.manifest().values())

    @_reachable
    def remove(self, doc_id: str) -> bool:
        """Delete a notice entirely; False when no notice has that id."""
        try:
            with writing(self.settings):
                self.store.recover()
                return self.store.remove(doc_id)
        finally:
            self.catalog.invalidate()

    @_reachable
    def facts(self, doc_id: str, kind: str | None = None) -> list[dict]:
        """The figures and dates extracted from a notice, optionally of one kind."""
        self.require_notice(doc_id)
        return [
            fact
            for fact in self.store.facts_of(doc_id)
            if kind is None or fact["kind"] == kind
        ]

    @_reachable
    def audit(self, doc_id: str) -> list:
        """Check that a notice's own figures add up (see ``ingest.audit``)."""
        self.require_notice(doc_id)
        from ingest.audit import audit_notice
        from ingest.facts import Fact

        facts = [Fact.from_record(record) for record in self.store.facts_of(doc_id)]
        return audit_notice(self.store.notice_text(doc_id), facts)

    @_reachable
    def ask(
        self,
        question: str,
        history: Sequence[Answer] | None = None,
        filters: Filters | dict | None = None,
    ) -> Answer:
        """Answer a question from the ingested notices; ``history`` holds earlier answers of the conversation.

        The question is made regular first (``normalize_question``: ASCII digits, no stray
        bytes), so that no answerer has to cope with full-width digits or undecodable input.
        ``filters`` bind every answerer: only the notices that pass them are searched or read.

        With a model configured, the answer is ``ask_stream``'s last item for the same question,
        history and filters (one agent run; see ``_read`` for why the reader's steps are not
        applied to it). Offline, the reader answers (``_read``).
        """
        question = normalize_question(question)
        if not question:
            return Answer(
                question="",
                text="Please ask a question about the ingested notices.",
                mode=self.mode,
                found=False,
            )
        filters = Filters.of(filters)
        allowed = self.hybrid_search.allowed_doc_ids(filters)
        if (nothing := self._nothing_passes(question, filters, allowed)) is not None:
            return nothing
        history = list(history or [])
        if self.settings.llm:
            return self._agent.answer(question, history, filters)
        return self._read(question, history, filters, allowed)

    def _nothing_passes(
        self, question: str, filters: Filters, allowed: set[str] | None
    ) -> Answer | None:
        """The answer when the filters leave no stored notice to read (``allowed``, the notices
        they pass, is empty: a type no notice has, a notice picked in the chat and removed
        meanwhile by another session), else None: said plainly rather than a bare "not found",
        and no search or model run is spent on it."""
        if allowed is None or allowed or not self.catalog.manifest:
            return None
        return Answer(
            question,
            f"No stored notice passes the filters ({filters.describe()}), so this is "
            f"{NOT_FOUND}. Clear or change the filters.",
            mode=self.mode,
            found=False,
        )

    def _read(
        self,
        question: str,
        history: list[Answer],
        filters: Filters,
        allowed: set[str] | None,
    ) -> Answer:
        """The offline reader's answer, after the steps it needs and a chat model does not.

        The reader reads a question as one ask about the notices it retrieves, so here: a
        question naming only notices the filters leave out gets the filter refusal
        (``excluded_answer``) instead of a bare "not found"; the filters are narrowed to the
        notices the question names (``narrowed``); and a question asking two things is answered
        part by part (``answer_in_parts``).

        Why not for the agent: a model reads the whole question, asks its tools for each part and
        picks the notices itself; its tools are bound by the user's filters and its prompt names
        them, so it says itself that the filters exclude a notice. Narrowing would put filters the
        user never set into its prompt ("The user restricted this question ..."), and splitting
        would cost one model run per part and replace its answer by stitched pieces. Keeping the
        agent's ``ask`` a single run is also what makes it equal the end of ``ask_stream``, which
        streams that one run. ``allowed`` is the notices the filters pass (None: all).
        """
        excluded = excluded_answer(
            question,
            filters,
            self.catalog.manifest,
            self.catalog.index,
            allowed,
            self.mode,
            (lambda: [self.store.notice_text(d) for d in sorted(allowed)])
            if allowed is not None and len(allowed) <= _READ_TO_EXCLUDE
            else None,
        )
        if excluded is not None:
            return excluded
        scoped = narrowed(
            question, filters, self.catalog.manifest, self.catalog.index, allowed
        )
        return answer_in_parts(
            question,
            history,
            lambda ask, earlier: self._offline.answer(ask, earlier, scoped),
        )

    def ask_stream(
        self,
        question: str,
        history: Sequence[Answer] | None = None,
        filters: Filters | dict | None = None,
    ) -> Iterator[str | ToolCall | Answer]:
        """Yield the answer as it is produced, ending with the whole ``Answer``.

        With a language model configured, its text arrives token by token (``str`` deltas) and
        each tool step as it completes (a ``ToolCall``), as ``AgentAnswerer.stream`` yields them.
        Offline, the reader produces its answer at once (in tens of milliseconds), so its text is
        yielded once, whole, then the ``Answer``; nothing is split to look like streaming.
        Either way the last item is the ``Answer`` that ``ask`` returns.
        """
        question = normalize_question(question)
        filters = Filters.of(filters)
        if (
            self.settings.llm
            and question
            and self._nothing_passes(
                question, filters, self.hybrid_search.allowed_doc_ids(filters)
            )
            is None
        ):
            yield from self._agent.stream(question, list(history or []), filters)
            return
        answer = self.ask(question, history, filters)
        yield answer.text
        yield answer

    @property
    def mode(self) -> str:
        """Who answers: "offline" or the configured model."""
        return self.settings.llm or "offline"

    def require_notice(self, doc_id: str) -> None:
        """Raise a ValueError naming ``doc_id`` unless the store holds that notice."""
        if self.store.entry(doc_id) is None:
            raise ValueError(f"no notice with id {doc_id!r} (see: filingqa documents)")

    @cached_property
    def hybrid_search(self):
        """Dense and lexical search fused (``qa.retrieval.hybrid.HybridSearch``) over this store."""
        from qa.retrieval.hybrid import HybridSearch

        return HybridSearch(self.store, self.embedder, self.catalog)

    @cached_property
    def retriever(self):
        """The hybrid search as a LangChain ``BaseRetriever``."""
        from qa.retrieval.retriever import NoticeRetriever

        return NoticeRetriever(hybrid=self.hybrid_search)

    @cached_property
    def _offline(self):
        from qa.reader.experts import TABLES_DIR, ModelSet
        from qa.reader.reader import Reader
        from qa.retrieval.kept_vectors import KeptVectors

        kept = KeptVectors(
            kept_vectors_path(self.settings),
            f"{self.embedder.model_path.name}/{self.embedder.backend}",
        )
        models, tables = self.reader_models or (ModelSet(), ModelSet(TABLES_DIR))
        return Reader(
            self.hybrid_search,
            self.catalog,
            self.audit,
            models=models,
            tables=tables,
            kept=kept,
        )

    def stating_every_reading(self) -> FilingQA:
        """This store answered by the offline reader with its decisions' thresholds at 0: its
        best reading of every question, as TAT-QA's published readers answer every one, so that
        ``bench/tatqa.py`` can show what the decisions cost. Never for users: a reading below
        the threshold is as often wrong as right."""
        from qa.reader.experts import TABLES_DIR, ModelSet

        return FilingQA(
            self.settings,
            self.store,
            self.embedder,
            (
                ModelSet().stating_every_reading(),
                ModelSet(TABLES_DIR).stating_every_reading(),
            ),
        )

    @cached_property
    def _agent(self):
        from qa.agent.answerer import load_chat_model

        model = load_chat_model(self.settings.llm, self.settings.llm_base_url)
        return self.agent_with(model, self.settings.llm)

    def agent_with(self, model: Any, name: str):
        """An agent answerer over this store driven by ``model`` (any LangChain chat model)."""
        from qa.agent.answerer import AgentAnswerer

        def describe(doc_id: str) -> dict[str, Any]:
            entry = self.catalog.manifest.get(doc_id)
            return entry.to_json() if entry else {}

        return AgentAnswerer(
            model,
            name,
            search=self.hybrid_search.search,
            facts=self.facts,
            describe=describe,
            scope=self.hybrid_search.allowed_doc_ids,
        )
