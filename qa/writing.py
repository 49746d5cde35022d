"""One writer at a time per store: where its lock files live, and taking them with a message.

Embedded store: the lock files sit in the store folder, so every process on the machine that
opens the folder shares them. Chroma server: the lock sits in this user's cache folder, named by
the server URL and collection prefix, so it serialises the writers of one machine and user only;
writers on other machines are the operator's to keep single (see README, "Many processes").
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.locking import LockTimeout, exclusive_lock
from ingest.store import NoticeStore, StoreError
from qa.settings import Settings

WAITING = "filingqa: waiting for another ingest to finish..."


def lock_folder(settings: Settings) -> Path:
    """The folder of a store's lock files (see the module docstring)."""
    if settings.chroma_url is None:
        return settings.store
    from platformdirs import user_cache_dir

    key = hashlib.sha256(
        f"{settings.chroma_url}\x00{settings.collection_prefix}".encode()
    ).hexdigest()[:16]
    return Path(user_cache_dir("filingqa", appauthor=False)) / "locks" / key


@contextmanager
def writing(settings: Settings) -> Iterator[None]:
    """Hold the store's write lock: for a whole ingest or remove, recovery included.

    A second writer says it is waiting (on stderr), waits up to ``write_lock_timeout`` seconds,
    then stops with a StoreError saying why.
    """
    path = lock_folder(settings) / f"{settings.collection_prefix}.write.lock"
    try:
        with exclusive_lock(path, settings.write_lock_timeout, _say_waiting):
            yield
    except LockTimeout as error:
        raise StoreError(
            f"another ingest or remove is writing to this store ({error}); "
            f"try again when it has finished, or set FILINGQA_WRITE_LOCK_TIMEOUT to wait longer "
            f"(lock file: {path})"
        ) from None


@contextmanager
def opening(settings: Settings) -> Iterator[None]:
    """Serialise opening an embedded store, whose first open creates its database tables.

    Why: two processes creating a brand-new store at once failed 1 time in 14 with "table
    collections already exists". Held for the open only, so readers barely wait. A store folder
    this user cannot write is opened without it (a read-only store creates nothing).
    """
    if settings.chroma_url is not None:
        yield
        return
    path = settings.store / "filingqa.open.lock"
    try:
        settings.store.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    except PermissionError:
        yield
        return
    try:
        with exclusive_lock(path, settings.write_lock_timeout):
            yield
    except LockTimeout as error:
        raise StoreError(f"cannot open the store: {error}") from None


def recover_if_no_writer(settings: Settings, store: NoticeStore) -> bool:
    """Finish or roll back what a killed writer left, if no writer is running; True if done.

    Why on every open, readers included: between a crash and the next ingest, ``documents``,
    ``facts`` and ``ask`` should read a recovered store, not just one whose reads hide the
    leftovers. Only an embedded store is recovered here: its write lock lies beside it, so a
    free lock proves that no process is writing and the journal's entries are a dead writer's.
    A Chroma server's lock covers one machine's writers only, so a reader there could roll back
    a live writer's work; its leftovers stay hidden (``NoticeStore.committed_only``) until the
    next ingest or remove recovers them. A store this user cannot write is left as it is.
    """
    if settings.chroma_url is not None or not store.pending.count():
        return False
    path = lock_folder(settings) / f"{settings.collection_prefix}.write.lock"
    try:
        with exclusive_lock(path, timeout=0):
            store.recover()
    except LockTimeout:
        return False  # a writer is at work: its journal is live, not a crash's
    except Exception:  # noqa: BLE001 - a read-only store: reads hide the leftovers anyway
        return False
    return True


def _say_waiting() -> None:
    print(WAITING, file=sys.stderr, flush=True)
