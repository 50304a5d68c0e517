"""``kb.json``: every source, passage, actor, theme, claim and event, next to the HTML.

``kb.json`` format (``format_version`` is bumped on incompatible changes)::

    {"format": "kb_ext", "format_version": 1, "project": ...,
     "sources": [{id, title, outlet, kind, author, published, published_approximate,
                  url, language, retrieved, perspective, sha256, words, page,
                  reliability, credibility, assessment_note, archive_url,
                  fields: {<kb_sidecar_fields name>: value or null},
                  passages: [{id, anchor, url, lines: [first, last], text,
                              mentions: [{actor, span: [start, end]}]}],
                  duplicates: [{source, shared, shorter}]}],
     "actors": [{id, name, kind, aliases, roles, description, wikidata, page}],
     "themes": [{id, title, description, page}],
     "claims": [{id, statement, status, themes, actors, page, events,
                 verdict, reviewer, reviewed,
                 positions: [{source, passage, quote, stance, note, verified}]}],
     "events": [{id, title, date, end, kind, place, actors, themes, sources,
                 description, page}]}

Curated types are exported from the object-type table (its ``exported``
fields), so a new type appears here with no code of its own.

A passage's ``text`` is as its page shows it (control characters as their
control pictures, one character for one, so spans stay valid); a mention's
``span`` is the character offsets (end excluded) of the first match of the
actor's name or an alias in that passage. ``kb.schema.json``
(:mod:`kb_ext.outputs.schema`) describes every field.

Lists are sorted by id and nothing time-dependent is written, so the file is
reproducible.

A source's ``duplicates`` are the sources whose passages are the same text
(:mod:`kb_ext.derive.duplicates`): ``shared`` passages of the pair's
``shorter`` source's hashed passages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from sphinx.application import Sphinx

from ..changes import env_changed
from ..knowledge.types import OBJECT_TYPES
from ..sources.controls import shown
from ..state import KnowledgeBase
from ..views.tracking import duplicates_key, named_key, object_key, positions_key
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


def _curated(app: Sphinx, objtype: str, record: Any) -> dict[str, Any]:
    item = {"id": record.id, "page": page_uri(app, record.docname, record.node_id)}
    for name in OBJECT_TYPES[objtype].exported:
        value = getattr(record, name)
        # Descriptions stay strings, as they always were; other empty texts are null.
        item[name] = value if name == "description" else _exported(value)
    return item


def _source(app: Sphinx, kb: KnowledgeBase, source_id: str) -> dict[str, Any]:
    domain = kb.domain
    record = domain.sources[source_id]
    meta = record.meta
    pages: dict[str, str] = {}  # a source's passages are on one page: one URI lookup
    mentions = _mentions_by_passage(kb, source_id)
    passages = []
    for passage_id in record.passage_ids:
        passage = domain.passages.get(passage_id)
        if passage:
            if passage.docname not in pages:
                pages[passage.docname] = page_uri(app, passage.docname)
            passages.append({"id": passage_id, "anchor": passage.node_id,
                             "url": f"{pages[passage.docname]}#{passage.node_id}",
                             "lines": list(passage.lines), "text": shown(passage.text),
                             "mentions": [{"actor": m.actor, "span": [m.start, m.end]}
                                          for m in mentions.get(passage_id, ())]})
    return {
        "id": source_id, "title": meta.title, "outlet": meta.outlet, "kind": meta.kind,
        "author": meta.author or None, "published": meta.published or None,
        "published_approximate": meta.published_approximate, "url": meta.url or None,
        "language": meta.language or None, "retrieved": meta.retrieved or None,
        "perspective": meta.perspective or None, "sha256": meta.sha256,
        "words": meta.words, "page": page_uri(app, record.docname), "passages": passages,
        "reliability": meta.reliability or None, "credibility": meta.credibility or None,
        "assessment_note": meta.assessment_note or None,
        "archive_url": meta.archive_url or None,
        # every declared field, null when the sidecar does not set it
        "fields": {name: None for name in app.config.kb_sidecar_fields}
        | {extra.name: extra.value for extra in meta.extra},
        "duplicates": [{"source": d.source_id, "shared": d.shared, "shorter": d.shorter}
                       for d in sorted(kb.evidence().duplicates_of(source_id))],
    }


class PassageMention(NamedTuple):
    actor: str
    start: int
    end: int


def _mentions_by_passage(kb: KnowledgeBase, source_id: str) -> dict[str, list[PassageMention]]:
    """passage id -> the actors it names, in the order of their first match."""
    found: dict[str, list[PassageMention]] = {}
    for actor_id, spans in kb.evidence().mentions_in(source_id).items():
        for mention in spans:
            found.setdefault(mention.passage_id, []).append(
                PassageMention(actor_id, mention.start, mention.end))
    for listed in found.values():
        listed.sort(key=lambda m: (m.start, m.end, m.actor))
    return found


def _claim(app: Sphinx, kb: KnowledgeBase, claim_id: str) -> dict[str, Any]:
    evidence = kb.evidence()
    item = _curated(app, "claim", kb.domain.claims[claim_id])
    item["positions"] = [{
        "source": p.source_id, "passage": f"{p.source_id}/{p.passage}", "quote": p.quote,
        "stance": p.stance, "note": p.note or None, "verified": evidence.is_verified(p)}
        for p in sorted(evidence.positions(claim_id), key=lambda p: p.node_id)]
    return item


class ExportList(NamedTuple):
    """One list of kb.json: its objects' ids, how to make one, and the
    dependency keys whose change means an object's line must be made again."""

    ids: list[str]
    item: Callable[[str], dict[str, Any]]
    keys: Callable[[str], tuple[str, ...]]


