"""Which paths are notice files, and reading one with its size limit enforced as it is read.

Only regular files are read. A FIFO would block the run forever, a device such as ``/dev/zero``
reports size 0 and never ends, and a symbolic link loop cannot be opened at all: each is listed
with its reason instead. The size limit is enforced on the bytes actually read, not on the size
the file system reports (0 for devices and for many files under ``/proc``).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.errors import SkipFile

_READ_BLOCK = 1 << 20


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def stat_reason(error: OSError, missing: str | None = None) -> str:
    """Why a path cannot be looked at, in the words a user knows; ``missing`` names ENOENT."""
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno == errno.ENOENT and missing:
        return missing
    return f"cannot read: {error.strerror or error}"


def too_large(size: int, max_bytes: int) -> str:
    """The skip reason of a file over the size limit."""
    return f"file is {size / 1_000_000:.1f} MB, over the {max_bytes / 1_000_000:g} MB limit"


def read_regular(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, at most ``max_bytes``; anything else raises SkipFile with why.

    The file is opened without blocking (a FIFO swapped in after the check cannot hang the
    run), checked again on the open descriptor, and read in blocks until ``max_bytes + 1``
    bytes show that it is too large, whatever size it claimed.
    """
    try:
        kind = kind_of(path.stat().st_mode)
        if kind is not None:
            raise SkipFile(f"not a regular file: {kind}")
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        raise SkipFile(stat_reason(error)) from error
    with os.fdopen(descriptor, "rb", buffering=0) as file:
        info = os.fstat(descriptor)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise SkipFile(f"not a regular file: {kind}")
        if info.st_size > max_bytes:
            raise SkipFile(too_large(info.st_size, max_bytes))
        blocks: list[bytes] = []
        size = 0
        try:
            while block := file.read(min(_READ_BLOCK, max_bytes + 1 - size)):
                blocks.append(block)
                size += len(block)
                if size > max_bytes:
                    raise SkipFile(
                        f"file is over the {max_bytes / 1_000_000:g} MB limit"
                    )
        except OSError as error:
            raise SkipFile(f"cannot read: {error.strerror or error}") from error
        return b"".join(blocks)


def expand(paths: Iterable[Path], skipped: list[tuple[str, str]]) -> Iterator[Path]:
    """Files named and regular files inside folders named (hidden ones left out), each once.

    Everything else met inside a folder (FIFOs, devices, sockets, broken links, link loops,
    links to folders, which are not followed) is appended to ``skipped`` with its reason.
    A path named on its own is yielded as it is: ``read_regular`` refuses it if it must.
    """
    seen: set[Path] = set()
    for path in paths:
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except OSError as error:
            skipped.append((str(path), stat_reason(error, "no such file or folder")))
            continue
        found = _walk(path, skipped) if is_folder else iter([path])
        empty = True
        for file in found:
            empty = False
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file
        if is_folder and empty:
            skipped.append((str(path), "folder holds no files"))


def _walk(folder: Path, skipped: list[tuple[str, str]]) -> Iterator[Path]:
    """The regular files under ``folder`` in sorted order, without following folder links."""
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            skipped.append((str(current), stat_reason(error)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                stack.append(path)
                continue
            try:
                mode = path.stat().st_mode
            except OSError as error:
                skipped.append((str(path), stat_reason(error, "broken symbolic link")))
                continue
            kind = kind_of(mode)
            if kind is None:
                found.append(path)
            elif stat.S_ISDIR(mode):
                skipped.append((str(path), "symbolic link to a folder (not followed)"))
            else:
                skipped.append((str(path), f"not a regular file: {kind}"))
    return iter(sorted(found))
