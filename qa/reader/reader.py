"""The offline reader: scope, retrieval, reading, candidates, grounding, program, answer.

No language model: the question is read by classifiers fitted on the annotated bank, candidates
are every typed span of the notices retrieval ranks first, a fitted scorer grounds the answer
or the operands, and ``tools`` compute anything derived. Below the calibrated scores the
answer is "not found in the ingested notices"; a wrong figure costs more than no figure.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ingest.records import ManifestEntry
from qa.answer import NOT_FOUND, Answer, Citation, ToolCall
from qa.citations import cite_chunk, cite_quote, unique
from qa.reader.candidates import Candidate, find_candidates
from qa.reader.conflicts import also_stated, conflicting, labelled_alike
from qa.reader.corroboration import corroborating
from qa.reader.decide import Proposal, signals
from qa.reader.direction import Direction
from qa.reader.experts import TABULAR_SHARE, ModelSet, tabular_share
from qa.reader.features import NoticeWords, QuestionContext
from qa.reader.ground import Grounding, listed, lookup, operands
from qa.reader.passages import Options, PassageReader, Sentence, prose_sentences
from qa.reader.programs import COMPUTED, Computed, ProgramError, order, run
from qa.reader.question import Reading
from qa.render import counted
from qa.retrieval.catalog import Catalog
from qa.retrieval.filters import Filters
from qa.retrieval.hybrid import HybridSearch
from qa.retrieval.kept_vectors import KeptVectors
from qa.retrieval.scope import named_notices
from qa.retrieval.semantic import SemanticCache

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
# What the question classifier can ask for: a stated value ("lookup") or several ("list"), a
# program, an audit of a notice's own figures, or the catalogue of ingested notices.
OPERATIONS = ("lookup", "list", *COMPUTED, "audit", "catalog")
_DEPTH = 30  # retrieved chunks whose notices may be in play
_NOTICES = 2  # notices whose candidates are scored for one question
# Notices kept with their candidates' vectors, least recently used dropped beyond it: the bank's
# 487 all stay (114 candidates a notice on average, 360 at most, 1.5 kB of vector each: 85 MB).
_NOTICE_CAPACITY = 512
# First match wins: "rounded down to the nearest whole share" rounds down.
_POLICIES = (
    ("round_up", re.compile(r"(?i)round(?:ed)? up")),
    ("round_down", re.compile(r"(?i)round(?:ed)? down")),
    ("nearest", re.compile(r"(?i)nearest (?:whole )?share")),
    ("cash_in_lieu", re.compile(r"(?i)cash (?:payment )?in lieu|paid in cash")),
    ("round_down", re.compile(r"(?i)disregard|cancel")),
)


@dataclass(frozen=True)
class Resolved:
    """A grounded answer before the decision to state it: operands, program result, value, signals."""

    grounding: Grounding
    computed: Computed | None
    value: str | list[str]  # a list when rivals are shown beside the value
    signals: np.ndarray

    @property
    def decided(self) -> str:
        """The value the decision is about: the program's result, or the chosen figure (a
        lookup's rivals are shown beside it when it is stated, but it is what must be right)."""
        if self.computed is not None or not self.grounding.rivals:
            return self.value
        return self.grounding.operands[0].text

    @property
    def scale(self) -> str | None:
        """The scale the decided value is in, as the answer states it (a table's "million")."""
        if self.computed is not None:
            return computed_scale(self.computed, self.grounding.operands)
        return self.grounding.operands[0].scale or None

    def corroborated(self, ctx: QuestionContext, scores: np.ndarray) -> list[Candidate]:
        """Other notices' first candidates that state this figure (``corroboration``), cited
        beside a figure stated alone; none beside a program's result, several cells or rivals."""
        operands = self.grounding.operands
        if self.computed is not None or self.grounding.rivals or len(operands) != 1:
            return []
        return corroborating(ctx, scores, operands[0])


@dataclass(frozen=True)
class _Notice:
    """A notice as the reader uses it: its text, candidates and their vectors (one row each, of
    the candidate ``marked``) and its words (``NoticeWords``), cached until the store changes."""

    facts: list[dict]
    text: str
    candidates: tuple[Candidate, ...]
    vectors: np.ndarray
    words: NoticeWords


