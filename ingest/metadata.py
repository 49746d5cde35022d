"""Notice-level metadata by rules: title, issuer, tickers, announcement date, notice type.

Only what the text states is taken; anything not found stays empty rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date

from ingest.patterns import DATE, MONTH
from ingest.records import NoticeMeta
from tools.dates import DateError, parse_date

_BOILERPLATE_TITLES = re.compile(
    r"^(?:for immediate release|news release|press release|media release|"
    r"for release\b.*|embargoed.*|\(?translation\)?|contact.*|"
    # where a saved copy came from ("Source: https://..."), which titles nothing
    r"(?:source|url|link)\s*:\s*\S+|https?://\S+)$",
    re.IGNORECASE,
)
_EXCHANGES = (
    r"NASDAQ|Nasdaq|NYSE American|NYSE MKT|NYSE Arca|NYSE|TSX[- ]?V|TSXV|TSX|CSE|TSE|OTCQB|OTCQX|"
    r"OTC Pink|OTC|ASX|LSE|AIM|HKEX|SEHK|SGX|Euronext|XETRA|FSE|Frankfurt|SIX|JSE|NSE|BSE|KRX|TWSE|NZX|"
    r"Cboe|CBOE|Nasdaq Stockholm|OSE|NEO|Cboe Canada"
)
_TICKER = re.compile(rf"\b({_EXCHANGES})\s*:\s*\"?([A-Z0-9][A-Z0-9.\-]{{0,9}})\b")
# Japanese notices write the issuer's name in capitals ("PLOVER CORPORATION", "PLOVER & CO., LTD.").
_CORPORATE_SUFFIX = (
    r"(?:Inc\.?|Incorporated|Corp\.?|Corporation|Co\.,? Ltd\.?|Ltd\.?|Limited|plc|Plc|PLC|LLC|L\.P\.|LP|"
    r"N\.V\.|S\.A\.|AG|SE|ASA|AB|Holdings|Group|Company|Trust|Bancorp|Bancshares|"
    r"INC\.?|CORP\.?|CORPORATION|CO\.,? LTD\.?|LTD\.?|LIMITED)"
)
_NAME = rf"(?:[A-Z]|[a-z][A-Z])[\w&'.\-]*(?:[ ,]+(?:[A-Z0-9&][\w&'.\-]*|of|and|de|the))*?,? {_CORPORATE_SUFFIX}"
_ISSUER_BEFORE_TICKER = re.compile(
    rf"((?:[A-Z]|[a-z][A-Z])[\w&'.\-]*(?: (?:[A-Z0-9&][\w&'.\-]*|of|and|de)){{0,7}}),?\s*\(\s*(?:{_EXCHANGES})\s*:"
)
_CORPORATE_SUFFIX_WORD = re.compile(rf"(?<![\w&'.\-]){_CORPORATE_SUFFIX}(?![\w])")


def is_corporate_suffix(word: str) -> bool:
    """Whether ``word`` is a legal form or a group word that ends company names ("Inc", "Holdings")."""
    return bool(re.fullmatch(_CORPORATE_SUFFIX, word))


_WORD = re.compile(r"[A-Za-z0-9][\w&'.\-]*")
_ISSUER_BEFORE_PAREN = re.compile(rf"({_NAME})\s*\(")
_ISSUER_ANYWHERE = re.compile(rf"({_NAME})(?![\w])")
# Words naming a body of or a role in a company, which a phrase puts before the company's own
# name ("Board of Directors of X", "CEO of X", "Jane Doe, Senior HR Leader, X"): never the name.
_ROLE_WORD = (
    r"(?:Board|Directors?|Supervisory|Management|Executive|Managing|Chief|C[A-Z]O|Officer|"
    r"President|Vice|Chair(?:man|woman|person)?|(?:Co-)?Founder|Treasurer|Secretary|Dean|"
    r"Instructor|Leader|Head|Manager|Shareholders|Stockholders|Committee|Senior|General|Counsel|"
    r"Certified|HR)"
)
_ROLE_BEFORE_NAME = re.compile(
    rf"(?<![\w&'.\-]){_ROLE_WORD}(?:\s*(?:&|and)?\s+{_ROLE_WORD})*(?:\s+of(?:\s+the)?\s+|,\s+)"
)
# What a heading, a sentence or a dateline puts before a name: "About X", "On March 26, 2024, X".
_LEAD_IN = re.compile(rf"^(?:The|today|Today|About|On {DATE.pattern},)\s+")
# A date or a year inside the phrase, as a dateline or a bond's title writes it before the name
# ("TOKYO June 24, X Inc.", "29 July 2024, X PLC", "Bonds due 2028 X Co., Ltd."): the name starts
# after the last one.
_DATE_IN_NAME = re.compile(
    rf"\b(?:{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?|{MONTH}\s+\d{{4}}|(?:19|20)\d\d),?\s+"
)
# A clause before the notice's own word for its issuer ("Accordingly, the Company", "Following
# Admission, the Company"): not part of any name.
_CLAUSE_BEFORE_THE = re.compile(r",\s+(?=the\s)")
# The issuer as a Japanese exchange notice's heading labels it: "Company Name: PLOVER CORPORATION".
_LABELLED_ISSUER = re.compile(
    r"^[ \t]*(?:company|issuer)(?:'s)?\s+name[ \t]*[:\uff1a][ \t]*([A-Za-z][^\n|]*?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# A dateline: "Tokyo, August 1, 2013 -", "FISHERS, IN - May 23, 2025 (NEWMEDIAWIRE)",
# "NEW YORK, March 3, 2025 /PRNewswire/ --", "Potomac, MD (Newsworthy.ai) Tuesday Oct 15, 2024 @ 11:00".
_DATELINE_AFTER = re.compile(
    r"^\s*(?:\([^)\n]{2,40}\)\s*|/[^/\n]{2,40}/\s*)?(?:[-\u2013\u2014/@]|\()"
)
_DATELINE_BEFORE = re.compile(r"^[A-Z][A-Za-z .'\-]+,[^\n]{0,45}$")

_TYPE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("third-party allotment", r"third[- ]party allotment"),
        (
            "convertible",
            r"convertible (?:senior |subordinated )?(?:notes?|bonds?|debentures?|preferred)",
        ),
        (
            "split or consolidation",
            r"(?:stock|share) split|reverse split|share consolidation|consolidation of (?:its )?shares",
        ),
        ("buyback", r"repurchase|buy-?back|tender offer for (?:its )?own"),
        ("private placement", r"private placement|\bPIPE\b|registered direct"),
        ("dividend", r"dividend|distribution per (?:share|unit)"),
        (
            "offering",
            (
                r"(?:public|underwritten|secondary|follow-on|rights|registered|bought deal|equity|share|stock|"
                r"unit|notes?|debt|bond|at-the-market|primary|IPO|initial) offering|offering of (?:\$|[\d,.]+ |its |"
                r"common|shares|units|ordinary|American depositary|senior|notes)|\bIPO\b|issuance of new shares|"
                r"pricing of|prices? (?:its )?(?:\$|public|offering)"
            ),
        ),
    )
)
_LEAD_CHARS = 1500
_DEFINED_TERM = re.compile(r'"([A-Z][\w&.\- ]{1,30}?)"')
_FOLLOWING_PARENTHESES = re.compile(r"(?:,?\s*\([^()\n]{1,200}\)){1,3}")
# ("The Company") is as generic as ("Company").
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
_GENERIC_TERMS = frozenset(
    {
        "Company",
        "Corporation",
        "Issuer",
        "Group",
        "Offering",
        "Notes",
        "Shares",
        "Board",
    }
)


def extract_metadata(text: str, format_title: str | None = None) -> NoticeMeta:
    """Metadata of a normalized notice text; ``format_title`` is a title the file format gave."""
    title = format_title or _title(text)
    lead = text[:_LEAD_CHARS]
    issuer = _issuer(lead, title)
    return NoticeMeta(
        title=title,
        issuer=issuer,
        aliases=_aliases(lead, issuer),
        tickers=_tickers(lead),
        date=_announcement_date(lead),
        type=_notice_type(title, lead),
    )


def _title(text: str) -> str:
    """The first Markdown heading, else the first line that is not a release banner."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:5]:
        if line.startswith("#"):
            return line.lstrip("#").strip()
    for line in lines:
        if not _BOILERPLATE_TITLES.match(line) and len(line) <= 250:
            return line
    return lines[0][:250] if lines else ""


