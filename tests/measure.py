"""Run a command as a child process and measure it: exit status, output, wall time, peak memory.

Peak memory is the child's own maximum resident set size, from ``os.wait4`` (the kernel's
rusage of that one child, as ``resource.getrusage`` gives for children), so tests can print it
and bound it. A child still running after ``timeout`` seconds is killed and reported as hung.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


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
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        with tempfile.TemporaryFile() as given:
            given.write((stdin or "").encode("utf-8", "surrogateescape"))
            given.seek(0)
            started = time.monotonic()
            process = subprocess.Popen(
                command, cwd=cwd, env=env, stdin=given, stdout=out, stderr=err
            )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            process.kill()

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
            usage.ru_maxrss / 1024,  # kilobytes on Linux
            killed.is_set(),
        )
