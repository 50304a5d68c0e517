"""The search extension's configuration values, validated on ``config-inited``.

Each value is registered with its default and types; a value that is not
what it must be gives one ``kb.config`` warning and the default is used.
None of them changes a page or the environment (they only shape what is
written when the build finishes), so changing one re-writes no page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sphinx.application import Sphinx
from sphinx.config import Config

from ..config import is_whole_number
from ..diagnostics import warn


def _positive(value: object) -> bool:
    return is_whole_number(value) and value > 0  # type: ignore[operator]


@dataclass(frozen=True)
class Setting:
    default: object
    types: frozenset[type]
    valid: Callable[[object], bool]
    expected: str  # for the warning: "<name> must be <expected>"
    meaning: str


SETTINGS: dict[str, Setting] = {
    "kb_search_shards": Setting(
        "auto", frozenset({str, bool}), lambda v: v == "auto" or v is True or v is False,
        "'auto', True or False",
        "'auto' shards the index when Sphinx's full index is larger than "
        "kb_search_shard_threshold; True always; False never (Sphinx's own search)"),
    "kb_search_shard_threshold": Setting(
        512 * 1024, frozenset({int}), is_whole_number, "a number of bytes",
        "bytes of Sphinx's full index above which 'auto' shards"),
    "kb_search_shard_size": Setting(
        24 * 1024, frozenset({int}), _positive, "a number of bytes > 0",
        "target size of one term or name file, in bytes of JSON"),
    "kb_search_meta_block": Setting(
        32, frozenset({int}), _positive, "a whole number > 0",
        "documents per metadata file (page names and titles)"),
}

#: name -> default, for callers that only need the defaults.
DEFAULTS: dict[str, object] = {name: s.default for name, s in SETTINGS.items()}


def validate(app: Sphinx, config: Config) -> None:
    for name, setting in SETTINGS.items():
        value = getattr(config, name)
        if not setting.valid(value):
            warn("config", f"{name} must be {setting.expected}, got {value!r}; "
                           f"using {setting.default!r}")
            setattr(config, name, setting.default)


def setup_config(app: Sphinx) -> None:
    for name, setting in SETTINGS.items():
        app.add_config_value(name, setting.default, "", types=setting.types,
                             description=setting.meaning)
    app.connect("config-inited", validate)
