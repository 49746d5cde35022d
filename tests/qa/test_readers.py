"""Readers never stale: a long-lived reader sees every write another process commits within
the catalog's check interval, and a notice removed or replaced under it never makes it fail."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.retrieval.catalog import CHECK_SECONDS
from tests.conftest import IIJ, IIJ_QUESTION, IIJ_VALUE, REPO, SAMPLES

KASUMI = SAMPLES / "fictional-kasumi-precision_2021-05-13_stock_split.txt"
QUESTION = "What cash dividend per share did Cobalt Ridge Fictional Mining declare?"


def dividend(amount: str) -> str:
    """A short dividend notice; changing the amount keeps its length and its chunk count."""
    return (
        "Cobalt Ridge Fictional Mining Corp. Declares Quarterly Cash Dividend\n\n"
        "Denver, Colorado, May 2, 2025 - Cobalt Ridge Fictional Mining Corp. (NYSE: CRFM) "
        f"today announced that its Board of Directors declared a quarterly cash dividend of "
        f"{amount} per share of common stock, payable on June 13, 2025 to shareholders of "
        "record at the close of business on May 30, 2025.\n"
    )


def writer(settings, *args: str) -> None:
    """Run one writing command in another process, as a colleague's terminal would."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    if settings.chroma_url:
        env["FILINGQA_CHROMA_URL"] = settings.chroma_url
        env["FILINGQA_COLLECTION_PREFIX"] = settings.collection_prefix
    done = subprocess.run(
        [sys.executable, "-m", "qa.cli", "--store", str(settings.store), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def eventually(check, seconds: float = CHECK_SECONDS + 1.0):
    """``check()`` once the reader may have noticed the write (polled, so it never waits longer)."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


@pytest.fixture
def reader(tmp_path: Path, embedder, store_settings):
    """A serving process's view: one long-lived ``FilingQA`` that has already answered
    (embedded, or on a real Chroma server)."""
    from qa.api import FilingQA

    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "iij.txt").write_bytes(IIJ.read_bytes())
    (folder / "kasumi.txt").write_bytes(KASUMI.read_bytes())
    (folder / "cobalt.txt").write_text(dividend("$0.27"))
    qa = FilingQA.open(settings=store_settings, embedder=embedder)
    qa.ingest([folder])
    assert "$0.27" in qa.ask(QUESTION).text
    return qa, folder


def test_a_replacement_with_the_same_chunk_count_is_seen_within_the_interval(reader):
    qa, folder = reader
    chunks_before = qa.store.chunks.count()
    (folder / "cobalt.txt").write_text(dividend("$0.31"))
    writer(qa.settings, "ingest", "-q", str(folder / "cobalt.txt"))
    assert qa.store.chunks.count() == chunks_before  # a chunk count cannot tell
    started = time.monotonic()
    assert eventually(lambda: "$0.31" in qa.ask(QUESTION).text), qa.ask(QUESTION).text
    assert time.monotonic() - started <= CHECK_SECONDS + 1.0
    assert "$0.27" not in qa.ask(QUESTION).text
    texts = [item.chunk.text for item in qa.hybrid_search.search(QUESTION, 6)]
    assert any("$0.31" in text for text in texts)
    assert not any("$0.27" in text for text in texts)


def test_a_notice_added_by_another_process_is_found(reader, tmp_path: Path):
    qa, _ = reader
    harbor = SAMPLES / "fictional-harbor-robotics_2024-06-11_public_offering.md"
    writer(qa.settings, "ingest", "-q", str(harbor))
    assert eventually(
        lambda: (
            "fictional-harbor-robotics_2024-06-11_public_offering"
            in qa.catalog.manifest
        )
    )
    answer = qa.ask(
        "How many shares does Harbor Robotics offer in its public offering?"
    )
    assert any(
        citation.doc_id.startswith("fictional-harbor") for citation in answer.citations
    ), answer.text


def test_a_notice_removed_by_another_process_never_makes_search_fail(reader):
    qa, _ = reader
    writer(qa.settings, "remove", "cobalt")
    # At once, before the catalog looks again: every search path must still work.
    for _ in range(3):
        qa.hybrid_search.search(QUESTION, 6)
        qa.ask(QUESTION)
        qa.ask(IIJ_QUESTION)
    assert eventually(lambda: "cobalt" not in qa.catalog.manifest)
    answer = qa.ask(QUESTION)
    assert "$0.27" not in answer.text
    assert all(citation.doc_id != "cobalt" for citation in answer.citations)
    assert IIJ_VALUE in qa.ask(IIJ_QUESTION).text


def test_replaced_views_are_stopped_and_answers_stay_right(
    tmp_path: Path, embedder, monkeypatch
):
    """A server that reloads often keeps one retired client at most (each holds memory)."""
    import ingest.store
    from qa.api import FilingQA

    monkeypatch.setattr(ingest.store, "_RETIRE_SECONDS", 0.0)
    qa = FilingQA.open(store=tmp_path / "store", embedder=embedder)
    qa.ingest([IIJ])
    for _ in range(5):
        qa.store.reload()
        answer = qa.ask(IIJ_QUESTION)
        assert IIJ_VALUE in answer.text
        assert len(qa.store._retired) <= 1
