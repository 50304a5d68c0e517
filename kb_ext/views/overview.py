"""The landing page's summary: counts, newest sources, most disputed claims
and the actors most sources name."""

from __future__ import annotations

from typing import NamedTuple

from docutils import nodes

from .base import Context, View
from .render import Renderer, approximate_note, date_node
from .rows import ClaimRow, SourceRow, source_row

OVERVIEW_ITEMS = 5
COUNTED = ("sources", "passages", "actors", "themes", "claims", "positions")


class KeyActor(NamedTuple):
    name: str
    docname: str
    node_id: str
    sources: int


class Overview(NamedTuple):
    counts: tuple[int, ...]
    newest: list[SourceRow]
    disputed: list[ClaimRow]
    actors: list[KeyActor]


def collect(ctx: Context, _argument: str) -> Overview:
    domain, evidence = ctx.domain, ctx.evidence
    # Newest first, undated last (an undated source is not news).
    sources = sorted(domain.sources.values(), reverse=True, key=lambda s: (
        bool(s.meta.published), s.meta.published or "", s.meta.id))
    disputed = []
    for claim in domain.claims.values():
        stances = [p.stance for p in evidence.verified(claim.id)]
        sides = min(stances.count("supports"), stances.count("disputes"))
        disputed.append((-sides, -len(stances), ClaimRow(
            claim.statement, claim.docname, claim.node_id, claim.status, claim.id)))
    actors = sorted((-evidence.sources_naming(a.id), a.name, a.docname, a.node_id)
                    for a in domain.actors.values())
    counts = (len(domain.sources), len(domain.passages), len(domain.actors),
              len(domain.themes), len(domain.claims), len(domain.positions))
    return Overview(counts, [source_row(s) for s in sources[:OVERVIEW_ITEMS]],
                    [row for *_key, row in sorted(disputed)[:OVERVIEW_ITEMS]],
                    [KeyActor(name, docname, node_id, -count)
                     for count, name, docname, node_id in actors[:OVERVIEW_ITEMS * 2]])


def render(r: Renderer, data: Overview, _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    counts = nodes.container(classes=["kb-counts"])
    for label, count in zip(COUNTED, data.counts, strict=True):
        counts += nodes.paragraph("", "", nodes.strong("", f"{count:,}"),
                                  nodes.Text(f" {label}"), classes=["kb-count"])
    newest = nodes.bullet_list()
    for row in data.newest:
        item = nodes.paragraph("", "", r.source_link(row), nodes.Text(f" — {row.outlet}, "),
                               date_node(row))
        newest += nodes.list_item("", item)
    actors = nodes.bullet_list()
    for actor in data.actors:
        actors += nodes.list_item("", nodes.paragraph(
            "", "", r.link(actor.docname, actor.node_id, actor.name),
            nodes.Text(f" — in {actor.sources} source{'s' if actor.sources != 1 else ''}")))
    cards = nodes.container(classes=["sd-row", "sd-row-cols-1", "sd-row-cols-md-3", "sd-g-3",
                                     "kb-overview"])
    cards += r.card("Newest sources", newest, *approximate_note(data.newest))
    cards += r.card("Most disputed claims", r.claim_list(data.disputed))
    cards += r.card("Key actors", actors)
    grid = nodes.container("", cards, classes=["sd-container-fluid", "sd-mb-4"])
    return [counts, grid]


VIEW = View("overview", collect, render)
