"""Computations that combine figures: a sum of parts, a count times a unit price, a rate applied to
an amount, an amount per unit, and a periodic amount over a year.

Each takes its operands from the question's own figures first and from the stated facts that
best answer each part of the question otherwise; every result comes from a ``tools`` call.
"""

from __future__ import annotations

import re

from qa.computations import (
    Computed,
    Operand,
    calculate,
    call,
    from_fact,
    missing,
    named_figure,
    no_cents,
    plain,
    stated_answer,
)
from qa.evidence import Evidence
from qa.fact_match import Match
from qa.guards import option_state
from qa.lookup import best_answer, strong
from qa.operands import operand, stated, strip_asking, written_in
from tools import finance

_WARRANTS_EXERCISED = re.compile(
    r"\bwarrants?\b.{0,80}\bexercis|\bexercis\w*\b.{0,60}\bwarrants?\b", re.IGNORECASE
)
_PLUS = re.compile(r"^(?P<a>.+?)\s+plus\s+(?P<b>.+)$", re.IGNORECASE)
_BOTH = re.compile(
    r"\b(?:through|from|of|on|for)\s+(?:the\s+|its\s+)?(?P<a>[^,?]+?)\s+and\s+(?:the\s+|its\s+)?(?P<b>[^,?]+?)\s+(?:combined|together|altogether)\b",
    re.IGNORECASE,
)
_IN_FULL = re.compile(
    r"\b(?:option|over-?allotment)\b.{0,60}\b(?:in full|fully)\b|\bfull exercise\b",
    re.IGNORECASE,
)
_TOTAL_WORDS = frozenset({"total", "aggregat", "combin", "together", "all"})


# ---- sums ----------------------------------------------------------------------------------------


def total_of(evidence: Evidence) -> Computed:
    """A total: stated as one, or the sum of its parts."""
    question = evidence.intent.question
    if _IN_FULL.search(question):
        return _with_option(
            evidence
        )  # a stated total is the one before the option, unless it says so
    match = best_answer(evidence)
    if match is not None and strong(match) and _says_total(match):
        return stated_answer(match.fact)
    plus = _PLUS.search(strip_asking(question))
    both = _BOTH.search(question)
    if plus or both:
        first, second = (
            (plus["a"], plus["b"])
            if plus
            else (
                both["a"] + " " + evidence.intent.asked,
                both["b"] + " " + evidence.intent.asked,
            )
        )
        names = (plus["a"], plus["b"]) if plus else (both["a"], both["b"])
        return _sum_of(_two_parts(evidence, (first, second), names), evidence)
    if match is not None and strong(match):
        return stated_answer(match.fact)
    return _sum_of_matching(evidence)


def _two_parts(
    evidence: Evidence, phrases: tuple[str, str], names: tuple[str, str]
) -> list:
    """The two parts of "A and B combined": computed or written parts as they come; two stated
    figures chosen together, the pair of different facts that best answers both ("the Lind Global
    repayment" is the $7.2 million, since the sentence naming Lind and Meridian states Meridian's)."""
    first, second = phrases
    first_part = part_value(evidence, first)
    stated_first = isinstance(first_part, Operand) and first_part.fact is not None
    if stated_first and not _WARRANTS_EXERCISED.search(second):
        pair = _best_pair(evidence, phrases, names)
        if pair is not None:
            return pair
    taken = [first_part] if isinstance(first_part, Operand) else []
    return [first_part, part_value(evidence, second, exclude=taken)]


def _best_pair(
    evidence: Evidence, phrases: tuple[str, str], names: tuple[str, str]
) -> list[Operand] | None:
    """Two different stated figures, the pair scoring best; each part's own words bind it, not
    the other part's ("the Meridian founders' conversion")."""
    kinds = evidence.intent.kinds or ("money",)
    firsts = stated(evidence, phrases[0], kinds, asked=names[0])[:3]
    seconds = stated(evidence, phrases[1], kinds, asked=names[1])[:3]
    pairs = [
        (a.score + b.score, a, b)
        for a in firsts
        for b in seconds
        if a.fact is not b.fact and str(a.fact["value"]) != str(b.fact["value"])
    ]
    if not pairs:
        return None
    _, a, b = max(pairs, key=lambda pair: pair[0])
    return [from_fact(a.fact), from_fact(b.fact)]


