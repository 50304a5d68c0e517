"""Collect, as plain sorted data, what each placeholder will show.

The same data is hashed to decide which pages to rewrite and rendered into
nodes, so what is written can never drift from what was compared.
"""

from __future__ import annotations

from typing import Any

from sphinx.environment import BuildEnvironment

from .backlinks import MAX_SNIPPETS_PER_SOURCE, Derived, kb_data, source_sort_key
from .mentions import snippet
from .models import STANCES


def _link(record: Any) -> tuple[str, str]:
    return (record.docname, record.node_id)


def _source_row(record: Any) -> tuple[Any, ...]:
    meta = record.meta
    return (meta.published or "", meta.published_approximate, meta.outlet, meta.kind,
            meta.title, *_link(record), meta.words, meta.id)


def _claim_row(claim: Any) -> tuple[Any, ...]:
    return (claim.statement, *_link(claim), claim.status, claim.id)


UNVERIFIED_NOTE = ("Quote not found in the cited passage: not counted in stance totals, "
                   "the matrix, pictures or exports.")


def _position_row(data: dict[str, Any], derived: Derived, position: Any) -> tuple[Any, ...]:
    source = data["sources"].get(position.source_id)
    valid = (position.docname, position.node_id) in derived.valid_positions
    source_part = (_source_row(source) if source else
                   ("", False, "", "", position.source_id, "", "", 0, position.source_id))
    passage = data["passages"].get(f"{position.source_id}/{position.passage}")
    note = position.note
    if not valid:  # the build warned (kb.quote or kb.ref); the reader is told too
        note = UNVERIFIED_NOTE + (f" {note}" if note else "")
    return (position.node_id, source_part, position.stance, STANCES[position.stance],
            position.quote, passage.node_id if passage and valid else "", note,
            passage.number if passage else 0)


def _collect_source(data: dict[str, Any], derived: Derived, source_id: str) -> dict[str, Any]:
    source = data["sources"].get(source_id)
    counts = derived.source_actors.get(source_id, {})
    actors = sorted((data["actors"][a].name, a, *_link(data["actors"][a]), n,
                     data["actors"][a].aliases)
                    for a, n in counts.items() if a in data["actors"])
    cited: dict[str, list[tuple[Any, ...]]] = {}
    for passage_id in source.passage_ids if source else ():
        for position in derived.positions_by_passage.get(passage_id, ()):
            claim = data["claims"].get(position.claim_id)
            if claim is None or (position.docname, position.node_id) not in derived.valid_positions:
                continue
            anchor = data["passages"][passage_id].node_id
            cited.setdefault(anchor, []).append(
                (claim.statement, claim.docname, position.node_id, position.stance,
                 STANCES[position.stance]))
    return {"actors": actors, "cited": {k: sorted(v) for k, v in sorted(cited.items())}}


def _mentions(data: dict[str, Any], derived: Derived, actor_id: str,
              quoted_sources: int) -> dict[str, Any]:
    """Sources naming the actor, newest first (undated last). The newest
    ``quoted_sources`` show snippets; the rest are listed compactly, so the page
    of an actor named everywhere stays bounded in size."""
    found = []
    for source_id, passages in derived.mentions.get(actor_id, {}).items():
        source = data["sources"].get(source_id)
        if source is not None:
            found.append(((bool(source.meta.published), source.meta.published or "",
                           source_id), source, passages))
    found.sort(key=lambda item: item[0], reverse=True)
    quoted = [(*_source_row(source),
               tuple((anchor, snippet(data["passages"][passage_id].text, start, end))
                     for anchor, passage_id, start, end in passages[:MAX_SNIPPETS_PER_SOURCE]),
               tuple(mention[0] for mention in passages[MAX_SNIPPETS_PER_SOURCE:]))
              for _key, source, passages in found[:quoted_sources]]
    listed = [(*_source_row(source), passages[0][0], len(passages))
              for _key, source, passages in found[quoted_sources:]]
    return {"count": len(found), "quoted": quoted, "listed": listed}


def _claims(data: dict[str, Any], claim_ids: list[str]) -> list[tuple[Any, ...]]:
    return sorted(_claim_row(data["claims"][c]) for c in claim_ids if c in data["claims"])


