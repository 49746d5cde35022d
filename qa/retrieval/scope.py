"""Which notices a question names: by issuer, alias, ticker or distinctive title words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Protocol

from ingest.metadata import is_corporate_suffix
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


class NoticeNames(Protocol):
    """The notices a word may name, looked up without reading every notice.

    Why: checking every notice's names with regular expressions costs a second per question over
    a 25,000-notice archive, and an index of them built in memory cost each new process 0.26 s
    there (a tenth of a cold ``filingqa ask``). The text index keeps the keys on disk
    (``TextIndex.named_by``, written at sync from ``name_keys`` and ``title_words``); a question
    looks its few words up there. Notices the lookup gives that the manifest lacks (another
    process synced in between) are left out by the callers."""

    def named_by(self, keys: Iterable[str]) -> set[str]:
        """The notices one of whose ``name_keys`` is among ``keys``."""
        ...

    def titled_with(self, word: str) -> set[str]:
        """The notices whose ``title_words`` hold ``word``."""
        ...


def _may_name(question: str, names: NoticeNames) -> set[str]:
    """The notices whose names the question may use: a superset of those ``_names_in`` finds.

    Each name is indexed by its longest word run, which a question that uses the name must
    contain as a word run of its own (names match only between non-word characters); only those
    notices are then checked exactly.
    """
    return names.named_by(set(_RUN.findall(question.lower())))


def _titled(
    written: str, manifest: dict[str, ManifestEntry], names: NoticeNames
) -> set[str]:
    """The notices whose titles write a name as the question writes it (in its case, unless the
    question writes it in lower case)."""
    runs = _RUN.findall(written.lower())
    if not runs:
        return set()
    flags = 0 if any(c.isupper() for c in written) else re.IGNORECASE
    return {
        doc_id
        for doc_id in names.titled_with(max(runs, key=len))
        if doc_id in manifest and find_name(written, manifest[doc_id].title, flags)
    }


def title_words(entry: ManifestEntry) -> set[str]:
    """The words (lowercased word runs) of a notice's title, by which ``_titled`` looks it up."""
    return set(_RUN.findall(entry.title.lower()))


def name_keys(entry: ManifestEntry) -> set[str]:
    """The longest word run, lowercased, of each name ``_names_in`` looks for.

    The text index stores these keys and ``title_words`` at sync: a change to what they return
    (here, in ``_names_of``, ``_GENERIC_NAME_WORDS`` or ``_SUFFIX``) must bump its ``_VERSION``,
    or stores indexed before it keep the old keys and miss notices the new ones name."""
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
    for name in exact:
        if match := find_name(name, question):
            found.setdefault(name, match.group(0))
    words = _question_words(question)
    for name in any_case:
        match = find_name(name, question, re.IGNORECASE)
        if match and words.may_name(match, entry.issuer or ""):
            found.setdefault(name, match.group(0))
    return found