def part_value(
    evidence: Evidence, phrase: str, exclude: list[Operand] | None = None
) -> Computed | Operand | None:
    """One part of a sum: warrant exercise proceeds (computed), or a figure written or stated
    (other than the parts already taken)."""
    if _WARRANTS_EXERCISED.search(phrase):
        return warrant_proceeds(evidence, phrase)
    return operand(
        evidence, phrase, evidence.intent.kinds or ("money",), exclude=exclude or []
    )


def _sum_of(parts: list, evidence: Evidence) -> Computed:
    operands: list[Operand] = []
    calls, facts, said = [], [], []
    for part in parts:
        if part is None:
            return missing("every part of the total")
        if isinstance(part, Computed):
            if not part.found:
                return part
            calls += part.tool_calls
            facts += part.facts
            operands.append(
                Operand(
                    part.tool_calls[-1].result.split(" ")[0],
                    "money",
                    "the computed amount",
                )
            )
            said.append(part.text.rstrip("."))
        else:
            operands.append(part)
            facts += [part.fact] if part.fact else []
            said.append(named_figure(part))
    if len({id(op.fact) for op in operands if op.fact is not None}) < len(
        [op for op in operands if op.fact is not None]
    ):
        return missing("two different figures to add")
    calculation, trace = call(
        "sum_parts", finance.sum_parts, [op.figure for op in operands]
    )
    shown = no_cents(calculation.formatted)
    text = f"The total is {shown} ({calculation.formula}): " + "; ".join(said) + "."
    return Computed(text, calls + [trace], facts)


def _sum_of_matching(evidence: Evidence) -> Computed:
    """ "How much in total ... on debt repayment": every stated figure that answers it, added."""
    matches = stated(
        evidence, evidence.intent.asked, evidence.intent.kinds or ("money",)
    )
    if not matches:
        return missing(f"any figure for {strip_asking(evidence.intent.asked)}")
    best = matches[0]
    key = best.view.label & _topic(evidence)
    parts = [
        m
        for m in matches
        if m.fact["kind"] == best.fact["kind"]
        and key <= m.view.label
        and not (m.view.label & _TOTAL_WORDS)
        and m.score >= best.score - 6.0
    ]
    parts = list({str(m.fact["value"]) + m.fact["label"]: m for m in parts}.values())
    if len(parts) < 2:
        return stated_answer(best.fact)
    parts.sort(key=lambda m: m.fact["start"])
    return _sum_of([from_fact(m.fact) for m in parts], evidence)


def _topic(evidence: Evidence) -> frozenset[str]:
    from qa.fact_match import make_target

    target = make_target(evidence.intent.asked, (), evidence.naming)
    return target.distinctive


def _with_option(evidence: Evidence) -> Computed:
    """A figure if the option (over-allotment) is exercised in full: stated so, or the base figure
    plus the option's part (stated, or its units times the per-unit figure)."""
    asked = evidence.intent.asked
    kinds = evidence.intent.kinds or ("money",)
    matches = stated(evidence, asked, kinds)
    full = [
        m
        for m in matches[:4]
        if option_state(f"{m.view.before} {m.view.after}") == "full"
        and m.fact["kind"] in ("money", "shares")
    ]
    if full and strong(full[0]):
        return stated_answer(full[0].fact)
    # the base figure may be named otherwise ("$150 million ... notes" for "the total principal")
    loose = stated(evidence, asked, kinds, asked="")
    base = next(
        (
            m
            for m in [*matches, *loose]
            if m.fact["kind"]
            == kinds[0]  # a total, not the per-share figure stated beside it
            and option_state(f"{m.view.before} {m.view.after}") != "full"
            and not _additional(m)
        ),
        None,
    )
    if base is None:
        return missing(f"{strip_asking(asked)} before the option")
    extra = next(
        (m for m in matches if _additional(m) and m.fact["kind"] == base.fact["kind"]),
        None,
    )
    if extra is not None:
        return _sum_of([from_fact(base.fact), from_fact(extra.fact)], evidence)
    unit = next(
        (
            m
            for m in stated(evidence, asked, ("per_share",))
            if m.fact["kind"] == "per_share"
        ),
        None,
    )
    option_units = next(
        (
            m
            for m in stated(
                evidence, "additional shares option underwriters", ("shares",)
            )
            if _additional(m)
        ),
        None,
    )
    if unit is None or option_units is None:
        return missing("the option's part of the total")
    extra_part = _product(
        from_fact(option_units.fact), from_fact(unit.fact), "the option shares"
    )
    return _sum_of([from_fact(base.fact), extra_part], evidence)