def _tickers(lead: str) -> tuple[str, ...]:
    """Exchange-qualified tickers as ``EXCHANGE:SYMBOL`` in order of appearance."""
    found: list[str] = []
    for exchange, symbol in _TICKER.findall(lead):
        ticker = f"{exchange.upper().replace(' ', '')}:{symbol.rstrip('.')}"
        if ticker not in found:
            found.append(ticker)
    return tuple(found)


def _issuer(lead: str, title: str = "") -> str | None:
    """The company named before a parenthesis (its ticker or defined term), else the first one
    named; without the notice's title before it (text from a PDF runs the title into the first
    sentence: "... Tender Offer of Treasury Shares Plover Online Entertainment, Inc. (the
    Company) hereby announces")."""
    body = lead.split("\n", 1)[1] if "\n" in lead else lead
    match = (
        _LABELLED_ISSUER.search(body)
        or _ISSUER_BEFORE_PAREN.search(body)
        or _ISSUER_BEFORE_TICKER.search(body)
        or _ISSUER_ANYWHERE.search(body)
    )
    if not match:
        return None
    name = _bare_name(match.group(1).strip()).rstrip(",")
    if title and (at := name.find(title + " ")) >= 0:
        name = name[at + len(title) :].strip()
    # "the Company", as a notice calls its issuer once it has named it, names no company.
    words = _WORD.findall(_CORPORATE_SUFFIX_WORD.sub("", name))
    return name if any(w.lower() not in ("the", "of", "and") for w in words) else None


