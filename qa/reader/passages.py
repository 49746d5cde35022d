"""Passages: the shortest part of a notice's sentence that answers a what, why or how question.

A question such as "What does working capital consist of?" or "Why did net debt decrease?" is
answered by words, not a figure. In the free-text answers of TAT-QA's train excerpts, 62% are a
sentence of the excerpt or its tail ("Working capital consists of [current assets less current
liabilities]"), so a passage here is a prose sentence from one of its words to its end. Which
sentence, and from which word, is learned: every (sentence, first word) option of the notices
read gets named features (how close the sentence is to the question, how many of the question's
words stand before the passage and how many in it, how many in the five words either side of
its start, how long it is) and hashed ones (the word
before the passage and the passage's first word, alone and with the question's wh-word: "due
[to]" for a why, "consist [of]" for a what), and a logistic model fitted on the annotated
answers scores them. Which questions are asked in words at all is a router of its own (a
logistic model over the question's features). The share of the softmax over its question's
options held by the best option and those of its sentence that say nearly its words is its
probability; below the fitted threshold the answer is "not found".
Table rows are not passages: their cells are the candidates.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from qa.reader.candidates import sentence_spans
from qa.reader.models import named_inputs
from qa.reader.question import question_features
from qa.reader.words import all_tokens, idf, tokens

FILE = "passages.npz"
HASH_DIM = 2**12
_WORD = re.compile(r"\S+")
_MIN_WORDS = 4  # a shorter sentence is a caption or a fragment, not one that answers
_HEADING_WORDS = 8  # a line this short that ends without a stop is a heading
# Words either side of a start that say whether the passage begins right after the question's
# words ("... consists of [current assets ...]") or restates them.
_NEAR = 5
_MAX_START = 40  # words into a sentence a passage may start
# A passage sharing at least this word F1 with the answer says it (as TAT-QA's F1 half credits it).
RIGHT_OVERLAP = 0.5


@dataclass(frozen=True)
class Sentence:
    """A prose sentence of a notice, where it stands (its place among the notice's sentences)."""

    doc_id: str
    index: int
    text: str


@dataclass(frozen=True)
class Passage:
    """A sentence's tail from one of its words: ``start`` is that word's character offset."""

    sentence: Sentence
    start: int

    @property
    def text(self) -> str:
        """The passage as an answer states it: its words, without the sentence's full stop."""
        return self.sentence.text[self.start :].strip().rstrip(".;").strip()


def prose_sentences(text: str, doc_id: str = "") -> list[Sentence]:
    """The sentences of a notice's prose lines (a line holding a tab is a table row; a short one
    ending without a stop, a heading)."""
    out: list[Sentence] = []
    for line in text.split("\n"):
        line = line.strip()
        if (
            "\t" in line
            or line.startswith("#")
            or (
                len(line.split()) < _HEADING_WORDS
                and not line.endswith((".", ";", ":", "!", "?"))
            )
        ):
            continue
        for start, end in sentence_spans(line):
            piece = " ".join(line[start:end].split())
            if len(piece.split()) >= _MIN_WORDS:
                out.append(Sentence(doc_id, len(out), piece))
    return out


def starts(sentence: str) -> list[int]:
    """Where a passage may start: each of the sentence's first ``_MAX_START`` words."""
    return [m.start() for m in _WORD.finditer(sentence)][:_MAX_START]


def begins_with(passage: str, answer: str) -> bool:
    """Whether the passage's words begin with the answer's (case, punctuation and a final stop
    aside): the passage is the shortest tail of its sentence that says the answer. An answer
    that ends before its sentence does ("fund a new plant" of "... to fund a new plant, and for
    general corporate purposes.") teaches where a passage starts as one that is a whole tail
    does (out of fold on the bank, 66 of 168 answers in words said by the best passage against
    54 taught by whole tails alone)."""
    wanted = all_tokens(answer)
    return all_tokens(passage)[: len(wanted)] == wanted


def word_overlap(a: str, b: str) -> float:
    """F1 of the two passages' words (as bags): how much of an annotated answer a passage says
    and how little else, as TAT-QA's F1 scores a text answer."""
    left, right = Counter(all_tokens(a)), Counter(all_tokens(b))
    common = sum((left & right).values())
    if not common:
        return 0.0
    precision, recall = common / sum(left.values()), common / sum(right.values())
    return 2 * precision * recall / (precision + recall)


class _Question:
    """The question's words with their IDF over the sentences read, computed once."""

    def __init__(self, question: str, sentences: Sequence[Sentence]) -> None:
        self.words = list(dict.fromkeys(tokens(question)))
        every = all_tokens(question)
        self.wh = every[0] if every else ""
        self.idf = idf(self.words, [s.text for s in sentences])
        self.total = sum(self.idf.values()) or 1.0

    def share(self, words: set[str]) -> float:
        """IDF-weighted share of the question's words among ``words``."""
        return sum(self.idf[w] for w in self.words if w in words) / self.total

    def untitled_share(self, words: set[str], title: frozenset[str]) -> float:
        """That share among the question's words its notice's title does not write: the issuer's
        and the deal's names are in every sentence about them, so they say nothing of which
        sentence answers (a sentence restating a trust's full name was chosen over the one saying
        what its offering's money funds)."""
        asked = [w for w in self.words if w not in title]
        total = sum(self.idf[w] for w in asked)
        return sum(self.idf[w] for w in asked if w in words) / total if total else 0.0


def _last_match(question: _Question, before: list[str]) -> float:
    """How near the passage's start the last question word before it stands: 1 right before
    it, 1/2 one word earlier ("consists [of] ..."), 0 when none does."""
    asked = set(question.words)
    for distance, word in enumerate(reversed(before)):
        if word in asked:
            return 1.0 / (1 + distance)
    return 0.0


def _option_features(
    question: _Question, sentence: str, start: int, sentence_share: float
) -> dict[str, float]:
    before, inside = tokens(sentence[:start]), tokens(sentence[start:])
    return {
        "before": question.share(set(before)),
        "inside": question.share(set(inside)),
        "near_before": question.share(set(before[-_NEAR:])),
        "near_inside": question.share(set(inside[:_NEAR])),
        "sentence": sentence_share,
        "new_words": (sum(1 for w in inside if w not in question.idf) / len(inside))
        if inside
        else 0.0,
        "at_start": float(start == 0),
        "passage_words": math.log1p(len(sentence[start:].split())),
        "words_before": math.log1p(len(sentence[:start].split())),
        "last_match": _last_match(question, before),
    }


def _hashed_words(question: _Question, sentence: str, start: int) -> list[int]:
    before = ["^", "^", *all_tokens(sentence[:start])]
    previous = before[-1:]
    first = all_tokens(sentence[start:])[:1] or ["$"]
    keys = (
        f"P|{previous[0]}",
        f"PP|{before[-2]}|{before[-1]}",
        f"F|{first[0]}",
        f"WP|{question.wh}|{previous[0]}",
        f"WF|{question.wh}|{first[0]}",
    )
    return sorted({zlib.crc32(k.encode()) % HASH_DIM for k in keys})


FEATURES = (
    "similarity",
    "similarity_margin",
    "sentence",
    "sentence_margin",
    "before",
    "inside",
    "near_before",
    "near_inside",
    "new_words",
    "at_start",
    "passage_words",
    "words_before",
    "last_match",
    "untitled",
    "untitled_margin",
    "first_notice",
)


@dataclass
class Options:
    """Every passage option of one question over the sentences read: named features (one row
    each, in ``FEATURES`` order) and hashed word features."""

    passages: list[Passage]
    named: np.ndarray
    hashed: sparse.csr_matrix

    @classmethod
    def of(
        cls,
        question: str,
        vector: np.ndarray,
        sentences: Sequence[Sentence],
        sentence_vectors: np.ndarray,
        titles: Mapping[str, frozenset[str]] | None = None,
    ) -> Options:
        """The options of ``sentences``, whose notices are ``titles``' keys (each notice's title
        words) in the order retrieval ranks them: the first is the notice the question is most
        likely about (a question on how one issuer plans to spend its net proceeds was answered
        with another release's plans)."""
        titles = titles or {}
        first = next(iter(titles), None)
        asked = _Question(question, sentences)
        similarity = (
            sentence_vectors @ vector if len(sentences) else np.zeros(0, np.float32)
        )
        words = [set(tokens(s.text)) for s in sentences]
        shares = [asked.share(w) for w in words]
        untitled = [
            asked.untitled_share(w, titles.get(s.doc_id, frozenset()))
            for s, w in zip(sentences, words, strict=True)
        ]
        best_similarity = float(similarity.max()) if len(sentences) else 0.0
        best_share = max(shares, default=0.0)
        best_untitled = max(untitled, default=0.0)
        passages, rows, hashed = [], [], []
        for sentence, sim, share, own in zip(
            sentences, similarity, shares, untitled, strict=True
        ):
            for start in starts(sentence.text):
                features = _option_features(asked, sentence.text, start, share)
                features["similarity"] = float(sim)
                features["similarity_margin"] = float(sim) - best_similarity
                features["sentence_margin"] = share - best_share
                features["untitled"] = own
                features["untitled_margin"] = own - best_untitled
                features["first_notice"] = float(sentence.doc_id == first)
                passages.append(Passage(sentence, start))
                rows.append([features[name] for name in FEATURES])
                hashed.append(_hashed_words(asked, sentence.text, start))
        indptr = np.cumsum([0, *map(len, hashed)])
        indices = np.fromiter((j for row in hashed for j in row), dtype=np.int32)
        return cls(
            passages,
            np.array(rows, dtype=np.float32).reshape(len(rows), len(FEATURES)),
            sparse.csr_matrix(
                (np.ones(len(indices), dtype=np.float32), indices, indptr),
                shape=(len(hashed), HASH_DIM),
            ),
        )

    def matrix(self, names: Sequence[str] = FEATURES) -> sparse.csr_matrix:
        """The named features ``names`` (in that order) beside the hashed ones: a model's input."""
        columns = [FEATURES.index(name) for name in names]
        return sparse.hstack(
            [sparse.csr_matrix(self.named[:, columns]), self.hashed], format="csr"
        )


@dataclass(frozen=True)
class PassageReader:
    """Which questions are asked in words (a logistic router over the question's features, as
    ``question`` reads them), a logistic model over their passage options, and the probability
    from which the best option is stated."""

    names: tuple[str, ...]
    weights: np.ndarray  # one per name, then one per hashed word feature
    bias: float
    threshold: float
    router: (
        np.ndarray
    )  # one weight per question feature (``question.question_features``)
    router_bias: float

    def asks_in_words(self, question: str, vector: np.ndarray) -> bool:
        """Whether the answer is a passage rather than a figure, date, name or identifier."""
        return (
            float(question_features(question, vector) @ self.router) + self.router_bias
            > 0
        )

    def best(self, options: Options) -> tuple[Passage, float] | None:
        """The best option and the probability that it says the answer (None without any):
        the share of the softmax over all options held by the options of its sentence that
        share at least ``RIGHT_OVERLAP`` of their words with it. Starts a word or two apart say
        nearly the same words, so the best option's own share splits one reading among its
        neighbours and says little of whether the sentence is the one (out of fold on the table
        set, at the budget's threshold, 46 right and 4 wrong stated against 21 and 4)."""
        if not options.passages:
            return None
        logits = self._logits(options)
        mass = np.exp(logits)
        top = int(np.argmax(logits))
        chosen = options.passages[top]
        agreeing = sum(
            float(mass[i])
            for i, passage in enumerate(options.passages)
            if passage.sentence == chosen.sentence
            and word_overlap(passage.text, chosen.text) >= RIGHT_OVERLAP
        )
        return chosen, agreeing / float(mass.sum())

    def closest(self, options: Options, count: int = 2) -> list[Sentence]:
        """The sentences of the ``count`` best options, each once: where a declined question's
        answer most likely stands, cited in place of the chunk retrieval ranks first (a notice's
        title line, "Proposed Placing", as often as not)."""
        if not options.passages:
            return []
        chosen: list[Sentence] = []
        for i in np.argsort(-self._logits(options), kind="stable"):
            sentence = options.passages[i].sentence
            if sentence not in chosen:
                chosen.append(sentence)
                if len(chosen) == count:
                    break
        return chosen

    def _logits(self, options: Options) -> np.ndarray:
        """Each option's logit, the best at 0."""
        logits = options.matrix(self.names) @ self.weights + self.bias
        return logits - logits.max()

    def says_answer(self, probability: float) -> bool:
        return probability >= self.threshold

    def save(self, folder: Path) -> None:
        np.savez_compressed(
            folder / FILE,
            names=np.array(self.names),
            weights=self.weights.astype(np.float32),
            bias=np.float32(self.bias),
            threshold=np.float32(self.threshold),
            router=self.router.astype(np.float32),
            router_bias=np.float32(self.router_bias),
        )

    @classmethod
    def load(cls, folder: Path) -> PassageReader | None:
        """The folder's passage model; None for a model set fitted without answers in words."""
        path = folder / FILE
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as data:
            names = named_inputs(
                path,
                [str(n) for n in data["names"]],
                {name: i for i, name in enumerate(FEATURES)},
            )
            return cls(
                names,
                data["weights"],
                float(data["bias"]),
                float(data["threshold"]),
                data["router"],
                float(data["router_bias"]),
            )
