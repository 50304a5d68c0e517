"""kb_ext's configuration values, validated on ``config-inited``.

The search index's values (``kb_search_*``) belong to :mod:`kb_ext.search.config`.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from .diagnostics import warn


class DefaultSourcesDir(str):
    """The default of ``kb_sources_dir``. Sphinx hands back the very object
    registered as a default when a project does not set the value (in conf.py
    or with -D), and Sphinx has no public way to ask whether a value was set,
    so its type says so: a project that loads kb_ext only for its roles and
    has no ``../seeds`` gets no warning, while a folder set and missing still
    warns. It equals the plain string, so a saved environment stays valid."""

    __slots__ = ()


DEFAULT_SOURCES_DIR = DefaultSourcesDir("../seeds")

DEFAULTS: dict[str, object] = {
    # Folder of raw articles and their sidecars, relative to conf.py.
    "kb_sources_dir": DEFAULT_SOURCES_DIR,
    # Write kb.json next to the HTML.
    "kb_export_json": True,
    # Write the tables as CSV files, the network as GraphML and a SQLite
    # database in data/ next to the HTML (docs/guide/data.md).
    "kb_export_csv": True,
    "kb_export_graphml": True,
    "kb_export_sqlite": True,
    # Actor pages quote passages from this many of the newest sources naming the
    # actor and list the others one line each (bounded pages at any corpus size).
    "kb_actor_quoted_sources": 25,
}


def is_whole_number(value: object) -> bool:
    """An int ≥ 0 that is not a bool (True is an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _reset(config: Config, name: str, default: object, expected: str, shown: str) -> None:
    """Warn that ``name`` is not what it must be and fall back to ``default``."""
    warn("config", f"{name} must be {expected}, got {getattr(config, name)!r}; using {shown}")
    setattr(config, name, default)


def validate(app: Sphinx, config: Config) -> None:
    if not isinstance(config.kb_sources_dir, str) or not config.kb_sources_dir.strip():
        _reset(config, "kb_sources_dir", DEFAULTS["kb_sources_dir"], "a folder path",
               repr(DEFAULTS["kb_sources_dir"]))
    if not is_whole_number(config.kb_actor_quoted_sources):
        default = DEFAULTS["kb_actor_quoted_sources"]
        _reset(config, "kb_actor_quoted_sources", default, "a whole number ≥ 0", repr(default))


def sources_dir_is_set(config: Config) -> bool:
    """Whether the project chose ``kb_sources_dir`` (conf.py or -D)."""
    return not isinstance(config.kb_sources_dir, DefaultSourcesDir)


def setup_config(app: Sphinx) -> None:
    for name, default in DEFAULTS.items():
        kind = str if isinstance(default, str) else type(default)
        app.add_config_value(name, default, "env", types=frozenset({kind}))
    app.connect("config-inited", validate)
