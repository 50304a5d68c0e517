"""Whether this build changed the environment, and which documents it changed.

Everything kb_ext derives (back-links, digests, ``kb.json``, tooltip data) is a
function of the domain data, which only changes when documents are read or
removed. A rebuild that reads and removes nothing can therefore skip deriving
and re-exporting; derived data is still computed on demand if a page is
written anyway (say, after a template change).

Sphinx saves the environment before it writes, so a build that reads and then
fails would leave the exported files behind data the next build no longer sees
as changed. A marker next to the environment says "read, not yet exported"
from the first document read until every ``build-finished`` handler has run;
a build that starts with the marker present treats everything as changed.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .state import KnowledgeBase

PENDING = "kb-exports-pending"


def _marker(app: Sphinx) -> Path:
    return Path(app.doctreedir) / PENDING


def _note_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                   removed: set[str]) -> list[str]:
    state = KnowledgeBase(app).build
    state.pending = _marker(app).exists()
    state.changed = set()
    return []


def _note_purged(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    # Sent, in the main process, for every document about to be read or removed.
    state = KnowledgeBase(app).build
    changed = state.changed
    if changed is None:
        return  # not after env-get-outdated: everything counts as changed anyway
    if not changed and not state.pending:
        marker = _marker(app)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    changed.add(docname)


def _exported(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        _marker(app).unlink(missing_ok=True)


def env_changed(app: Sphinx) -> bool:
    """False only when nothing was read or removed, and the last build that
    read something also finished."""
    return changed_docs(app) != set()


def changed_docs(app: Sphinx) -> set[str] | None:
    """Documents read or removed in this build; None when unknown (treat
    everything as changed)."""
    state = KnowledgeBase(app).build
    return None if state.pending else state.changed


def setup_changes(app: Sphinx) -> None:
    app.connect("env-get-outdated", _note_outdated)
    app.connect("env-purge-doc", _note_purged)
    # After every other build-finished handler (default priority 500).
    app.connect("build-finished", _exported, priority=900)
