"""Decision signals read from a grounding."""

import numpy as np

from qa.reader.candidates import find_candidates
from qa.reader.decide import SIGNALS, Proposal, signals
from qa.reader.ground import Grounding
from qa.reader.question import Reading
from tests.qa.reader.contexts import flat_context

COLUMNS = [name for name, _ in SIGNALS]
QUESTION = "If Worksport sells 2,000 covers at $1,099 each, what is the revenue?"


def _signal(name: str, operands: list) -> float:
    notice = find_candidates("Worksport sold covers for $950 each in 2024.", doc_id="w")
    asked = find_candidates(QUESTION, source="question")
    ctx = flat_context(
        QUESTION, Reading({"money": 1.0}, {"product": 1.0}), [*notice, *asked]
    )
    chosen = [next(c for c in ctx.candidates if c.text == t) for t in operands]
    grounding = Grounding(tuple(chosen), (1.0,) * len(chosen))
    row = signals(
        ctx, np.zeros(len(ctx.candidates)), grounding, Proposal("product", "x")
    )
    return dict(zip(COLUMNS, row, strict=True))[name]


def test_the_share_of_operands_the_question_writes_is_a_signal():
    """A program over numbers the question writes is right when read right, though those
    numbers score no better than a notice's: the decision sees how many it writes."""
    assert _signal("question_operands", ["2,000", "$1,099"]) == 1.0
    assert _signal("question_operands", ["2,000", "$950"]) == 0.5
