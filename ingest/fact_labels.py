"""Name a figure found in prose by the nearest words of the filing that govern it.

Filings name their figures with a small vocabulary: gross and net proceeds, offering, exercise
and conversion prices, record and payment dates, shares outstanding... The lexicon below maps
each phrasing to the name a reader asks with ("shareholders of record on" -> "record date"),
per kind of figure, so "payable on March 31, 2025, to all shareholders of record on March 10,
2025" names one date the payment date and the other the record date.

A figure takes the closest phrase before it in its sentence, unless a phrase follows it
directly ("$150 million share repurchase program", "$1.00 minimum bid price"). Generic
transaction words ("offering", "notes") lose to specific ones ("gross proceeds") that stand a
little further away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GENERIC_PENALTY = (
    60  # characters a generic word must be closer by to beat a specific one
)
_BEFORE_WINDOW = 170
_AFTER_ADJACENT = 28


@dataclass(frozen=True)
class Entry:
    """One phrasing and the label it gives; ``generic`` words lose to nearby specific ones."""

    pattern: re.Pattern[str]
    label: str
    generic: bool = False


def _entries(*rows: tuple[str, str] | tuple[str, str, bool]) -> tuple[Entry, ...]:
    return tuple(
        Entry(re.compile(rf"(?i)\b(?:{row[0]})\b"), row[1], *row[2:]) for row in rows
    )


DATE_WORDS = _entries(
    (
        r"payable(?: on)?|payment date|(?:will|to) be paid(?: on)?|paid on|pay date|distribution date",
        "payment date",
    ),
    (
        (
            r"record date|(?:share|stock|unit)?holders of record(?: at the close of business)?(?: on| as of)?|"
            r"of record (?:on|as of)|record as of|holders as of"
        ),
        "record date",
    ),
    (r"ex-dividend(?: date)?|ex-date", "ex-dividend date"),
    (r"ex-rights(?: date)?", "ex-rights date"),
    (
        r"effective(?: date| time)?|takes? effect|becomes? effective|effectiveness|implemented|effected",
        "effective date",
    ),
    (r"declared effective", "registration statement declared effective"),
    (
        r"clos(?:e|es|ed|ing)(?: date)?|consummat\w+|settlement(?: date)?",
        "closing date",
    ),
    (r"closing (?:bid )?price|last reported sale price|sale price", "price date"),
    (r"matur(?:e|es|ity)(?: date)?", "maturity date"),
    (r"subscription (?:date|period)", "subscription date"),
    (r"payment date", "payment date"),
    (r"expir(?:e|es|ed|ation|y)(?: date)?", "expiration date"),
    (
        r"(?:meeting of (?:the )?board of directors|board meeting|board of directors)(?: held)?(?: on)?|board",
        "board meeting",
    ),
    (
        r"(?:special|annual|general|extraordinary)(?: general)? meeting(?: of (?:the )?(?:stockholders|shareholders))?(?: held)?(?: on)?",
        "shareholders' meeting",
    ),
    (r"approv(?:ed|al)(?: on)?", "approval date"),
    (r"meeting(?: held)? on", "meeting date"),
    (r"resolution|resolved", "resolution date"),
    (r"as of|as at", "as of"),
    (
        r"(?:begin|commence)s? trading|trading (?:will )?(?:begin|commence)|split-adjusted basis|post-split basis",
        "first split-adjusted trading day",
    ),
    (
        r"filed(?: with the (?:U\.S\. )?(?:SEC|Securities and Exchange Commission))?(?: on)?",
        "filing date",
    ),
    (r"(?:deficiency )?notice|notified", "notice date"),
    (r"public notice", "public notice date"),
    (r"redeem\w*|redemption", "redemption date"),
    (
        r"(?:interest )?payment dates?|interest (?:is )?payable|semiannually",
        "interest payment date",
    ),
    (r"issu(?:e|ed|ance)(?: date)?", "issuance date"),
    (r"(?:year|quarter|period|months) end(?:ed|ing)", "period end"),
    (r"until|through|expires?", "end date"),
    (r"dated|press release", "date of the referenced release"),
    (r"released on|announced on", "release date"),
    (r"(?:annual|quarterly|cash|special) dividend|dividend", "dividend date", True),
    (
        r"split|reverse stock split|offering|placement|transaction",
        "transaction date",
        True,
    ),
)
_MONEY_ONLY = _entries(
    (r"gross proceeds", "gross proceeds"),
    (r"net proceeds", "net proceeds"),
    (r"proceeds|rais(?:e|es|ed|ing)", "proceeds"),
    (r"aggregate (?:purchase|exercise|offering) price", "aggregate purchase price"),
    (
        r"underwriting discounts?(?: and commissions)?|initial purchasers' discount",
        "underwriting discount",
    ),
    (
        r"placement agent(?:'s)? fees?|cash fee|dealer-manager fees?|finder'?s fees?|commissions?",
        "placement agent fee",
    ),
    (r"(?:estimated )?offering expenses|expenses", "offering expenses"),
    (r"(?:aggregate )?principal amount|aggregate principal", "principal amount"),
    (
        (
            r"(?:share )?repurchase (?:program|plan|authorization)|share repurchases?|buy ?back|repurchase up to|"
            r"repurchases?|authorization"
        ),
        "repurchase authorization",
    ),
    (r"remain(?:s|ing)? available|remaining under|remains", "remaining authorization"),
    (r"available for (?:share )?repurchases", "total repurchase capacity"),
    (r"cash and cash equivalents|cash", "cash and cash equivalents"),
    (r"revenues?|sales", "revenue"),
    (r"net income|net profit|net earnings|earnings", "net income"),
    (r"net loss|loss", "net loss"),
    (r"free cash flow", "free cash flow"),
    (r"market cap(?:italization)?", "market capitalization"),
    (r"total loans", "total loans"),
    (r"total deposits", "total deposits"),
    (r"debt|loans?|borrowings|indebtedness|owed", "debt"),
    (r"stated capital", "increase in stated capital"),
    (r"additional paid-in capital", "increase in additional paid-in capital"),
    (r"amount to be paid", "total amount to be paid"),
    (
        r"aggregate amount of the dividend(?: payment)?|dividend payment",
        "aggregate dividend payment",
    ),
    (r"assets under management|total assets", "assets"),
    (r"(?:capped call|cost of the capped call)", "capped call cost"),
    (
        (
            r"(?:public |registered direct |underwritten |rights |bought deal |private |equity |pipe |reg(?:ulation)? a |"
            r"direct )?offering|private placement|financing|pipe|transaction|deal"
        ),
        "offering size",
        True,
    ),
    (
        r"convertible (?:senior )?notes|notes offering|notes|bonds?|debentures?",
        "notes",
        True,
    ),
    (r"minimum|maximum|up to|at least", "amount", True),
)
PER_SHARE_WORDS = _entries(
    (r"(?:public )?offering price|issue price|price to the public", "offering price"),
    (
        (
            r"(?:combined )?purchase price|price per (?:share|unit)|sold at|at a price of|priced at|"
            r"post-split price"
        ),
        "purchase price",
    ),
    (r"exercise price", "exercise price"),
    (r"conversion price", "conversion price"),
    (
        (
            r"closing (?:bid )?price|last (?:reported )?(?:sale |closing )?price|sale price|share price|stock price|"
            r"trading price|market price"
        ),
        "closing price",
    ),
    (r"(?:minimum )?bid price|minimum bid", "minimum bid price"),
    (r"par value", "par value"),
    (r"cap price", "cap price"),
    (r"subscription price", "subscription price"),
    (r"redemption price", "redemption price"),
    (
        r"(?:cash |quarterly |special |annual |interim |final |year-end |semi-annual )*dividends?(?: rate)?",
        "dividend per share",
    ),
    (r"annualized(?: dividend)?(?: rate)?", "annualized dividend"),
    (r"earnings per (?:diluted )?share|EPS|per diluted share", "earnings per share"),
    (r"price target", "price target"),
    (r"average (?:purchase )?price", "average price"),
    (r"net asset value|NAV", "net asset value"),
    (r"increase of|increased by", "increase"),
)
SHARES_WORDS = _entries(
    (
        r"(?:shares? )?outstanding|share count|issued shares|issued and outstanding",
        "shares outstanding",
    ),
    (r"authorized(?: shares)?", "authorized shares"),
    (
        r"warrants? to purchase|exercisable for|issuable upon (?:the )?exercise",
        "shares underlying warrants",
    ),
    (
        r"option to purchase(?: up to)?(?: an)?(?: additional)?|over-allotment|additional",
        "underwriters' option",
    ),
    (r"repurchased|bought back|repurchase", "shares repurchased"),
    (r"conversion rate", "conversion rate"),
    (r"not to exceed|limit", "share limit"),
    (r"converted into|exchange", "shares issued in exchange"),
    (
        r"offering of|offer(?:ed|ing)?|sell|sold|sale of|issue|issued|purchase|subscribe\w*",
        "shares offered",
        True,
    ),
    (r"reserved", "shares reserved"),
    (r"share unit|unit", "share unit"),
)
PERCENT_WORDS = _entries(
    (r"interest(?: rate)?|coupon|accrue interest at a rate of", "interest rate"),
    (r"premium", "premium"),
    (r"discount", "discount"),
    (r"yield", "dividend yield"),
    (r"fee", "fee rate"),
    (r"increase[ds]?|raised|grew|growth|up", "increase"),
    (r"decrease[ds]?|down|declin\w+|narrowed|reduc\w+|cut", "decrease"),
    (r"gross margin", "gross margin"),
    (r"retention rate", "retention rate"),
    (r"of the (?:outstanding|issued)|represents", "share of outstanding"),
    (r"redemption price", "redemption price"),
    (r"(?:convertible )?(?:senior )?notes", "interest rate"),
    (r"ratio", "ratio"),
    (r"conversion price", "percent of conversion price"),
    (r"payout", "payout ratio"),
    (r"received", "share received"),
)
RATIO_WORDS = _entries(
    (r"(?:reverse )?(?:stock |share )?split|consolidation|ratio", "split ratio"),
)
COUNT_WORDS = _entries(
    (r"warrants?", "warrants"),
    (r"units?", "units"),
    (r"rights", "rights"),
    (r"options", "options"),
    (r"notes", "notes"),
)
MONEY_WORDS = _MONEY_ONLY + PER_SHARE_WORDS
PER_SHARE_LABELS = frozenset(entry.label for entry in PER_SHARE_WORDS)
_BY_KIND = {
    "date": DATE_WORDS,
    "money": MONEY_WORDS,
    "per_share": PER_SHARE_WORDS
    + tuple(Entry(entry.pattern, entry.label, True) for entry in _MONEY_ONLY),
    "shares": SHARES_WORDS,
    "count": COUNT_WORDS + SHARES_WORDS,
    "percentage": PERCENT_WORDS,
    "ratio": RATIO_WORDS,
}
DEFAULT_LABELS = {
    "date": "date",
    "money": "amount",
    "per_share": "amount per share",
    "shares": "number of shares",
    "count": "number",
    "percentage": "percentage",
    "ratio": "split ratio",
}
_UNIT_WORDS = re.compile(
    r"(?i)\s*(?:(?:new|additional|issued|and|outstanding|common|ordinary|pre-split|post-split|pre-funded|"
    r"restricted|treasury)\s+)*(?:shares?|units?|warrants?|ADSs?)"
    r"(?:\s+of\s+(?:its\s+|the\s+company's\s+|\w+'s\s+)?(?:common|ordinary)\s+(?:stock|shares))?"
)
# Asides between a name and its figure: ", before deducting ... ," or "(...)".
_ASIDE = re.compile(
    r"(?i),\s*(?:before|after|excluding|including|less|net of|assuming)\b[^,]*,|\([^()]*\)"
)
_CLAUSE_STOP = re.compile(r"[,;:()$¥€£]|\s(?:and|or|which|that|while|but|of|from|to)\s")
_PERCENT_STOP = re.compile(r"[,;:()$¥€£]|\s(?:and|or|which|that|while|but|from|to)\s")


_CONNECTOR_WORD = re.compile(
    r"(?i)\b(?:of|at|on|is|was|are|were|be|will|would|to|expected|estimated|equal|approximately|about|up|"
    r"totaling|totalling|amounting|in|the|a|an|for|by|as|set|has|have|been|from|its|company|it|which)\b"
)


def _distance(gap: str) -> int:
    """How far a name stands from its figure: the characters of the words between them that
    are not mere connectors ("price of", "proceeds ... are expected to be")."""
    return len(re.sub(r"[\W\s]+", "", _CONNECTOR_WORD.sub("", gap)))


@dataclass(frozen=True)
class Choice:
    """The phrase chosen to name a figure: its label, whether it says a price per share."""

    label: str
    per_share: bool


def choose_label(
    kind: str, text: str, start: int, end: int, bounds: tuple[int, int]
) -> Choice | None:
    """The lexicon phrase governing the figure at ``text[start:end]`` within ``bounds``, if any."""
    entries = _BY_KIND[kind]
    low, high = bounds
    after = text[end : min(high, end + 60)]
    if kind in ("shares", "count"):
        unit = _UNIT_WORDS.match(after)
        after = " " * unit.end() + after[unit.end() :] if unit else after
    stop = (_PERCENT_STOP if kind == "percentage" else _CLAUSE_STOP).search(after)
    after = after[: stop.start()] if stop else after
    best: tuple[int, int, Entry] | None = None  # (distance, -length, entry)
    for entry in entries:
        for match in entry.pattern.finditer(after):
            if match.start() > _AFTER_ADJACENT:
                break
            distance = (
                _distance(after[: match.start()])
                + 1
                + (_GENERIC_PENALTY if entry.generic else 0)
            )
            candidate = (distance, -len(match.group()), entry)
            best = min(best, candidate, key=lambda c: c[:2]) if best else candidate
    window_start = max(low, start - _BEFORE_WINDOW)
    before = _ASIDE.sub(lambda m: " " * len(m.group()), text[window_start:start])
    for entry in entries:
        for match in entry.pattern.finditer(before):
            distance = _distance(before[match.end() :])
            distance += _GENERIC_PENALTY if entry.generic else 0
            candidate = (distance, -len(match.group()), entry)
            best = min(best, candidate, key=lambda c: c[:2]) if best else candidate
    if best is None:
        return None
    entry = best[2]
    return Choice(entry.label, entry.label in PER_SHARE_LABELS)


def label_for(
    kind: str, text: str, start: int, end: int, bounds: tuple[int, int]
) -> str:
    """The label of a prose figure: the governing phrase's name, else a plain name for its kind."""
    choice = choose_label(kind, text, start, end, bounds)
    return choice.label if choice else DEFAULT_LABELS[kind]
