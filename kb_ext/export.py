"""Machine-readable output: ``kb.json`` next to the HTML and schema.org
JSON-LD embedded in source and claim pages.

``kb.json`` format (``format_version`` is bumped on incompatible changes)::

    {"format": "kb_ext", "format_version": 1, "project": ...,
     "sources": [{id, title, outlet, kind, author, published, published_approximate,
                  url, language, retrieved, perspective, sha256, words, page,
                  passages: [{id, anchor, url, lines: [first, last]}]}],
     "actors": [{id, name, kind, aliases, roles, description, page}],
     "themes": [{id, title, description, page}],
     "claims": [{id, statement, status, themes, actors, page,
                 positions: [{source, passage, quote, stance, note, verified}]}]}

Lists are sorted by id and nothing time-dependent is written, so the file is
reproducible.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .backlinks import derived_for, kb_data
from .changes import env_changed
from .outputfiles import write_if_changed

FORMAT_VERSION = 1


def _page(app: Sphinx, docname: str, anchor: str = "") -> str:
    uri = app.builder.get_target_uri(docname)
    return uri + (f"#{anchor}" if anchor else "")


def _absolute(app: Sphinx, uri: str) -> str:
    base = app.config.html_baseurl
    return base.rstrip("/") + "/" + uri if base else uri


def build_export(app: Sphinx) -> dict[str, Any]:
    data = kb_data(app.env)
    sources = []
    for source_id, record in sorted(data["sources"].items()):
        meta = record.meta
        pages: dict[str, str] = {}  # a source's passages are on one page: one URI lookup
        passages = []
        for passage_id in record.passage_ids:
            passage = data["passages"].get(passage_id)
            if passage:
                if passage.docname not in pages:
                    pages[passage.docname] = _page(app, passage.docname)
                passages.append({"id": passage_id, "anchor": passage.node_id,
                                 "url": f"{pages[passage.docname]}#{passage.node_id}",
                                 "lines": list(passage.lines)})
        sources.append({
            "id": source_id, "title": meta.title, "outlet": meta.outlet, "kind": meta.kind,
            "author": meta.author or None, "published": meta.published or None,
            "published_approximate": meta.published_approximate, "url": meta.url or None,
            "language": meta.language or None, "retrieved": meta.retrieved or None,
            "perspective": meta.perspective or None, "sha256": meta.sha256,
            "words": meta.words, "page": _page(app, record.docname), "passages": passages,
        })
    positions: dict[str, list[dict[str, Any]]] = {}
    verified = derived_for(app).valid_positions
    for position in sorted(data["positions"].values(), key=lambda p: (p.claim_id, p.node_id)):
        positions.setdefault(position.claim_id, []).append({
            "source": position.source_id, "passage": f"{position.source_id}/{position.passage}",
            "quote": position.quote, "stance": position.stance, "note": position.note or None,
            "verified": (position.docname, position.node_id) in verified})
    return {
        "format": "kb_ext",
        "format_version": FORMAT_VERSION,
        "project": app.config.project,
        "sources": sources,
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases),
                    "roles": list(a.roles), "description": a.description,
                    "page": _page(app, a.docname, a.node_id)}
                   for _, a in sorted(data["actors"].items())],
        "themes": [{"id": t.id, "title": t.title, "description": t.description,
                    "page": _page(app, t.docname, t.node_id)}
                   for _, t in sorted(data["themes"].items())],
        "claims": [{"id": c.id, "statement": c.statement, "status": c.status,
                    "themes": list(c.themes), "actors": list(c.actors),
                    "page": _page(app, c.docname, c.node_id),
                    "positions": positions.get(c.id, [])}
                   for _, c in sorted(data["claims"].items())],
    }


def write_export(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or not app.config.kb_export_json:
        return
    path = Path(app.outdir) / "kb.json"
    if path.exists() and not env_changed(app):
        return  # made from domain data only, which this build did not change
    write_if_changed(path, export_text(build_export(app)).encode("utf-8"))


def export_text(export: dict[str, Any]) -> str:
    """One object per line: diffable, and fast (Python's C encoder only runs
    without ``indent``; with it, 21 MB took seconds at 4,000 sources)."""
    lines = ["{"]
    for index, (key, value) in enumerate(sorted(export.items())):
        comma = "," if index < len(export) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"{json.dumps(key)}: [")
            lines.extend(_compact(item) + ("," if n < len(value) - 1 else "")
                         for n, item in enumerate(value))
            lines.append("]" + comma)
        else:
            lines.append(f"{json.dumps(key)}: {_compact(value)}{comma}")
    return "\n".join([*lines, "}", ""])


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _source_jsonld(app: Sphinx, record: Any) -> dict[str, Any]:
    meta = record.meta
    item: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "@id": _absolute(app, _page(app, record.docname)),
        "headline": meta.title, "inLanguage": meta.language or None,
        "datePublished": meta.published or None, "wordCount": meta.words,
        "publisher": {"@type": "Organization", "name": meta.outlet},
        "genre": meta.kind, "sha256": meta.sha256,
    }
    if meta.author:
        item["author"] = {"@type": "Person", "name": meta.author}
    if meta.url:
        item["url"] = meta.url
    return {key: value for key, value in item.items() if value is not None}


def _claim_jsonld(app: Sphinx, claim: Any, data: dict[str, Any], positions: list[Any]
                  ) -> dict[str, Any]:
    appearances = []
    for position in positions:
        source = data["sources"].get(position.source_id)
        passage = data["passages"].get(f"{position.source_id}/{position.passage}")
        appearance: dict[str, Any] = {"@type": "Quotation", "text": position.quote,
                                      "description": position.stance}
        if source:
            appearance["isPartOf"] = {"@type": "NewsArticle", "headline": source.meta.title,
                                      "@id": _absolute(app, _page(app, source.docname))}
        if passage:
            appearance["url"] = _absolute(app, _page(app, passage.docname, passage.node_id))
        appearances.append(appearance)
    return {"@context": "https://schema.org", "@type": "Claim", "text": claim.statement,
            "@id": _absolute(app, _page(app, claim.docname, claim.node_id)),
            "appearance": appearances}


def jsonld_script(payload: list[dict[str, Any]]) -> str:
    """A ``<script type="application/ld+json">`` element; ``<`` is escaped so
    article text can never close the element."""
    text = json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False,
                      sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def add_jsonld(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: Any) -> None:
    data = kb_data(app.env)
    # Pages without a doctree (genindex, search) hold no kb object; skipping them
    # spares a build that wrote nothing else from deriving back-links.
    if doctree is None or (not data["sources"] and not data["claims"]):
        return
    derived = derived_for(app)
    payload = []
    for objtype, object_id in derived.objects_by_doc.get(pagename, ()):
        if objtype == "source" and object_id in data["sources"]:
            payload.append(_source_jsonld(app, data["sources"][object_id]))
        elif objtype == "claim" and object_id in data["claims"]:
            payload.append(_claim_jsonld(app, data["claims"][object_id], data,
                                         derived.verified_by_claim.get(object_id, [])))
    if payload:
        context["metatags"] = context.get("metatags", "") + jsonld_script(payload) + "\n"
