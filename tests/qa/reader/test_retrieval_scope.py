"""Which notices the reader reads: retrieval over every allowed notice, plus the best one the
question names when retrieval does not rank it among the first (names do not narrow the search)."""

from qa.reader.reader import Reader
from qa.retrieval.filters import Filters

QUESTION = (
    "When is the payment date for the new shares of the third-party allotment, "
    "as Kasumi would count it?"
)


def _reader(sample_qa) -> Reader:
    return Reader(sample_qa.hybrid_search, sample_qa.catalog)


def _kasumi(sample_qa) -> str:
    return next(d for d, e in sample_qa.catalog.manifest.items() if "kasumi" in d)


def test_names_do_not_narrow_the_search(sample_qa):
    reader = _reader(sample_qa)
    scope, named = reader.scope(QUESTION)
    assert scope is None and named == {_kasumi(sample_qa)}


def test_a_named_notice_is_read_beside_what_retrieval_ranks_first(sample_qa):
    reader = _reader(sample_qa)
    bluefin = next(d for d in sample_qa.catalog.manifest if "bluefin" in d)
    vector = reader.semantic.vector(QUESTION)
    _, first = reader.retrieve(QUESTION, vector, None, set())
    assert bluefin not in first and len(first) == 2
    _, doc_ids = reader.retrieve(QUESTION, vector, None, {bluefin})
    assert doc_ids == [*first, bluefin]  # retrieval's order kept, the named one added
    _, doc_ids = reader.retrieve(QUESTION, vector, None, {first[1], bluefin})
    assert doc_ids == first  # a named notice is among them already


def test_filters_still_narrow_and_names_outside_them_are_not_read(sample_qa):
    reader = _reader(sample_qa)
    kasumi = _kasumi(sample_qa)
    iij = next(d for d in sample_qa.catalog.manifest if d.startswith("iij"))
    scope, named = reader.scope(QUESTION, filters=Filters(doc_ids=(iij,)))
    assert scope == {iij} and named == set()
    _, doc_ids = reader.retrieve(
        QUESTION, reader.semantic.vector(QUESTION), scope, named
    )
    assert doc_ids == [iij] and kasumi not in doc_ids


def test_chosen_notices_pass_the_other_filters_too(sample_qa):
    """Notices chosen by id are tested against the other filters; an id not stored is none."""
    manifest = sample_qa.catalog.manifest
    search = sample_qa.hybrid_search
    chosen = (*sorted(manifest)[:4], "no-such-notice")
    some_type = manifest[chosen[0]].type
    for filters in [
        Filters(doc_ids=chosen),
        Filters(doc_ids=chosen, type=some_type),
        Filters(doc_ids=(), type=some_type),
    ]:
        expected = {d for d, entry in manifest.items() if filters.matches(entry)}
        assert search.allowed_doc_ids(filters) == expected
    assert search.allowed_doc_ids(Filters(doc_ids=chosen, type=some_type)) < set(chosen)
