"""Whether two written values are the same value: "$4.0 million" and "US$4,000,000", "August 5,
2013" and "2013-08-05", "RBC Capital Markets" and "RBC Capital Markets LLC".

The eval judge compares an answer with its expected value this way (``value_matches``, to the
precision the expected value is written with); the reader groups a notice's mentions of one value
by ``value_key`` (exact), to tell conflicting figures from the same figure written twice.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from tools.amounts import AmountError, parse_amount, parse_percent
from tools.dates import DateError, parse_date


def value_matches(expected: str | list, value: str | list) -> bool:
    """Whether ``value`` is ``expected``: dates as dates, numbers as numbers to the precision
    ``expected`` states (currency and scale words normalised), percentages without sign, names
    and identifiers by their words; lists as sets."""
    if isinstance(expected, list) or isinstance(value, list):
        wanted = expected if isinstance(expected, list) else [expected]
        got = value if isinstance(value, list) else [value]
        return len(wanted) == len(got) and all(
            any(value_matches(w, g) for g in got) for w in wanted
        )
    expected, value = str(expected).strip(), str(value).strip()
    wanted_date = _date_or_none(expected)
    if wanted_date is not None:
        return _date_or_none(value) == wanted_date
    if expected.endswith("%"):
        return _same_number(parse_percent(expected).copy_abs(), _percent_or_none(value))
    wanted = _number_or_none(expected)
    if wanted is not None:
        return _same_number(wanted, _number_or_none(value))
    return _same_words(expected, value)


_SCALE_WORDS = ("thousand", "million", "billion")


def value_matches_stated(
    expected: str | list, value: str | list, scale: str | None
) -> bool:
    """Whether ``value`` is ``expected`` as written, or with the scale of the table it was read
    from applied: "$55" of a table "(In millions)" is "$55 million", and "55" too."""
    if value_matches(expected, value):
        return True
    if scale not in _SCALE_WORDS:
        return False
    scaled = (
        [f"{v} {scale}" for v in value]
        if isinstance(value, list)
        else f"{value} {scale}"
    )
    return value_matches(expected, scaled)


@lru_cache(maxsize=65_536)
def value_key(text: str) -> tuple:
    """The value ``text`` states, as a key: equal for "$2.0 Million" and "$2,000,000" (the same
    amount in the same currency), for "August 5, 2013" and "2013-08-05", for "8%" and "8.0 percent";
    otherwise the words, case ignored. Exact: nothing is rounded."""
    text = text.strip()
    date = _date_or_none(text)
    if date is not None:
        return ("date", date)
    if text.endswith("%") or text.lower().endswith("percent"):
        percent = _percent_or_none(text)
        if percent is not None:
            return ("percent", percent)
    try:
        amount = parse_amount(text)
        return ("amount", amount.currency or "", amount.per_share, amount.value)
    except AmountError:
        return ("words", tuple(_WORDS.findall(text.casefold())))


def _same_number(wanted: Decimal, got: Decimal | None) -> bool:
    """Equal once ``got`` is rounded to the places ``wanted`` is written with."""
    if got is None:
        return False
    places = max(0, -wanted.as_tuple().exponent)
    return got.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) == wanted


def _percent_or_none(text: str) -> Decimal | None:
    try:
        return parse_percent(text).copy_abs()
    except AmountError:
        return None


# A multiple's "x" ("6.17x").
_MULTIPLE = re.compile(r"^-?\d[\d,]*(?:\.\d+)?(?=[x×]$)")
# A value with its unit noun ("1.3 million pounds", "$15,000 a ton") is this many words at most;
# longer, it is a passage, judged by its words.
_VALUE_WORDS = 6
# Hedges written before a value ("approximately", "more than", "up to") are this many words at
# most, in lower case: a capitalised word makes a name ("Series 3", "Form 10").
_HEDGE_WORDS = 2


def _number_or_none(text: str) -> Decimal | None:
    """An amount ("JPY3,208", "$4.0 million", "975,610 shares") as a number, read with the words
    it is written with: a hedge before it ("approximately 70 acres", "over $200 million") and a
    unit after it ("1.3 million pounds" is 1,300,000, not 1.3; "45 days", "3,285 BTC",
    "$960/oz"), as an answer written without them states the same value."""
    try:
        return parse_amount(text).value
    except AmountError:
        pass
    match = _MULTIPLE.match(text)
    if match:
        return Decimal(match.group().replace(",", ""))
    words = text.replace("/", " / ").split()
    if len(words) > _VALUE_WORDS:
        return None
    for start in range(min(_HEDGE_WORDS, len(words) - 1) + 1):
        if not all(word.isalpha() and word.islower() for word in words[:start]):
            break
        for end in range(len(words), start, -1):
            try:
                return parse_amount(" ".join(words[start:end])).value
            except AmountError:
                continue
    return None


def _same_words(expected: str, value: str) -> bool:
    """Names and identifiers: the same words, or one name inside the other ("X & Co." / "X & Co.,
    LLC"), middle initials aside when only one of them writes any ("David A. Dodd" / "David
    Dodd"; but "Class A" is not "Class B")."""
    a, b = _WORDS.findall(expected.casefold()), _WORDS.findall(value.casefold())
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if not any(len(word) == 1 for word in shorter):
        longer = [word for word in longer if len(word) > 1] or longer
    return len(shorter) >= 2 and " ".join(shorter) in " ".join(longer)


_WORDS = re.compile(r"[a-z0-9]+")
# An expected answer of this many words or more is an answer in words.
_PASSAGE_WORDS = 3


def writes_words(text: str, answer: str) -> bool:
    """Whether ``text`` writes ``answer``, an answer in words ("to regain Nasdaq compliance"),
    case and punctuation aside; a shorter answer is a name or a code, judged as a value."""
    wanted = _WORDS.findall(answer.casefold())
    if len(wanted) < _PASSAGE_WORDS:
        return False
    return f" {' '.join(wanted)} " in f" {' '.join(_WORDS.findall(text.casefold()))} "


def _date_or_none(text: str):
    try:
        return parse_date(text)
    except DateError:
        return None
