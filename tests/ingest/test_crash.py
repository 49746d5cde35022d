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

from ingest.embedding import Embedder
from tests.conftest import REPO, SAMPLES
from tests.ingest.test_pipeline import consistent

COPIES = 4  # variants of each sample: enough notices that a kill lands mid-run


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
        [sys.executable, "-m", "qa.cli", "--store", str(store), "ingest", str(notices)],
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
        [
            sys.executable,
            "-m",
            "qa.cli",
            "--store",
            str(store),
            "ingest",
            "-q",
            str(notices),
        ],
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