_TOKEN = re.compile(r"[A-Za-z0-9][\w&'’.-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


class _QuestionWords:
    """The question's words, to tell an issuer's word used as its name from the same word in
    another name or in plain prose.

    Why: an issuer's distinctive words are matched in any case ("kasumi" names Kasumi), yet many
    are plain English or shared by other companies: in the bank's train questions a lower-case
    "investment" named an investment trust, a "Swift Guard Service" named a "Swift Retailing" and
    a "First Quartz" named a "Blue Quartz", and 238 of 2,360 answerable questions were narrowed to
    notices without the asked one (127 with these rules). A question that writes names
    capitalised (a capitalised word or an acronym past a sentence's start) uses its case: a word it writes in
    lower case is prose, not a name. A capitalised word in a run of capitalised words is the
    issuer's only if the run's other title-case words belong to the issuer's name too (a legal
    form, a month and a sentence's first word aside): "Guard" is no word of "Swift Retailing". A
    question in title case or lower case throughout says nothing by its case and is read as
    before."""

    def __init__(self, question: str) -> None:
        self.text = question
        self.tokens = list(_TOKEN.finditer(question))
        starts = {
            m.start() for m in self.tokens if _opens_sentence(question, m.start())
        }
        self.initial = [m.start() in starts for m in self.tokens]
        capitalised = [
            m.group(0)[0].isupper()
            and len(m.group(0)) > 1
            and not initial
            and not is_calendar_word(m.group(0))
            for m, initial in zip(self.tokens, self.initial)
        ]
        lower = any(m.group(0)[0].islower() for m in self.tokens)
        self.uses_case = lower and any(capitalised)

    def may_name(self, match: re.Match[str], issuer: str) -> bool:
        """Whether the issuer word ``match`` found names the issuer ``issuer``."""
        if not self.uses_case:
            return True
        if match.group(0)[0].islower():
            return False
        at = next(i for i, m in enumerate(self.tokens) if m.end() > match.start())
        issuer_words = {w.lower() for w in _RUN.findall(issuer)}
        for i in self._run(at):
            word = _POSSESSIVE.sub("", self.tokens[i].group(0))
            if (
                i != at
                and not self.initial[i]
                and _title_word(word)
                and word.lower() not in issuer_words
                and not is_corporate_suffix(word)
                and not is_calendar_word(word)
            ):
                return False
        return True

    def title_form(self, written: str) -> str:
        """The name a title must write for a notice to be named by its title, for a name the
        question writes as ``written``: with the capitalised words written next to it
        ("Centenario Gold" for a "Gold" there), up to a possessive. Why: matched alone, a word
        of a name ("Gold", "Media") is written in the titles of hundreds of other notices over
        a large store, and all of them were named. Words joined are title-case words only, not a
        sentence's first word, an acronym or figure ("Q2", "EPS"), a legal form or a month. In
        a question that says nothing by its case, the name is its own form."""
        match = find_name(written, self.text)
        if not self.uses_case or match is None:
            return written
        first = next(i for i, m in enumerate(self.tokens) if m.end() > match.start())
        last = max(i for i, m in enumerate(self.tokens) if m.start() < match.end())
        while (
            first > 0
            and self._joined(first - 1, first, self.text)
            and self._joins(first - 1)
            and not _POSSESSIVE.search(self.tokens[first - 1].group(0))
        ):
            first -= 1
        while (
            last + 1 < len(self.tokens)
            and not _POSSESSIVE.search(self.tokens[last].group(0))
            and self._joined(last, last + 1, self.text)
            and self._joins(last + 1)
        ):
            last += 1
        run = self.text[self.tokens[first].start() : self.tokens[last].end()]
        return _POSSESSIVE.sub("", run.rstrip(".")) or written

    def _joins(self, i: int) -> bool:
        """Whether token ``i`` may be joined to a name as a word of it (``title_form``)."""
        word = _POSSESSIVE.sub("", self.tokens[i].group(0)).rstrip(".")
        return (
            not self.initial[i]
            and bool(word)
            and _title_word(word)
            and not is_corporate_suffix(word)
            and not is_calendar_word(word)
        )

    def _run(self, at: int) -> range:
        """The indexes of the capitalised words next to token ``at``, separated by spaces only."""
        first = last = at
        text = self.tokens[at].string
        while first > 0 and self._joined(first - 1, first, text):
            first -= 1
        while last + 1 < len(self.tokens) and self._joined(last, last + 1, text):
            last += 1
        return range(first, last + 1)

    def _joined(self, left: int, right: int, text: str) -> bool:
        between = text[self.tokens[left].end() : self.tokens[right].start()]
        return (
            between.strip(" ") == ""
            and self.tokens[left].group(0)[0].isupper()
            and self.tokens[right].group(0)[0].isupper()
        )


@lru_cache(maxsize=64)
def _question_words(question: str) -> _QuestionWords:
    """One reading of a question's words for all the notices it may name."""
    return _QuestionWords(question)


def _title_word(word: str) -> bool:
    """A capitalised word written in lower case after its first letter ("Guard", not "EPS")."""
    return word[0].isupper() and any(c.islower() for c in word[1:])


def _opens_sentence(text: str, start: int) -> bool:
    """Whether a word starting at ``start`` is the first of a sentence (or of the text)."""
    before = text[:start].rstrip(" \"'“‘([")
    return not before or before[-1] in ".?!:;"


def _names_in(question: str, entry: ManifestEntry) -> dict[str, str]:
    """The names of ``entry`` the question uses (aliases, tickers, distinctive issuer words) that
    hold a word search keeps, each with the words the question writes it in."""
    from qa.retrieval.text import terms

    return {
        name: written
        for name, written in _mentions(question, entry).items()
        if terms(name)
    }


def named_notices(
    question: str,
    manifest: dict[str, ManifestEntry],
    names: NoticeNames,
    allowed: set[str] | None,
) -> set[str]:
    """The notices (among ``allowed``; None: all) whose issuer, alias or ticker the question
    uses, and the notices whose titles write those names as the question writes them.

    Why the titles: ingest reads a notice's issuer from its text, and where it reads another
    company (a former name, a parent, an article's first company) or none, the notice is a
    sibling of the named ones that names alone would leave out: 65 of the 127 bank train
    questions narrowed away from their notice name it in its title."""
    found = _may_name(question, names) & manifest.keys()
    if allowed is not None:
        found &= allowed
    named = {}
    for doc_id in found:
        if mentions := _names_in(question, manifest[doc_id]):
            named[doc_id] = mentions
    words = _question_words(question)
    written = {
        words.title_form(form)
        for mentions in named.values()
        for form in mentions.values()
    }
    titled = set().union(*(_titled(form, manifest, names) for form in written))
    if allowed is not None:
        titled &= allowed
    return set(named) | titled


def excluded_mentions(
    question: str,
    manifest: dict[str, ManifestEntry],
    names: NoticeNames,
    allowed: set[str] | None,
) -> dict[str, list[str]]:
    """The notices the question names that filters leave out, each with the names as written;
    empty when nothing is filtered, when the question names none, or names one still allowed
    (then it is answered from that one)."""
    if allowed is None:
        return {}
    named = {
        doc_id: list(written.values())
        for doc_id in _may_name(question, names) & manifest.keys()
        if (written := _mentions(question, manifest[doc_id]))
    }
    return {} if named.keys() & allowed else named


def narrowed(
    question: str,
    filters: Filters,
    manifest: dict[str, ManifestEntry],
    names: NoticeNames,
    allowed: set[str] | None,
) -> Filters:
    """``filters`` narrowed to the notices the question names (among ``allowed``), so that each
    part of a question asking several things is about them, a part that does not repeat the
    name included ("What is the ratio and when does the Kasumi split take effect?"). A single
    ask is narrowed too, although the reader's models were fitted on contexts read from all
    allowed notices with the named one added (``Reader.scope``): asked that way, held-out fell
    from 180 right and 17 wrong to 177 and 19, and fitted on narrowed contexts the reader states
    295 right and 48 wrong out of fold against 354 and 50 (README, "Measured")."""
    named = named_notices(question, manifest, names, allowed)
    return replace(filters, doc_ids=tuple(sorted(named))) if named else filters
