"""Finding a computation's inputs: a figure the question writes, or the stated fact that best
answers one part of the question ("the combined purchase price", "its shares outstanding")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from qa.computations import Operand, from_fact
from qa.evidence import Evidence
from qa.fact_match import COMPATIBLE, Match
from qa.intent import read_kinds
from qa.question import Written, written_figures
from tools.amounts import AmountError, parse_amount

# Kinds that can stand for one another as operands of one computation.
FAMILY = {
    "money": ("money", "per_share"),
    "per_share": ("per_share", "money"),
    "shares": ("shares", "count"),
    "count": ("count", "shares"),
    "percentage": ("percentage",),
    "ratio": ("ratio",),
    "date": ("date",),
}


def written_in(text: str, kinds: Iterable[str]) -> list[Operand]:
    """Figures a part of the question writes, of these kinds (or their family)."""
    wanted = {kind for wanted in kinds for kind in FAMILY.get(wanted, (wanted,))}
    return [
        _written(figure) for figure in written_figures(text) if figure.kind in wanted
    ]


def _written(figure: Written) -> Operand:
    shown = (
        f"{figure.text} {figure.unit}".strip()
        if figure.kind == "shares"
        else figure.text
    )
    return Operand(figure.text, figure.kind, f"the {shown} in the question")


def stated(
    evidence: Evidence,
    phrase: str,
    kinds: Sequence[str],
    exclude: Iterable[Operand] = (),
    asked: str | None = None,
    among: Iterable | None = None,
) -> list[Match]:
    """Facts answering ``phrase``, best first, of these kinds, without the facts (or values) excluded."""
    skip_facts = {id(op.fact) for op in exclude if op.fact is not None}
    skip_values = {op.value for op in exclude if op.kind not in ("ratio", "date")}
    matches = evidence.find(
        phrase, kinds, asked=asked if asked is not None else phrase, among=among
    )
    kept = []
    for match in matches:
        if id(match.fact) in skip_facts or not match.anchored:
            continue
        if (
            match.fact["kind"] not in ("ratio", "date")
            and Decimal(str(match.fact["value"])) in skip_values
        ):
            continue
        kept.append(match)
    return kept


def operand(
    evidence: Evidence,
    phrase: str,
    kinds: Sequence[str] | None = None,
    exclude: Iterable[Operand] = (),
    asked: str | None = None,
) -> Operand | None:
    """The figure a part of the question refers to: written in it, or the best stated fact."""
    kinds = tuple(
        kinds
        or read_kinds(phrase)
        or ("money", "per_share", "shares", "count", "percentage")
    )
    exclude = list(exclude)
    excluded = {op.text for op in exclude}
    for found in written_in(phrase, kinds):
        if found.text not in excluded:
            return found
    matches = stated(evidence, phrase, _accepted(kinds), exclude, asked)
    return from_fact(_most_exact(matches)) if matches else None


def _most_exact(matches: Sequence[Match]) -> dict:
    """The best match's figure, or the same figure written exactly elsewhere in the notice: "gross
    proceeds of approximately $15.0 million" is "$15,000,001.25" where the notice states that."""
    best = matches[0].fact
    if not best.get("scale") or best["kind"] not in ("money", "shares"):
        return best
    digits = re.search(r"\.(\d+)", best["text"])
    try:
        scale = parse_amount(f"1 {best['scale']}").value  # "million" -> 1000000
    except AmountError:
        return best
    unit = scale.scaleb(-len(digits.group(1)) if digits else 0)
    value = Decimal(str(best["value"]))
    for match in matches[1:6]:
        other = match.fact
        if (
            other["doc_id"] == best["doc_id"]
            and other["kind"] == best["kind"]
            and not other.get("scale")
            and abs(Decimal(str(other["value"])) - value) <= unit / 2
        ):
            return other
    return best


def _accepted(kinds: Sequence[str]) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            kind for wanted in kinds for kind in COMPATIBLE.get(wanted, (wanted,))
        )
    )


def family(kind: str) -> tuple[str, ...]:
    return FAMILY.get(kind, (kind,))


def strip_asking(phrase: str) -> str:
    """A part of a question without its asides, asking words and trailing formatting requests."""
    phrase = re.sub(r"\s*\([^)]*\)", "", phrase)
    phrase = re.sub(
        r"\b(?:in percent(?:age)?|to (?:two|2) decimal(?: place)?s?|\(2 decimals?\)|as a percentage)\b.*$",
        "",
        phrase,
        flags=re.IGNORECASE,
    )
    return phrase.strip(" ,?.")
