"""Reads between a crash and the next ingest (issue 14, item 3), with real processes.

A real ingest replaces a dividend notice (its aggregate payout $3,361,500 becomes $3,859,500)
and adds another notice in the same write; it is SIGKILLed at a random moment of that write, or
held alive inside it. Then ``filingqa facts``, ``documents`` and ``ask --json -`` run as their
own processes before any new ingest: the facts never hold both payouts, nothing ``ask`` shows
(answer, quotes, calculations) holds the other version's payout, and no citation names a notice
``documents`` does not list.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLES

CEDAR = SAMPLES / "fictional-cedar-creek-bancshares_2019-10-24_dividend.md"
KASUMI = SAMPLES / "fictional-kasumi-precision_2021-05-13_stock_split.txt"
HARBOR = SAMPLES / "fictional-harbor-robotics_2024-06-11_public_offering.md"
OLD, NEW = "3,361,500", "3,859,500"
QUESTIONS = [
    "What is the aggregate amount Cedar Creek will pay out for this quarterly dividend?",
    "How many shares does Harbor Robotics offer in its underwritten public offering?",
]
STEP = "filingqa-store-step"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def cli(store: Path, *args: str, stdin: str | None = None) -> str:
    """Run ``filingqa --store STORE ARGS`` as its own process; its stdout (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-m", "qa.cli", "--store", str(store), *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        env=ENV,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store holding the old dividend notice and one more, and the folder of the next run."""
    folder = tmp_path_factory.mktemp("crash-reads")
    notices = folder / "notices"
    notices.mkdir()
    shutil.copy(CEDAR, notices / "cedar.md")
    shutil.copy(KASUMI, notices / "kasumi.txt")
    store = folder / "baseline"
    cli(store, "ingest", "-q", str(notices))
    # The next run replaces the dividend notice and adds a new one, in one write.
    (notices / "cedar.md").write_text(CEDAR.read_text().replace(OLD, NEW))
    shutil.copy(HARBOR, notices / "harbor.md")
    return store, notices


def paused_ingest(
    store: Path, notices: Path, seconds: float, only: str = ""
) -> subprocess.Popen:
    """``tests.ingest.paused_ingest``: a real ingest pausing ``seconds`` after each write step
    (after step ``only`` alone, when given)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.ingest.paused_ingest",
            str(store),
            str(notices),
            str(seconds),
            only,
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def steps_seen(process: subprocess.Popen, wanted: str) -> tuple[threading.Event, list]:
    """Collect the write steps the process announces; the event fires at ``wanted``."""
    reached, seen = threading.Event(), []

    def watch() -> None:
        for line in process.stderr:
            if line.startswith(STEP):
                seen.append(line.split()[-1])
                if seen[-1] == wanted:
                    reached.set()
        reached.set()  # the process ended

    threading.Thread(target=watch, daemon=True).start()
    return reached, seen


def read_everything(store: Path) -> tuple[list[str], list[str], list[dict]]:
    """``facts cedar``, ``documents`` and a batch ``ask``, each its own process, in that order."""
    facts = [
        fact["text"] for fact in json.loads(cli(store, "facts", "cedar", "--json"))
    ]
    documents = [
        entry["doc_id"] for entry in json.loads(cli(store, "documents", "--json"))
    ]
    answers = cli(store, "ask", "--json", "-", stdin="\n".join(QUESTIONS) + "\n")
    return facts, documents, [json.loads(line) for line in answers.splitlines()]


def assert_one_version(store: Path) -> str:
    """Every read shows one version of the dividend notice; returns which ("old" or "new")."""
    facts, documents, answers = read_everything(store)
    payouts = {text for text in facts if text.strip("$") in (OLD, NEW)}
    assert len(payouts) == 1, f"old and new figures together: {payouts}"
    version = "new" if NEW in payouts.pop() else "old"
    assert {"cedar", "kasumi"} <= set(documents)
    # Whatever the reader makes of the question, nothing it shows comes from the other version.
    other = OLD if version == "new" else NEW
    for answer in answers:
        shown = json.dumps(answer)
        assert other not in shown, f"the {version} version is stored, yet: {shown}"
        cited = {citation["doc_id"] for citation in answer["citations"]}
        assert cited <= set(documents), f"cited {cited}, listed {documents}"
    # The new notice is there exactly when the write committed (one commit for both).
    assert ("harbor" in documents) is (version == "new")
    return version


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_reads_after_kill_9_at_a_random_moment_of_a_replace(
    baseline: tuple[Path, Path], tmp_path: Path, seed: int
):
    source, notices = baseline
    store = tmp_path / "store"
    shutil.copytree(source, store)
    process = paused_ingest(store, notices, 0.25)
    reached, seen = steps_seen(process, "journal")
    assert reached.wait(timeout=180), "the ingest never began its write"
    # The write's four steps and their pauses last about 1.5 s: the kill lands anywhere in it.
    time.sleep(random.Random(seed).uniform(0.0, 1.2))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    version = assert_one_version(store)
    print(f"seed {seed}: killed after steps {seen}, reads saw the {version} version")


@pytest.mark.parametrize(("step", "version"), [("chunks", "old"), ("manifest", "new")])
def test_reads_during_a_live_write_see_one_version(
    baseline: tuple[Path, Path], tmp_path: Path, step: str, version: str
):
    """A writer alive inside its write holds the lock: readers cannot recover, they must hide."""
    source, notices = baseline
    store = tmp_path / "store"
    shutil.copytree(source, store)
    process = paused_ingest(store, notices, 120, step)
    reached, seen = steps_seen(process, step)
    try:
        assert reached.wait(timeout=180) and seen[-1:] == [step], seen
        assert assert_one_version(store) == version
    finally:
        process.kill()
        process.wait(timeout=30)
    # Killed there, the next reader recovers, and sees the same version.
    assert assert_one_version(store) == version
