"""kb_ext: a Sphinx extension that builds a cross-referenced knowledge base
from raw source articles and curated actor, theme, claim and event pages.

The package follows the data through the build: ``sources`` (raw file →
passages) → ``knowledge`` (records, object types, the domain) → ``derive``
(mentions, quotes, reverse links: the evidence view) → ``views`` (generated
content) → ``outputs`` (kb.json, JSON-LD, tooltips, labels) and ``search``.
``setup`` only composes those parts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__version__ = "0.1.0"

STATIC = Path(__file__).parent / "static"
# Bump when the shape of stored domain data changes.
ENV_VERSION = 18


def _add_assets(app: Any) -> None:
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("kb.css")
    app.add_css_file("views.css")
    app.add_js_file("kb.js", defer="defer")
    # Citing a passage in one click: files of their own beside kb.js and kb.css.
    app.add_css_file("cite.css")
    app.add_js_file("cite.js", defer="defer")


def setup(app: Any) -> dict[str, Any]:
    from .changes import setup_changes
    from .collector import setup_collector
    from .compact import setup_compact
    from .config import setup_config
    from .knowledge.check_builder import CheckedDocuments, KbCheckBuilder
    from .knowledge.directives import OBJECT_DIRECTIVES
    from .knowledge.domain import KbDomain
    from .knowledge.report import setup_report
    from .lock import setup_lock
    from .memory import setup_memory
    from .nodes import setup_nodes
    from .outputs.curation import setup_curation
    from .outputs.exports import write_exports
    from .outputs.jsonld import add_jsonld
    from .outputs.kbjson import write_export
    from .outputs.labels import publish_labels, withdraw_labels
    from .outputs.tooltips import write_evidence
    from .reading import setup_reading
    from .search.pageinfo import kb_page_info
    from .sources.discovery import (
        STUB_FILETYPE,
        STUB_SUFFIX,
        hide_page_file,
        on_builder_inited,
        reassigned_pages,
    )
    from .sources.extract_lock import setup_extract_lock
    from .sources.furniture import setup_furniture
    from .sources.language import preload_model
    from .sources.page import SourceDirective, SourceStubParser
    from .views.placeholders import PLACEHOLDER_DIRECTIVES
    from .views.registry import fill_placeholders, on_env_get_updated

    setup_lock(app)  # first: before the environment is loaded
    app.setup_extension("sphinx_design")
    setup_config(app)
    setup_extract_lock(app)
    setup_furniture(app)
    setup_nodes(app)
    setup_compact(app)
    app.add_domain(KbDomain)
    directives = {"source": SourceDirective, **OBJECT_DIRECTIVES, **PLACEHOLDER_DIRECTIVES}
    for name, directive in directives.items():
        app.add_directive_to_domain("kb", name, directive)
    # Generated source pages are read by kb_ext's own parser, not a markup parser.
    app.add_source_suffix(STUB_SUFFIX, STUB_FILETYPE)
    app.add_source_parser(SourceStubParser)
    setup_changes(app)
    setup_memory(app)
    setup_collector(app)
    setup_reading(app)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", reassigned_pages)
    app.connect("builder-inited", _add_assets)
    app.connect("env-before-read-docs", preload_model)
    app.connect("env-updated", withdraw_labels)
    app.connect("write-started", publish_labels)
    app.connect("build-finished", withdraw_labels, priority=950)  # after other handlers
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("doctree-resolved", fill_placeholders)
    setup_report(app)
    app.add_builder(KbCheckBuilder)
    app.add_env_collector(CheckedDocuments)
    app.connect("html-page-context", add_jsonld)
    app.connect("html-page-context", hide_page_file)
    app.connect("build-finished", write_export)
    app.connect("build-finished", write_exports, priority=510)  # after kb.json, made from it
    app.connect("build-finished", write_evidence)
    setup_curation(app)  # curation.html and kb-curation.json
    app.setup_extension("kb_ext.search")  # searchindex.js: Sphinx's own, or sharded
    # Search results: a source's language (stemming) and outlet/date, object pages first.
    app.connect("kb-search-page-info", kb_page_info)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
