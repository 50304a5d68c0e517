"""Generated lists of every object of one type (``kb:index <type>``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from docutils import nodes

from ..compact_parts import RowPart, badge_part
from ..derive.evidence import source_sort_key
from ..knowledge.records import STANCES
from .base import Context, View
from .event import event_row
from .render import Renderer, approximate_note, date_part, source_date
from .rows import claim_row, source_row


class ActorIndexRow(NamedTuple):
    kind: str
    name: str
    docname: str
    node_id: str
    sources: int
    claims: int


class ThemeIndexRow(NamedTuple):
    title: str
    docname: str
    node_id: str
    claims: int


class ClaimIndexRow(NamedTuple):
    statement: str
    docname: str
    node_id: str
    status: str
    id: str
    #: verified positions per stance, in the order of STANCES
    counts: tuple[int, ...]


Cells = list[list[Sequence[RowPart] | str]]


def _sources(ctx: Context) -> list[Any]:
    return [source_row(s) for s in sorted(ctx.domain.sources.values(), key=source_sort_key)]


def _actors(ctx: Context) -> list[Any]:
    evidence = ctx.evidence
    return sorted(ActorIndexRow(a.kind, a.name, a.docname, a.node_id, evidence.sources_naming(a.id),
                                len(evidence.linked("actor", a.id, "claims")))
                  for a in ctx.domain.actors.values())


def _themes(ctx: Context) -> list[Any]:
    evidence = ctx.evidence
    return sorted(ThemeIndexRow(t.title, t.docname, t.node_id,
                                len(evidence.linked("theme", t.id, "claims")))
                  for t in ctx.domain.themes.values())


def _claims(ctx: Context) -> list[Any]:
    rows = []
    for claim in ctx.domain.claims.values():
        stances = [p.stance for p in ctx.evidence.verified(claim.id)]
        row = claim_row(claim)
        rows.append(ClaimIndexRow(*row, tuple(stances.count(s) for s in STANCES)))
    return sorted(rows)


def _events(ctx: Context) -> list[Any]:
    evidence = ctx.evidence
    rows = [(event_row(e), len(evidence.linked("event", e.id, "claims")))
            for e in ctx.domain.events.values()]
    # By date, undated last (as every list of events).
    return sorted(rows, key=lambda row: (row[0].date or "9999", row[0]))


COLLECTORS: dict[str, Callable[[Context], list[Any]]] = {
    "source": _sources, "actor": _actors, "theme": _themes, "claim": _claims, "event": _events,
}
#: the object types ``kb:index`` lists
INDEX_TYPES = tuple(COLLECTORS)


def collect(ctx: Context, kind: str) -> list[Any]:
    return COLLECTORS[kind](ctx)


def _render_sources(r: Renderer, data: list[Any]) -> list[nodes.Node]:
    rows: Cells = [[(source_date(s),), s.outlet, s.kind, s.language or "unknown",
                    (r.source_cell(s),), f"{s.words:,}"] for s in data]
    # kb.js adds filters and sortable columns; without it, this table, oldest first.
    return [r.compact_table(["Date", "Outlet", "Kind", "Language", "Title", "Words"], rows,
                            ["kb-source-index"]), *approximate_note(data)]


def _render_actors(r: Renderer, data: list[Any]) -> list[nodes.Node]:
    rows: Cells = [[(r.row_link(a.docname, a.node_id, a.name),), a.kind, str(a.sources),
                    str(a.claims)] for a in data]
    return [r.compact_table(["Actor", "Kind", "Sources mentioning", "Claims"], rows,
                            ["kb-actor-index"])]


def _render_themes(r: Renderer, data: list[Any]) -> list[nodes.Node]:
    rows: Cells = [[(r.row_link(t.docname, t.node_id, t.title),), str(t.claims)] for t in data]
    return [r.compact_table(["Theme", "Claims"], rows, ["kb-theme-index"])]


def _render_claims(r: Renderer, data: list[Any]) -> list[nodes.Node]:
    rows: Cells = [[(r.row_link(c.docname, c.node_id, c.statement),),
                    (badge_part(c.status, "kb-status"),), *(str(n) for n in c.counts)]
                   for c in data]
    return [r.compact_table(["Claim", "Status", *STANCES], rows, ["kb-claim-index"])]


def _render_events(r: Renderer, data: list[Any]) -> list[nodes.Node]:
    rows: Cells = [[(date_part(e.date_label),), (r.row_link(e.docname, e.node_id, e.title),),
                    e.kind, e.place, str(claims)] for e, claims in data]
    return [r.compact_table(["Date", "Event", "Kind", "Place", "Claims"], rows,
                            ["kb-event-index"])]


RENDERERS: dict[str, Callable[[Renderer, list[Any]], list[nodes.Node]]] = {
    "source": _render_sources, "actor": _render_actors, "theme": _render_themes,
    "claim": _render_claims, "event": _render_events,
}


def render(r: Renderer, data: list[Any], kind: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    return RENDERERS[kind](r, data)


VIEW = View("index", collect, render, empty=lambda rows: not rows)
