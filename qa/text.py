"""Words to search terms, shared by the lexical index and by matching questions to fact labels."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[a-z]+|\d[\d,]*(?:\.\d+)?")
_STOPWORDS = frozenset(
    "a an and are as at be by do does for from has have how i in is it its of on or that the this "
    "to was were what when which who will with would about after before there their they these those "
    "than then me my we our us can could should did been being into over under up down if so such".split()
)
# Words that filings and questions spell differently but mean the same; each maps to one stem.
_SYNONYMS = {
    "paid": "pay", "payment": "pay", "payable": "pay", "pays": "pay", "paying": "pay",
    "issuance": "issu", "issued": "issu", "issue": "issu", "issuing": "issu",
    "dilute": "dilut", "diluted": "dilut", "dilution": "dilut", "dilutive": "dilut",
    "buyback": "repurchas", "buy-back": "repurchas", "repurchase": "repurchas", "repurchased": "repurchas",
    "subscribe": "subscri", "subscription": "subscri", "subscribed": "subscri",
    "allotment": "allot", "allotted": "allot", "allottee": "allot",
    "raised": "proceed", "raise": "proceed", "raising": "proceed", "funds": "proceed",
    "priced": "price", "pricing": "price",
    "convertible": "convert", "conversion": "convert", "converted": "convert",
    "outstanding": "outstand",
    "effective": "effect", "effectiveness": "effect",
    "closing": "close", "closed": "close", "closes": "close",
    "matures": "matur", "maturity": "matur", "mature": "matur",
    "expire": "expir", "expires": "expir", "expiration": "expir", "expiry": "expir", "expiring": "expir",
    "expired": "expir",
}
_SUFFIXES = ("ations", "ation", "ings", "ing", "ments", "ment", "ies", "ed", "es", "s")


def stem(word: str) -> str:
    """A light stem: the synonym table first, then one common English suffix removed."""
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """Search terms of a text: lowercased stems without stop words; numbers without separators."""
    found = []
    for token in _TOKEN.findall(text.lower()):
        if token[0].isdigit():
            found.append(token.replace(",", ""))
        elif token not in _STOPWORDS and len(token) > 1:
            found.append(stem(token))
    return found
