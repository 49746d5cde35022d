"""Words to search terms, shared by the lexical index and by matching questions to fact labels."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[a-z]+|\d[\d,]*(?:\.\d+)?")
# "after", "before", "over" and "under" are not stop words: in filings they tell figures apart
# ("shares outstanding after the offering", "requested under the over-subscription privilege").
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "about",
        "there",
        "their",
        "they",
        "these",
        "those",
        "than",
        "then",
        "me",
        "my",
        "we",
        "our",
        "us",
        "can",
        "could",
        "should",
        "did",
        "been",
        "being",
        "into",
        "up",
        "down",
        "if",
        "so",
        "such",
    ]
)
# Words that filings and questions spell differently but mean the same; each maps to one stem.
_SYNONYMS = {
    "paid": "pay",
    "payment": "pay",
    "payable": "pay",
    "pays": "pay",
    "paying": "pay",
    "payout": "pay",
    "issuance": "issu",
    "issued": "issu",
    "issue": "issu",
    "issuing": "issu",
    "issues": "issu",
    "dilute": "dilut",
    "diluted": "dilut",
    "dilution": "dilut",
    "dilutive": "dilut",
    "buyback": "repurchas",
    "buybacks": "repurchas",
    "repurchase": "repurchas",
    "repurchased": "repurchas",
    "repurchases": "repurchas",
    "repurchasing": "repurchas",
    "subscribe": "subscri",
    "subscription": "subscri",
    "subscribed": "subscri",
    "subscriptions": "subscri",
    "allotment": "allot",
    "allotted": "allot",
    "allottee": "allot",
    "raised": "proceed",
    "raise": "proceed",
    "raising": "proceed",
    "funds": "proceed",
    "proceeds": "proceed",
    "priced": "pric",
    "pricing": "pric",
    "charge": "pric",
    "charged": "pric",
    "charging": "pric",
    "charges": "pric",
    "convertible": "convertibl",
    "convertibles": "convertibl",
    "conversion": "convert",
    "converted": "convert",
    "converts": "convert",
    "outstanding": "outstand",
    "effective": "effect",
    "effectiveness": "effect",
    "closing": "clos",
    "closes": "clos",
    "close": "clos",
    "closed": "closed",
    "matures": "matur",
    "maturity": "matur",
    "mature": "matur",
    "expire": "expir",
    "expires": "expir",
    "expiration": "expir",
    "expiry": "expir",
    "expiring": "expir",
    "expired": "expir",
    "used": "use",
    "uses": "use",
    "using": "use",
    "bought": "buy",
    "buying": "buy",
    "buys": "buy",
    # a company "selling" or having "sold" its shares is offering them
    "sold": "offer",
    "selling": "offer",
    "sells": "offer",
    "sell": "offer",
}
# Phrases written as one idea, read before the words are split.
_PHRASES = (
    (re.compile(r"\b(?:bought|buy|buying|buys) back\b"), "repurchased"),
    (re.compile(r"\bbuy-?backs?\b"), "repurchase"),
    (re.compile(r"\beps\b"), "earnings per share"),
    # "Series A" and "Series B" warrants differ only by a letter: keep it with its word
    (re.compile(r"\b(series|class|tranche|tranch)\s+([a-z0-9])\b"), r"\1\2"),
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ments", "ment", "ed", "es", "s")


def stem(word: str) -> str:
    """A light stem: the synonym table first, then one common suffix and a final "e" removed.

    "share", "shares" and "shared" all become "shar", so singular and plural match.
    """
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    else:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Search terms of a text: lowercased stems without stop words; numbers without separators."""
    found = []
    text = text.lower()
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    for token in _TOKEN.findall(text):
        if token[0].isdigit():
            found.append(token.replace(",", ""))
        elif token not in _STOPWORDS and len(token) > 1:
            found.append(stem(token))
    return found
