"""Find the arithmetic a notice states or implies between its own facts.

The audit checks only relations the text supports, because a check the notice never claims
would report its figures wrong when they are not. Each finder below looks for one shape of
statement, by the labels the extractor gave the facts and where they stand:

* count × unit price = total: a total and a per-share amount named alike in one row or
  sentence ("Total Amount to be Paid  JPY2,245,600,000 JPY3,208 per share"), with the number
  of shares issued; or "N shares at $P per share ... gross proceeds of $T";
* parts = whole: uses of proceeds against the proceeds they divide; stated capital plus
  additional paid-in capital against the amount paid (in total and per share);
* before + increase = after: rows (or a sentence) giving shares before, the increase, after;
* split ratio: shares or prices before and after a split, against the ratio;
* gross − deductions = net: "after deducting ... of $X, net proceeds of $Y".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.facts import Fact

COUNT_X_PRICE = "count × unit price = total"
PARTS = "parts = whole"
BEFORE_AFTER = "before + increase = after"
SPLIT = "split ratio"
NET = "gross − deductions = net"


@dataclass(frozen=True)
class Relation:
    """A relation the notice states: ``stated`` should follow from ``inputs`` by ``relation``.

    For a split, ``inputs`` is (ratio, figure before); for the net proceeds, (gross, deductions...).
    """

    relation: str
    stated: Fact
    inputs: tuple[Fact, ...]


_PRICE = re.compile(
    r"(?i)^(?:offering price|purchase price|subscription price|average price|issue price)$"
)
_TOTAL = re.compile(r"(?i)^(?:gross proceeds|aggregate purchase price|proceeds)$")
_OFFERED = re.compile(
    r"(?i)shares offered|shares repurchased|to be issued|shares sold|^units$|^number$"
)
_BEFORE = re.compile(
    r"(?i)\b(?:before|at present|prior|current|currently|existing|pre-split|on the record date)\b"
)
_AFTER = re.compile(r"(?i)\b(?:after|following|post-split|upon completion)\b")
_INCREASE = re.compile(
    r"(?i)\bincrease|to be issued|new shares|shares issued|shares to be"
)
# Labels that name a deal rather than one figure of it: two figures sharing one are not a pair.
_GENERIC_LABELS = frozenset(
    {
        "offering size",
        "amount",
        "amount per share",
        "notes",
        "proceeds",
        "transaction date",
    }
)
_ALTERNATIVE = re.compile(r"(?i)\s*(?:\)\s*)?if\b")
_OPTION = re.compile(r"(?i)\bif\b[^.]{0,60}\b(?:exercise|option)")


def _paragraph(text: str, position: int) -> tuple[int, int]:
    """The blank-line-delimited paragraph (or table) around ``position``."""
    start = text.rfind("\n\n", 0, position)
    end = text.find("\n\n", position)
    return (0 if start < 0 else start + 2), (len(text) if end < 0 else end)


def _same_context(a: Fact, b: Fact) -> bool:
    """Whether two facts stand in the same sentence or row."""
    return a.context == b.context and abs(a.start - b.start) <= len(a.context)


def _is_row(fact: Fact) -> bool:
    return "\t" in fact.context


def _offering_count(facts: list[Fact]) -> Fact | None:
    """The number of shares (or units) the notice issues or sells: the first one it names."""
    return next(
        (
            f
            for f in facts
            if f.kind in ("shares", "count") and _OFFERED.search(f.label)
        ),
        None,
    )


def _row_pairs(facts: list[Fact]) -> Iterator[Relation]:
    """A total and a per-share amount named alike (one row or one sentence), times the count issued."""
    count = _offering_count(facts)
    if count is None:
        return
    for price in facts:
        if price.kind != "per_share" or (
            price.label.lower() in _GENERIC_LABELS and not _is_row(price)
        ):
            continue
        for whole in facts:
            if (
                whole.kind == "money"
                and whole.currency == price.currency
                and whole.label.lower() == price.label.lower()
                and _same_context(whole, price)
            ):
                yield Relation(COUNT_X_PRICE, whole, (count, price))
                break


def _price_totals(text: str, facts: list[Fact]) -> Iterator[Relation]:
    """ "N shares ... at $P per share ... gross proceeds of $T"."""
    for index, price in enumerate(facts):
        if price.kind != "per_share" or not _PRICE.match(price.label) or _is_row(price):
            continue
        first, last = _paragraph(text, price.start)
        counts = [
            f
            for f in facts[:index]
            if f.kind in ("shares", "count")
            and f.start >= first
            and _OFFERED.search(f.label)
        ]
        if not counts:
            continue
        for whole in facts[index + 1 :]:
            if (
                whole.kind == "per_share" and _PRICE.match(whole.label)
            ) or whole.start - price.end > 800:
                break
            near = whole.start < last or whole.label.lower() == "gross proceeds"
            if (
                near
                and whole.kind == "money"
                and whole.currency == price.currency
                and _TOTAL.match(whole.label)
            ):
                if not _OPTION.search(
                    whole.context[: max(0, whole.context.find(whole.text))]
                ):
                    yield Relation(COUNT_X_PRICE, whole, (counts[-1], price))
                break


def _dividend_total(facts: list[Fact]) -> Iterator[Relation]:
    """ "Based on N shares outstanding, the aggregate dividend payment will be $T" at the declared rate."""
    rate = next(
        (f for f in facts if f.kind == "per_share" and f.label == "dividend per share"),
        None,
    )
    if rate is None:
        return
    for whole in facts:
        if (
            whole.kind == "money"
            and whole.label == "aggregate dividend payment"
            and whole.currency == rate.currency
        ):
            shares = [
                f
                for f in facts
                if f.kind == "shares"
                and _same_context(f, whole)
                and f.start < whole.start
            ]
            if shares:
                yield Relation(COUNT_X_PRICE, whole, (shares[-1], rate))


def _uses_of_proceeds(text: str, facts: list[Fact]) -> Iterator[Relation]:
    """Uses of proceeds (two or more, in a row) against the proceeds they are uses of."""
    groups: list[list[Fact]] = []
    for fact in facts:
        if fact.kind == "money" and fact.label.startswith("use of proceeds:"):
            previous = groups[-1][-1] if groups else None
            if (
                previous
                and fact.start - previous.end < 600
                and not any(
                    f.kind == "money" and previous.start < f.start < fact.start
                    for f in facts
                )
            ):
                groups[-1].append(fact)
            else:
                groups.append([fact])
    for parts in groups:
        if len(parts) < 2 or len({p.currency for p in parts}) != 1:
            continue
        first = parts[0]
        before = [
            f
            for f in facts
            if f.kind == "money"
            and f.end <= first.start
            and f.currency == first.currency
        ]
        whole = None
        if (
            before
            and _same_context(before[-1], first)
            and "proceeds" in before[-1].label
        ):
            whole = before[-1]
        else:
            intro = text[max(0, first.start - 400) : first.start].lower()
            kind = (
                "net proceeds"
                if "net proceeds" in intro
                else "gross proceeds"
                if "gross proceeds" in intro
                else None
            )
            named = [f for f in before if f.label == kind]
            whole = named[0] if kind and named else None
        if whole is not None:
            yield Relation(PARTS, whole, tuple(parts))


def _capital_parts(facts: list[Fact]) -> Iterator[Relation]:
    """Increase in stated capital + increase in additional paid-in capital = amount paid."""
    for kind in ("money", "per_share"):

        def find(pattern: str, kind: str = kind) -> Fact | None:
            return next(
                (
                    f
                    for f in facts
                    if f.kind == kind and re.search(pattern, f.label, re.IGNORECASE)
                ),
                None,
            )

        stated = find(r"stated capital|capital stock")
        surplus = find(r"additional paid-in capital|capital reserve")
        whole = find(
            r"amount to be paid|total amount paid|paid-in amount|total issue price|amount paid"
        )
        if (
            stated
            and surplus
            and whole
            and stated.currency == surplus.currency == whole.currency
        ):
            yield Relation(PARTS, whole, (stated, surplus))


def _base(label: str) -> str:
    """A label without its before/after words, to pair "X before ..." with "X after ...".

    Words between the marker and the end of the label name the event ("the stock split",
    "adjustment"), so they go too.
    """
    label = re.sub(
        r"(?i)\b(?:before|after|following|prior to|post-split|pre-split|current(?:ly)?|at present|on the record date|as of)\b.*$",
        "",
        label,
    )
    return re.sub(r"[\s,]+$", "", label).lower()


def _before_after(facts: list[Fact]) -> list[tuple[Fact, Fact]]:
    """Pairs (before, after) of one kind: rows or labels that differ only by before/after."""
    pairs = []
    for before in facts:
        if before.kind not in ("shares", "per_share") or not _BEFORE.search(
            before.label
        ):
            continue
        for after in facts:
            if (
                after is not before
                and after.kind == before.kind
                and _AFTER.search(after.label)
                and _base(after.label) == _base(before.label)
                and _base(before.label)
            ):
                pairs.append((before, after))
                break
    return pairs


def _sentence_pairs(text: str, facts: list[Fact]) -> list[tuple[Fact, Fact]]:
    """Pairs in one sentence: "N shares at $P ..., will after the reverse split ... M shares at $Q"."""
    pairs = []
    for index, first in enumerate(facts):
        if first.kind not in ("shares", "per_share") or _is_row(first):
            continue
        for second in facts[index + 1 :]:
            if not _same_context(first, second):
                break
            between = text[first.end : second.start]
            if second.kind == first.kind and re.search(
                r"(?i)\bafter\b|post-split|following the|equivalent to|will be adjusted to",
                between,
            ):
                pairs.append((first, second))
                break
    return pairs


def _splits(text: str, facts: list[Fact]) -> Iterator[Relation]:
    """Figures before and after a split, checked against the notice's split ratio."""
    ratios = [f for f in facts if f.kind == "ratio"]
    if not ratios:
        return
    counts = Counter(f.value for f in ratios)
    ratio = next(f for f in ratios if counts[f.value] == max(counts.values()))
    seen = set()
    for before, after in _before_after(facts) + _sentence_pairs(text, facts):
        if (before.start, after.start) in seen or not _split_related(before, after):
            continue
        seen.add((before.start, after.start))
        yield Relation(SPLIT, after, (ratio, before))


