"""Run a command as a child process and measure it: exit status, output, wall time, peak memory.

Peak memory is the command's own maximum resident set size, from ``os.wait4`` (the kernel's
rusage of that one child). The command is started by a small launcher process, not forked from
the test process: Linux counts the memory a child had before ``exec`` (a copy of its parent)
towards its peak, so a command forked from a large pytest process would be charged for pytest. A child still running after ``timeout`` seconds is killed and reported as hung.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Runs argv[2:] as its child (os.execvp in a fork of this small process), waits for it, writes the
# child's peak RSS in kilobytes to argv[1], and exits with the child's status.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def _peak_mb(path: str, fallback_kb: int) -> float:
    """The command's peak (kilobytes on Linux) as written by the launcher; the launcher's own
    rusage if the command was killed before it could be written."""
    text = Path(path).read_text().strip()
    return (int(text) if text else fallback_kb) / 1024


@dataclass(frozen=True)
class Measured:
    """What a measured child did."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    hung: bool


def run_measured(
    command: list[str],
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> Measured:
    """Run ``command`` to its end (or kill it at ``timeout``) and measure it."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile() as peak_file,
    ):
        with tempfile.TemporaryFile() as given:
            given.write((stdin or "").encode("utf-8", "surrogateescape"))
            given.seek(0)
            started = time.monotonic()
            process = subprocess.Popen(
                [sys.executable, "-c", _LAUNCHER, peak_file.name, *command],
                cwd=cwd,
                env=env,
                stdin=given,
                stdout=out,
                stderr=err,
                start_new_session=True,  # the launcher and its command are killed together
            )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Measured(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            _peak_mb(peak_file.name, usage.ru_maxrss),
            killed.is_set(),
        )
