"""Features of a (question, candidate) pair, listed in one place: what the grounding scorer can know.

Each feature is a named function of the question's reading and one candidate in its context.
The scorer sees the question's words against the words right before the candidate (where a
notice writes the label of a figure: "record date of", "Payment Date (in Japan)"), against its
sentence and row, and against the same words of the *other* candidates of its kind, since most
mistakes are the right type but the wrong one of several similar values.

Embeddings beyond the one cosine add nothing measurable (out of fold on the bank's train split,
where these features put an operand first for 1,401 of 2,071 questions): the question's cosine
to an embedding of each candidate's naming text (``_before``) and its margin over its kind's
best gave 1,416 and, stated, 371 right and 49 wrong against 363 and 50 (refit noise is about
20); a low-rank bilinear score of the question's vector against the candidate's (its marked
context and naming text, or MiniLM's contextual token vectors over the candidate), fitted
listwise, 1,404 and 1,417. Among the candidates of the operands' kinds alone those scores put an
operand first for 648 to 708 questions, the plain cosine for 829 and these features for 1,499.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from qa.reader.candidates import KINDS, YEAR, Candidate
from qa.reader.exemplars import NAMES as EXEMPLAR_NAMES
from qa.reader.programs import AMOUNT_KINDS
from qa.reader.question import Reading
from qa.reader.words import idf, tokens
from tools.currencies import named_currencies
from tools.values import value_key

# The candidate kinds that can serve each answer type.
SERVES: dict[str, frozenset[str]] = {
    "money": frozenset({"money", "per_share"}),
    "per_share": frozenset({"per_share", "money"}),
    "count": frozenset({"shares", "count", "number"}),
    "number": frozenset({"number", "shares", "count", "money", "per_share"}),
    "percent": frozenset({"percentage"}),
    "ratio": frozenset({"ratio"}),
    "date": frozenset({"date"}),
    "duration": frozenset({"duration"}),
    "name": frozenset({"name"}),
    # A code written in digits alone (a securities code, a conference ID) is read as a number:
    # 16 of the bank's 96 identifier cases expect one, which an identifier question could not
    # be answered with.
    "identifier": frozenset({"identifier", "number"}),
    "text": frozenset(),
}
# The answer type each kind is the very answer to (a kind named like its type is its own); the
# other types in ``SERVES`` take it only in place of their own ("How much..." may be a total or
# a per-share price).
_OWN_TYPE = {"shares": "count", "percentage": "percent"}
# Kinds of figure a question writes as a program's operand (not names, dates, identifiers).
_WRITTEN_KINDS = AMOUNT_KINDS | {"percentage"}
_NEAR = 4  # content words right before a figure that usually name it
# A word that names a period: a year, a quarter ("q2", "2q25"), a fiscal year, a half. Figures of
# one kind told apart by their period ("$1.9 million in Q1 2025 compared to $2.6 million in Q1
# 2024") write it within a few words of the figure, before or after.
_PERIOD = re.compile(r"(?:19|20)\d\d|q[1-4]|[1-4]q\d\d|fy\d{2,4}|h[12]")
_PERIOD_REACH = 8  # words on each side of a figure searched for its period


@dataclass(frozen=True)
class NoticeWords:
    """A notice's words, once per notice: which notice a question is about shows in whether it
    writes the question's words at all, not only near one figure (sibling releases of one
    company hold figures labelled alike)."""

    text: frozenset[str]
    title: frozenset[str]

    @classmethod
    def of(cls, text: str, title: str) -> NoticeWords:
        return cls(frozenset(tokens(text)), frozenset(tokens(title)))


@dataclass
class QuestionContext:
    """Everything about one question that candidate features read, computed once per question."""

    question: str
    reading: Reading
    vector: np.ndarray
    candidates: Sequence[Candidate]
    vectors: np.ndarray  # one L2-normalised row per candidate (its marked context)
    doc_rank: dict[str, int]
    association: np.ndarray  # the learned word-association score of each candidate
    # Each notice's words: (its whole text's, its title's), by doc id (``NoticeWords``).
    notice_words: dict[str, NoticeWords] = field(default_factory=dict)
    # Each candidate's likeness to the answers of the nearest annotated questions: one row of
    # ``exemplars.NAMES`` per candidate (zeros where no exemplars were consulted).
    exemplars: np.ndarray | None = None
    words: list[str] = field(init=False)
    idf: dict[str, float] = field(init=False)
    similarity: np.ndarray = field(init=False)
    windows: list[dict[str, set[str]]] = field(init=False)
    kind_share: list[dict[str, float]] = field(init=False)
    question_values: set[str] = field(init=False)
    best_similarity: dict[str, float] = field(init=False)
    repeats: Counter = field(init=False)
    places: list[tuple[int, int]] = field(init=False)
    keys: list[tuple] = field(
        init=False
    )  # each candidate's value (``tools.values.value_key``)
    periods: set[str] = field(init=False)  # the periods the question names
    currencies: frozenset[str] = field(init=False)  # the currencies the question names
    # The words that name each candidate where it stands (``_before``).
    clauses: list[set[str]] = field(init=False)
    coverage: dict[str, tuple[float, float]] = field(init=False)
    # The candidates the question writes that may be a program's operands: its amounts and
    # percentages, not a year written bare ("the 2030 notes", "fiscal 2024": a period).
    written: list[int] = field(init=False)
    # Each question word and its IDF, and their sum: ``overlap``'s weights for every word.
    _weighted: list[tuple[str, float]] = field(init=False)
    _total: float = field(init=False)

    def __post_init__(self) -> None:
        if self.exemplars is None:
            self.exemplars = np.zeros(
                (len(self.candidates), len(EXEMPLAR_NAMES)), dtype=np.float32
            )
        self.words = list(dict.fromkeys(tokens(self.question)))
        sentences = {(c.doc_id, c.sentence_index): c.sentence for c in self.candidates}
        self.idf = idf(self.words, list(sentences.values()))
        self._weighted = [(w, self.idf[w]) for w in self.words]
        self._total = sum(weight for _, weight in self._weighted)
        self.similarity = (
            self.vectors @ (self.vector / (np.linalg.norm(self.vector) or 1.0))
            if len(self.candidates)
            else np.zeros(0)
        )
        self.windows = [_windows(c) for c in self.candidates]
        self.periods = _periods(self.words)
        self.currencies = named_currencies(self.question)
        self.kind_share = _kind_share(self.candidates, self.windows, self.words)
        self.best_similarity = {}
        for c, score in zip(self.candidates, self.similarity, strict=True):
            best = self.best_similarity.get(c.kind, -1.0)
            self.best_similarity[c.kind] = max(best, float(score))
        self.repeats = Counter(c.text for c in self.candidates)
        self.keys = [value_key(c.text) for c in self.candidates]
        groups = _kind_groups(self.candidates)
        self.places = _places(groups, len(self.candidates))
        self.clauses = [
            set(tokens(_before(c, end)))
            for c, end in zip(
                self.candidates, _previous_ends(self.candidates, groups), strict=True
            )
        ]
        self.question_values = {
            c.text.lower() for c in self.candidates if c.source == "question"
        }
        self.written = [
            i
            for i, c in enumerate(self.candidates)
            if c.source == "question"
            and c.kind in _WRITTEN_KINDS
            and not YEAR.fullmatch(c.text)
        ]
        self.coverage = {
            doc_id: (self.overlap(notice.text), self.overlap(notice.title))
            for doc_id, notice in self.notice_words.items()
        }

    def index(self, candidate: Candidate) -> int:
        """Where this very candidate stands among ``candidates`` (equal ones written twice are
        told apart by identity)."""
        return next(i for i, c in enumerate(self.candidates) if c is candidate)

    def overlap(self, words: AbstractSet[str], only: set[str] | None = None) -> float:
        """IDF-weighted share of the question's words found in ``words``."""
        if only is None:  # most calls: every question word, weighed once per question
            weighted, total = self._weighted, self._total
        else:
            weighted = [(w, self.idf[w]) for w in self.words if w in only]
            total = sum(weight for _, weight in weighted)
        if not total:
            return 0.0
        return sum(weight for w, weight in weighted if w in words) / total


