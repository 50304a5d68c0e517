"""One build at a time per output folder.

Two ``make html`` at once in one checkout wrote the same temporary files
(Sphinx's search index among them) and one crashed. A build takes an
exclusive lock next to its environment as soon as its configuration is read,
before the environment is loaded, so a second build waits, says so, and then
starts from what the first one saved. The lock is released when the build
finishes, and by the operating system if the process ends.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from sphinx.application import Sphinx
from sphinx.config import Config

from .diagnostics import logger

try:
    import fcntl
except ImportError:  # not POSIX: no lock (builds at once are the user's to avoid)
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "kb-build.lock"
#: lock file -> its open file, held by this process (a build here re-enters it)
_HELD: dict[Path, IO[bytes]] = {}


def _acquire(path: Path) -> None:
    if fcntl is None or path in _HELD:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "wb")  # held until the build finishes
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        logger.info("kb_ext: another build is writing to %s; waiting for it to finish",
                    path.parent)
        fcntl.flock(handle, fcntl.LOCK_EX)
    _HELD[path] = handle


def _release(path: Path) -> None:
    handle = _HELD.pop(path, None)
    if handle is not None and fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _lock_path(app: Sphinx) -> Path:
    return Path(os.fspath(app.doctreedir)) / LOCK_NAME


def _on_config_inited(app: Sphinx, config: Config) -> None:
    _acquire(_lock_path(app))


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    _release(_lock_path(app))


def setup_lock(app: Sphinx) -> None:
    app.connect("config-inited", _on_config_inited, priority=100)
    app.connect("build-finished", _on_build_finished, priority=990)  # after every writer