def _additional(match: Match) -> bool:
    return bool(
        re.search(
            r"\b(?:additional|option|over-?allotment)\b",
            f"{match.view.before[-80:]} {match.fact['label']}",
            re.IGNORECASE,
        )
    )


def _says_total(match: Match) -> bool:
    view = match.view
    return bool((view.label | view.close | view.close_after) & _TOTAL_WORDS)


# ---- count times price ---------------------------------------------------------------------------


def product(evidence: Evidence) -> Computed:
    """Count times unit price: written in the question, or stated (warrants: their exercise price)."""
    question = evidence.intent.question
    if _WARRANTS_EXERCISED.search(question) and not re.search(
        r"\baggregate exercise price\b", question, re.IGNORECASE
    ):
        return warrant_proceeds(evidence, question)
    counts = written_in(question, ("shares",))
    prices = [
        op
        for op in written_in(question, ("per_share", "money"))
        if op.kind == "per_share"
    ]
    count = counts[0] if counts else None
    price = prices[0] if prices else None
    if count is None and price is None:
        count, price = _pair(evidence, question)
    elif count is None:
        count = operand(
            evidence,
            f"shares outstanding {evidence.intent.asked}",
            ("shares", "count"),
            exclude=[price],
        )
    elif price is None:
        # the words describing the written count ("12,450,000 shares outstanding") do not bind the price
        unbound = re.sub(
            rf"{re.escape(count.text)}(?:\s+[\w-]+){{0,2}}", "", strip_asking(question)
        )
        price = operand(
            evidence,
            f"price per share {question}",
            ("per_share",),
            exclude=[count],
            asked=unbound,
        )
    if count is None or price is None:
        return missing("both a number of shares and a price per share")
    return _product(count, price, "")


def warrant_proceeds(evidence: Evidence, phrase: str) -> Computed:
    """What exercising the warrants brings in: the shares they cover times their exercise price."""
    counts = [op for op in written_in(phrase, ("shares",)) if op.kind == "shares"]
    # the question's conditions ("if exercised for cash") describe the event, not the figures' names
    count = (
        counts[0]
        if counts
        else operand(
            evidence,
            f"warrants to purchase shares {phrase}",
            ("shares", "count"),
            asked="shares underlying warrants",
        )
    )
    price = _exercise_price(evidence, phrase, count)
    if count is None or price is None:
        return missing("both the number of warrant shares and their exercise price")
    if counts and _HALF_WARRANTS.search(phrase):
        return _half_warrants(count, price)
    return _product(count, price, "exercising the warrants")


_HALF_WARRANTS = re.compile(
    r"\bhalf[- ]warrants?\b|\bone[- ]half (?:of )?(?:one )?(?:[\w-]+ ){0,3}warrants?\b",
    re.IGNORECASE,
)


def _half_warrants(units: Operand, price: Operand) -> Computed:
    """Units that each carry half a warrant: half as many warrant shares, at the exercise price."""
    _, warrants, halving = calculate(f"{plain(units)} / 2")
    whole = Operand(warrants, "shares", "the warrant shares")
    product = _product(whole, price, "exercising the warrants")
    text = f"{units.text} units carry {warrants} warrants (half a warrant each). {product.text}"
    return Computed(text, [halving, *product.tool_calls], product.facts)


def _exercise_price(
    evidence: Evidence, phrase: str, count: Operand | None
) -> Operand | None:
    """The warrants' exercise price, from the notice that states their number when it does."""
    written = [
        op for op in written_in(phrase, ("per_share",)) if op.kind == "per_share"
    ]
    if written:
        return written[0]
    doc_id = (
        count.fact["doc_id"] if count is not None and count.fact is not None else None
    )
    among = (
        [view for view in evidence.views if view.fact["doc_id"] == doc_id]
        if doc_id
        else None
    )
    matches = stated(
        evidence,
        f"exercise price of the warrants {phrase}",
        ("per_share",),
        exclude=[count] if count else [],
        asked="exercise price of the warrants",
        among=among,
    )
    return from_fact(matches[0].fact) if matches else None


