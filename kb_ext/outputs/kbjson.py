"""``kb.json``: every source, passage, actor, theme, claim and event, next to the HTML.

``kb.json`` format (``format_version`` is bumped on incompatible changes)::

    {"format": "kb_ext", "format_version": 1, "project": ...,
     "sources": [{id, title, outlet, kind, author, published, published_approximate,
                  url, language, retrieved, perspective, sha256, words, page,
                  passages: [{id, anchor, url, lines: [first, last]}]}],
     "actors": [{id, name, kind, aliases, roles, description, page}],
     "themes": [{id, title, description, page}],
     "claims": [{id, statement, status, themes, actors, page,
                 events, positions: [{source, passage, quote, stance, note, verified}]}],
     "events": [{id, title, date, end, kind, place, actors, themes, sources,
                 description, page}]}

Curated types are exported from the object-type table (its ``exported``
fields), so a new type appears here with no code of its own.

Lists are sorted by id and nothing time-dependent is written, so the file is
reproducible.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..changes import env_changed
from ..knowledge.types import OBJECT_TYPES
from ..state import KnowledgeBase
from .files import write_if_changed

FORMAT_VERSION = 1


def page_uri(app: Sphinx, docname: str, anchor: str = "") -> str:
    """An object's address relative to the site's root."""
    uri = app.builder.get_target_uri(docname)
    return uri + (f"#{anchor}" if anchor else "")


def _exported(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value if value != "" else None


def _curated(app: Sphinx, objtype: str, records: dict[str, Any],
             extra: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    fields = OBJECT_TYPES[objtype].exported
    out = []
    for object_id, record in sorted(records.items()):
        item = {"id": object_id, "page": page_uri(app, record.docname, record.node_id)}
        for name in fields:
            value = getattr(record, name)
            # Descriptions stay strings, as they always were; other empty texts are null.
            item[name] = value if name == "description" else _exported(value)
        item.update((extra or {}).get(object_id, {}))
        out.append(item)
    return out


def build_export(app: Sphinx) -> dict[str, Any]:
    kb = KnowledgeBase(app)
    domain = kb.domain
    sources = []
    for source_id, record in sorted(domain.sources.items()):
        meta = record.meta
        pages: dict[str, str] = {}  # a source's passages are on one page: one URI lookup
        passages = []
        for passage_id in record.passage_ids:
            passage = domain.passages.get(passage_id)
            if passage:
                if passage.docname not in pages:
                    pages[passage.docname] = page_uri(app, passage.docname)
                passages.append({"id": passage_id, "anchor": passage.node_id,
                                 "url": f"{pages[passage.docname]}#{passage.node_id}",
                                 "lines": list(passage.lines)})
        sources.append({
            "id": source_id, "title": meta.title, "outlet": meta.outlet, "kind": meta.kind,
            "author": meta.author or None, "published": meta.published or None,
            "published_approximate": meta.published_approximate, "url": meta.url or None,
            "language": meta.language or None, "retrieved": meta.retrieved or None,
            "perspective": meta.perspective or None, "sha256": meta.sha256,
            "words": meta.words, "page": page_uri(app, record.docname), "passages": passages,
        })
    positions: dict[str, list[dict[str, Any]]] = {}
    evidence = kb.evidence()
    for position in sorted(domain.positions.values(), key=lambda p: (p.claim_id, p.node_id)):
        positions.setdefault(position.claim_id, []).append({
            "source": position.source_id, "passage": f"{position.source_id}/{position.passage}",
            "quote": position.quote, "stance": position.stance, "note": position.note or None,
            "verified": evidence.is_verified(position)})
    return {
        "format": "kb_ext",
        "format_version": FORMAT_VERSION,
        "project": app.config.project,
        "sources": sources,
        "actors": _curated(app, "actor", domain.actors),
        "themes": _curated(app, "theme", domain.themes),
        "claims": _curated(app, "claim", domain.claims,
                           {c: {"positions": positions.get(c, [])} for c in domain.claims}),
        "events": _curated(app, "event", domain.events),
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


