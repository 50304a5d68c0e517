"""The curation report's outputs: ``curation.html``, a generated page like
Sphinx's general index, and ``kb-curation.json`` beside ``kb.json``; both
written on every HTML build unless ``kb_curation_report = False``, and
removed from the output folder when it is.

The report depends on every passage, alias and position, so it is collected
again after any reading, and kept with the environment (``EnvCaches.curation``)
for the builds that read nothing. Its lists made from the sources' words
(names, near misses, generic aliases) scan every passage; they are kept with
what they read (``EnvCaches.curation_names``) and reused after an edit that
changed none of it, such as a claim's.

``kb-curation.json`` format (``format_version`` is bumped on incompatible
changes)::

    {"format": "kb_ext-curation", "format_version": 1, "project": ..., "page": ...,
     "names": {"total": n, "shown": [{name, spellings, sources, samples, block}]},
     "near_misses": {"total": n, "shown": [{spelling, actor_id, actor_name, alias,
                                            sources, samples, line}]},
     "generic": {"total": n, "shown": [{alias, actor_ids, reason, sources}]},
     "uncited": {"total": n, "shown": [{source_id, title}]},
     "one_sided": ..., "disagreeing": {"total": n, "shown": [{claim_id, statement,
                                                              status, stances}]}}

where each sample is ``{source, passage, page}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..changes import env_changed
from ..knowledge.records import Placeholder
from ..state import KnowledgeBase
from ..views.curation import VIEW, Listed, Report, Sample, collect_claims, collect_names, render
from ..views.render import Renderer
from .files import write_if_changed
from .kbjson import page_uri

PAGE = "curation"
JSON_FILE = "kb-curation.json"
FORMAT_VERSION = 1
#: Builders that write one page per document, where the report is a page of
#: its own (singlehtml is one page; an epub's pages are its table of contents).
BUILDERS = frozenset({"html", "dirhtml"})


def _wanted(app: Sphinx) -> bool:
    return app.builder.name in BUILDERS and bool(app.config.kb_curation_report)


_REPORT = Placeholder(VIEW.kind, "")


def _report(app: Sphinx) -> Report:
    from ..views.registry import collect_kept
    kb = KnowledgeBase(app)
    caches = kb.domain.caches
    kept = caches.curation
    if isinstance(kept, Report) and not env_changed(app):
        return kept  # collected from the same domain data
    once = kb.build.collected  # collected once per build, as the views are
    report = once.get(_REPORT)
    if not isinstance(report, Report):
        # The lists from the sources' words scan every passage (2.4 s at 10,000
        # sources); an edit that changed nothing they read keeps them.
        names = collect_kept(kb, collect_names, caches.curation_names)
        caches.curation_names = names
        report = once[_REPORT] = Report(*names.value,
                                        *collect_kept(kb, collect_claims, None).value)
    return report


def keep_report(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``, after the views': collect the report of the data
    just read, to be pickled with the environment; a build that read nothing
    keeps the one it has. One that does not show it keeps none (it would be
    stale when the report is switched on again)."""
    if env_changed(app):
        caches = KnowledgeBase(app).domain.caches
        if _wanted(app):
            caches.curation = _report(app)
        else:  # nor its parts: this build's edits would not be seen in them
            caches.curation = caches.curation_names = None
    return []


def curation_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the report as a page of the site, written on
    every build (from the kept report when nothing was read)."""
    if not _wanted(app):
        return
    section = nodes.section(ids=["curation-report"])
    section += nodes.title("Curation report", "Curation report")
    section.extend(render(Renderer(app.builder, PAGE), _report(app), "", None))  # type: ignore
    builder: Any = app.builder
    # The HTML writer numbers section titles from ``builder.fignumbers``, which
    # Sphinx sets per document in write_doc: unset in a build that wrote none.
    if not hasattr(builder, "fignumbers"):
        builder.fignumbers = {}
    body = builder.render_partial(section)["fragment"]
    yield PAGE, {"title": "Curation report", "body": body}, "page.html"


def _sample_json(app: Sphinx, sample: Sample) -> dict[str, Any]:
    return {"source": sample.source_id, "passage": sample.passage_id,
            "page": page_uri(app, sample.docname, sample.anchor)}


def report_json(app: Sphinx, report: Report) -> dict[str, Any]:
    def listed(value: Listed) -> dict[str, Any]:
        rows = []
        for row in value.rows:
            item = row._asdict()
            if "samples" in item:
                item["samples"] = [_sample_json(app, s) for s in row.samples]
            for name in ("docname", "node_id"):
                item.pop(name, None)
            rows.append(item)
        return {"total": value.total, "shown": rows}
    return {"format": "kb_ext-curation", "format_version": FORMAT_VERSION,
            "project": app.config.project, "page": app.builder.get_target_uri(PAGE),
            **{name: listed(value) for name, value in report._asdict().items()}}


def write_report(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: kb-curation.json; both files go when switched off."""
    if exception or app.builder.name not in BUILDERS:
        return
    path = Path(app.outdir) / JSON_FILE
    if not app.config.kb_curation_report:
        path.unlink(missing_ok=True)
        Path(app.builder.get_outfilename(PAGE)).unlink(missing_ok=True)  # type: ignore[attr-defined]
        return
    text = json.dumps(report_json(app, _report(app)), ensure_ascii=False, indent=1,
                      sort_keys=True)
    write_if_changed(path, (text + "\n").encode("utf-8"))


def setup_curation(app: Sphinx) -> None:
    app.add_config_value("kb_curation_report", True, "html", types=frozenset({bool}))
    app.connect("env-get-updated", keep_report, priority=600)  # after views/registry.py
    app.connect("html-collect-pages", curation_page)
    app.connect("build-finished", write_report)