@lru_cache(maxsize=100_000)
def _windows(candidate: Candidate) -> dict[str, set[str]]:
    """The candidate's words where it stands, for every question about its notice (read only:
    kept by candidate, since they do not depend on the question)."""
    left = tokens(candidate.left)
    return {
        "near": set(left[-_NEAR:]),
        "left": set(left),
        "right": set(tokens(candidate.right)[:6]),
        "label": set(tokens(candidate.label)),
        "sentence": set(tokens(candidate.sentence)),
        "periods": _periods(
            tokens(candidate.left)[-_PERIOD_REACH:]
            + tokens(candidate.right)[:_PERIOD_REACH]
        ),
    }


def _periods(words: Sequence[str]) -> set[str]:
    return {w for w in words if _PERIOD.fullmatch(w)}


def _kind_share(
    candidates: Sequence[Candidate],
    windows: list[dict[str, set[str]]],
    words: list[str],
) -> list[dict[str, float]]:
    """For each candidate, the share of same-kind candidates whose left window holds each question word."""
    counts: dict[str, Counter] = {}
    sizes: Counter = Counter()
    for c, window in zip(candidates, windows, strict=True):
        sizes[c.kind] += 1
        counts.setdefault(c.kind, Counter()).update(
            w for w in words if w in window["left"]
        )
    per_kind = {
        kind: {w: counts[kind][w] / sizes[kind] for w in words} for kind in sizes
    }
    return [per_kind[c.kind] for c in candidates]