def _split_related(before: Fact, after: Fact) -> bool:
    """Whether a pair moves the way a split moves figures (not an issuance adding shares)."""
    if _INCREASE.search(after.label) or _INCREASE.search(before.label):
        return False
    return before.value != after.value


def _increases(text: str, facts: list[Fact]) -> Iterator[Relation]:
    """Shares before + the increase = shares after, from rows or from "compared with" prose."""
    split = any(f.kind == "ratio" for f in facts)
    for before, after in _before_after(facts):
        if before.kind != "shares":
            continue
        rows = [
            f
            for f in facts
            if f.kind == "shares"
            and _INCREASE.search(f.label)
            and not _AFTER.search(f.label)
            and not _BEFORE.search(f.label)
            and f is not before
        ]
        same_table = [
            f
            for f in rows
            if _paragraph(text, f.start) == _paragraph(text, after.start)
        ]
        increase = same_table[-1] if same_table else None
        if increase is None and not split:
            increase = rows[-1] if rows else _offering_count(facts)
        if increase is not None:
            yield Relation(BEFORE_AFTER, after, (before, increase))


def _net_proceeds(facts: list[Fact]) -> Iterator[Relation]:
    """ "After deducting ... expenses of $X, net proceeds of $Y", against the gross proceeds."""
    for net in facts:
        if net.kind != "money" or net.label != "net proceeds" or _is_row(net):
            continue
        sentence = net.context.lower()
        if not re.search(r"after deducting|net of|less\b", sentence):
            continue
        if _OPTION.search(
            net.context[: max(0, net.context.find(net.text))]
        ) or _ALTERNATIVE.match(
            net.context[net.context.find(net.text) + len(net.text) :]
        ):
            continue
        same = [f for f in facts if _same_context(f, net) and f is not net]
        deductions: list[Fact] = [
            f
            for f in same
            if f.kind == "money"
            and f.label != "net proceeds"
            and f.currency == net.currency
        ]
        deductions += [
            f
            for f in same
            if f.kind == "percentage"
            and re.search(
                r"(?i)of the (?:aggregate )?(?:gross proceeds|principal amount)",
                f.context[f.context.find(f.text) :][:60],
            )
        ]
        for word, label in (
            ("underwriting discount", "underwriting discount"),
            ("placement agent fee", "placement agent fee"),
        ):
            if word in sentence and not any(f.label == label for f in deductions):
                named = [
                    f
                    for f in facts
                    if f.kind == "money" and f.label == label and f.end <= net.start
                ]
                deductions += named[-1:]
        principal = any(
            f.kind == "percentage"
            and "principal" in f.context[f.context.find(f.text) :][:60]
            for f in deductions
        )
        gross_label = "principal amount" if principal else "gross proceeds"
        candidates = [
            f
            for f in facts
            if f.kind == "money"
            and f.label == gross_label
            and f.currency == net.currency
            and f.start < net.start
            and not _OPTION.search(f.context[: max(0, f.context.find(f.text))])
        ]
        exact = [f for f in candidates if not f.approximate]
        gross = (exact or candidates or [None])[0]
        if gross is not None and deductions:
            yield Relation(
                NET, net, (gross, *sorted(deductions, key=lambda f: f.start))
            )


def find_relations(text: str, facts: list[Fact]) -> list[Relation]:
    """Every relation the notice states between its facts, each once, in reading order."""
    facts = sorted(facts, key=lambda fact: fact.start)
    found: list[Relation] = []
    seen: set[tuple] = set()
    finders = (
        _row_pairs(facts),
        _price_totals(text, facts),
        _dividend_total(facts),
        _capital_parts(facts),
        _uses_of_proceeds(text, facts),
        _increases(text, facts),
        _splits(text, facts),
        _net_proceeds(facts),
    )
    for finder in finders:
        for relation in finder:
            key = (
                relation.relation,
                relation.stated.start,
                tuple(f.start for f in relation.inputs),
            )
            if key not in seen:
                seen.add(key)
                found.append(relation)
    return sorted(found, key=lambda relation: relation.stated.start)
