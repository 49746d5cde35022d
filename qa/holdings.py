"""Computations about a holder's shares: a holding (or a price) across a split or consolidation,
and how much new shares dilute existing holders."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from qa.computations import Computed, Operand, calculate, call, from_fact, missing
from qa.evidence import Evidence
from qa.operands import operand, stated, written_in
from tools import finance

_BEFORE_SPLIT = re.compile(
    r"\bpre-?split\b|\bbefore the (?:reverse |stock |share )*(?:split|consolidation)\b",
    re.IGNORECASE,
)
_ROUND_UP = re.compile(r"\brounded up\b|\bround(?:ing)? up\b", re.IGNORECASE)


def split_adjust(evidence: Evidence) -> Computed:
    """Shares (or a price) the question writes, carried across the split ratio; the other way when
    the question asks for the pre-split equivalent of a post-split figure."""
    intent = evidence.intent
    ratio = _ratio(evidence)
    if ratio is None:
        return missing("the split ratio")
    counts = [
        op for op in written_in(intent.question, ("shares",)) if op.kind == "shares"
    ]
    prices = [op for op in written_in(intent.question, ("per_share", "money"))]
    backwards = _asks_pre_split(intent.question, counts[0].text if counts else None)
    used = ratio.value_text if not backwards else ratio.inverted
    if counts:
        held = counts[0]
        calculation, trace = call(
            "split_adjust", finance.split_adjust, held.figure, None, used
        )
        whole = calculation.details["shares_after"]
        traces, shown = [trace], whole
        if _ROUND_UP.search(intent.question) and calculation.details[
            "fractional_share"
        ] not in ("0", "0.0"):
            _, shown, extra = calculate(f"{whole.replace(',', '_')} + 1")
            traces.append(extra)
        side = "before" if backwards else "after"
        text = (
            f"{shown} shares {side} the split: {held.text} shares at {ratio.text} ({calculation.formula})"
            + ("; a fraction is rounded up to a whole share" if len(traces) > 1 else "")
            + "."
        )
        return Computed(text, traces, ratio.facts)
    if prices:
        price = prices[0]
        calculation, trace = call(
            "split_adjust", finance.split_adjust, "0", price.figure, used
        )
        trace = replace(
            trace, formula=trace.formula.split("; ", 1)[-1]
        )  # the price part alone
        after = calculation.details["price_after"]
        basis = "pre-split" if backwards else "post-split"
        text = f"{price.text} is {after} on a {basis} basis at {ratio.text} ({calculation.formula.split('; ', 1)[-1]})."
        return Computed(text, [trace], ratio.facts)
    return missing("a number of shares or a price to adjust")


_ASKING_CLAUSE = re.compile(
    r"(?:^|[.,;]\s*)[^.,;]*\b(?:how many|what)\b[^.,;]*", re.IGNORECASE
)
_AFTER_SPLIT = re.compile(r"\bpost-?split\b|\bafter\b", re.IGNORECASE)


def _asks_pre_split(question: str, held: str | None = None) -> bool:
    """Whether the figure asked for is the pre-split one. A side written on the held count
    ("100,000 pre-split shares", "the 146,302 post-split shares") is the other side; otherwise the
    asking clause ("how many will they hold after it?") decides, not a condition that mentions the
    split ("owns 2,500 shares before the reverse split")."""
    if held is not None:
        attached = re.search(
            rf"{re.escape(held)}\s+(pre|post)-?split\b", question, re.IGNORECASE
        )
        if attached:
            return attached.group(1).lower() == "post"
    clause = _ASKING_CLAUSE.search(
        re.sub(r"\d[\d,.]*\d", "N", question)
    )  # "$8.25" ends no clause
    text = clause.group(0) if clause else question
    before, after = _BEFORE_SPLIT.search(text), _AFTER_SPLIT.search(text)
    if (
        before and after
    ):  # "how many pre-split shares correspond to the N post-split shares"
        return before.start() < after.start()
    return bool(before)


class _Ratio:
    def __init__(self, text: str, value_text: str, facts: list[dict]) -> None:
        self.text, self.value_text, self.facts = text, value_text, facts
        new, old = value_text.split("-for-")
        self.inverted = f"{old}-for-{new}"


def _ratio(evidence: Evidence) -> _Ratio | None:
    """The split ratio: written in the question, else the one the notice states most."""
    written = written_in(evidence.intent.question, ("ratio",))
    if written:
        from tools.amounts import parse_ratio
        from tools.exact import plain

        read = parse_ratio(
            written[0].text,
            reverse=True
            if re.search(
                r"\breverse|consolidat", evidence.intent.question, re.IGNORECASE
            )
            else None,
        )
        return _Ratio(written[0].text, f"{plain(read.new)}-for-{plain(read.old)}", [])
    matches = stated(
        evidence,
        f"split ratio {evidence.intent.question}",
        ("ratio",),
        asked="split ratio",
    )
    if not matches:
        return None
    counts = Counter(str(m.fact["value"]) for m in matches)
    top = max(matches[:6], key=lambda m: (counts[str(m.fact["value"])], m.score))
    return _Ratio(top.fact["text"], str(top.fact["value"]), [top.fact])


_NEW_SHARES = re.compile(
    r"to be issued|increase in the number|shares offered|new shares|shares sold|shares issued|allot|placement|offering|subscri",
    re.IGNORECASE,
)
_EXCLUDE_NEW = re.compile(
    r"after|at present|before|outstanding|authori|option|warrant", re.IGNORECASE
)
_BEFORE = re.compile(
    r"at present|before|prior|currently|outstanding(?! after)", re.IGNORECASE
)
_EXCLUDE_BEFORE = re.compile(r"after|following|post", re.IGNORECASE)


def dilution(evidence: Evidence) -> Computed:
    """New shares against the shares in issue before (and so after) the issuance."""
    written = [
        op
        for op in written_in(evidence.intent.question, ("shares",))
        if op.kind == "shares"
    ]
    new = written[0] if written else _by_label(evidence, _NEW_SHARES, _EXCLUDE_NEW)
    before = _by_label(
        evidence,
        _BEFORE,
        _EXCLUDE_BEFORE,
        exclude=new,
        fallback="shares outstanding before the issuance",
    )
    if new is None or before is None:
        return missing(
            "both the new shares and the shares in issue before the issuance"
        )
    calculation, trace = call("dilution", finance.dilution, new.figure, before.figure)
    details = calculation.details
    text = (
        f"The {new.text} new shares are {details['of_shares_before']} of the {before.text} shares before the "
        f"issuance and {details['of_shares_after']} of the {details['shares_after']} shares after it; an existing "
        f"holder keeps {details['ownership_factor']} of their former stake (ownership factor)."
    )
    return Computed(text, [trace], [op.fact for op in (new, before) if op.fact])


def _by_label(
    evidence: Evidence,
    wanted: re.Pattern,
    unwanted: re.Pattern,
    exclude: Operand | None = None,
    fallback: str | None = None,
) -> Operand | None:
    """The best-matching share count whose label names the role ("to be issued", "at present")."""
    for match in stated(evidence, evidence.intent.question, ("shares",)):
        label = match.fact["label"]
        if wanted.search(label) and not unwanted.search(label):
            if (
                exclude is not None
                and exclude.fact is not None
                and match.fact is exclude.fact
            ):
                continue
            if exclude is not None and str(match.fact["value"]) == str(exclude.value):
                continue
            return from_fact(match.fact)
    labelled = _labelled_in_notice(evidence, wanted, unwanted, exclude)
    if labelled is not None or fallback is None:
        return labelled
    return operand(
        evidence, fallback, ("shares",), exclude=[exclude] if exclude else []
    )


def _labelled_in_notice(
    evidence: Evidence,
    wanted: re.Pattern,
    unwanted: re.Pattern,
    exclude: Operand | None,
) -> Operand | None:
    """A share count labelled for the role in the notice the other operand comes from (or the
    best-ranked notice), when the question's wording does not reach its label ("at present")."""
    if exclude is not None and exclude.fact is not None:
        doc_id = exclude.fact["doc_id"]
    else:
        doc_id = max(evidence.doc_prior, key=evidence.doc_prior.get, default=None)
    for view in evidence.views:
        fact = view.fact
        if fact["doc_id"] != doc_id or fact["kind"] != "shares":
            continue
        labelled = wanted.search(fact["label"]) and not unwanted.search(fact["label"])
        if labelled and (exclude is None or str(fact["value"]) != str(exclude.value)):
            return from_fact(fact)
    return None
