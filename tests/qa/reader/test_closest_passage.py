"""A question the reader declines to answer cites where its grounded figure stands."""

from dataclasses import replace

from qa.answer import NOT_FOUND
from qa.reader.decide import Decider
from qa.reader.experts import ModelSet
from qa.reader.reader import Reader, runner_up
from qa.retrieval.filters import Filters

PAYMENT = "When is the payment date for IIJ's new shares?"


def _declining(sample_qa) -> Reader:
    """The product's reader with decisions that state nothing (thresholds above every P)."""
    passages = ModelSet().passages
    assert passages is not None
    return Reader(
        sample_qa.hybrid_search,
        sample_qa.catalog,
        models=ModelSet(
            decider=Decider.untaught(), passages=replace(passages, threshold=1.01)
        ),
    )


def _closest_sentences(reader: Reader, question: str) -> list[str]:
    """The sentences, each once, of the figures the reader grounds for ``question`` (read as it
    reads them) and, for a lookup, of the best figure of their kinds with another value."""
    vector = reader.semantic.vector(question)
    _, doc_ids = reader.retrieve(
        question, vector, *reader.scope(question, (), Filters())
    )
    reading = reader.models.questions.read(question, vector)
    ctx = reader.context(question, reading, vector, doc_ids)
    scores = reader.models.grounder.scores(ctx)
    resolved = reader.resolve(ctx, scores, reading.operation)
    assert resolved is not None
    near = list(resolved.grounding.operands)
    if resolved.computed is None:
        near += runner_up(ctx, scores, near)
    return list(dict.fromkeys(" ".join(c.sentence.split()) for c in near))


def test_a_declined_lookup_cites_its_figure_s_sentence_and_the_runner_up_s(sample_qa):
    """Not stated, yet the user is shown the item row the reader read the payment date from and
    the sentence of the date it ranks next, not the notice's opening paragraph that retrieval
    ranks first."""
    reader = _declining(sample_qa)
    answer = reader.answer(PAYMENT)
    assert not answer.found and answer.value is None, answer.text
    assert answer.text.startswith(f"That is {NOT_FOUND}: no figure is certain enough")
    assert [c.quote for c in answer.citations] == _closest_sentences(reader, PAYMENT)
    assert len(answer.citations) == 2
    assert "Payment Date" in answer.citations[0].quote
    assert f"“{answer.citations[0].quote}”" in answer.text
    assert answer.citations[0].doc_id == "iij_2013-08-01_third_party_allotment"


def test_a_declined_computation_cites_each_operand_s_sentence_once(sample_qa):
    """A span of days between two dates of the notice, from two sentences: both cited
    ("closest passages"), each once."""
    reader = _declining(sample_qa)
    question = "How many days after the board meeting is the payment date for IIJ?"
    answer = reader.answer(question)
    expected = _closest_sentences(reader, question)
    assert not answer.found and answer.value is None, answer.text
    assert len(expected) == 2
    assert [c.quote for c in answer.citations] == expected
    assert "The closest passages are in" in answer.text


def test_a_declined_question_asked_in_words_cites_the_passage_model_s_best_sentences(
    sample_qa,
):
    """Asked in words and not stated, the answer cites the sentences the passage model ranks
    best (here the one on the proceeds), not the chunk retrieval ranks first."""
    reader = _declining(sample_qa)
    question = "What will IIJ use the proceeds of the allotment for?"
    vector = reader.semantic.vector(question)
    passages = reader.models.passages
    assert passages.asks_in_words(question, vector)
    _, doc_ids = reader.retrieve(
        question, vector, *reader.scope(question, (), Filters())
    )
    best = passages.closest(reader.passage_options(question, vector, doc_ids))
    answer = reader.answer(question)
    assert not answer.found and answer.value is None, answer.text
    assert answer.text.startswith(f"That is {NOT_FOUND}: no passage is certain enough")
    assert [c.quote for c in answer.citations] == [s.text for s in best]
    assert len(best) == 2
    assert "proceeds" in answer.citations[0].quote