def marked(candidate: Candidate) -> str:
    """The candidate in its context, marked, as the scorer's embedding reads it."""
    label = f"{candidate.label}: " if candidate.label else ""
    return f"{label}{candidate.left} [{candidate.text}] {candidate.right}".strip()


class Reader:
    """Answers questions from the store with the fitted question reader and grounding scorer."""

    def __init__(
        self,
        search: HybridSearch,
        catalog: Catalog,
        audit: Callable[[str], list] | None = None,
        models: ModelSet | None = None,
        tables: ModelSet | None = None,
        kept: KeptVectors | None = None,
    ) -> None:
        """``models`` read every notice (the committed bank models when None); ``tables``, when
        given, read the notices with figures in table cells (see ``experts``);
        ``kept``, when given, keeps notices' candidate vectors on disk for the next process."""
        self.search, self.catalog, self.audit = search, catalog, audit
        self.models = models or ModelSet()
        self.tables = tables
        self.kept = kept
        self.semantic = SemanticCache(search.embedder)
        self._notices: dict[str, _Notice] = {}
        self._lock = threading.Lock()

    # --- the pieces, also used by training -------------------------------------------------

    def notice(self, doc_id: str) -> _Notice:
        """A notice's text, candidates and their vectors; rebuilt when the catalog hands out new
        facts. The ``_NOTICE_CAPACITY`` notices used last are kept, vectors included, so that a
        notice read again is not embedded again (its candidates are nearly all a warm answer's
        texts; kept by text in ``SemanticCache`` instead, they are evicted by other notices'
        candidates once the notices asked about hold more than its capacity)."""
        facts = self.catalog.facts(doc_id)
        with self._lock:
            cached = self._notices.pop(doc_id, None)
            if cached is not None and cached.facts is facts:
                # Put back at the end, where the most recently used notices are.
                self._notices[doc_id] = cached
                return cached
        text = self.search.store.notice_text(doc_id)
        candidates = tuple(find_candidates(text, facts, doc_id))
        texts = [marked(c) for c in candidates]
        vectors = (
            self.kept.vectors(texts, self.semantic.embed)
            if self.kept is not None
            else self.semantic.embed(texts)
        )
        entry = self.catalog.manifest.get(doc_id)
        words = NoticeWords.of(text, entry.title if entry else "")
        notice = _Notice(facts, text, candidates, vectors, words)
        with self._lock:
            self._notices[doc_id] = notice
            while len(self._notices) > _NOTICE_CAPACITY:
                del self._notices[next(iter(self._notices))]  # the least recently used
        return notice

    def experts(self, doc_ids: Sequence[str]) -> list[ModelSet]:
        """The model sets that read a question, by the notice retrieval ranks first: the
        reader's own for prose, the table set (when there is one) for a notice most of whose
        figures are table cells, and both, the reader's own first, for a notice with some
        (why: the ``qa.reader.experts`` module)."""
        if self.tables is None or not doc_ids:
            return [self.models]
        share = tabular_share(self.notice(doc_ids[0]).candidates)
        if share > TABULAR_SHARE:
            return [self.tables]
        return [self.models, self.tables] if share > 0 else [self.models]

    def context(
        self,
        question: str,
        reading: Reading,
        vector: np.ndarray,
        doc_ids: Sequence[str],
        models: ModelSet | None = None,
    ) -> QuestionContext:
        """Every candidate of the notices (best first) and of the question, with their vectors
        and the word associations and exemplars of ``models`` (the reader's own when None)."""
        notices = [self.notice(doc_id) for doc_id in doc_ids]
        asked = find_candidates(question, source="question")
        candidates = [c for notice in notices for c in notice.candidates] + asked
        vectors = np.vstack(
            [
                *(notice.vectors for notice in notices),
                self.semantic.vectors([marked(c) for c in asked]),
            ]
        )
        models = models or self.models
        return QuestionContext(
            question,
            reading,
            vector,
            candidates,
            vectors,
            {doc_id: rank for rank, doc_id in enumerate(doc_ids)},
            models.associations.scores(question, candidates),
            {
                doc_id: notice.words
                for doc_id, notice in zip(doc_ids, notices, strict=True)
            },
            models.exemplars.features(vector, candidates, vectors),
        )

    def passage_options(
        self, question: str, vector: np.ndarray, doc_ids: Sequence[str]
    ) -> Options:
        """Every passage option of the notices' prose sentences; a sentence is embedded once
        and kept by its text (``SemanticCache``), so that only a notice asked in words pays it."""
        notices = {doc_id: self.notice(doc_id) for doc_id in doc_ids}
        sentences = [
            s
            for doc_id, notice in notices.items()
            for s in prose_sentences(notice.text, doc_id)
        ]
        return Options.of(
            question,
            vector,
            sentences,
            self.semantic.vectors([s.text for s in sentences]),
            {doc_id: notice.words.title for doc_id, notice in notices.items()},
        )

    def policy(self, question: str, doc_id: str | None) -> str | None:
        """The rule for fractional shares: the one the question states ("with fractions rounded
        up"), else the notice's (``doc_id``, when an operand comes from one)."""
        if stated := fraction_policy(question):
            return stated
        return fraction_policy(self.notice(doc_id).text) if doc_id else None

    # --- answering ----------------------------------------------------------------------------

    def answer(
        self,
        question: str,
        history: Sequence[Answer] = (),
        filters: Filters | None = None,
    ) -> Answer:
        """Answer one question; an internal error becomes a clear "could not answer", never a raise."""
        question = " ".join(question.split())
        if not question:
            return Answer(
                question, "Ask a question about the ingested notices.", found=False
            )
        if len(question) > MAX_QUESTION_CHARS:
            return Answer(
                question,
                f"The question is longer than {MAX_QUESTION_CHARS} characters; ask it in fewer words.",
                found=False,
            )
        if not self.catalog.manifest:
            return Answer(
                question,
                f"Nothing is ingested yet, so this is {NOT_FOUND}. Add notices first.",
                found=False,
            )
        try:
            return self._answer(question, history, filters or Filters())
        except Exception:  # one question's failure must not end a session or a batch
            log.exception("could not answer %r", question)
            return Answer(
                question,
                "Could not answer this question because of an internal error (it has been logged).",
                found=False,
            )

    def scope(
        self,
        question: str,
        history: Sequence[Answer] = (),
        filters: Filters | None = None,
    ) -> tuple[set[str] | None, set[str]]:
        """The notices a question may be answered from (those the filters allow, or, when the
        question names none, those the previous answer cited; None: all), and those it names.

        The names do not narrow the search: a notice is often about a company its issuer field
        does not name (an article, a subsidiary), and issuer words also name other companies
        ("Armour" in "Under Armour" and "Armour Residential"). Searched within the named notices
        only, the asked notice was missing for 13% of the bank's train questions; searched in all
        and given the best named notice besides, for 8%."""
        manifest = self.catalog.manifest
        allowed = self.search.allowed_doc_ids(filters or Filters())
        named = named_notices(question, manifest, self.catalog.index, allowed)
        if not named and history and history[-1].citations:
            cited = {c.doc_id for c in history[-1].citations} & (
                allowed or set(manifest)
            )
            return cited or allowed, named
        return allowed, named

    def retrieve(
        self, question: str, vector: np.ndarray, scope: set[str] | None, named: set[str]
    ) -> tuple[list, list[str]]:
        """The chunks retrieval ranks first, and the notices whose candidates are read: the first
        ``_NOTICES`` of the hits, and the best of the notices the question names if none of them
        is among those. (Training reads the same ones, so that the models learn from what
        answering will see.)"""
        hits = self.search.search(question, _DEPTH, scope, vector=vector)
        doc_ids = list(dict.fromkeys(hit.chunk.doc_id for hit in hits))[:_NOTICES]
        if named and not named & set(doc_ids):
            best = self.search.search(question, 1, named, vector=vector)
            doc_ids += [hit.chunk.doc_id for hit in best]
        return hits, doc_ids

    def _answer(
        self, question: str, history: Sequence[Answer], filters: Filters
    ) -> Answer:
        """The answer of each model set that reads the question (``experts``); of several, the
        one stated with the most to spare over its set's threshold, else the first set's."""
        scope, named = self.scope(question, history, filters)
        vector = self.semantic.vector(question)
        hits, doc_ids = self.retrieve(question, vector, scope, named)
        answers = [
            self._read_with(models, question, vector, hits, doc_ids, scope, named)
            for models in self.experts(doc_ids)
        ]
        answer = max(answers, key=lambda answer: answer[1])[0]
        in_play = len(self.catalog.manifest if scope is None else scope)
        if answer.found or named or in_play < 2:
            return answer
        return replace(answer, text=f"{answer.text} {naming_hint(in_play)}")

    def _read_with(
        self,
        models: ModelSet,
        question: str,
        vector: np.ndarray,
        hits: list,
        doc_ids: list[str],
        scope: set[str] | None,
        named: set[str],
    ) -> tuple[Answer, float]:
        """The answer of one model set, and how sure it is: its probability less its threshold
        when stated (infinite for the catalogue and an audit, which state no reading), else
        minus infinity."""
        manifest = self.catalog.manifest
        reading = models.questions.read(question, vector)
        op = reading.operation
        if op == "catalog":
            return self._catalog(question, named or scope), math.inf
        if not hits:
            return Answer(question, f"That is {NOT_FOUND}.", found=False), -math.inf
        if op == "audit" and self.audit is not None:
            # the notice the question names, else the one retrieval ranks first
            audited = next((d for d in doc_ids if d in named), doc_ids[0])
            return self._audit(question, audited), math.inf
        passages = models.passages
        if passages is not None and passages.asks_in_words(question, vector):
            # asked in words, a figure would be a wrong answer: a passage or "not found"
            options = self.passage_options(question, vector, doc_ids)
            if passage := self._passage(question, options, passages):
                return passage
            closest = passages.closest(options)
            return self._not_found(
                question, hits, manifest, sentences=closest
            ), -math.inf
        ctx = self.context(question, reading, vector, doc_ids, models)
        scores = models.grounder.scores(ctx)
        resolved = self.resolve(ctx, scores, op, models)
        if resolved is None:
            return self._not_found(question, hits, manifest), -math.inf
        decider = models.decider
        spare = decider.probability(resolved.signals) - decider.threshold
        grounded = resolved.grounding.operands
        if resolved.computed is None and len(grounded) > 1:
            if spare < 0:
                return self._not_found(question, hits, manifest, grounded), -math.inf
            return self._listed(question, grounded, manifest), spare
        rivals = resolved.grounding.rivals
        stated = [grounded[0], *rivals]
        if spare < 0:
            if resolved.computed is None:
                stated += labelled_alike(ctx, stated)
            # not sure which, but the notice's differing values are shown
            if len(stated) > 1:
                conflict = self._conflict(question, stated, manifest, decided=False)
                return conflict, -math.inf
            near = (
                grounded
                if resolved.computed is not None
                else (*grounded, *runner_up(ctx, scores, grounded))
            )
            return self._not_found(question, hits, manifest, near), -math.inf
        if resolved.computed is not None:
            computed = self._computed(
                question, resolved.computed, resolved.grounding, manifest
            )
            return computed, spare
        if rivals:
            # values named alike are shown side by side, never one of them silently
            return self._conflict(question, stated, manifest, decided=True), spare
        also = also_stated(ctx, stated[0])
        same = resolved.corroborated(ctx, scores)
        return self._stated(question, stated[0], manifest, also, same), spare

    def resolve(
        self,
        ctx: QuestionContext,
        scores: np.ndarray,
        op: str,
        models: ModelSet | None = None,
    ) -> Resolved | None:
        """Ground the question's operands and run its program with the pair scorer and the
        direction of ``models`` (the reader's own when None); None when nothing fits."""
        models = models or self.models
        if op in COMPUTED:
            grounding = operands(ctx, scores, op, models.pairs)
            computed = self._compute(ctx.question, op, grounding, models.direction)
            if computed is None:
                return None
            return Resolved(
                grounding,
                computed,
                computed.value,
                signals(ctx, scores, grounding, Proposal(op, computed.value)),
            )
        grounding = listed(ctx, scores) if op == "list" else lookup(ctx, scores)
        if len(grounding.operands) > 1:  # several cells of a row, asked as a list
            texts = [c.text for c in grounding.operands]
            return Resolved(
                grounding,
                None,
                texts,
                signals(ctx, scores, grounding, Proposal(op, texts)),
            )
        if not grounding.operands:
            return None
        chosen = grounding.operands[0]
        rivals = tuple(conflicting(ctx, scores, chosen))
        grounding = replace(grounding, rivals=rivals)
        value = [c.text for c in (chosen, *rivals)] if rivals else chosen.text
        return Resolved(
            grounding,
            None,
            value,
            signals(ctx, scores, grounding, Proposal(op, chosen.text)),
        )

    def _compute(
        self, question: str, op: str, grounding: Grounding, direction: Direction
    ) -> Computed | None:
        """The program over the grounded operands; None when they do not fit it."""
        if not grounding.operands:
            return None
        notice = next((c.doc_id for c in grounding.operands if c.doc_id), None)
        policy = self.policy(question, notice) if op == "split_adjust" else None
        try:
            ordered = direction.arrange(
                question, op, order(op, list(grounding.operands))
            )
            return run(op, ordered, policy)
        except (ProgramError, ArithmeticError, ValueError) as error:
            log.info("program %s failed: %s", op, error)
            return None

    def _passage(
        self, question: str, options: Options, passages: PassageReader
    ) -> tuple[Answer, float] | None:
        """A question answered in words: the sentence tail the passage model ranks first, with
        its sentence, when its probability clears the model's threshold (else None), and by how
        much it clears it."""
        manifest = self.catalog.manifest
        best = passages.best(options)
        if best is None or not passages.says_answer(best[1]):
            return None
        passage = best[0]
        doc_id, sentence = passage.sentence.doc_id, passage.sentence.text
        entry = manifest.get(doc_id)
        where = f" ({entry.title})" if entry else ""
        answer = Answer(
            question,
            f"{passage.text}. The notice states: “{sentence}”{where}",
            citations=(cite_quote(doc_id, sentence, entry),),
            value=passage.text,
            unit="text",
        )
        return answer, best[1] - passages.threshold

    def _stated(
        self,
        question: str,
        candidate: Candidate,
        manifest: dict[str, ManifestEntry],
        also: Sequence[Candidate] = (),
        same: Sequence[Candidate] = (),
    ) -> Answer:
        """The figure as the answer, with the sentence that states it; other values its notice
        states alike (``conflicts.also_stated``) are mentioned after it, and other notices read
        that state the same value (``corroboration``), each cited."""
        entry = manifest.get(candidate.doc_id)
        where = f" ({entry.title})" if entry else ""
        sentence = " ".join(candidate.sentence.split())
        mentioned = "".join(
            f" The notice also states {c.text} for what may be the same thing: "
            f"“{' '.join(c.sentence.split())}” Check which one applies."
            for c in also
        ) + "".join(
            f" Also stated in {manifest[c.doc_id].title if c.doc_id in manifest else c.doc_id}: "
            f"“{' '.join(c.sentence.split())}”"
            for c in same
        )
        return Answer(
            question,
            f"{as_sentence(candidate.text)} The notice states: “{sentence}”{where}{mentioned}",
            citations=tuple(
                dict.fromkeys(
                    _cite(c, manifest.get(c.doc_id)) for c in (candidate, *also, *same)
                )
            ),
            value=candidate.text,
            unit=candidate.kind,
            scale=candidate.scale or None,
        )

    def _listed(
        self,
        question: str,
        cells: Sequence[Candidate],
        manifest: dict[str, ManifestEntry],
    ) -> Answer:
        """Several figures in the order asked: of one table row, each with its column, or of one
        enumeration in a sentence."""
        shown = "; ".join(
            f"{c.text} ({c.header})" if c.header else c.text for c in cells
        )
        where = "The notice's table states" if cells[0].header else "The notice states"
        row = " ".join(cells[0].sentence.split())
        return Answer(
            question,
            f"{as_sentence(shown)} {where}: “{row}”",
            citations=tuple(
                dict.fromkeys(_cite(c, manifest.get(c.doc_id)) for c in cells)
            ),
            value=[c.text for c in cells],
            unit=cells[0].kind,
            scale=cells[0].scale or None,
        )

    def _conflict(
        self,
        question: str,
        stated: list[Candidate],
        manifest: dict[str, ManifestEntry],
        decided: bool,
    ) -> Answer:
        """The notice states different values for what was asked: say so and show each. When the
        decision is not sure of the reading (``decided`` False), none is given as the answer, but
        the values are still shown, so that a sentence added to steer the answer is seen beside
        the figure it contradicts rather than hidden behind "not found"."""
        shown = "; ".join(
            f"{c.text} (“{' '.join(c.sentence.split())}”)" for c in stated
        )
        citations = tuple(
            dict.fromkeys(_cite(c, manifest.get(c.doc_id)) for c in stated)
        )
        if not decided:
            return Answer(
                question,
                f"Which value answers this is {NOT_FOUND}: the notice states "
                f"{len(stated)} different values that may answer it: {shown}. Check which one applies.",
                citations=citations,
                found=False,
            )
        return Answer(
            question,
            f"The notice states {len(stated)} different values for this: {shown}. "
            "Check which one applies.",
            citations=citations,
            value=[c.text for c in stated],
            unit=stated[0].kind,
            scale=stated[0].scale or None,
        )

    def _computed(
        self,
        question: str,
        computed: Computed,
        grounding: Grounding,
        manifest: dict[str, ManifestEntry],
    ) -> Answer:
        citations = tuple(
            dict.fromkeys(
                _cite(c, manifest.get(c.doc_id))
                for c in grounding.operands
                if c.source == "notice"
            )
        )
        return Answer(
            question,
            f"{_listed_text(computed.value)}, computed as {computed.call.formula}.",
            citations=citations,
            tool_calls=(computed.call,),
            value=computed.value,
            unit=computed.unit,
            scale=computed_scale(computed, grounding.operands),
        )

    def _audit(self, question: str, doc_id: str) -> Answer:
        """Do the notice's own figures add up? Each relation checked, with its formula and mark."""
        entry = self.catalog.manifest.get(doc_id)
        checks = self.audit(doc_id) if self.audit else []
        name = entry.title if entry else doc_id
        if not checks:
            return Answer(
                question,
                f"{name}: the notice states no relation between its figures to check.",
            )
        failed = [check for check in checks if not check.ok]
        verdict = (
            "all add up"
            if not failed
            else f"{len(failed)} {'does' if len(failed) == 1 else 'do'} not add up"
        )
        lines = [check.formula for check in checks]  # each formula ends in its ✔ or ✘
        return Answer(
            question,
            f"{name}: {counted(len(checks), 'relation')} checked, {verdict}.\n"
            + "\n".join(lines),
            citations=tuple(
                dict.fromkeys(
                    cite_quote(doc_id, quote, entry)
                    for check in checks
                    for quote in check.quotes
                )
            ),
            tool_calls=tuple(
                ToolCall("audit", {"doc_id": doc_id}, check.formula, check.formula)
                for check in checks
            ),
            value=verdict,
        )

    def _catalog(self, question: str, scope: set[str] | None) -> Answer:
        """The ingested notices (those in scope), one line each."""
        entries = [
            e
            for e in self.catalog.manifest.values()
            if scope is None or e.doc_id in scope
        ]
        lines = [
            f"- {e.title} ({e.issuer or 'issuer not stated'}, {e.date or 'undated'}, {e.type}) [{e.doc_id}]"
            for e in entries
        ]
        return Answer(
            question,
            f"{counted(len(entries), 'notice')} {'is' if len(entries) == 1 else 'are'}"
            " ingested:\n" + "\n".join(lines),
            value=[e.doc_id for e in entries],
        )

    def _not_found(
        self,
        question: str,
        hits,
        manifest: dict[str, ManifestEntry],
        near: Sequence[Candidate] = (),
        sentences: Sequence[Sentence] = (),
    ) -> Answer:
        """ "Not found", citing the closest passages: the sentences that hold ``near`` (the
        figures the reader grounded but is not sure enough to state, and for a lookup the value
        it ranks next) or ``sentences`` (the passage model's best, for a question asked in
        words), else the passage retrieval ranks first. Why: where nothing is stated, the user
        still reads where the asked thing most likely stands, not a notice's opening paragraph
        (``filingqa eval`` counts how often these passages write the expected value)."""
        quoted = unique(
            [_cite(c, manifest.get(c.doc_id)) for c in near if c.source == "notice"]
            + [cite_quote(s.doc_id, s.text, manifest.get(s.doc_id)) for s in sentences]
        )
        if not quoted:
            closest = hits[0]
            entry = manifest.get(closest.chunk.doc_id)
            where = entry.title if entry else closest.chunk.doc_id
            return Answer(
                question,
                f'That is {NOT_FOUND}. The closest passage is in "{where}" ({closest.chunk.doc_id}).',
                citations=(cite_chunk(closest, entry),),
                found=False,
            )
        by_notice: dict[str, list[Citation]] = {}
        for citation in quoted:
            by_notice.setdefault(citation.doc_id, []).append(citation)
        places = "; and in ".join(
            f'"{cited[0].title or doc_id}" ({doc_id}): '
            + "; ".join(f"“{c.quote}”" for c in cited)
            for doc_id, cited in by_notice.items()
        )
        closest = "passage is" if len(quoted) == 1 else "passages are"
        return Answer(
            question,
            f"That is {NOT_FOUND}: no {'passage' if sentences else 'figure'} is certain "
            f"enough to state. The closest {closest} in {places}",
            citations=quoted,
            found=False,
        )


