"""A question about a notice the filters leave out says so, calling it as the question does."""

from __future__ import annotations

import pytest

from qa.retrieval.filters import Filters
from tests.conftest import IIJ_QUESTION

KASUMI = "Fictional Kasumi Precision Industries Co., Ltd."
IIJ_TITLE = "Notice of Determination of Number of New Shares to be Issued through Third-Party Allotment"


def test_an_issuer_filter_excluding_the_named_notice_says_so(sample_qa):
    answer = sample_qa.ask(
        "When is the payment date for IIJ's (Internet Initiative Japan's) new shares?",
        filters={"issuer": KASUMI},
    )
    assert not answer.found and answer.citations == ()
    assert answer.text == (
        f"The filter (issuer “{KASUMI}”) excludes the notice about IIJ: “{IIJ_TITLE}” "
        "(Internet Initiative Japan Inc., 2013-08-01). Clear the filter to ask about it."
    )


@pytest.mark.parametrize("written", ["kasumi", "KASUMI", "Kasumi"])
def test_the_name_is_kept_as_the_question_writes_it(sample_qa, written: str):
    answer = sample_qa.ask(
        f"When does the {written} stock split take effect?",
        filters={"issuer": "Fictional Harbor Robotics Inc.", "type": "offering"},
    )
    assert answer.text.startswith(
        "The filter (issuer “Fictional Harbor Robotics Inc.”, type “offering”) excludes "
        f"the notice about {written}: “Notice Concerning Stock Split"
    )


def test_several_excluded_notices_are_each_named(sample_qa):
    answer = sample_qa.ask(
        "When is the payment date for Meadowlark's and IIJ's new shares?",
        filters=Filters(type="dividend"),
    )
    assert (
        "excludes the 2 notices about Meadowlark and IIJ: “Fictional Meadowlark"
        in answer.text
    )
    assert answer.text.endswith("Clear the filter to ask about them.")


def test_a_named_notice_the_filter_allows_is_read(sample_qa):
    """The filter lets the named notice through: the answer rests on it (stated, or the closest
    passage when the decision declines), and whatever it states is the notice's date."""
    answer = sample_qa.ask(
        "When does the kasumi stock split take effect?", filters={"issuer": KASUMI}
    )
    assert "excludes" not in answer.text and answer.citations
    assert all("kasumi" in c.doc_id for c in answer.citations)
    assert not answer.found or answer.value == "July 1, 2021"
    unfiltered = sample_qa.ask(IIJ_QUESTION)
    assert unfiltered.found and "excludes" not in unfiltered.text


def test_filters_describe_themselves():
    from datetime import date

    assert Filters(issuer="A", date_from=date(2020, 1, 2)).describe() == (
        "issuer “A”, from “2020-01-02”"
    )
    assert Filters(doc_ids=("a", "b")).describe() == "2 chosen notices"


def test_a_name_the_allowed_notice_writes_itself_is_no_reason_to_refuse(sample_qa):
    """ "Semiconductor" names Fictional Ironbark Semiconductor, but the Kasumi notice writes it
    too (its machine tools serve semiconductor manufacturing): a question restricted to that
    notice is read there, not refused as being about Ironbark."""
    kasumi = next(d for d in sample_qa.catalog.manifest if "kasumi" in d)
    answer = sample_qa.ask(
        "What equipment for semiconductor manufacturing does the company supply?",
        filters={"doc_ids": [kasumi]},
    )
    assert "excludes" not in answer.text
    refused = sample_qa.ask(
        "When do the Ironbark notes mature?", filters={"doc_ids": [kasumi]}
    )
    assert refused.text.startswith("The filter")


@pytest.mark.parametrize(
    ("filters", "described"),
    [
        ({"doc_ids": ["removed-meanwhile"]}, "1 chosen notice"),
        ({"issuer": "IIJ", "type": "dividend"}, "issuer “IIJ”, type “dividend”"),
    ],
)
def test_filters_no_stored_notice_passes_are_said_plainly(
    sample_qa, filters, described
):
    """A notice picked in the chat and removed by another session, or filters no notice passes
    together: the answer says so instead of a bare "not found"."""
    answer = sample_qa.ask(IIJ_QUESTION, filters=filters)
    assert not answer.found and answer.citations == ()
    assert answer.text == (
        f"No stored notice passes the filters ({described}), so this is not found in the "
        "ingested notices. Clear or change the filters."
    )
    streamed = list(sample_qa.ask_stream(IIJ_QUESTION, filters=filters))
    assert streamed[-1] == answer