def _lists(app: Sphinx, kb: KnowledgeBase) -> dict[str, ExportList]:
    domain = kb.domain

    def curated(objtype: str, records: dict[str, Any]) -> ExportList:
        return ExportList(sorted(records), lambda i: _curated(app, objtype, records[i]),
                          lambda i: (object_key(objtype, i),))

    return {
        # A source's line holds its mentions and duplicates: it changes with
        # what it names, and with the sources that are its text, too.
        "sources": ExportList(sorted(domain.sources), lambda i: _source(app, kb, i),
                              lambda i: (object_key("source", i), named_key(i),
                                         duplicates_key(i))),
        "actors": curated("actor", domain.actors),
        "themes": curated("theme", domain.themes),
        "claims": ExportList(sorted(domain.claims), lambda i: _claim(app, kb, i),
                             lambda i: (object_key("claim", i), positions_key(i))),
        "events": curated("event", domain.events),
    }


#: The id of an object line: the first key "id" (a quote inside a string is escaped).
LINE_ID = re.compile(rb'(?:^\{|, )"id": ("(?:[^"\\]|\\.)*")')


def _previous_lines(path: Path) -> dict[str, dict[str, bytes]]:
    """list name -> object id -> its line, from the kb.json on disk. Kept as
    bytes: decoding the file's 141 MB at 10,000 sources took 0.8 s, reading
    them 0.1 s, and a reused line is written back as it is."""
    lines: dict[str, dict[str, bytes]] = {}
    current: dict[str, bytes] | None = None
    try:
        text = path.read_bytes()
    except OSError:
        return {}
    for line in text.split(b"\n"):
        if current is None:
            if line.endswith(b": ["):
                try:
                    current = lines.setdefault(json.loads(line[:-3]), {})
                except (UnicodeError, ValueError):
                    return {}  # not kb.json as kb_ext writes it: make every line
            continue
        if line in (b"]", b"],"):
            current = None
            continue
        match = LINE_ID.search(line)
        if match:
            try:
                current[json.loads(match.group(1))] = line.removesuffix(b",")
            except (UnicodeError, ValueError):
                return {}
    return lines


def export_bytes(app: Sphinx, previous: dict[str, dict[str, bytes]] | None) -> bytes:
    """kb.json's bytes. With ``previous`` (the file's lines) and this build's
    changed keys, only the objects an edit touched are made again."""
    kb = KnowledgeBase(app)
    changed = kb.build.changed_keys if previous is not None else None
    header = {"format": "kb_ext", "format_version": FORMAT_VERSION, "project": app.config.project}
    lists: dict[str, list[bytes]] = {}
    for name, items in _lists(app, kb).items():
        old = (previous or {}).get(name, {})
        lines = []
        for object_id in items.ids:
            line = old.get(object_id) if changed is not None else None
            if line is None or not changed.isdisjoint(items.keys(object_id)):  # type: ignore
                line = _compact(items.item(object_id)).encode("utf-8")
            lines.append(line)
        lists[name] = lines
    return export_text(header, lists)


def write_export(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or not app.config.kb_export_json:
        return
    path = Path(app.outdir) / "kb.json"
    if path.exists() and not env_changed(app):
        return  # made from domain data only, which this build did not change
    stamp = Path(app.doctreedir) / STAMP_FILE
    previous = _previous_lines(path) if _as_written(path, stamp) else None
    write_if_changed(path, export_bytes(app, previous))
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(_file_stat(path))


#: in the doctree folder: kb.json's size and modification time as this build wrote it
STAMP_FILE = "kb-json.stat"


def _file_stat(path: Path) -> str:
    status = path.stat()
    return f"{status.st_size} {status.st_mtime_ns}"


def _as_written(path: Path, stamp: Path) -> bool:
    """kb.json is the file the last build wrote, so its lines may be reused:
    one changed since (by hand, cut short) is made again whole."""
    try:
        return stamp.read_text() == _file_stat(path)
    except OSError:
        return False


def export_text(header: dict[str, Any], lists: dict[str, list[bytes]]) -> bytes:
    """One object per line: diffable, and fast (Python's C encoder only runs
    without ``indent``; with it, 21 MB took seconds at 4,000 sources)."""
    entries = sorted([*((k, _compact(v).encode("utf-8")) for k, v in header.items()),
                      *((k, lines) for k, lines in lists.items())])
    out = [b"{"]
    for index, (name, value) in enumerate(entries):
        comma = b"," if index < len(entries) - 1 else b""
        key = json.dumps(name).encode("utf-8")
        if isinstance(value, list) and value:
            out.append(key + b": [")
            out.extend(line + (b"," if n < len(value) - 1 else b"") for n, line in enumerate(value))
            out.append(b"]" + comma)
        else:
            out.append(key + b": " + (value if isinstance(value, bytes) else b"[]") + comma)
    return b"\n".join([*out, b"}", b""])


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