def _pair(evidence: Evidence, question: str) -> tuple[Operand | None, Operand | None]:
    """A count and a price stated for the same thing, preferring the two stated together."""
    counts = stated(
        evidence, question, ("shares", "count"), asked=_state_words(question)
    )[:4]
    prices = stated(evidence, question, ("per_share",), asked=strip_asking(question))[
        :4
    ]
    best, best_score = (None, None), None
    for count in counts:
        for price in prices:
            score = count.score + price.score
            if count.fact.get("context") == price.fact.get("context"):
                score += 4.0 + _adjacent(count.fact, price.fact, [*counts, *prices])
            if best_score is None or score > best_score:
                best, best_score = (count, price), score
    count, price = best
    return (from_fact(count.fact) if count else None), (
        from_fact(price.fact) if price else None
    )


def _state_words(question: str) -> str:
    """Only the question's before/after words bind a share count: "the post-split year-end
    dividend forecast" says which count (after the split), not that the count is a forecast."""
    words = []
    if re.search(r"\bbefore\b|\bpre-?split\b", question, re.IGNORECASE):
        words.append("before")
    if re.search(r"\bafter\b|\bpost-?split\b", question, re.IGNORECASE):
        words.append("after")
    return " ".join(words)


def _adjacent(count: dict, price: dict, others: list[Match]) -> float:
    """2 when the price follows the count with no other count or price between them ("3,000,000
    shares at an exercise price of $2.15, ... 150,000 shares at $43.00" pairs each count with its
    own price)."""
    if price["start"] < count["start"]:
        return 0.0
    between = any(
        count["start"] < other.fact["start"] < price["start"] for other in others
    )
    return 0.0 if between else 2.0


def _product(count: Operand, price: Operand, what: str) -> Computed:
    calculation, trace = call("total", finance.total, count.figure, price.figure)
    shown = no_cents(calculation.formatted)
    about = f" for {what}" if what else ""
    text = f"The total{about} is {shown}: {named_figure(count)} × {named_figure(price)} ({calculation.formula})."
    return Computed(text, [trace], [op.fact for op in (count, price) if op.fact])


# ---- rates, per unit, per year -------------------------------------------------------------------


def rate_of(evidence: Evidence) -> Computed:
    """A rate applied to an amount (interest, a discount); or a price backed out of a premium."""
    question = evidence.intent.question
    rates = written_in(question, ("percentage",))
    if re.search(r"\b(?:premium|discount)\b", question, re.IGNORECASE) and re.search(
        r"\bwhat (?:was|is|would be) the [\w\s-]*price\b", question, re.IGNORECASE
    ):
        return _before_premium(evidence, rates)
    amounts = [op for op in written_in(question, ("money",)) if op.kind == "money"]
    amount = (
        amounts[0]
        if amounts
        else operand(evidence, f"principal amount {evidence.intent.asked}", ("money",))
    )
    rate = (
        rates[0] if rates else operand(evidence, evidence.intent.asked, ("percentage",))
    )
    if amount is None or rate is None:
        return missing("both the rate and the amount it applies to")
    _value, shown, trace = calculate(
        f"{plain(amount)} * {plain(rate)}", amount.currency
    )
    shown = no_cents(shown)
    per_year = (
        " per year"
        if re.search(r"\b(?:per|a|each) year\b|\bannual", question, re.IGNORECASE)
        else ""
    )
    text = f"That is {shown}{per_year}: {named_figure(rate)} of {named_figure(amount)} ({trace.formula})."
    return Computed(text, [trace], [op.fact for op in (amount, rate) if op.fact])


def _before_premium(evidence: Evidence, rates: list[Operand]) -> Computed:
    question = evidence.intent.question
    prices = [op for op in written_in(question, ("per_share", "money"))]
    price = prices[0] if prices else operand(evidence, "purchase price", ("per_share",))
    rate = rates[0] if rates else operand(evidence, "premium", ("percentage",))
    if price is None or rate is None:
        return missing("both the price and the premium")
    sign = "-" if re.search(r"\bdiscount\b", question, re.IGNORECASE) else "+"
    _value, shown, trace = calculate(
        f"round({plain(price)} / (1 {sign} {plain(rate)}), 2)", price.currency or "USD"
    )
    text = f"The price before the {'discount' if sign == '-' else 'premium'} was {shown}: {named_figure(price)} / (1 {sign} {rate.text})."
    return Computed(text, [trace], [op.fact for op in (price, rate) if op.fact])


