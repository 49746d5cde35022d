"""How the proceeds are to be used: each stated use, with its share of the whole."""

from __future__ import annotations

from decimal import Decimal

from qa.computations import Computed, call, missing
from qa.evidence import Evidence
from qa.fact_view import FactView
from tools import finance

_USE = "use of proceeds:"


def breakdown(evidence: Evidence) -> Computed:
    """The uses of proceeds of the best-ranked notice that states any, in the order it lists them,
    split against the proceeds figure they add up to (or summed when no stated figure matches)."""
    uses_by_doc: dict[str, list[FactView]] = {}
    for view in evidence.views:
        if view.fact["kind"] == "money" and view.fact["label"].startswith(_USE):
            uses_by_doc.setdefault(view.fact["doc_id"], []).append(view)
    if not uses_by_doc:
        return missing("how the proceeds are to be used")
    doc_id = max(uses_by_doc, key=lambda doc: evidence.doc_prior.get(doc, -1.0))
    uses = sorted(
        {view.fact["start"]: view.fact for view in uses_by_doc[doc_id]}.values(),
        key=lambda fact: fact["start"],
    )
    summed, sum_trace = call(
        "sum_parts", finance.sum_parts, [use["text"] for use in uses]
    )
    parts = {_purpose(use): use["text"] for use in uses}
    whole = _stated_whole(evidence, doc_id, summed.value)
    if whole is None:
        listed = "; ".join(f"{text} for {purpose}" for purpose, text in parts.items())
        return Computed(
            f"The stated uses add up to {summed.formatted}: {listed}.",
            [sum_trace],
            uses,
        )
    split, split_trace = call("split", finance.split, whole["text"], parts)
    shares = split.details
    listed = "; ".join(
        f"{text} ({shares[purpose]}) for {purpose}" for purpose, text in parts.items()
    )
    text = f"Of the {whole['text']} in {whole['label']}: {listed}."
    return Computed(text, [sum_trace, split_trace], [whole, *uses])


def _purpose(use: dict) -> str:
    return use["label"].split(":", 1)[1].strip()


def _stated_whole(evidence: Evidence, doc_id: str, value: Decimal) -> dict | None:
    """The notice's proceeds figure that the uses add up to, if it states one."""
    return next(
        (
            view.fact
            for view in evidence.views
            if view.fact["doc_id"] == doc_id
            and view.fact["kind"] == "money"
            and not view.fact["label"].startswith(_USE)
            and "proceeds" in view.fact["label"]
            and Decimal(str(view.fact["value"])) == value
        ),
        None,
    )
