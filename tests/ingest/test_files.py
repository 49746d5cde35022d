"""Only regular files are read, and the size limit holds on the bytes actually read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.errors import SkipFile
from ingest.files import expand, read_regular
from tests.conftest import IIJ, REPO


def cli(store: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """A real ``filingqa`` process; a hang fails the test at ``timeout`` seconds."""
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", "--store", str(store), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        check=False,
    )


def test_a_device_is_refused_not_read_forever(tmp_path: Path):
    done = cli(tmp_path / "store", "ingest", "-q", "/dev/zero", timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "skipped /dev/zero: not a regular file: a character device" in done.stdout


def test_a_file_reporting_size_zero_is_still_held_to_the_limit():
    maps = Path("/proc/self/maps")  # a regular file whose reported size is 0
    assert maps.stat().st_size == 0
    with pytest.raises(SkipFile, match="over the 0.0001 MB limit"):
        read_regular(maps, 100)


def test_fifos_links_and_loops_in_a_folder_are_listed_with_reasons(tmp_path: Path):
    folder = tmp_path / "notices"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "iij.txt").write_bytes(IIJ.read_bytes())
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "elsewhere").symlink_to(folder / "sub")
    (folder / "link.txt").symlink_to(folder / "sub" / "iij.txt")
    skipped: list[tuple[str, str]] = []
    found = list(expand([folder], skipped))
    # The link to the notice is the same file: read once.
    assert [path.resolve() for path in found] == [
        (folder / "sub" / "iij.txt").resolve()
    ]
    reasons = {Path(source).name: reason for source, reason in skipped}
    assert reasons == {
        "pipe.txt": "not a regular file: a FIFO (named pipe)",
        "loop-a.txt": "symbolic link loop",
        "loop-b.txt": "symbolic link loop",
        "dangling.txt": "broken symbolic link",
        "elsewhere": "symbolic link to a folder (not followed)",
    }


def test_the_cli_skips_a_named_fifo_without_hanging_and_stores_the_rest(
    tmp_path: Path,
):
    fifo = tmp_path / "waiting.txt"
    os.mkfifo(fifo)
    good = tmp_path / "iij.txt"
    good.write_bytes(IIJ.read_bytes())
    done = cli(tmp_path / "store", "ingest", "-q", str(fifo), str(good))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added 1,")
    assert f"skipped {fifo.resolve()}: not a regular file: a FIFO (named pipe)" in (
        done.stdout
    )
