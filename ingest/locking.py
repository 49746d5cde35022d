"""An exclusive lock between processes that write one store (``fcntl.flock`` on a lock file).

Why: two ingests writing one store at once interleave their journal steps and doc-id choices,
and lose or mix notices (two concurrent runs of 20 files stored 29, with chunks of one notice
under another's id). One writer at a time makes every write see the previous one whole. The
kernel drops a ``flock`` when its holder dies, so a killed ingest never leaves the store locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_POLL_SECONDS = 0.2


class LockTimeout(TimeoutError):
    """Another process held the lock for longer than the caller was willing to wait."""


@contextmanager
def exclusive_lock(
    path: Path,
    timeout: float,
    on_wait: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) for the block.

    When another process holds it, ``on_wait`` is called once and the lock is retried until
    ``timeout`` seconds have passed; then LockTimeout is raised.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(descriptor, timeout, on_wait)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _acquire(
    descriptor: int, timeout: float, on_wait: Callable[[], None] | None
) -> None:
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if time.monotonic() >= deadline:
            raise LockTimeout(f"lock held by another process for over {timeout:g} s")
        if not told and on_wait is not None:
            on_wait()
            told = True
        time.sleep(_POLL_SECONDS)
