"""An answer cites the other notices read whose own first candidate is the same value."""

from pathlib import Path

import numpy as np

from qa.reader.candidates import find_candidates
from qa.reader.corroboration import corroborating
from qa.reader.question import Reading
from tests.conftest import IIJ, IIJ_QUESTION
from tests.qa.reader.contexts import flat_context

LAUNCH = "Kestrel Bio announced the offering. The offering price is $4.00 per share."
PRICING = "Kestrel Bio priced the offering. Shares were sold at a price of $4.00 each."
OTHER = "Kestrel Bio reported results. Revenue per share was $1.20, against $4.00 a year ago."


def _context():
    candidates = [
        *find_candidates(LAUNCH, doc_id="launch"),
        *find_candidates(PRICING, doc_id="pricing"),
        *find_candidates(OTHER, doc_id="results"),
        *find_candidates("Is it $4.00?", source="question"),
    ]
    reading = Reading({"money": 1.0}, {"lookup": 1.0})
    return flat_context("What is the offering price?", reading, candidates)


def test_another_notice_is_cited_only_where_its_own_first_candidate_is_the_value():
    """The pricing release's best figure is the launch's price: cited. The results release
    also writes $4.00, but its best figure is another value: not cited, nor a figure the
    question writes."""
    ctx = _context()
    texts = [(c.doc_id, c.text) for c in ctx.candidates]
    scores = np.zeros(len(texts))
    best = {
        ("launch", "$4.00"): 3.0,
        ("pricing", "$4.00"): 2.0,
        ("results", "$1.20"): 1.0,
    }
    for i, key in enumerate(texts):
        scores[i] = best.get(key, 0.0)
    chosen = ctx.candidates[texts.index(("launch", "$4.00"))]
    assert [(c.doc_id, c.text) for c in corroborating(ctx, scores, chosen)] == [
        ("pricing", "$4.00")
    ]
    # Scored above $1.20, the results release's $4.00 becomes its own first candidate.
    scores[texts.index(("results", "$4.00"))] = 1.5
    assert [c.doc_id for c in corroborating(ctx, scores, chosen)] == [
        "pricing",
        "results",
    ]
    asked = next(c for c in ctx.candidates if c.source == "question")
    assert corroborating(ctx, scores, asked) == []


def test_a_sibling_release_stating_the_same_payment_date_is_cited_beside_it(
    qa, tmp_path: Path
):
    """The bundled IIJ notice and a later release that repeats its item table: the payment
    date is answered once and cited from both."""
    text = IIJ.read_text(encoding="utf-8")
    sibling = text.replace(
        "Notice of Determination of Number of New Shares",
        "Notice of Completion of Payment for New Shares",
    ).replace("Tokyo, August 1, 2013", "Tokyo, August 5, 2013")
    assert sibling != text
    (tmp_path / IIJ.name).write_text(text, encoding="utf-8")
    (tmp_path / "iij_2013-08-05_payment_completion.txt").write_text(
        sibling, encoding="utf-8"
    )
    qa.ingest([tmp_path])
    answer = qa.ask(IIJ_QUESTION)
    assert answer.found and answer.value == "Monday, August 5, 2013", answer.text
    cited = [c.doc_id for c in answer.citations]
    assert sorted(cited) == [
        "iij_2013-08-01_third_party_allotment",
        "iij_2013-08-05_payment_completion",
    ]
    assert answer.text.count("Also stated in") == 1
