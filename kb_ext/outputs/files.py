"""Writing generated files so that unchanged output keeps its timestamp."""

from __future__ import annotations

import os
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
