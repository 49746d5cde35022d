"""What a question asks for, read by rules: an operation, the kind of figure, and its key terms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.text import terms

MAX_QUESTION_CHARS = 2000

# Operations, tried in order; the first whose pattern matches wins.
_OPERATIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("list", r"\b(?:which|what|list(?: all)?|show(?: me)?)\b.{0,20}\b(?:notices|documents|filings|releases)\b"
                 r"|\bnotices (?:do you have|are (?:ingested|stored|loaded))"),
        ("audit", r"\badd up\b|\bfigures? (?:in|of) .{0,60}(?:consistent|correct|right)|\baudit\b|"
                  r"\b(?:arithmetic|math|numbers|figures) (?:check out|consistent|correct)|\bconsistent\b"),
        ("dilution", r"\bdilut"),
        ("days", r"\bhow many (?:calendar |business )?days\b|\bdays between\b|\bnumber of days\b"),
        ("breakdown", r"\buse[sd]? of (?:the )?proceeds\b|\bhow (?:are|is|will) (?:the |they |it ).{0,30}\bused\b|"
                      r"\bbreak ?down\b|\bwhat .{0,30} (?:be )?used for\b|\ballocat"),
        ("split_adjust", r"\b(?:after|following) the (?:reverse )?(?:stock |share )?split\b.{0,40}\b(?:how many|price)|"
                         r"\bsplit[- ]adjusted\b"),
        ("change", r"\b(?:percent(?:age)? (?:change|increase|decrease)|how much (?:did|does|has) .{0,40}"
                   r"(?:increase|decrease|rise|fall|grow|change))"),
        ("per_share", r"\bper share\b.{0,30}\b(?:work out|divid|comput|calculat)|\bwhat is .{0,40} divided by\b"),
        ("total", r"\b(?:how much|what) (?:in total|is the total|are the total|total)\b|\btotal (?:amount|proceeds|value|cost)\b"
                  r"|\bgross proceeds\b|\bhow much (?:money )?(?:was|is|will be) raised\b"),
        ("calculate", r"^\s*(?:what is |compute |calculate |evaluate )?[\d\s,.()+\-*/×÷%]+[?=]?\s*$"),
    )
)

# The kind of figure asked for, by the question's wording.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("date", r"\bwhen\b|\bdate\b|\bwhat day\b|\bdeadline\b|\bby when\b|\buntil when\b|\bexpire"),
        ("per_share", r"\bper share\b|\bshare price\b|\b(?:offering|issue|purchase|exercise|conversion|subscription|"
                      r"sale|selling|placement) price\b|\bprice per\b|\bdividend (?:amount|rate)?\b|\bhow much is the dividend\b"),
        ("percentage", r"\bpercent|\bwhat (?:share|portion|fraction)\b|\brate\b|\bcoupon\b|\byield\b|\bpremium\b|%"),
        ("ratio", r"\bratio\b|\bsplit\b|\bhow many (?:new |old )?shares (?:for|per) (?:each|every)\b"),
        ("shares", r"\bhow many (?:new |additional |common |ordinary )?shares\b|\bnumber of (?:new )?shares\b|"
                   r"\bshares (?:outstanding|issued|offered|to be issued)\b|\bshare count\b|\bissued shares\b|"
                   r"\bhow many (?:units|warrants|rights)\b"),
        ("money", r"\bhow much\b|\bamount\b|\bproceeds\b|\bprice\b|\bcost\b|\bvalue\b|\bprincipal\b|\bcapital\b|"
                  r"\bfee\b|\bauthori[sz]|\bdollars?\b|\byen\b|\bfunds?\b"),
        ("name", r"\bwho\b|\bwhich (?:company|firm|bank|underwriter|agent|investor)\b|\bname of\b|\ballottee\b"),
    )
)

# Words that say how to ask, not what: they are not matched against fact labels.
_QUESTION_WORDS = frozenset(
    terms("when what how much many which who whom where why is are was were will the a of for on "
          "please tell me give show find does do did new existing holders holder shareholders company "
          "notice notices say said about get gets")
)


@dataclass(frozen=True)
class Intent:
    """A question, read: the operation, the kinds of figure acceptable, and its content terms."""

    question: str
    operation: str  # "lookup" or one of the names in _OPERATIONS
    kinds: tuple[str, ...]  # acceptable fact kinds, best first; () when the wording does not say
    terms: tuple[str, ...]  # content stems to match against fact labels and passages

    @property
    def follow_up(self) -> bool:
        """A short question leaning on the one before: "and the record date?", "what about X?"."""
        return bool(_FOLLOW_UP.match(self.question)) or len(self.terms) <= 2 and self.question.strip().endswith("?")


_FOLLOW_UP = re.compile(r"^\s*(?:and|what about|how about|also|same for|and what about|and for)\b", re.IGNORECASE)


def read_intent(question: str) -> Intent:
    """Read a question (clipped to ``MAX_QUESTION_CHARS``: longer input is not a question)."""
    question = question[:MAX_QUESTION_CHARS]
    operation = next((name for name, pattern in _OPERATIONS if pattern.search(question)), "lookup")
    kinds = tuple(kind for kind, pattern in _KINDS if pattern.search(question))
    content = tuple(term for term in terms(question) if term not in _QUESTION_WORDS)
    return Intent(question=question, operation=operation, kinds=kinds, terms=content)
