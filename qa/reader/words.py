"""Words as the reader compares them: lower case, light stemming, common function words dropped."""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Collection, Sequence
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
# English function words: they say nothing about which figure is meant.
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "how",
        "much",
        "many",
        "does",
        "do",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "has",
        "have",
        "had",
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "our",
        "their",
        "his",
        "her",
        "them",
        "there",
        "than",
        "then",
        "so",
        "if",
        "into",
        "per",
        "about",
        "any",
        "all",
        "each",
        "other",
        "some",
        "such",
        "not",
        "no",
        "yes",
        "also",
        "just",
        "company",
        "company's",
        "inc",
        "corp",
        "ltd",
    ]
)


# One stemmer keeps its word as state while it works: the UI answers on several threads.
_STEMMER = snowballstemmer.stemmer("english")
_STEMMING = threading.Lock()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball (Porter2) English stem: "effective" meets "effect", "issued" "issue", and a
    possessive's "'s" goes ("Kasumi's" meets "Kasumi"). The crude suffix rules before it left
    "effective", "issuance" and "kasumi'" apart; on train's folds the Snowball stem gave 354
    right answers and 50 wrong within the budget against 323 and 49."""
    with _STEMMING:
        return _STEMMER.stemWord(word)


def plain(text: str) -> str:
    """A header, label or name as compared whole: spacing and case aside."""
    return " ".join(text.split()).casefold()


def tokens(text: str) -> list[str]:
    """Stemmed content words of ``text`` in order (numbers kept, function words dropped)."""
    return list(_tokens(text))


@lru_cache(maxsize=200_000)
def _tokens(text: str) -> tuple[str, ...]:
    """(Kept by text: a notice's sentences and a candidate's context are read again for every
    question about it; a warm answer's features called ``tokens`` about 3,300 times, 16 ms.)"""
    return tuple(stem(w) for w in _WORD.findall(text.lower()) if w not in STOP)


# Arithmetic written with symbols reads as the words for it ("700,000 × 3,208").
_SYMBOLS = str.maketrans(
    {"×": " times ", "*": " times ", "÷": " divided ", "+": " plus ", "%": " percent "}
)


def all_tokens(text: str) -> list[str]:
    """Stemmed words of ``text`` in order, function words and arithmetic symbols included (for
    hashed n-gram features)."""
    return [stem(w) for w in _WORD.findall(text.translate(_SYMBOLS).lower())]


def idf(words: Sequence[str], texts: Collection[str]) -> dict[str, float]:
    """Each word's inverse document frequency over ``texts`` (smoothed: log(1 + n / (1 + df))),
    so that a word every sentence writes (the company's name) weighs little in an overlap."""
    df = Counter(w for text in texts for w in set(tokens(text)))
    n = max(len(texts), 1)
    return {w: math.log(1 + n / (1 + df.get(w, 0))) for w in words}
