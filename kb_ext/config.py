"""Configuration values, validated on ``config-inited``."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from .diagnostics import warn

DEFAULTS: dict[str, object] = {
    # Folder of raw articles and their sidecars, relative to conf.py.
    "kb_sources_dir": "../seeds",
    # Write kb.json next to the HTML.
    "kb_export_json": True,
    # Actor pages quote passages from this many of the newest sources naming the
    # actor and list the others one line each (bounded pages at any corpus size).
    "kb_actor_quoted_sources": 25,
}


def validate(app: Sphinx, config: Config) -> None:
    if not isinstance(config.kb_sources_dir, str) or not config.kb_sources_dir.strip():
        warn("config", f"kb_sources_dir must be a folder path, got {config.kb_sources_dir!r}; "
             f"using {DEFAULTS['kb_sources_dir']!r}")
        config.kb_sources_dir = DEFAULTS["kb_sources_dir"]
    quoted = config.kb_actor_quoted_sources
    if not isinstance(quoted, int) or isinstance(quoted, bool) or quoted < 0:
        warn("config", f"kb_actor_quoted_sources must be a whole number ≥ 0, got {quoted!r}; "
             f"using {DEFAULTS['kb_actor_quoted_sources']!r}")
        config.kb_actor_quoted_sources = DEFAULTS["kb_actor_quoted_sources"]


def setup_config(app: Sphinx) -> None:
    for name, default in DEFAULTS.items():
        app.add_config_value(name, default, "env", types=frozenset({type(default)}))
    app.connect("config-inited", validate)
