"""The same answer read from another notice: cited beside the answer.

A company's releases repeat their figures: the price in the launch and the pricing release, the
payment date in the resolution and the determination notice, the chief executive in every one.
When a question reads several notices and another notice's own first candidate is the same value
as the answer, the answer rests on that passage too and cites it, so that a user sees every
notice that says it, and a question about one release is not answered as if only its sibling said
it (on the bank's train split, 75 answers out of fold gave the expected value from another
notice; for 35 the question's own notice, read beside it, states that value). A notice whose first
candidate is another value answers the question otherwise, or not at all, and is not cited.
"""

from __future__ import annotations

import numpy as np

from qa.reader.candidates import Candidate
from qa.reader.features import QuestionContext


def corroborating(
    ctx: QuestionContext, scores: np.ndarray, chosen: Candidate
) -> list[Candidate]:
    """The first candidate of each other notice read whose value is ``chosen``'s (the same value
    written otherwise too: "$2.0 million" and "$2,000,000"), in the order retrieval ranked the
    notices; none for a figure written in the question."""
    if chosen.source != "notice":
        return []
    index = next(i for i, c in enumerate(ctx.candidates) if c is chosen)
    first: dict[str, int] = {}
    for i, candidate in enumerate(ctx.candidates):
        doc_id = candidate.doc_id
        if candidate.source != "notice" or doc_id == chosen.doc_id:
            continue
        if doc_id not in first or scores[i] > scores[first[doc_id]]:
            first[doc_id] = i
    ranked = sorted(first, key=lambda doc_id: ctx.doc_rank.get(doc_id, len(first)))
    return [
        ctx.candidates[first[doc_id]]
        for doc_id in ranked
        if ctx.keys[first[doc_id]] == ctx.keys[index]
    ]
