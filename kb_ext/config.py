"""kb_ext's configuration values, validated on ``config-inited``.

The search index's values (``kb_search_*``) belong to :mod:`kb_ext.search.config`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .diagnostics import warn
from .sources.assessment import declared_fields
from .sources.curate import PATTERN_KEYS, compile_patterns
from .sources.sidecar import KNOWN


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
    # The curator's cleaning patterns per outlet name or URL host:
    # {"Outlet or host": {"remove_patterns": [regex, ...], "keep_patterns": [...]}}.
    "kb_outlet_cleaning": {},
    # The project's own sidecar fields, name -> "text", "bool", "date", "int"
    # or a list of allowed values (docs/guide/sources.md).
    "kb_sidecar_fields": {},
    # The ratings a claim's :verdict: may give, worst first (ClaimReview's
    # ratingValue is the position in this list).
    "kb_verdict_scale": ["false", "misleading", "unproven", "mostly true", "true"],
    # Furniture learnt per outlet (python -m kb_ext learn-furniture), in the project.
    "kb_furniture_file": "kb-furniture.json",
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
    conf = Path(app.confdir) / "conf.py"
    config.kb_outlet_cleaning = _outlet_cleaning(config.kb_outlet_cleaning, conf)
    fields, problems = declared_fields(config.kb_sidecar_fields, KNOWN | RESERVED_FIELDS)
    for problem in problems:
        warn("config", f"kb_sidecar_fields {problem}",
             location=(conf, _conf_line(conf, "kb_sidecar_fields")))
    config.kb_sidecar_fields = fields
    config.kb_verdict_scale = _verdict_scale(config.kb_verdict_scale, conf)


#: Names a declared sidecar field may not take: kb.json's and the sources
#: table's own columns.
RESERVED_FIELDS = {"sha256", "words", "page", "passages", "fields", "duplicates"}


def _verdict_scale(value: Any, conf: Path) -> list[str]:
    default = list(DEFAULTS["kb_verdict_scale"])  # type: ignore[call-overload]
    words = [" ".join(w.split()) for w in value if isinstance(w, str)] \
        if isinstance(value, list | tuple) else []
    if len(words) < 2 or len(words) != len(value) or len(set(words)) != len(words) \
            or not all(words):
        warn("config", f"kb_verdict_scale must be a list of two or more distinct ratings, "
             f"worst first, got {value!r}; using {default!r}",
             location=(conf, _conf_line(conf, "kb_verdict_scale")))
        return default
    return words


def _conf_line(conf: Path, *texts: str) -> int:
    """The first line of conf.py holding the last of ``texts`` found in order
    (the setting, then the outlet, then the pattern), so a warning points at it."""
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    found, start = 1, 0
    for text in texts:
        hit = next((n for n in range(start, len(lines)) if text in lines[n]), None)
        if hit is None:
            break
        found, start = hit + 1, hit
    return found


def _outlet_cleaning(value: Any, conf: Path) -> dict[str, dict[str, list[str]]]:
    """``kb_outlet_cleaning`` with its valid patterns only; one kb.config
    warning, at its line of conf.py, for each thing left out."""
    name = "kb_outlet_cleaning"
    if not isinstance(value, dict):
        warn("config", f"{name} must be a dict of outlet name or host to "
             "{'remove_patterns': [...], 'keep_patterns': [...]}, got "
             f"{type(value).__name__}; ignored", location=(conf, _conf_line(conf, name)))
        return {}
    cleaned: dict[str, dict[str, list[str]]] = {}
    for outlet, rules in value.items():
        where = (conf, _conf_line(conf, name, repr(outlet)[1:-1]))
        if not isinstance(outlet, str) or not isinstance(rules, dict):
            warn("config", f"{name}[{outlet!r}] must map an outlet name or host to a dict "
                 f"with {' and/or '.join(PATTERN_KEYS)}; ignored", location=where)
            continue
        cleaned[outlet] = {}
        for key, patterns in rules.items():
            if key not in PATTERN_KEYS:
                warn("config", f"{name}[{outlet!r}]: unknown key {key!r} (known: "
                     f"{', '.join(PATTERN_KEYS)}); ignored", location=where)
                continue
            compiled, problems = compile_patterns(patterns, key)
            for problem in problems:
                pattern_text = re.split(r" (?:is not|matches) ", problem.split(": ", 1)[1],
                                        maxsplit=1)[0].strip("'\"")
                warn("config", f"{name}[{outlet!r}]: {problem}",
                     location=(conf, _conf_line(conf, name, repr(outlet)[1:-1], pattern_text)))
            cleaned[outlet][key] = [p.pattern for p in compiled]
    return cleaned


def sources_dir_is_set(config: Config) -> bool:
    """Whether the project chose ``kb_sources_dir`` (conf.py or -D)."""
    return not isinstance(config.kb_sources_dir, DefaultSourcesDir)


def setup_config(app: Sphinx) -> None:
    for name, default in DEFAULTS.items():
        kind = str if isinstance(default, str) else type(default)
        # A list setting may be written as a tuple too (validate makes it a list).
        kinds = {list, tuple} if kind is list else {kind}
        app.add_config_value(name, default, "env", types=frozenset(kinds))
    app.connect("config-inited", validate)
