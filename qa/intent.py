"""What a question asks for, read by rules: an operation, the kind of figure, the asked part and its
key terms, and the figures, periods and names it writes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.question import Period, Written, periods, proper_names, written_figures
from qa.text import terms

MAX_QUESTION_CHARS = 2000

_PERCENT_ASKED = r"(?:(?:in|as a|to two|to 2|\(2)\s*(?:percent|percentage|decimal)|\bpercent(?:age)?\b)"
# Operations, tried in order; the first whose pattern matches wins. Everything but "list", "audit",
# "calculate" and "lookup" is a computation (see ``qa.planner``).
_OPERATIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "list",
            (
                r"\b(?:which|what|list(?: all)?|show(?: me)?)\b.{0,20}\b(?:notices|documents|filings|releases)\b"
                r"|\bnotices (?:do you have|are (?:ingested|stored|loaded))"
            ),
        ),
        (
            "audit",
            (
                r"\badd up\b|\bfigures? (?:in|of) .{0,60}(?:consistent|correct|right)|\baudit\b|"
                r"\b(?:arithmetic|math|numbers|figures) (?:check out|consistent|correct)|\bconsistent\b"
            ),
        ),
        (
            "calculate",
            r"^\s*(?:what is |compute |calculate |evaluate )?[\d\s,.()+\-*/×÷%]+[?=]?\s*$",
        ),
        (
            "dilution",
            r"\bdilut(?!ed (?:EPS|earnings|net|shares? count|loss|income|weighted))",
        ),
        (
            "days",
            r"\bhow many (?:calendar |business )?days\b|\bdays between\b|\bnumber of days\b",
        ),
        (
            "percent_of",
            (
                r"\b(?:what|which)\s+(?:percentage|percent|share|fraction|portion|proportion|part)\s+of\b|"
                r"\bas an? (?:percentage|percent|share|fraction|proportion) of\b|\bhow much of\b.{0,80}\bin percent"
            ),
        ),
        (
            "change",
            r"\bby what (?:percentage|percent)\b|\bpercent(?:age)? (?:change|increase|decrease)\b|"
            r"\bhow far (?:above|below)\b|\bhow much (?:higher|lower)\b.{0,80}"
            + _PERCENT_ASKED
            + "|"
            r"\b(?:exceed|above|below|discount|premium)\b.{0,100}\bin percent",
        ),
        (
            "split_adjust",
            (
                r"\b(?:pre|post)[- ]split (?:basis|shares|price)\b.{0,80}\b(?:equivalent|correspond)|"
                r"\b(?:equivalent|correspond)\w*\b.{0,80}\b(?:pre|post)[- ]split\b|"
                r"\b(?:own|owns|hold|holds|holder of|holding)\s+[\d,]+\b.{0,120}\b(?:split|consolidation)\b|"
                r"\bsplit[- ]adjusted (?:price|shares|number)\b"
            ),
        ),
        (
            "breakdown",
            (
                r"\buse[sd]? of (?:the )?proceeds\b|\bhow (?:are|is|will) (?:the |they |it ).{0,30}\bused\b|"
                r"\bbreak ?down\b|\bwhat .{0,30} (?:be )?used for\b|\ballocat"
            ),
        ),
        (
            "difference",
            (
                r"\bby how much\b|\bhow much (?:more|less|larger|bigger|smaller|higher|lower)\b|"
                r"\bhow many (?:more|fewer)\b|\bdifference between\b|\bgoing by\b.{0,40}\band\b|"
                r"\b(?:before|besides|excluding|other than|apart from) the [\d,]{3,}\b|"
                r"\bgiven (?:its|the) [\w\s-]{3,40} and [\w\s-]{3,40} figures\b"
            ),
        ),
        (
            "annualize",
            (
                r"\b(?:every|each) (?:quarter|month)\b.{0,80}\b(?:annual|a year|per year|yearly)\b|"
                r"\b(?:annual|per year|a year|one-year|yearly)\b.{0,80}\b(?:every|each|per) (?:quarter|month)\b|"
                r"\btotal annual\b.{0,60}\b(?:fee|payment|cost)\b"
            ),
        ),
        (
            "rate_of",
            (
                r"\bhow much interest\b|\binterest (?:would|will) it (?:owe|pay)\b|"
                r"\b(?:discount|fee|commission)\b.{0,60}\bin (?:dollars|yen|euros|pounds)\b|"
                r"\bwhat was the market price\b.{0,60}|\bpremium\b.{0,80}\bwhat was\b"
            ),
        ),
        (
            "sum",
            (
                r"\bin total\b|\bcombined\b|\btogether\b|\bplus\b|\baltogether\b|"
                r"\btotal\b.{0,80}\bif\b.{0,80}\bin full\b|\bif\b.{0,80}\bin full\b.{0,80}\btotal\b"
            ),
        ),
        (
            "product",
            (
                r"\btimes\b|\bat (?:its|the) [\w\s-]{0,30}price\b|\b(?:if|were|are|be|was)\b.{0,80}\bexercised\b|\bexercise[sd]? (?:all|in full)\b|"
                r"\baggregate exercise price\b|\b[\d,]{3,}\s+(?:[\w-]+\s+){0,3}(?:shares|units|warrants)\b.{0,40}\bat\s+[$£€¥]|"
                r"\bcome to\b|\bover a year\b|\bwould .{0,60}\btotal\b|\braise from\b|"
                r"\bhow much (?:would|will|did|does) .{0,60}\b(?:receive|raise|spend|pay)\b.{0,80}\b(?:shares|units|warrants)\b"
            ),
        ),
        (
            "per_unit",
            (
                r"\bwhat (?:average )?price per (?:share|unit)\b.{0,40}\bimply\b|\bimpl(?:y|ied)\b.{0,40}\bper share\b|"
                r"\bhow many (?:shares|units)\b.{0,80}\bat\s+[$£€¥][\d.,]+\s+per\b|"
                r"\bhow many\b.{0,60}\bunderl(?:ie|ying)\b"
            ),
        ),
    )
)

# The kind of figure asked for, by the question's wording.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "date",
            r"\bwhen\b|(?<!-)\bdate\b(?!-)|\bwhat day\b|\bdeadline\b|\bby when\b|\buntil when\b|\bexpire|\bwhich date\b",
        ),
        (
            "per_share",
            (
                r"\bper (?:share|unit|common unit|ADS)\b|\bshare price\b|\b(?:offering|issue|purchase|exercise|"
                r"conversion|subscription|sale|selling|placement|unit|average|cap|strike|trading|closing|opening|"
                r"market|bid) price\b|\bprice per\b|\bat what (?:\w+ )?price\b|\bwhat price\b|"
                r"\bdividend (?:amount|rate)?\b|\bhow much is the dividend\b|\bprice\b"
            ),
        ),
        (
            "percentage",
            (
                r"\bpercent|\bwhat (?:share|portion|fraction)\b|(?<!conversion )\brate\b|\bcoupon\b|\byield\b|"
                r"\bpremium\b|%"
            ),
        ),
        (
            "ratio",
            r"\bratio\b|\bsplit ratio\b|\bhow many (?:new |old )?shares (?:for|per) (?:each|every)\b",
        ),
        (
            "shares",
            (
                r"\bhow many\b|\bnumber of (?:new )?(?:shares|units|warrants)\b|\bconversion rate\b|"
                r"\bshares (?:outstanding|issued|offered|to be issued)\b|\bshare count\b|\bissued shares\b"
            ),
        ),
        (
            "money",
            (
                r"\bhow much\b|\bamount\b|\bproceeds\b|\bcost\b|\bvalue\b|\bprincipal\b|\bcapital\b|\bhow large\b|"
                r"\bhow big\b|\bfee\b|\bauthori[sz]|\bdollars?\b|\byen\b|\bfunds?\b|\bdebt\b|\bsize\b"
            ),
        ),
        (
            "name",
            r"\bwho\b|\bwhich (?:company|firm|bank|underwriter|agent|investor)\b|\bname of\b|\ballottee\b",
        ),
    )
)
# When these kinds are all asked, the first one decides: "how many days" is not a count of shares.
_NARROWER = (
    (
        ("per_share", "money"),
        r"\bper (?:share|unit|common unit|ADS)\b|\bprice\b(?!.{0,40}\b(?:aggregate|total)\b)",
    ),
    (("percentage", "money"), r"\bpercent|%|\brate\b|\byield\b"),
    (("date", "money"), r"\bwhen\b|\bdate\b|\buntil when\b|\bby when\b"),
    (("shares", "date"), r"\bhow many\b"),
    (
        ("per_share", "date"),
        r"\bwhat (?:was|is|will be|would be) the [\w\s-]{0,30}price\b",
    ),
    (("date", "per_share"), r"\bwhen\b|\bdate\b"),
    (("date", "shares"), r"\bwhen\b|\bdate\b"),
    (("shares", "per_share"), r"\bhow many\b"),
    (("shares", "money"), r"\bhow many\b"),
    (("shares", "percentage"), r"\bhow many\b|\bconversion rate\b"),
)

# Words that say how to ask, not what: they are not matched against fact labels.
_QUESTION_WORDS = frozenset(
    terms(
        "when what how much many which who whom where why is are was were will the a of for on "
        "please tell me give show find does do did existing holders holder shareholders company "
        "notice notices say said about get gets exactly decimals decimal places two percent percentage "
        "would could expect expected approximately"
    )
)
# Where the asked part of a question ends and its conditions begin.
_CONDITION = re.compile(
    r"(?:,\s*|\s+)(?:if|assuming|given(?: that)?|based on|excluding|before any|after deducting|according to|"
    r"per the|going by|in percent|as a percentage|to two decimal|\(2 decimal)\b",
    re.IGNORECASE,
)
_LEADING_CONDITION = re.compile(
    r"^\s*(?:if|assuming|given(?: that)?|based on|at the|with)\b[^?]*?,\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Intent:
    """A question, read: the operation, the kinds of figure acceptable, and its content terms."""

    question: str
    operation: str  # "lookup" or one of the names in _OPERATIONS
    kinds: tuple[
        str, ...
    ]  # acceptable fact kinds, best first; () when the wording does not say
    terms: tuple[str, ...]  # content stems to match against fact labels and passages
    asked: str = (
        ""  # the part of the question that names what is asked (conditions cut off)
    )
    figures: tuple[Written, ...] = field(default=(), compare=False)
    periods: tuple[Period, ...] = field(default=(), compare=False)
    names: tuple[str, ...] = ()

    @property
    def follow_up(self) -> bool:
        """A short question leaning on the one before: "and the record date?", "what about X?"."""
        return (
            bool(_FOLLOW_UP.match(self.question))
            or len(self.terms) <= 2
            and self.question.strip().endswith("?")
        )

    @property
    def computation(self) -> bool:
        return self.operation not in ("lookup", "list", "audit", "calculate")


_FOLLOW_UP = re.compile(
    r"^\s*(?:and|what about|how about|also|same for|and what about|and for)\b",
    re.IGNORECASE,
)


def asked_part(question: str) -> str:
    """The words naming what is asked: "What net proceeds does X expect, before any over-allotment?"
    asks for "net proceeds"; "If I own 250 shares before the split, how many will I own after it?"
    asks about "how many ... after it"."""
    text = re.sub(
        r"\s*\([^)]*\)", "", question
    )  # an aside "(it is the same before and after)"
    text = _LEADING_CONDITION.sub("", text, count=1)
    cut = _CONDITION.search(text)
    text = (text[: cut.start()] if cut and cut.start() > 10 else text).strip()
    # a written figure and the word after it describe that figure ("per $1,000 principal"), not the asked one
    for figure in sorted(written_figures(text), key=lambda f: -f.start):
        rest = re.match(r"\s*(?:of\s+)?[\w-]+", text[figure.end :])
        end = figure.end + (rest.end() if rest else 0)
        text = text[: figure.start] + text[end:]
    return " ".join(text.split())


def read_kinds(text: str) -> tuple[str, ...]:
    """The kinds of figure a wording asks for, best first."""
    kinds = [kind for kind, pattern in _KINDS if pattern.search(text)]
    if re.search(r"\bhow long\b", text, re.IGNORECASE):
        return ("duration",)  # a length of time: no stated figure is one
    for pair, pattern in _NARROWER:
        if all(kind in kinds for kind in pair) and re.search(
            pattern, text, re.IGNORECASE
        ):
            kinds.remove(pair[1])
    return tuple(kinds)


def read_intent(question: str) -> Intent:
    """Read a question (clipped to ``MAX_QUESTION_CHARS``: longer input is not a question)."""
    question = question[:MAX_QUESTION_CHARS]
    operation = next(
        (name for name, pattern in _OPERATIONS if pattern.search(question)), "lookup"
    )
    asked = asked_part(question)
    kinds = read_kinds(asked) or read_kinds(question)
    content = tuple(term for term in terms(question) if term not in _QUESTION_WORDS)
    return Intent(
        question=question,
        operation=operation,
        kinds=kinds,
        terms=content,
        asked=asked,
        figures=tuple(written_figures(question)),
        periods=tuple(periods(question)),
        names=tuple(proper_names(question)),
    )
