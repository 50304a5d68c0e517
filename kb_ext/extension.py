"""Compose kb_ext's parts into one Sphinx extension."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import __version__
from .backlinks import on_env_get_updated
from .changes import setup_changes
from .config import setup_config
from .directives import (
    ActorDirective,
    ClaimDirective,
    IndexDirective,
    MatrixDirective,
    OverviewDirective,
    PositionDirective,
    ThemeDirective,
)
from .domain import KbDomain, publish_labels, warn_missing_reference, withdraw_labels
from .evidence import setup_evidence
from .export import add_jsonld, write_export
from .memory import setup_memory
from .nodes import setup_nodes
from .render import fill_placeholders
from .sources.discovery import STUB_FILETYPE, STUB_SUFFIX, hide_page_file, on_builder_inited
from .sources.page import SourceDirective, SourceStubParser
from .visuals import setup_visuals

STATIC = Path(__file__).parent / "static"
# Bump when the shape of stored domain data changes.
ENV_VERSION = 6


def _add_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("kb.css")
    app.add_js_file("kb.js", defer="defer")


def setup_extension(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_design")
    setup_config(app)
    setup_nodes(app)
    app.add_domain(KbDomain)
    for name, directive in {
        "source": SourceDirective,
        "actor": ActorDirective,
        "theme": ThemeDirective,
        "claim": ClaimDirective,
        "position": PositionDirective,
        "index": IndexDirective,
        "matrix": MatrixDirective,
        "overview": OverviewDirective,
    }.items():
        app.add_directive_to_domain("kb", name, directive)
    # Generated source pages are read by kb_ext's own parser, not a markup parser.
    app.add_source_suffix(STUB_SUFFIX, STUB_FILETYPE)
    app.add_source_parser(SourceStubParser)
    setup_changes(app)
    setup_memory(app)
    app.connect("builder-inited", on_builder_inited)
    app.connect("builder-inited", _add_assets)
    app.connect("env-updated", withdraw_labels)
    app.connect("write-started", publish_labels)
    app.connect("build-finished", withdraw_labels, priority=950)  # after other handlers
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("doctree-resolved", fill_placeholders)
    app.connect("warn-missing-reference", warn_missing_reference)
    app.connect("html-page-context", add_jsonld)
    app.connect("html-page-context", hide_page_file)
    app.connect("build-finished", write_export)
    setup_visuals(app)  # kb:network, kb:timeline (after backlinks' env-get-updated)
    setup_evidence(app)  # tooltip data for kb.js
    # searchindex.js: Sphinx's own, or a loader + _kb_search/ shards; also kb-search.js
    app.setup_extension("kb_ext.search")
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