def per_unit(evidence: Evidence) -> Computed:
    """An amount per share, shares an amount buys at a price, or shares a principal converts into."""
    question = evidence.intent.question
    if re.search(r"\bconversion rate\b|\bunderl(?:ie|ying)\b", question, re.IGNORECASE):
        return _conversion_shares(evidence)
    amounts = [op for op in written_in(question, ("money",)) if op.kind == "money"]
    prices = [
        op for op in written_in(question, ("per_share",)) if op.kind == "per_share"
    ]
    counts = written_in(question, ("shares",))
    if amounts and prices and re.search(r"\bhow many\b", question, re.IGNORECASE):
        _, shown, trace = calculate(f"{plain(amounts[0])} / {plain(prices[0])}")
        text = f"{shown} shares: {named_figure(amounts[0])} / {named_figure(prices[0])} ({trace.formula})."
        return Computed(text, [trace], [])
    amount = (
        amounts[0] if amounts else operand(evidence, evidence.intent.asked, ("money",))
    )
    count = (
        counts[0]
        if counts
        else operand(evidence, evidence.intent.asked, ("shares", "count"))
    )
    if amount is None or count is None:
        return missing("both an amount and a number of shares")
    calculation, trace = call(
        "per_share", finance.per_share, amount.figure, count.figure
    )
    text = f"That is {calculation.formatted}: {named_figure(amount)} / {named_figure(count)} ({calculation.formula})."
    return Computed(text, [trace], [op.fact for op in (amount, count) if op.fact])


def _conversion_shares(evidence: Evidence) -> Computed:
    question = evidence.intent.question
    amounts = [op for op in written_in(question, ("money",)) if op.kind == "money"]
    amount = (
        amounts[0]
        if amounts
        else operand(evidence, "aggregate principal amount of notes", ("money",))
    )
    rate_match = next(
        iter(
            stated(
                evidence,
                "conversion rate shares per principal amount",
                ("shares", "count"),
                asked="conversion rate",
            )
        ),
        None,
    )
    if amount is None or rate_match is None:
        return missing("both the principal amount and the conversion rate")
    denomination = re.search(
        r"per\s+([$£€¥]?[\d,]+)\s+(?:in\s+)?principal",
        rate_match.fact.get("context", ""),
        re.IGNORECASE,
    )
    if denomination is None:
        return missing("the principal amount the conversion rate is stated per")
    rate = from_fact(rate_match.fact)
    per = Operand(denomination.group(1), "money", "principal amount the rate is per")
    _, shown, trace = calculate(f"{plain(amount)} / {plain(per)} * {plain(rate)}")
    text = (
        f"{shown} shares: {named_figure(amount)} / {per.text} × {rate.text} shares per {per.text} of principal "
        f"({trace.formula})."
    )
    return Computed(text, [trace], [op.fact for op in (amount, rate) if op.fact])


_PERIODS = (
    (
        "monthly",
        r"\bper month\b|\bmonthly\b|\ba month\b|\bevery month\b|\beach month\b",
    ),
    (
        "quarterly",
        r"\bper quarter\b|\bquarterly\b|\ba quarter\b|\bevery quarter\b|\beach quarter\b",
    ),
    ("semi-annual", r"\bsemi-?annual(?:ly)?\b|\btwice a year\b"),
)


def annualize(evidence: Evidence) -> Computed:
    """A periodic amount (written, or stated with its period) over a year."""
    question = evidence.intent.question
    written = [op for op in written_in(question, ("per_share", "money"))]
    if written:
        amount, period = written[0], _period(question)
    else:
        found = None
        # the stated period picks the figure, so the question's words need not bind ("fee")
        for match in stated(
            evidence, evidence.intent.asked, ("money", "per_share"), asked=""
        ):
            period = _period(
                f"{match.view.before} {match.fact['text']} {match.view.after}"
            )
            if period:
                found = (from_fact(match.fact), period)
                break
        if found is None:
            return missing("a periodic amount to put on a yearly basis")
        amount, period = found
    if period is None:
        return missing("how often the amount is paid")
    calculation, trace = call("annualize", finance.annualize, amount.figure, period)
    shown = no_cents(calculation.formatted.split(" per ")[0])
    text = f"That is {shown} a year: {named_figure(amount)} paid {period} ({calculation.formula})."
    return Computed(text, [trace], [amount.fact] if amount.fact else [])


def _period(text: str) -> str | None:
    return next(
        (name for name, pattern in _PERIODS if re.search(pattern, text, re.IGNORECASE)),
        None,
    )


# ---- sentences -----------------------------------------------------------------------------------
