"""Writing generated files so that unchanged output keeps its timestamp."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def temporary_beside(path: Path) -> Iterator[Path]:
    """A name beside ``path`` for a file to be made and then moved there, so
    a reader never sees half a file; removed if making it fails. The name is
    this process's own (one build per output folder at a time is
    kb_ext.lock's, this is for the rest)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.kbtmp")
    try:
        yield temporary
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless the file already holds exactly those
    bytes; True if it was written (through :func:`temporary_beside`)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: write it
    with temporary_beside(path) as temporary:
        temporary.write_bytes(data)
        temporary.replace(path)
    return True


def install(made: Path, path: Path) -> bool:
    """Copy the file ``made`` to ``path`` unless ``path`` already holds the
    same bytes; True if it was written. As :func:`write_if_changed`, through
    a temporary name, without holding the file in memory."""
    if same_bytes(made, path):
        return False
    with temporary_beside(path) as temporary:
        shutil.copyfile(made, temporary)
        temporary.replace(path)
    return True


def same_bytes(one: Path, other: Path) -> bool:
    """Whether two files hold the same bytes, read a megabyte at a time."""
    try:
        if one.stat().st_size != other.stat().st_size:
            return False
        with one.open("rb") as first, other.open("rb") as second:
            while True:
                block = first.read(1 << 20)
                if block != second.read(1 << 20):
                    return False
                if not block:
                    return True
    except OSError:
        return False