def _kind_groups(candidates: Sequence[Candidate]) -> list[list[int]]:
    """The candidates of each kind in each sentence (of a notice, or of the question), in the
    order they come."""
    groups: dict[tuple, list[int]] = {}
    for i, c in enumerate(candidates):
        groups.setdefault((c.doc_id, c.source, c.sentence_index, c.kind), []).append(i)
    return list(groups.values())


def _places(groups: list[list[int]], count: int) -> list[tuple[int, int]]:
    """Each candidate's place among the candidates of its kind in its sentence, and their number
    ("between $18 and $20": the top of a range is the second of two)."""
    places = [(0, 1)] * count
    for members in groups:
        for place, i in enumerate(members):
            places[i] = (place, len(members))
    return places


def _previous_ends(
    candidates: Sequence[Candidate], groups: list[list[int]]
) -> list[int | None]:
    """Where the candidate of the same kind before each one in its sentence ends."""
    ends: list[int | None] = [None] * len(candidates)
    for members in groups:
        previous = None
        for i in sorted(members, key=lambda i: candidates[i].start):
            ends[i] = previous
            previous = candidates[i].end
    return ends


def _before(c: Candidate, previous_end: int | None) -> str:
    """The text that names ``c`` where it stands: its sentence before it, from where the value
    of its kind before it ends (``previous_end``) on ("record date March 1, payment date
    March 15": the second date is named by "payment date" alone; "paid ten days later on
    October 10" by all of it), or a table cell's section, row label and header. Not its left
    context, which keeps 90 characters: "The gross proceeds to the Company from the offering,
    before deducting the underwriting discount and estimated offering expenses payable by the
    Company, are expected to be $100,000,000" names the figure eighteen words before it. (Every
    candidate's costs about 1 ms a question: 0.13 s over 150 held-out questions' contexts.)"""
    at = c.sentence.find(c.left + c.text)
    if at < 0:  # a table cell: its left context is its section, row label and header
        return c.left
    before = c.sentence[: at + len(c.left)]
    if previous_end is None:
        return before
    return before[max(0, len(before) - max(0, c.start - previous_end)) :]


Feature = Callable[[QuestionContext, int], float]


def _serves(ctx: QuestionContext, i: int) -> float:
    """Probability that the asked answer type is one this candidate's kind can serve."""
    kind = ctx.candidates[i].kind
    return sum(
        p for t, p in ctx.reading.answer_types.items() if kind in SERVES.get(t, ())
    )


