"""Candidate vectors kept on disk: a new process reads a notice without embedding it again.

Why it matters: embedding a notice's candidates in context was most of a cold ``filingqa ask``;
the kept vectors must score exactly as fresh ones, and a file that cannot be kept must not stop
an answer.
"""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from qa.api import kept_vectors_path
from qa.reader.reader import Reader
from qa.retrieval.kept_vectors import KeptVectors
from qa.retrieval.semantic import SemanticCache
from tests.qa.reader.test_notice_cache import _Counting


@pytest.fixture
def counting(sample_qa) -> _Counting:
    return _Counting(sample_qa.embedder)


def _reader(sample_qa, counting: _Counting, kept: KeptVectors) -> Reader:
    """A reader as a new process has it: empty caches of its own, counting what it embeds."""
    reader = Reader(sample_qa.hybrid_search, sample_qa.catalog, kept=kept)
    reader.semantic.embedder = counting
    return reader


def test_a_second_process_reads_a_notice_without_embedding(
    sample_qa, counting, tmp_path
):
    path = tmp_path / "vectors.sqlite3"
    doc_id = min(sample_qa.catalog.manifest)
    first = _reader(sample_qa, counting, KeptVectors(path, "model")).notice(doc_id)
    assert len(counting.texts) == len(first.candidates) > 0
    counting.texts.clear()
    second = _reader(sample_qa, counting, KeptVectors(path, "model")).notice(doc_id)
    assert counting.texts == []
    assert np.array_equal(second.vectors, first.vectors)
    assert second.vectors.dtype == np.float32


def test_another_model_does_not_read_the_vectors_of_the_first(
    sample_qa, counting, tmp_path
):
    path = tmp_path / "vectors.sqlite3"
    doc_id = min(sample_qa.catalog.manifest)
    notice = _reader(sample_qa, counting, KeptVectors(path, "one")).notice(doc_id)
    counting.texts.clear()
    _reader(sample_qa, counting, KeptVectors(path, "two")).notice(doc_id)
    assert len(counting.texts) == len(notice.candidates)


def test_only_texts_not_kept_are_embedded(sample_qa, tmp_path):
    kept = KeptVectors(tmp_path / "vectors.sqlite3", "model")
    counting = _Counting(sample_qa.embedder)
    embed = SemanticCache(counting).embed
    first = kept.vectors(["payment date", "record date"], embed)
    both = kept.vectors(["record date", "ex-dividend date", "payment date"], embed)
    assert counting.texts == ["payment date", "record date", "ex-dividend date"]
    assert np.array_equal(both[0], first[1]) and np.array_equal(both[2], first[0])
    assert kept.vectors([], embed).shape == (0, first.shape[1])


def test_a_place_that_cannot_hold_the_file_answers_all_the_same(
    sample_qa, tmp_path, caplog
):
    """Its folder cannot be made (a file stands where it would be): vectors are embedded."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    kept = KeptVectors(blocked / "vectors.sqlite3", "model")
    rows = kept.vectors(["payment date"], _embed(sample_qa))
    assert rows.shape[0] == 1
    assert "not kept" in caplog.text


def test_a_corrupt_file_answers_all_the_same(sample_qa, tmp_path, caplog):
    """Not a SQLite file at all (a disk error, a stray copy): vectors are embedded, and the
    log says the file is not used."""
    path = tmp_path / "vectors.sqlite3"
    path.write_bytes(b"\x00not a database\xff" * 512)
    kept = KeptVectors(path, "model")
    rows = kept.vectors(["payment date", "record date"], _embed(sample_qa))
    assert rows.shape[0] == 2
    assert "not kept" in caplog.text


def test_a_thread_waiting_when_the_file_fails_answers_all_the_same(tmp_path):
    """The UI answers on several threads. One of them may be waiting for the file while another
    finds it failed and closes it: the waiting one must then embed, not use a closed or missing
    connection. The test holds the lock to put a reader in that place deterministically."""
    kept = KeptVectors(tmp_path / "vectors.sqlite3", "model")

    def embed(batch: list[str]) -> np.ndarray:
        return np.ones((len(batch), 4), dtype=np.float32)

    with ThreadPoolExecutor(max_workers=1) as pool:
        with kept._lock:
            waiting = pool.submit(kept.vectors, ["payment date", "record date"], embed)
            time.sleep(0.3)  # the reader is now blocked on the lock
            kept._give_up(sqlite3.DatabaseError("disk I/O error"))
        assert waiting.result(timeout=10).shape == (2, 4)
    assert kept.vectors(["payment date"], embed).shape == (1, 4)


def test_the_file_is_beside_the_text_index_and_per_server(tmp_path):
    from qa.settings import Settings

    local = Settings(store=tmp_path / "store")
    assert kept_vectors_path(local).parent == tmp_path / "store"
    one = Settings(chroma_url="http://127.0.0.1:8000")
    two = Settings(chroma_url="http://127.0.0.1:8001")
    assert kept_vectors_path(one) != kept_vectors_path(two)


def test_answering_keeps_vectors_in_the_store_folder(sample_qa):
    sample_qa.ask("When is the payment date?")
    path = kept_vectors_path(sample_qa.settings)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] > 0


def _embed(sample_qa):
    return SemanticCache(sample_qa.embedder).embed