def _collect_theme(data: dict[str, Any], derived: Derived, theme_id: str) -> dict[str, Any]:
    claim_ids = derived.claims_by_theme.get(theme_id, [])
    sources: dict[str, dict[str, int]] = {}
    actors: set[str] = set()
    for claim_id in claim_ids:
        claim = data["claims"].get(claim_id)
        if claim:
            actors.update(a for a in claim.actors if a in data["actors"])
        for position in derived.verified_by_claim.get(claim_id, ()):
            stances = sources.setdefault(position.source_id, {})
            stances[position.stance] = stances.get(position.stance, 0) + 1
    source_rows = sorted((*_source_row(data["sources"][s]), tuple(sorted(st.items())))
                         for s, st in sources.items() if s in data["sources"])
    actor_rows = sorted((data["actors"][a].name, *_link(data["actors"][a])) for a in actors)
    return {"claims": _claims(data, claim_ids), "sources": source_rows, "actors": actor_rows}


def _collect_index(data: dict[str, Any], derived: Derived, kind: str) -> list[tuple[Any, ...]]:
    if kind == "source":
        return [_source_row(s) for s in sorted(data["sources"].values(), key=source_sort_key)]
    if kind == "actor":
        return sorted((a.kind, a.name, *_link(a), len(derived.mentions.get(a.id, {})),
                       len(derived.claims_by_actor.get(a.id, ())))
                      for a in data["actors"].values())
    if kind == "theme":
        return sorted((t.title, *_link(t), len(derived.claims_by_theme.get(t.id, ())))
                      for t in data["themes"].values())
    rows = []
    for claim in data["claims"].values():
        stances = [p.stance for p in derived.verified_by_claim.get(claim.id, ())]
        rows.append((*_claim_row(claim), tuple(stances.count(s) for s in STANCES)))
    return sorted(rows)


MATRIX_MAX_SOURCES = 40


def _collect_matrix(data: dict[str, Any], derived: Derived) -> dict[str, Any]:
    citations: dict[str, int] = {}
    for positions in derived.verified_by_claim.values():
        for p in positions:
            if p.source_id in data["sources"]:
                citations[p.source_id] = citations.get(p.source_id, 0) + 1
    # A readable table has a bounded number of columns: the most cited sources.
    shown = sorted(citations, key=lambda s: (-citations[s], s))[:MATRIX_MAX_SOURCES]
    columns = sorted((data["sources"][s] for s in shown), key=source_sort_key)
    rows = []
    for claim in sorted(data["claims"].values(), key=lambda c: c.statement):
        cells = []
        for source in columns:
            stances = tuple((p.stance, p.docname, p.node_id)
                            for p in derived.verified_by_claim.get(claim.id, ())
                            if p.source_id == source.meta.id)
            cells.append(stances)
        rows.append((*_claim_row(claim), tuple(cells)))
    return {"columns": [_source_row(s) for s in columns], "rows": rows,
            "omitted": len(citations) - len(shown)}


OVERVIEW_ITEMS = 5


def _collect_overview(data: dict[str, Any], derived: Derived) -> dict[str, Any]:
    # Newest first, undated last (an undated source is not news).
    sources = sorted(data["sources"].values(), reverse=True, key=lambda s: (
        bool(s.meta.published), s.meta.published or "", s.meta.id))
    disputed = []
    for claim in data["claims"].values():
        stances = [p.stance for p in derived.verified_by_claim.get(claim.id, ())]
        sides = min(stances.count("supports"), stances.count("disputes"))
        disputed.append((-sides, -len(stances), claim.statement, claim.docname, claim.node_id,
                         claim.status, claim.id))
    actors = sorted((-len(derived.mentions.get(a.id, {})), a.name, *_link(a))
                    for a in data["actors"].values())
    return {
        "counts": (len(data["sources"]), len(data["passages"]), len(data["actors"]),
                   len(data["themes"]), len(data["claims"]), len(data["positions"])),
        "newest": [_source_row(s) for s in sources[:OVERVIEW_ITEMS]],
        "disputed": [row[2:] for row in sorted(disputed)[:OVERVIEW_ITEMS]],
        "actors": [(name, docname, node_id, -count)
                   for count, name, docname, node_id in actors[:OVERVIEW_ITEMS * 2]],
    }


def collect(env: BuildEnvironment, derived: Derived, kind: str, argument: str) -> Any:
    data = kb_data(env)
    if kind == "source":
        return _collect_source(data, derived, argument)
    if kind == "actor":
        return {"claims": _claims(data, derived.claims_by_actor.get(argument, [])),
                "mentions": _mentions(data, derived, argument,
                                      env.config.kb_actor_quoted_sources)}
    if kind == "theme":
        return _collect_theme(data, derived, argument)
    if kind == "claim":
        return [_position_row(data, derived, p)
                for p in derived.positions_by_claim.get(argument, ())]
    if kind == "index":
        return _collect_index(data, derived, argument)
    if kind == "matrix":
        return _collect_matrix(data, derived)
    if kind == "overview":
        return _collect_overview(data, derived)
    return None