def _serves_best(ctx: QuestionContext, i: int) -> float:
    """1 when the most likely answer type can be served by this candidate's kind."""
    return float(ctx.candidates[i].kind in SERVES.get(ctx.reading.answer_type, ()))


def _type_fit(ctx: QuestionContext, i: int) -> float:
    """Probability that the asked answer type is the one this candidate's kind is the very
    answer to: where ``serves`` lets a total and a per-share price both answer "how much", this
    tells them apart (out of fold on train's lookups, the first candidate was an annotated
    operand for 792 of 1,417 questions with it, 770 without)."""
    kind = ctx.candidates[i].kind
    return ctx.reading.answer_types.get(_OWN_TYPE.get(kind, kind), 0.0)


def _similarity(ctx: QuestionContext, i: int) -> float:
    """Cosine of the question to the candidate marked in its context."""
    return float(ctx.similarity[i])


def _similarity_margin(ctx: QuestionContext, i: int) -> float:
    """Its cosine minus the best cosine among candidates of the same kind."""
    return float(ctx.similarity[i]) - ctx.best_similarity[ctx.candidates[i].kind]


def _near(ctx: QuestionContext, i: int) -> float:
    """Question words among the few words right before the candidate."""
    return ctx.overlap(ctx.windows[i]["near"])


def _left(ctx: QuestionContext, i: int) -> float:
    """Question words in the candidate's left window (its sentence, up to 90 characters)."""
    return ctx.overlap(ctx.windows[i]["left"])


def _right(ctx: QuestionContext, i: int) -> float:
    """Question words right after the candidate ("... per share", "... of the offering")."""
    return ctx.overlap(ctx.windows[i]["right"])


def _label(ctx: QuestionContext, i: int) -> float:
    """Question words in the label ingest gave the figure."""
    return ctx.overlap(ctx.windows[i]["label"])


def _precision(ctx: QuestionContext, words: list[str]) -> float:
    """Share of ``words`` the question also has: a label with words the question lacks
    ("Announcement date of the record date") names something else than the one it asks for."""
    if not words:
        return 0.0
    asked = set(ctx.words)
    return sum(w in asked for w in words) / len(words)


def _near_precision(ctx: QuestionContext, i: int) -> float:
    """Share of the few words right before the candidate that the question has."""
    return _precision(ctx, tokens(ctx.candidates[i].left)[-_NEAR:])


def _label_precision(ctx: QuestionContext, i: int) -> float:
    """Share of the words of ingest's label for the figure that the question has."""
    return _precision(ctx, tokens(ctx.candidates[i].label))


def _association(ctx: QuestionContext, i: int) -> float:
    """The learned association of the question's words with the candidate's (``associations``)."""
    return float(ctx.association[i])


def _exemplar(column: int) -> Feature:
    def feature(ctx: QuestionContext, i: int) -> float:
        return float(ctx.exemplars[i, column])

    feature.__doc__ = f"The candidate's {EXEMPLAR_NAMES[column]} (``exemplars``)."
    return feature


def _sentence(ctx: QuestionContext, i: int) -> float:
    """Question words anywhere in the candidate's sentence or table row."""
    return ctx.overlap(ctx.windows[i]["sentence"])


def _distinctive(ctx: QuestionContext, i: int) -> float:
    """Question words near this candidate that most candidates of its kind lack (the qualifier)."""
    share = ctx.kind_share[i]
    rare = {w for w in ctx.words if share[w] <= 0.5}
    window = ctx.windows[i]["left"] | ctx.windows[i]["right"]
    return ctx.overlap(window, rare)


def _distinctive_missing(ctx: QuestionContext, i: int) -> float:
    """Rare question words another candidate of its kind has near it but this one does not."""
    share = ctx.kind_share[i]
    window = ctx.windows[i]["left"] | ctx.windows[i]["right"]
    rare = {w for w in ctx.words if 0 < share[w] <= 0.5 and w not in window}
    return ctx.overlap(set(rare), rare) if rare else 0.0


