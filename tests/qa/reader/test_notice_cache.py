"""The reader keeps the notices it read last with their candidates' vectors, within a bound.

Why it matters: a warm answer's texts are nearly all its notices' candidates; when they were
cached by text, notices asked about later evicted them, and a warm answer re-embedded hundreds.
"""

from __future__ import annotations

import numpy as np
import pytest

from qa.reader import reader as reader_module
from qa.reader.reader import Reader, marked


class _Counting:
    """The embedder, counting the texts it is asked to embed."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder
        self.texts: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.texts += texts
        return self.embedder.embed_documents(texts)


@pytest.fixture
def reader(sample_qa, monkeypatch) -> Reader:
    """A reader of the samples with caches of its own, keeping 2 notices, counting embeddings."""
    monkeypatch.setattr(reader_module, "_NOTICE_CAPACITY", 2)
    reader = Reader(sample_qa.hybrid_search, sample_qa.catalog)
    reader.semantic.embedder = _Counting(sample_qa.embedder)
    return reader


def test_a_notice_read_again_is_not_embedded_again(reader, sample_qa):
    doc_id = min(sample_qa.catalog.manifest)
    notice = reader.notice(doc_id)
    embedded = len(reader.semantic.embedder.texts)
    assert embedded == len(notice.candidates) > 0
    assert reader.notice(doc_id) is notice
    assert len(reader.semantic.embedder.texts) == embedded


def test_the_least_recently_read_notice_is_dropped_beyond_the_bound(reader, sample_qa):
    first, second, third = sorted(sample_qa.catalog.manifest)[:3]
    kept = reader.notice(first)
    dropped = reader.notice(second)
    reader.notice(first)  # now read after the second
    reader.notice(third)
    assert reader.notice(first) is kept
    assert reader.notice(second) is not dropped


def test_each_candidate_has_the_vector_of_its_marked_context(reader, sample_qa):
    """Rows of a notice's vectors and of a question's context line up with its candidates."""
    doc_id = min(sample_qa.catalog.manifest)
    notice = reader.notice(doc_id)
    expected = np.asarray(
        sample_qa.embedder.embed_documents([marked(c) for c in notice.candidates])
    )
    assert notice.vectors.dtype == np.float32
    np.testing.assert_allclose(notice.vectors, expected, atol=1e-5)
    question = "How many shares at JPY3,208 each?"
    vector = reader.semantic.vector(question)
    reading = reader.models.questions.read(question, vector)
    ctx = reader.context(question, reading, vector, [doc_id])
    assert len(ctx.candidates) == len(ctx.vectors) > len(notice.candidates)
    np.testing.assert_array_equal(ctx.vectors[: len(notice.candidates)], notice.vectors)
    asked = ctx.candidates[len(notice.candidates) :]
    np.testing.assert_allclose(
        ctx.vectors[len(notice.candidates) :],
        np.asarray(sample_qa.embedder.embed_documents([marked(c) for c in asked])),
        atol=1e-5,
    )
