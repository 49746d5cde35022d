"""Which notices a question names: by issuer, alias, ticker or distinctive title words."""

from __future__ import annotations

import re
import threading
from dataclasses import replace

from ingest.records import ManifestEntry
from qa.retrieval.filters import Filters
from tools.dates import is_calendar_word

# Words too common in company names to identify one on their own.
_GENERIC_NAME_WORDS = frozenset(
    [
        "fictional",
        "the",
        "inc",
        "corp",
        "corporation",
        "company",
        "co",
        "ltd",
        "limited",
        "plc",
        "llc",
        "holdings",
        "holding",
        "group",
        "international",
        "global",
        "japan",
        "america",
        "american",
        "technologies",
        "technology",
        "systems",
        "software",
        "industries",
        "energy",
        "capital",
        "financial",
        "partners",
        "resources",
        "services",
        "solutions",
        "health",
        "medical",
        "bank",
        "bancshares",
        "trust",
        "new",
        "first",
        "shares",
        "stock",
    ]
)
_SUFFIX = re.compile(
    r",?\s+(?:Inc\.?|Corp\.?|Corporation|Co\.,? Ltd\.?|Ltd\.?|Limited|plc|PLC|LLC|N\.V\.|S\.A\.|AG|SE)$"
)


_RUN = re.compile(r"\w+")
_name_index: tuple[dict[str, ManifestEntry], dict[str, set[str]]] | None = None
# The UI answers on several threads at once: the index is rebuilt and read under this lock.
_name_index_lock = threading.Lock()


def _may_name(question: str, manifest: dict[str, ManifestEntry]) -> set[str]:
    """The notices whose names the question may use: a superset of those ``_names_in`` finds.

    Why: checking every notice's names with regular expressions costs a second per question over
    a 25,000-notice archive. Each name is indexed by its longest word run, which a question that
    uses the name must contain as a word run of its own (names match only between non-word
    characters); only those notices are then checked exactly.
    """
    global _name_index
    with _name_index_lock:
        if _name_index is None or _name_index[0] is not manifest:
            built: dict[str, set[str]] = {}
            for doc_id, entry in manifest.items():
                for key in _name_keys(entry):
                    built.setdefault(key, set()).add(doc_id)
            _name_index = (manifest, built)
        index = _name_index[1]
    found: set[str] = set()
    for run in set(_RUN.findall(question.lower())):
        found |= index.get(run, set())
    return found


def _name_keys(entry: ManifestEntry) -> set[str]:
    """The longest word run, lowercased, of each name ``_names_in`` looks for."""
    exact, any_case = _names_of(entry)
    return {
        max(runs, key=len)
        for name in exact + any_case
        if (runs := _RUN.findall(name.lower()))
    }


def _names_of(entry: ManifestEntry) -> tuple[list[str], list[str]]:
    """The names a question may call a notice by: aliases and ticker symbols (of two characters or
    more), matched in their case; distinctive words of the issuer's name, in any case (a month
    or weekday never: "June" in a question is a date, whatever an issuer's dateline holds)."""
    exact = [
        *entry.aliases,
        *(s for t in entry.tickers if len(s := t.split(":", 1)[-1]) >= 2),
    ]
    issuer = _SUFFIX.sub("", entry.issuer or "")
    any_case = [
        word
        for word in re.findall(r"[A-Za-z][\w&'-]+", issuer)
        if len(word) >= 4
        and word.lower() not in _GENERIC_NAME_WORDS
        and not is_calendar_word(word)
    ]
    return exact, any_case


def find_name(name: str, text: str, flags: int = 0) -> re.Match[str] | None:
    """Where ``text`` writes ``name`` as words of their own (not inside a longer word)."""
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text, flags)


def _mentions(question: str, entry: ManifestEntry) -> dict[str, str]:
    """The names of ``entry`` the question uses (aliases, tickers, distinctive issuer words),
    each with the words the question writes it in (its case kept: "kasumi", "IIJ")."""
    exact, any_case = _names_of(entry)
    found: dict[str, str] = {}
    for names, flags in ((exact, 0), (any_case, re.IGNORECASE)):
        for name in names:
            match = find_name(name, question, flags)
            if match:
                found.setdefault(name, match.group(0))
    return found


def _names_in(question: str, entry: ManifestEntry) -> set[str]:
    """Stems of the names of ``entry`` that the question uses: aliases, tickers, distinctive issuer words."""
    from qa.retrieval.text import terms

    return {stem for name in _mentions(question, entry) for stem in terms(name)}


def named_notices(
    question: str, manifest: dict[str, ManifestEntry], allowed: set[str] | None
) -> set[str]:
    """The notices (among ``allowed``; None: all) whose issuer, ticker or title names the question uses."""
    found = _may_name(question, manifest)
    if allowed is not None:
        found &= allowed
    return {doc_id for doc_id in found if _names_in(question, manifest[doc_id])}


def excluded_mentions(
    question: str, manifest: dict[str, ManifestEntry], allowed: set[str] | None
) -> dict[str, list[str]]:
    """The notices the question names that filters leave out, each with the names as written;
    empty when nothing is filtered, when the question names none, or names one still allowed
    (then it is answered from that one)."""
    if allowed is None:
        return {}
    named = {
        doc_id: list(written.values())
        for doc_id in _may_name(question, manifest)
        if (written := _mentions(question, manifest[doc_id]))
    }
    return {} if named.keys() & allowed else named


def narrowed(
    question: str,
    filters: Filters,
    manifest: dict[str, ManifestEntry],
    allowed: set[str] | None,
) -> Filters:
    """``filters`` narrowed to the notices the question names (among ``allowed``), so that each
    part of a question asking several things is about them, a part that does not repeat the
    name included ("What is the ratio and when does the Kasumi split take effect?"). A single
    ask is narrowed too, although the reader's models were fitted on contexts read from all
    allowed notices with the named one added (``Reader.scope``): asked that way, held-out fell
    from 180 right and 17 wrong to 177 and 19, and fitted on narrowed contexts the reader states
    295 right and 48 wrong out of fold against 354 and 50 (README, "Measured")."""
    named = named_notices(question, manifest, allowed)
    return replace(filters, doc_ids=tuple(sorted(named))) if named else filters