def _right_near(ctx: QuestionContext, i: int) -> float:
    """Question words among the few words right after the candidate ("Jane Doe, Chief ...")."""
    return ctx.overlap(set(tokens(ctx.candidates[i].right)[:_NEAR]))


def _place(ctx: QuestionContext, i: int) -> float:
    """Its place among candidates of its kind in its sentence (0 for the first)."""
    return float(ctx.places[i][0])


def _peers(ctx: QuestionContext, i: int) -> float:
    """How many candidates of its kind its sentence holds."""
    return float(ctx.places[i][1])


def _last(ctx: QuestionContext, i: int) -> float:
    """1 for the last of its kind in its sentence."""
    place, peers = ctx.places[i]
    return float(place == peers - 1)


def _appositive(ctx: QuestionContext, i: int) -> float:
    """1 when a comma follows it: a name with its role ("Jane Doe, CEO"), a figure with a gloss."""
    return float(ctx.candidates[i].right.lstrip(" ").startswith(","))


def _words(ctx: QuestionContext, i: int) -> float:
    """How many words the candidate has (a person's name has two to four)."""
    return float(len(ctx.candidates[i].text.split()))


def _from_question(ctx: QuestionContext, i: int) -> float:
    """1 for a figure the question itself writes."""
    return float(ctx.candidates[i].source == "question")


def _question_has_figures(ctx: QuestionContext, i: int) -> float:
    """How many figures the question writes (operands for a calculation, or a holding)."""
    return float(len(ctx.question_values))


def _written_in_question(ctx: QuestionContext, i: int) -> float:
    """1 for a notice figure the question also writes (an operand, rarely the answer)."""
    c = ctx.candidates[i]
    return float(c.source == "notice" and c.text.lower() in ctx.question_values)


def _coverage(ctx: QuestionContext, i: int, part: int) -> tuple[float, float]:
    """The candidate's notice's share of the question's words (``part`` 0: its whole text, 1: its
    title), and that share minus the best other notice's. A figure the question writes is
    covered by the question itself; a notice whose words the context was not given, by none."""
    c = ctx.candidates[i]
    own = ctx.coverage.get(c.doc_id, (0.0, 0.0))[part] if c.source == "notice" else 1.0
    others = [
        shares[part]
        for doc_id, shares in ctx.coverage.items()
        if c.source != "notice" or doc_id != c.doc_id
    ]
    return own, own - max(others, default=0.0)


def _notice_coverage(ctx: QuestionContext, i: int) -> float:
    """IDF-weighted share of the question's words its notice writes anywhere (out of fold on
    train's lookups, with the three below: the first candidate was an annotated operand for 815
    to 819 of 1,417 questions, against 770 without)."""
    return _coverage(ctx, i, 0)[0]


def _notice_coverage_margin(ctx: QuestionContext, i: int) -> float:
    """That share minus the best other notice's in play."""
    return _coverage(ctx, i, 0)[1]


def _title_coverage(ctx: QuestionContext, i: int) -> float:
    """The share of the question's words its notice's title writes."""
    return _coverage(ctx, i, 1)[0]


def _title_coverage_margin(ctx: QuestionContext, i: int) -> float:
    """That share minus the best other notice's title's."""
    return _coverage(ctx, i, 1)[1]


def _period_match(ctx: QuestionContext, i: int) -> float:
    """How many of the periods the question names are written near the candidate (out of fold
    on train's lookups, with the two below: the first candidate was an annotated operand for 842
    of 1,417 questions, against 816 without)."""
    return float(len(ctx.windows[i]["periods"] & ctx.periods))


def _period_other(ctx: QuestionContext, i: int) -> float:
    """How many other periods are written near it, when the question names one."""
    if not ctx.periods:
        return 0.0
    return float(len(ctx.windows[i]["periods"] - ctx.periods))


