"""Whether this build changed the environment at all.

Everything kb_ext derives (back-links, digests, ``kb.json``, tooltip data) is a
function of the domain data, which only changes when documents are read or
removed. A rebuild that reads and removes nothing can therefore skip deriving
and re-exporting; derived data is still computed on demand if a page is
written anyway (say, after a template change).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def _note_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                   removed: set[str]) -> list[str]:
    app.kb_env_changed = bool(added or changed or removed)
    app.kb_changed_docs = added | changed | removed
    return []


def _note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    app.kb_env_changed = getattr(app, "kb_env_changed", True) or bool(docnames)
    if getattr(app, "kb_changed_docs", None) is not None:
        app.kb_changed_docs = app.kb_changed_docs | set(docnames)


def env_changed(app: Sphinx) -> bool:
    """False only when Sphinx said that nothing was added, changed or removed."""
    return getattr(app, "kb_env_changed", True)


def changed_docs(app: Sphinx) -> set[str] | None:
    """Documents read, added or removed in this build; None when unknown
    (treat everything as changed)."""
    return getattr(app, "kb_changed_docs", None)


def setup_changes(app: Sphinx) -> None:
    app.connect("env-get-outdated", _note_outdated)
    app.connect("env-before-read-docs", _note_read)