def _bare_name(phrase: str) -> str:
    """The company's name alone: the patterns above match whole phrases of capitalised words, so
    a role or body of the company ("Board of Directors of X"), a dateline's date ("TOKYO June 24,
    X") or a lead-in ("About X") comes with it; what follows the last such role or date, and no
    lead-in, is the name."""
    for before in (_ROLE_BEFORE_NAME, _DATE_IN_NAME, _CLAUSE_BEFORE_THE):
        found = list(before.finditer(phrase))
        if found and found[-1].end() < len(phrase):
            phrase = phrase[found[-1].end() :]
    return _LEAD_IN.sub("", phrase)


def _aliases(lead: str, issuer: str | None) -> tuple[str, ...]:
    """Defined short names in the parentheses after the issuer: ("IIJ", the "Company") gives IIJ."""
    if not issuer:
        return ()
    found = []
    # Wherever the name is written, in capitals in a heading or as a sentence writes it.
    for written in re.finditer(re.escape(issuer), lead, re.IGNORECASE):
        after = _FOLLOWING_PARENTHESES.match(lead, written.end())
        inside = after.group(0) if after else ""
        found += [
            term
            for term in _DEFINED_TERM.findall(inside)
            if _ARTICLE.sub("", term) not in _GENERIC_TERMS
            and term.lower() != issuer.lower()
        ]
    return tuple(dict.fromkeys(found))


def _announcement_date(lead: str) -> date | None:
    """The dateline's date: one written after a place name or followed by a dash or wire tag."""
    for match in DATE.finditer(lead):
        before = (
            lead[max(0, match.start() - 60) : match.start()].split("\n")[-1].lstrip()
        )
        after = lead[match.end() : match.end() + 40]
        if _DATELINE_AFTER.match(after) or _DATELINE_BEFORE.search(before):
            try:
                return parse_date(match.group(0))
            except DateError:
                continue
    return None


def _notice_type(title: str, lead: str) -> str:
    """The first rule that matches the title, else the first that matches the opening text."""
    for text in (title, lead):
        for kind, pattern in _TYPE_RULES:
            if pattern.search(text):
                return kind
    return "other"
