"""``FilingQA`` methods beyond ingest and ask, over the shared store of the bundled samples."""

import pytest

IIJ = "iij_2013-08-01_third_party_allotment"


def test_facts_filtered_by_kind(sample_qa):
    every = sample_qa.facts(IIJ)
    dates = sample_qa.facts(IIJ, kind="date")
    shares = sample_qa.facts(IIJ, kind="shares")
    assert dates and shares
    assert {fact["kind"] for fact in dates} == {"date"}
    assert {fact["kind"] for fact in shares} == {"shares"}
    assert dates == [fact for fact in every if fact["kind"] == "date"]
    assert len(every) > len(dates) + len(shares)
    assert any(
        fact["text"] == "Monday, August 5, 2013" and fact["value"] == "2013-08-05"
        for fact in dates
    )
    assert any(fact["text"] == "700,000" for fact in shares)
    assert sample_qa.facts(IIJ, kind="no-such-kind") == []


def test_facts_of_an_unknown_notice_is_a_clear_error(sample_qa):
    with pytest.raises(ValueError, match="no notice with id 'nope'"):
        sample_qa.facts("nope", kind="date")


def test_retriever_is_a_langchain_retriever_with_filters(sample_qa):
    from langchain_core.retrievers import BaseRetriever

    from qa.retrieval.filters import Filters

    retriever = sample_qa.retriever
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("When is the payment date of the allotment?")
    assert documents and documents[0].metadata["doc_id"]
    assert any("Payment" in document.page_content for document in documents)
    only = retriever.model_copy(update={"filters": Filters(type="dividend")})
    kinds = {
        sample_qa.catalog.manifest[d.metadata["doc_id"]].type
        for d in only.invoke("When is the payment date?")
    }
    assert kinds == {"dividend"}
