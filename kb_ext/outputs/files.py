"""Writing generated files so that unchanged output keeps its timestamp."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless the file already holds exactly those
    bytes; True if it was written. The write goes to a temporary name first,
    so a reader never sees half a file; the name is this process's own (one
    build per output folder at a time is kb_ext.lock's, this is for the rest)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: write it
    temporary = path.with_name(f".{path.name}.{os.getpid()}.kbtmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def install(made: Path, path: Path) -> bool:
    """Copy the file ``made`` to ``path`` unless ``path`` already holds the
    same bytes; True if it was written. As :func:`write_if_changed`, through
    a temporary name, without holding the file in memory."""
    if same_bytes(made, path):
        return False
    temporary = path.with_name(f".{path.name}.{os.getpid()}.kbtmp")
    try:
        shutil.copyfile(made, temporary)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
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
