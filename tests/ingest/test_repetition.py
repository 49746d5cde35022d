"""Repetitive text (issue 14, item 5): linear, bounded ingest, and near-duplicates collapsed.

Three files are ingested by real ``filingqa ingest`` processes beside the sample notices: 2 MB
of one million one-letter lines, 5 MB of one paragraph with figures repeated, and 20 MB (the
size limit) of the notices copied again and again, each copy numbered. Each process's peak
memory (``os.wait4``'s rusage of that child) and time are printed and bounded. Afterwards every
chunk of the other notices is still found by its own vector, and no golden question's unscoped
top 5 is taken over by those files.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from itertools import islice
from pathlib import Path

import pytest

from ingest import tables
from ingest.chunking import chunk_notice
from ingest.embedding import Embedder
from ingest.records import Chunk
from ingest.repetition import distinct_chunks, facts_text
from tests.conftest import CORPUS, IIJ, REPO, SAMPLES
from tests.measure import run_measured

PEAK_MB = (
    1200  # a small ingest peaks near 600 MB; the 2 MB file alone took 1,970 MB before
)
SECONDS = 150
SAMPLE500 = CORPUS / "sample500.jsonl.gz"


def chunk(index: int, text: str, heading: str = "") -> Chunk:
    return Chunk("d", index, text, index * 100, index * 100 + len(text), heading, "T")


def test_near_duplicates_are_collapsed_and_the_first_kept():
    chunks = [
        chunk(0, "Line 1 of the list"),
        chunk(1, "line  22 OF the list"),  # case, spaces and digits differ only
        chunk(2, "Line 3 of the list", heading="Other"),  # another section: kept
        chunk(3, "Something else"),
    ]
    distinct = distinct_chunks(chunks)
    assert [c.text for c in distinct.chunks] == [
        "Line 1 of the list",
        "Line 3 of the list",
        "Something else",
    ]
    assert [c.index for c in distinct.chunks] == [0, 1, 2]
    assert distinct.collapsed == 1 and not distinct.truncated


def test_the_chunk_limit_stops_reading_at_the_first_new_passage_past_it():
    def endless():
        for number in range(10**9):
            yield chunk(number, "word " * (number % 50 + 1))

    distinct = distinct_chunks(endless(), limit=5)
    assert len(distinct.chunks) == 5 and distinct.truncated


def test_facts_text_blanks_what_was_left_out_and_keeps_offsets():
    text = "Title\n\nKept one.\n\nDropped $5 million.\n\nKept two.\n\nTail $9."
    one, two = text.index("Kept one."), text.index("Kept two.")
    kept = [
        Chunk("d", 0, "Kept one.", one, one + 9, "", "T"),
        Chunk("d", 1, "Kept two.", two, two + 9, "", "T"),
    ]
    blanked = facts_text(text, kept)
    assert len(blanked) == len(text)
    assert (
        blanked[one : one + 9] == "Kept one." and blanked[two : two + 9] == "Kept two."
    )
    assert "$" not in blanked and "Title" not in blanked


def test_token_counts_are_exact_in_bounded_slices(embedder: Embedder):
    text = IIJ.read_text()
    long = " ".join([text] * 20)  # over the piece size: counted in pieces
    texts = [text, long, "a", text[:5000]]
    direct = [len(e.ids) for e in embedder.tokenizer.encode_batch(texts)]
    assert embedder.count_tokens(texts) == direct


def test_chunking_a_million_lines_is_linear_and_collapses(embedder: Embedder):
    text = "a\n" * 200_000
    chunks = chunk_notice("d", text, "T", embedder.count_tokens, embedder.max_tokens)
    assert len(distinct_chunks(chunks).chunks) <= 3


def test_a_repeated_run_on_line_is_tokenized_about_once(embedder: Embedder):
    """A paragraph with no sentence boundary is split at words; each distinct word is counted
    once, and the paragraph once (before: every word again, and the paragraph twice: 85 s for
    the hostile suite's 20 MB file)."""
    words = [f"w{n}x" for n in range(300)]
    text = (" ".join(words) + " and so on\n") * 60  # adjacent lines: one paragraph
    counted: list[str] = []

    def counting(texts: list[str]) -> list[int]:
        counted.extend(texts)
        return embedder.count_tokens(texts)

    chunks = chunk_notice("d", text, "T", counting, embedder.max_tokens)
    assert "".join("".join(c.text.split()) for c in chunks) == "".join(text.split())
    assert sum(map(len, counted)) < 1.2 * len(text)


def test_pipe_lines_without_a_rule_are_read_once(monkeypatch):
    """Rows of pipes with no rule line are no table; each is looked at a bounded number of
    times (before, every start rescanned the rest: quadratic, 11 s for 200 KB)."""
    calls = 0
    real = tables.is_markdown_row

    def counting(line: str) -> bool:
        nonlocal calls
        calls += 1
        return real(line)

    monkeypatch.setattr(tables, "is_markdown_row", counting)
    lines = ["| a | b |"] * 5000 + ["Revenue   2024   2023", "Sales   1,000   900"]
    assert list(tables.rewrite_tables(lines))[:5000] == lines[:5000]
    assert calls < 3 * len(lines)


def repetitive_files(folder: Path) -> dict[str, Path]:
    """The three files of the issue, written into ``folder``."""
    folder.mkdir()
    lines = folder / "million-lines.txt"
    lines.write_text("a\n" * 1_000_000)  # 2 MB
    paragraph = (
        "The Company will issue 1,000,000 new shares of common stock at $2.50 per share, "
        "for gross proceeds of $2,500,000. The payment date is August 5, 2013, and the "
        "shares represent 4.5% of the shares outstanding.\n"
    )
    prose = folder / "repeated-prose.txt"
    prose.write_text(paragraph * (5_000_000 // len(paragraph)))  # 5 MB
    # Releases of other issuers than the samples' (so no golden question is about them),
    # copied again and again, each copy numbered: near-duplicates.
    with gzip.open(SAMPLE500, "rt", encoding="utf-8") as corpus:
        notices = [json.loads(line)["text"] for line in islice(corpus, 40)]
    pieces, size, number = [], 0, 0
    while True:
        piece = f"\nCopy {number} of the archive.\n\n{notices[number % len(notices)]}"
        if size + len(piece.encode()) > 20_000_000:
            break
        pieces.append(piece)
        size += len(piece.encode())
        number += 1
    limit = folder / "size-limit.txt"
    limit.write_text("".join(pieces))  # 20 MB, the default size limit
    return {"lines": lines, "prose": prose, "limit": limit}


def cli_ingest(store: Path, path: Path):
    return run_measured(
        [
            sys.executable,
            "-m",
            "qa.cli",
            "--store",
            str(store),
            "ingest",
            "-q",
            str(path),
        ],
        timeout=SECONDS * 2,
        cwd=REPO,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


@pytest.mark.skipif(not SAMPLE500.is_file(), reason=f"no corpus at {SAMPLE500}")
def test_repetitive_files_ingest_in_bounded_memory_and_leave_search_intact(
    tmp_path: Path, embedder: Embedder
):
    from qa.api import FilingQA

    store = tmp_path / "store"
    notices = tmp_path / "notices"
    notices.mkdir()
    for sample in SAMPLES.glob("*"):
        (notices / sample.name).write_bytes(sample.read_bytes())
    baseline = cli_ingest(store, notices)
    assert baseline.returncode == 0, baseline.stderr
    print(f"\nsample notices: {baseline.seconds:.1f} s, peak {baseline.peak_mb:.0f} MB")
    files = repetitive_files(tmp_path / "repetitive")
    for name, path in files.items():
        run = cli_ingest(store, path)
        size = path.stat().st_size / 1e6
        print(f"{name} ({size:.1f} MB): {run.seconds:.1f} s, peak {run.peak_mb:.0f} MB")
        print("  " + run.stdout.strip().replace("\n", "\n  "))
        assert run.returncode == 0 and not run.hung, run.stderr
        assert "added 1" in run.stdout and "shortened" in run.stdout
        assert run.peak_mb < PEAK_MB, f"{name}: peak {run.peak_mb:.0f} MB"
        assert run.seconds < SECONDS

    qa = FilingQA.open(store=store, embedder=embedder)
    entries = {Path(e.source).name: e for e in qa.documents()}
    assert entries["million-lines.txt"].chunks <= 3
    assert entries["repeated-prose.txt"].chunks <= 5
    assert len(qa.facts(entries["repeated-prose.txt"].doc_id)) < 100  # was 199,998
    assert entries["size-limit.txt"].chunks < 400  # 40 distinct releases
    repetitive = {entries[p.name].doc_id for p in files.values()}

    # Every chunk of the other notices is found by its own vector.
    others = qa.store.chunks.get(include=["embeddings", "metadatas"])
    lost = [
        chunk_id
        for chunk_id, vector, metadata in zip(
            others["ids"], others["embeddings"], others["metadatas"], strict=True
        )
        if metadata["doc_id"] not in repetitive
        and chunk_id not in {s.chunk_id for s in qa.store.search(vector, 3)}
    ]
    assert lost == [], f"{len(lost)} chunks not found by their own vector"

    # An unscoped search for a normal question is not taken over by the repetitive files.
    golden = [
        json.loads(line)
        for line in (REPO / "examples" / "eval" / "golden.jsonl")
        .read_text()
        .splitlines()
    ]
    # Before: the top 5 of all 92 golden questions came from the million-lines file alone.
    taken_over = {
        name: 0 for name in repetitive
    }  # questions whose top 5 all come from it
    shown = {name: 0 for name in repetitive}  # questions whose top 5 show it at all
    for case in golden:
        top = [
            item.chunk.doc_id for item in qa.hybrid_search.search(case["question"], 5)
        ]
        for name in repetitive:
            taken_over[name] += top.count(name) == len(top)
            shown[name] += name in top
    print(f"golden questions whose top 5 is all one file: {taken_over}")
    print(f"golden questions whose top 5 shows the file: {shown} of {len(golden)}")
    assert sum(taken_over.values()) == 0
    garbage = [entries[files[key].name].doc_id for key in ("lines", "prose")]
    assert all(shown[name] <= len(golden) // 10 for name in garbage)
