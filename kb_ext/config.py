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

# Search index layout (kb_ext/search_shards.py): "auto" shards when Sphinx's
# full index is larger than the threshold (bytes); True always; False never.
SEARCH_DEFAULTS: dict[str, object] = {
    "kb_search_shards": "auto",
    "kb_search_shard_threshold": 512 * 1024,
}


def validate(app: Sphinx, config: Config) -> None:
    if not isinstance(config.kb_sources_dir, str) or not config.kb_sources_dir.strip():
        warn("config", f"kb_sources_dir must be a folder path, got {config.kb_sources_dir!r}; "
             f"using {DEFAULTS['kb_sources_dir']!r}")
        config.kb_sources_dir = DEFAULTS["kb_sources_dir"]
    if config.kb_search_shards not in ("auto", True, False):
        warn("config", f"kb_search_shards must be 'auto', True or False, got "
             f"{config.kb_search_shards!r}; using 'auto'")
        config.kb_search_shards = SEARCH_DEFAULTS["kb_search_shards"]
    threshold = config.kb_search_shard_threshold
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        warn("config", f"kb_search_shard_threshold must be a number of bytes, got "
             f"{threshold!r}; using {SEARCH_DEFAULTS['kb_search_shard_threshold']}")
        config.kb_search_shard_threshold = SEARCH_DEFAULTS["kb_search_shard_threshold"]
    quoted = config.kb_actor_quoted_sources
    if not isinstance(quoted, int) or isinstance(quoted, bool) or quoted < 0:
        warn("config", f"kb_actor_quoted_sources must be a whole number ≥ 0, got {quoted!r}; "
             f"using {DEFAULTS['kb_actor_quoted_sources']!r}")
        config.kb_actor_quoted_sources = DEFAULTS["kb_actor_quoted_sources"]


def setup_config(app: Sphinx) -> None:
    for name, default in DEFAULTS.items():
        app.add_config_value(name, default, "env", types=frozenset({type(default)}))
    app.add_config_value("kb_search_shards", SEARCH_DEFAULTS["kb_search_shards"], "",
                         types=frozenset({str, bool}))
    app.add_config_value("kb_search_shard_threshold",
                         SEARCH_DEFAULTS["kb_search_shard_threshold"], "",
                         types=frozenset({int}))
    app.connect("config-inited", validate)