def _period_clash(ctx: QuestionContext, i: int) -> float:
    """1 when the question names a period and the candidate's are all others: the prior year's
    figure beside the asked year's."""
    near = ctx.windows[i]["periods"]
    return float(bool(ctx.periods and near and not near & ctx.periods))


def _early(ctx: QuestionContext, i: int) -> float:
    """Early sentences carry a notice's main terms."""
    return 1.0 / (1.0 + ctx.candidates[i].sentence_index)


def _first_notice(ctx: QuestionContext, i: int) -> float:
    """1 when the candidate's notice is the one retrieval ranks first."""
    c = ctx.candidates[i]
    return float(c.source == "question" or ctx.doc_rank.get(c.doc_id, 9) == 0)


def _approximate(ctx: QuestionContext, i: int) -> float:
    """1 for a figure written as approximate ("approximately $5.0 million")."""
    return float(ctx.candidates[i].approximate)


def _repeats(ctx: QuestionContext, i: int) -> float:
    """How often the same figure is written in the notice (a headline figure repeats)."""
    return float(ctx.repeats[ctx.candidates[i].text])


def _plain_words(ctx: QuestionContext, i: int) -> float:
    """For a name, the share of its words its notice also writes in lower case (a heading)."""
    return ctx.candidates[i].plain_words


def _currency(ctx: QuestionContext, i: int) -> float:
    """1 for an amount in a currency the question names, -1 for one in another ("in Hong Kong
    dollars" against the sterling figure beside it), 0 when the question names none or the
    candidate's currency is not written with it (a table's bare cell)."""
    key = ctx.keys[i]
    if not ctx.currencies or key[0] != "amount" or not key[1]:
        return 0.0
    return 1.0 if key[1] in ctx.currencies else -1.0


def _lookup(ctx: QuestionContext, i: int) -> float:
    """Probability the question asks for a stated figure rather than a computed one."""
    return ctx.reading.operations.get("lookup", 0.0)


def _kind_flag(kind: str) -> Feature:
    def flag(ctx: QuestionContext, i: int) -> float:
        return float(ctx.candidates[i].kind == kind)

    flag.__doc__ = f"1 for a candidate of kind {kind}."
    return flag


FEATURES: tuple[tuple[str, Feature], ...] = (
    ("serves", _serves),
    ("serves_best", _serves_best),
    ("type_fit", _type_fit),
    ("similarity", _similarity),
    ("similarity_margin", _similarity_margin),
    ("near", _near),
    ("left", _left),
    ("right", _right),
    ("label", _label),
    ("near_precision", _near_precision),
    ("label_precision", _label_precision),
    ("association", _association),
    *((name, _exemplar(column)) for column, name in enumerate(EXEMPLAR_NAMES)),
    ("sentence", _sentence),
    ("distinctive", _distinctive),
    ("distinctive_missing", _distinctive_missing),
    ("right_near", _right_near),
    ("place", _place),
    ("peers", _peers),
    ("last", _last),
    ("appositive", _appositive),
    ("words", _words),
    ("from_question", _from_question),
    ("question_has_figures", _question_has_figures),
    ("written_in_question", _written_in_question),
    ("early", _early),
    ("first_notice", _first_notice),
    ("period_match", _period_match),
    ("period_other", _period_other),
    ("period_clash", _period_clash),
    ("notice_coverage", _notice_coverage),
    ("notice_coverage_margin", _notice_coverage_margin),
    ("title_coverage", _title_coverage),
    ("title_coverage_margin", _title_coverage_margin),
    ("approximate", _approximate),
    ("repeats", _repeats),
    ("plain_words", _plain_words),
    ("currency", _currency),
    ("lookup", _lookup),
    *((f"kind_{kind}", _kind_flag(kind)) for kind in KINDS),
)


def feature_matrix(ctx: QuestionContext) -> np.ndarray:
    """One row per candidate, one column per entry of ``FEATURES``."""
    return np.array(
        [
            [feature(ctx, i) for _, feature in FEATURES]
            for i in range(len(ctx.candidates))
        ],
        dtype=np.float32,
    ).reshape(len(ctx.candidates), len(FEATURES))
