"""A theme page's generated parts: its claims and events, the sources that
take positions on those claims, and the actors the claims name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from docutils import nodes

from ..compact_parts import RowPart
from .actor import claims_named
from .base import Context, View
from .event import event_list, events_linking
from .render import Renderer, approximate_note, source_date
from .rows import ClaimRow, EventRow, ObjectLink, SourceRow, source_row


class ThemeSource(NamedTuple):
    source: SourceRow
    stances: tuple[tuple[str, int], ...]


class ThemeSections(NamedTuple):
    claims: list[ClaimRow]
    events: list[EventRow]
    sources: list[ThemeSource]
    actors: list[ObjectLink]


def collect(ctx: Context, theme_id: str) -> ThemeSections:
    domain, evidence = ctx.domain, ctx.evidence
    claim_ids = evidence.linked("theme", theme_id, "claims")
    sources: dict[str, dict[str, int]] = {}
    actors: set[str] = set()
    for claim_id in claim_ids:
        claim = domain.claims.get(claim_id)
        if claim:
            actors.update(a for a in claim.actors if a in domain.actors)
        for position in evidence.verified(claim_id):
            stances = sources.setdefault(position.source_id, {})
            stances[position.stance] = stances.get(position.stance, 0) + 1
    source_rows = sorted(ThemeSource(source_row(domain.sources[s]), tuple(sorted(st.items())))
                         for s, st in sources.items() if s in domain.sources)
    actor_rows = sorted(ObjectLink(domain.actors[a].name, domain.actors[a].docname,
                                   domain.actors[a].node_id) for a in actors)
    return ThemeSections(claims_named(ctx, claim_ids),
                         events_linking(ctx, evidence.linked("theme", theme_id, "events")),
                         source_rows, actor_rows)


def render(r: Renderer, data: ThemeSections, _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    result: list[nodes.Node] = [r.rubric("Claims")]
    result.append(r.claim_list(data.claims) if data.claims
                  else nodes.paragraph("", "No claim is filed under this theme yet."))
    if data.events:
        result += [r.rubric("Events"), event_list(r, data.events)]
    if data.sources:
        rows: list[list[Sequence[RowPart] | str]] = []
        for row in data.sources:
            stances: list[RowPart] = []
            for stance, count in row.stances:
                stances += [r.stance_part(stance), f" ×{count} "]
            rows.append([(source_date(row.source),), (r.source_cell(row.source),), row.source.kind,
                         stances])
        result += [r.rubric("Sources that speak to it"),
                   r.compact_table(["Date", "Source", "Kind", "Positions"], rows),
                   *approximate_note([row.source for row in data.sources])]
    if data.actors:
        paragraph = nodes.paragraph()
        for index, actor in enumerate(data.actors):
            if index:
                paragraph += nodes.Text(", ")
            paragraph += r.link(actor.docname, actor.node_id, actor.name)
        result += [r.rubric("Actors involved"), paragraph]
    return result


VIEW = View("theme", collect, render)
