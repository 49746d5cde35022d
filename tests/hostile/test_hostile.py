"""A generated hostile-input suite through the real CLI (issue 14): over 1,000 files and questions.

One ``filingqa ingest`` of every hostile file with a good notice among them, one batch
``filingqa ask --json -`` of every hostile question (one start-up), then ``documents`` and
``facts`` of the good notice. Every process is bounded by a timeout; none may hang, print a
traceback or fail a line; the good notice is always stored, its facts read and its question
answered from it; each process's peak memory is printed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from pathlib import Path

from tests.conftest import IIJ, IIJ_QUESTION, REPO
from tests.hostile.generate import questions, write_files
from tests.measure import Measured, run_measured

GOOD_QUESTION = IIJ_QUESTION
PEAK_MB = 1500


def filingqa(
    store: Path, *args: str, stdin: str | None = None, timeout: float = 150
) -> Measured:
    run = run_measured(
        [sys.executable, "-m", "qa.cli", "--store", str(store), *args],
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdin=stdin,
    )
    print(
        f"filingqa {args[0]}: {run.seconds:.1f} s, peak {run.peak_mb:.0f} MB, exit {run.returncode}"
    )
    assert not run.hung, f"{args[0]} hung: {run.stderr[-2000:]}"
    assert "Traceback" not in run.stderr, run.stderr[-4000:]
    assert run.peak_mb < PEAK_MB
    return run


def test_hostile_files_and_questions(tmp_path: Path):
    rng = random.Random(14)
    folder = tmp_path / "hostile"
    files = write_files(folder, rng)
    shutil.copy(IIJ, folder / "good-iij.txt")
    asked = questions(rng) + [GOOD_QUESTION]
    print(
        f"\n{files} hostile files, {len(asked)} questions: {files + len(asked)} inputs"
    )
    assert files + len(asked) >= 1000
    store = tmp_path / "store"

    ingest = filingqa(store, "ingest", "-q", str(folder), timeout=170)
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    summary = ingest.stdout
    listed = summary.count("\n  skipped ") + summary.count("\n  shortened ")
    print(summary.splitlines()[0], f"({listed} files listed with a reason)")

    documents = filingqa(store, "documents", "--json")
    stored = {entry["doc_id"]: entry for entry in json.loads(documents.stdout)}
    assert "good-iij" in stored, "the good notice was lost among hostile files"
    facts = filingqa(store, "facts", "good-iij", "--json")
    assert "August 5, 2013" in {
        fact["text"].split(", ", 1)[-1] for fact in json.loads(facts.stdout)
    } | {fact["text"] for fact in json.loads(facts.stdout)}

    lines = "\n".join(asked) + "\n"
    ask = filingqa(store, "ask", "--json", "-", stdin=lines, timeout=170)
    # Any line reader must see one answer a line: split as str.splitlines does, not at \n only.
    answers = [json.loads(line) for line in ask.stdout.splitlines()]
    expected = [q for q in asked if q.strip()]
    assert len(answers) == len(expected), "a question was dropped"
    errors = [a for a in answers if a.get("error")]
    assert errors == [], errors[:3]
    good = answers[-1]
    cited = {citation["doc_id"] for citation in good["citations"]}
    assert "good-iij" in cited or "good-iij" in good["answer"], good
    for answer in answers:
        assert {c["doc_id"] for c in answer["citations"]} <= set(stored)