def naming_hint(in_play: int) -> str:
    """What a user can do when a question in which no notice is recognised by name is not found
    among several: the reader reads the notices retrieval ranks first, and a figure asked of "the
    notice" ("When is the payment date?") is often stated by several of them, none clearly enough
    to choose. (It says "recognised", not "names none": a question often names a company that is
    not the issuer of the notice that answers it, or writes the issuer otherwise.)"""
    return (
        f"No notice was recognised by name in the question, and {in_play} may answer it: "
        "naming the issuer as its notice writes it, or restricting the question to one "
        "notice, may find it."
    )


def runner_up(
    ctx: QuestionContext, scores: np.ndarray, chosen: Sequence[Candidate]
) -> list[Candidate]:
    """The notice candidate the ranker puts first among those of the chosen figure's kinds with
    another value: beside a declined lookup, where the asked thing stands when it is not the
    chosen figure."""
    kinds = {c.kind for c in chosen}
    taken = {ctx.keys[ctx.index(c)] for c in chosen}
    for i in np.argsort(-scores, kind="stable"):
        c = ctx.candidates[i]
        if c.source == "notice" and c.kind in kinds and ctx.keys[i] not in taken:
            return [c]
    return []


def as_sentence(value: str) -> str:
    """``value`` (one value, or a list's last) closed by one full stop: a name that ends with
    its own ("Native Ads Inc.") is not written "Inc.." in the answer."""
    return value if value.endswith(".") else f"{value}."


def fraction_policy(text: str) -> str | None:
    """The rule for fractional shares that a sentence of ``text`` speaking of fractions states."""
    for sentence in re.split(r"(?<=[.;])\s+|\n", text):
        if "fraction" not in sentence.lower():
            continue
        for name, pattern in _POLICIES:
            if pattern.search(sentence):
                return name
    return None


def _listed_text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else ", ".join(value)


def computed_scale(computed: Computed, operands: Sequence[Candidate]) -> str | None:
    """The scale a computed figure is in: "percent" for a percentage; for a sum, difference,
    product or total of table cells, the scale they share ("in thousands" stays thousands); a
    quotient's scale cancels out."""
    if computed.unit == "percent":
        return "percent"
    if computed.unit not in ("money", "number") or computed.call.name == "quotient":
        return None
    scales = {c.scale for c in operands if c.source == "notice"}
    return scales.pop() or None if len(scales) == 1 else None


def _cite(candidate: Candidate, entry: ManifestEntry | None) -> Citation:
    return cite_quote(candidate.doc_id, " ".join(candidate.sentence.split()), entry)
