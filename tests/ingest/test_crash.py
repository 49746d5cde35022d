"""kill -9 of a real ingest process at several points, then the same ingest again."""

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ingest.embedding import Embedder
from ingest.store import NoticeStore, connect
from tests.conftest import IIJ, IIJ_QUESTION, IIJ_VALUE, REPO, SAMPLES
from tests.ingest.test_pipeline import consistent

COPIES = 4  # variants of each sample: enough notices that a kill lands mid-run


def ingest_command(store: Path, notices: Path, quiet: bool = True) -> list[str]:
    """The CLI ingest of a folder as the tests run it in a child process (progress shown unless quiet)."""
    flags = ["-q"] if quiet else []
    return [
        sys.executable,
        "-m",
        "qa.cli",
        "--store",
        str(store),
        "ingest",
        *flags,
        str(notices),
    ]


def make_notices(folder: Path) -> int:
    folder.mkdir()
    count = 0
    for sample in sorted(SAMPLES.glob("*.*")):
        if sample.suffix not in (".txt", ".md"):
            continue
        for copy in range(COPIES):
            target = folder / f"{sample.stem}-{copy}{sample.suffix}"
            target.write_text(sample.read_text() + f"\n\nArchive copy {copy}.\n")
            count += 1
    return count


def ingest_until(store: Path, notices: Path, files_done: int) -> int:
    """Run the CLI ingest and SIGKILL it once its progress shows ``files_done`` files (0: at once)."""
    process = subprocess.Popen(
        ingest_command(store, notices, quiet=False),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    seen = [0]

    def read_progress():
        buffer = b""
        while chunk := process.stderr.read1(4096):
            buffer = (buffer + chunk)[-200:]
            found = re.findall(rb"\| (\d+)/\d+ ", buffer)
            if found:
                seen[0] = max(seen[0], int(found[-1]))

    reader = threading.Thread(target=read_progress, daemon=True)
    reader.start()
    deadline = time.monotonic() + 240
    while (
        process.poll() is None and seen[0] < files_done and time.monotonic() < deadline
    ):
        time.sleep(0.02)
    if files_done == 0:
        time.sleep(1.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return seen[0]


def test_kill_9_at_any_point_then_the_same_ingest_leaves_a_consistent_store(
    tmp_path: Path, embedder: Embedder
):
    from qa.api import FilingQA

    notices = tmp_path / "notices"
    total = make_notices(notices)
    store = tmp_path / "store"
    for files_done in (0, 3, 11, 19):
        ingest_until(store, notices, files_done)
    finished = subprocess.run(
        ingest_command(store, notices),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    qa = FilingQA.open(store=store, embedder=embedder)
    consistent(qa)
    assert len(qa.documents()) == total
    again = qa.ingest([notices])
    assert len(again.unchanged) == total and again.chunks_embedded == 0
    shutil.rmtree(store)


KASUMI = SAMPLES / "fictional-kasumi-precision_2021-05-13_stock_split.txt"
HARBOR = SAMPLES / "fictional-harbor-robotics_2024-06-11_public_offering.md"


def cli_ingest(store: Path, notices: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        ingest_command(store, notices),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "HF_HUB_OFFLINE": "1", **env},
    )


def kill_at_store_step(store: Path, notices: Path, step: str) -> None:
    """SIGKILL a real ingest while ``write_notices`` is paused just after journal step ``step``.

    The ingest runs in ``tests.ingest.paused_ingest``, which sets a ``write_hook`` on its store
    that announces each step on stderr and sleeps there, so the kill lands inside the write, not
    between groups.
    """
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.ingest.paused_ingest",
            str(store),
            str(notices),
            "5",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    marker = f"filingqa-store-step {step}".encode()
    reached = threading.Event()

    def watch():
        for line in process.stderr:
            if line.strip() == marker:
                process.send_signal(signal.SIGKILL)
                reached.set()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    finished = reached.wait(timeout=240)
    if not finished:
        process.kill()
    process.wait()
    assert finished, f"the ingest never reached the store step {step!r}"
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize("step", ["journal", "chunks", "manifest"])
def test_kill_9_inside_a_store_write_is_recovered_on_reopen(
    tmp_path: Path, embedder: Embedder, step: str
):
    from qa.api import FilingQA

    notices = tmp_path / "notices"
    notices.mkdir()
    shutil.copy(IIJ, notices / "iij.txt")
    shutil.copy(KASUMI, notices / "kasumi.txt")
    store = tmp_path / "store"
    baseline = cli_ingest(store, notices)
    assert baseline.wait(timeout=300) == 0, baseline.stderr.read().decode()

    # The killed run replaces one notice, adds another and leaves the third unchanged:
    # both writes are in its one group, so the journal names both when the kill lands.
    (notices / "kasumi.txt").write_text(KASUMI.read_text() + "\nArchive copy.\n")
    shutil.copy(HARBOR, notices / "harbor.md")
    kill_at_store_step(store, notices, step)

    raw = NoticeStore(connect(store), embedder.model_path.name)
    assert set(raw.pending.get()["ids"]) == {"kasumi", "harbor"}  # mid-write
    committed = step == "manifest"  # the manifest upsert is the commit point
    qa = FilingQA.open(store=store, embedder=embedder)  # recovers: no writer is running
    assert qa.store.recover() == []
    consistent(qa)  # journal empty, every entry has its chunks, no orphan chunk or fact
    entries = {entry.doc_id: entry for entry in qa.documents()}
    assert ("harbor" in entries) is committed
    assert set(entries) >= {"iij", "kasumi"}
    kasumi_text = qa.store.notice_text("kasumi")
    assert ("Archive copy." in kasumi_text) is committed

    again = qa.ingest([notices])
    assert again.skipped == []
    if committed:
        assert len(again.unchanged) == 3 and again.chunks_embedded == 0
    else:
        assert [Path(p).name for p in again.added] == ["harbor.md"]
        assert [Path(p).name for p in again.replaced] == ["kasumi.txt"]
    consistent(qa)
    assert sorted(entry.doc_id for entry in qa.documents()) == [
        "harbor",
        "iij",
        "kasumi",
    ]
    assert "Archive copy." in qa.store.notice_text("kasumi")
    assert IIJ_VALUE in qa.ask(IIJ_QUESTION).text
