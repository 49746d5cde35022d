"""Ranker features that tell figures of one kind apart: by their period, and by their notice."""

from qa.reader.candidates import find_candidates
from qa.reader.features import FEATURES, NoticeWords, feature_matrix
from qa.reader.question import Reading
from qa.reader.words import tokens
from tests.qa.reader.contexts import flat_context

COLUMNS = [name for name, _ in FEATURES]


def _features(question: str, notices: dict[str, tuple[str, str]]) -> dict[str, dict]:
    """Each money candidate's named features, by its text, over ``notices`` (doc id: (title,
    text)), with flat vectors and associations."""
    candidates = [
        c
        for doc_id, (_, text) in notices.items()
        for c in find_candidates(text, doc_id=doc_id)
        if c.kind == "money"
    ]
    ctx = flat_context(
        question,
        Reading({"money": 1.0}, {"lookup": 1.0}),
        candidates,
        {
            doc_id: NoticeWords.of(text, title)
            for doc_id, (title, text) in notices.items()
        },
    )
    return {
        c.text: dict(zip(COLUMNS, row, strict=True))
        for c, row in zip(candidates, feature_matrix(ctx), strict=True)
    }


def test_a_figure_written_beside_another_period_than_the_asked_one_clashes():
    notice = "Revenue for fiscal 2024 was $5.0 million. Revenue for fiscal 2023 was $4.0 million."
    rows = _features("What was revenue in fiscal 2024?", {"a": ("Results", notice)})
    assert rows["$5.0 million"]["period_match"] == 1.0
    assert rows["$5.0 million"]["period_clash"] == 0.0
    assert rows["$4.0 million"]["period_match"] == 0.0
    assert rows["$4.0 million"]["period_clash"] == 1.0
    assert rows["$4.0 million"]["period_other"] == 1.0


def test_the_notice_that_writes_the_question_s_words_covers_it_better():
    """Two releases of one company: only the second speaks of the third quarter's dividend."""
    first = ("Acme reports first quarter results", "Acme's revenue was $7.0 million.")
    second = (
        "Acme declares third quarter dividend",
        "Acme declared a third quarter dividend totalling $2.0 million.",
    )
    rows = _features(
        "How much is Acme's third quarter dividend?", {"a": first, "b": second}
    )
    assert (
        rows["$2.0 million"]["notice_coverage"]
        > rows["$7.0 million"]["notice_coverage"]
    )
    assert (
        rows["$2.0 million"]["notice_coverage_margin"]
        > 0
        > rows["$7.0 million"]["notice_coverage_margin"]
    )
    assert (
        rows["$2.0 million"]["title_coverage_margin"]
        > 0
        > rows["$7.0 million"]["title_coverage_margin"]
    )


def test_words_far_before_a_figure_name_it_up_to_the_value_of_its_kind_before_it():
    """The words "gross proceeds" name $100,000,000 eighteen words on, beyond the left
    window; in the second sentence they name $5,000,000, not the $4,000,000 after "net
    proceeds"."""
    notice = (
        "The gross proceeds to the Company from the offering, before deducting the underwriting "
        "discount and estimated offering expenses payable by the Company, are expected to be "
        "$100,000,000. Gross proceeds were $5,000,000 and net proceeds were $4,000,000."
    )
    candidates = [c for c in find_candidates(notice, doc_id="a") if c.kind == "money"]
    ctx = flat_context(
        "What were the gross proceeds?",
        Reading({"money": 1.0}, {"lookup": 1.0}),
        candidates,
    )
    clause = {c.text: ctx.clauses[i] for i, c in enumerate(candidates)}
    gross, net = set(tokens("gross proceeds")), set(tokens("net proceeds"))
    assert gross <= clause["$100,000,000"]
    assert gross - ctx.windows[0]["left"]  # beyond the 90 characters kept
    assert clause["$5,000,000"] == gross
    assert clause["$4,000,000"] == net


def test_an_amount_in_the_currency_the_question_names_agrees_and_one_in_another_does_not():
    notices = {
        "d": (
            "Second interim dividend",
            (
                "The dividend is £0.075817 per ordinary share, or HK$0.779073 per share in "
                "Hong Kong, against $0.10 last year and a cell of 1,234."
            ),
        )
    }
    asked = _features("What is the dividend in Hong Kong dollars?", notices)
    assert asked["HK$0.779073"]["currency"] == 1.0
    assert asked["£0.075817"]["currency"] == asked["$0.10"]["currency"] == -1.0
    unnamed = _features("What is the second interim dividend?", notices)
    assert {row["currency"] for row in unnamed.values()} == {0.0}
