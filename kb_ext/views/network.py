"""``kb:network``: claims, the sources taking positions on them and the
actors they name, as an inline SVG and a table."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from html import escape
from typing import NamedTuple

from docutils import nodes

from ..knowledge.records import STANCES
from ..nodes import kb_details, kb_summary
from .base import Context, View
from .pictures import (
    MAX_LEFT_OUT_NAMED,
    LeftOut,
    SourceNode,
    StanceEdge,
    claim_node,
    left_out_note,
    picture,
    picture_positions,
    ref,
    sorted_sources,
    source_node,
    stance_edges,
    top,
)
from .render import Renderer
from .rows import ObjectLink
from .svg import (
    ACTOR_EDGE,
    STANCE_STYLE,
    STATUS_COLOUR,
    clip,
    label_text,
    link,
    stance_legend,
    status_legend,
    svg_root,
    tag,
    text_lines,
    wrap,
)

MAX_NETWORK_CLAIMS = 40
MAX_NETWORK_SOURCES = 20
MAX_NETWORK_ACTORS = 30

class ActorNode(NamedTuple):
    id: str
    name: str
    docname: str
    node_id: str


class NetworkClaim(NamedTuple):
    id: str
    statement: str
    status: str
    docname: str
    node_id: str
    actors: tuple[ActorNode, ...]


class ActorEdge(NamedTuple):
    claim_id: str
    actor_id: str


class Network(NamedTuple):
    sources: list[SourceNode]
    claims: list[NetworkClaim]
    actors: list[ActorNode]
    stance_edges: list[StanceEdge]
    actor_edges: list[ActorEdge]
    #: claims, sources, actors and events not drawn
    left_out: tuple[LeftOut, ...]


def _left_out(ctx: Context, kind: str, degrees: Counter[str], drawn: list[str]) -> LeftOut:
    """The objects of ``kind`` not drawn: how many, and the most linked of them."""
    store = getattr(ctx.domain, f"{kind}s")
    shown = set(drawn)
    rest = [i for i in sorted(store, key=lambda k: (-degrees[k], k)) if i not in shown]
    examples = []
    for object_id in rest[:MAX_LEFT_OUT_NAMED]:
        record = store[object_id]
        name = (record.statement if kind == "claim" else
                f"{record.meta.outlet} ({record.meta.date_label})" if kind == "source" else
                record.name)
        examples.append(ObjectLink(name, record.docname, record.node_id))
    return LeftOut(kind, len(rest), tuple(examples))


def collect(ctx: Context, _argument: str) -> Network:
    domain = ctx.domain
    positions = picture_positions(ctx)
    claim_degree: Counter[str] = Counter({c: 0 for c in domain.claims})
    for position in positions:
        claim_degree[position.claim_id] += 1
    for claim in domain.claims.values():
        claim_degree[claim.id] += sum(a in domain.actors for a in claim.actors)
    claims = top(claim_degree, MAX_NETWORK_CLAIMS)
    kept = set(claims)
    source_degree = Counter(p.source_id for p in positions if p.claim_id in kept)
    sources = top(source_degree, MAX_NETWORK_SOURCES)
    actor_degree = Counter(a for c in claims for a in dict.fromkeys(domain.claims[c].actors)
                           if a in domain.actors)
    actors = top(actor_degree, MAX_NETWORK_ACTORS)

    def actor_node(actor_id: str) -> ActorNode:
        actor = domain.actors[actor_id]
        return ActorNode(actor_id, actor.name, actor.docname, actor.node_id)

    claim_rows = []
    for claim_id in claims:
        claim = domain.claims[claim_id]
        named = tuple(actor_node(a) for a in dict.fromkeys(claim.actors) if a in domain.actors)
        claim_rows.append(NetworkClaim(*claim_node(claim), named))
    shown_actors = set(actors)
    left_out = (_left_out(ctx, "claim", claim_degree, claims),
                _left_out(ctx, "source", source_degree, sources),
                _left_out(ctx, "actor", actor_degree, actors),
                # Events are never drawn: counted, and each one's page has its neighbourhood.
                LeftOut("event", len(domain.events), ()))
    return Network(
        [source_node(r) for r in sorted_sources(ctx, sources)], claim_rows,
        [actor_node(a) for a in actors], stance_edges(positions, kept, set(sources)),
        sorted(ActorEdge(c, a) for c in claims
               for a in dict.fromkeys(domain.claims[c].actors) if a in shown_actors),
        tuple(part for part in left_out if part.number))


NET_WIDTH = 900
NET_TOP = 46
NET_ROW = 38
SOURCE_X, CLAIM_X, CLAIM_W, ACTOR_X = 170.0, 236.0, 370.0, 686.0


def _spread(count: int, top: float, height: float) -> list[float]:
    return [top + (index + 0.5) * height / count for index in range(count)]


def _barycentre_order(items: Sequence[str], neighbours: dict[str, list[float]]) -> list[str]:
    """Order items by the mean position of their neighbours (fewer crossings)."""
    def key(item: str) -> tuple[float, str]:
        ys = neighbours.get(item, [])
        return (sum(ys) / len(ys) if ys else math.inf, item)
    return sorted(items, key=key)


def network_layout(data: Network) -> dict[str, dict[str, float]]:
    """y coordinate of every node, by kind and id."""
    height = max(len(data.claims), 1) * NET_ROW
    source_ids = [row.id for row in data.sources]
    sources = dict(zip(source_ids, _spread(len(source_ids), NET_TOP, height), strict=True))
    by_claim: dict[str, list[float]] = defaultdict(list)
    for source_id, claim_id, *_ in data.stance_edges:
        by_claim[claim_id].append(sources[source_id])
    claim_order = _barycentre_order([row.id for row in data.claims], by_claim)
    claims = {c: NET_TOP + (i + 0.5) * NET_ROW for i, c in enumerate(claim_order)}
    by_actor: dict[str, list[float]] = defaultdict(list)
    for claim_id, actor_id in data.actor_edges:
        by_actor[actor_id].append(claims[claim_id])
    actor_order = _barycentre_order([row.id for row in data.actors], by_actor)
    actors = dict(zip(actor_order, _spread(len(actor_order), NET_TOP, height), strict=True))
    return {"source": sources, "claim": claims, "actor": actors}


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    middle = (x1 + x2) / 2
    return f"M{x1:.1f},{y1:.1f} C{middle:.1f},{y1:.1f} {middle:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


def _network_edges(data: Network, layout: dict[str, dict[str, float]]) -> str:
    sources = {row.id: row for row in data.sources}
    statements = {row.id: row.statement for row in data.claims}
    offsets = {stance: (i - 1.5) * 3.5 for i, stance in enumerate(STANCE_STYLE)}
    edges = []
    for source_id, claim_id, stance, count, _doc, _node, _quote in data.stance_edges:
        colour, dash = STANCE_STYLE[stance]
        source = sources[source_id]
        tip = f"{source.outlet} ({source.date}) {STANCES[stance]}: {statements[claim_id]}"
        tip += f" ({count} positions)" if count > 1 else ""
        path = _curve(SOURCE_X + 7, layout["source"][source_id], CLAIM_X,
                      layout["claim"][claim_id] + offsets[stance])
        edges.append(tag("path", tag("title", escape(tip)), d=path, stroke=colour,
                         stroke_width=1.5 + min(count, 4) * 0.5, stroke_dasharray=dash,
                         fill="none", class_="kb-net-edge",
                         data_ends=f"source:{source_id} claim:{claim_id}"))
    for claim_id, actor_id in data.actor_edges:
        path = _curve(CLAIM_X + CLAIM_W, layout["claim"][claim_id], ACTOR_X - 6,
                      layout["actor"][actor_id])
        edges.append(tag("path", d=path, stroke=ACTOR_EDGE, stroke_width=1.0, fill="none",
                         class_="kb-net-edge kb-net-actor-edge",
                         data_ends=f"claim:{claim_id} actor:{actor_id}"))
    return tag("g", "".join(edges), class_="kb-net-edges")


def _network_nodes(data: Network, layout: dict[str, dict[str, float]],
                   r: Renderer) -> str:
    out = []
    for source_id, title, outlet, date, docname, node_id in data.sources:
        y = layout["source"][source_id]
        shape = (tag("circle", cx=SOURCE_X, cy=y, r=7.0, class_="kb-svg-node")
                 + text_lines([clip(outlet, 24), date], SOURCE_X - 12, y, text_anchor="end",
                              class_="kb-svg-label"))
        out.append(link(r.uri(docname, node_id), f"Source: {title} ({outlet}, {date})", shape,
                        class_="kb-net-node kb-net-source", data_node=f"source:{source_id}"))
    for claim_id, statement, status, docname, node_id, _actors in data.claims:
        y, colour = layout["claim"][claim_id], STATUS_COLOUR.get(status, ACTOR_EDGE)
        top, height = y - NET_ROW / 2 + 3, NET_ROW - 6
        shape = (tag("rect", x=CLAIM_X, y=top, width=CLAIM_W, height=height, rx=4,
                     stroke=colour, class_="kb-svg-box")
                 + tag("rect", x=CLAIM_X, y=top, width=5, height=height, fill=colour)
                 + text_lines(wrap(statement, 52), CLAIM_X + 12, y, class_="kb-svg-label"))
        out.append(link(r.uri(docname, node_id), f"Claim ({status}): {statement}", shape,
                        class_="kb-net-node kb-net-claim", data_node=f"claim:{claim_id}"))
    for actor_id, name, docname, node_id in data.actors:
        y = layout["actor"][actor_id]
        shape = (tag("circle", cx=ACTOR_X, cy=y, r=6.0, class_="kb-svg-node kb-svg-actor")
                 + text_lines([clip(name, 28)], ACTOR_X + 11, y, class_="kb-svg-label"))
        out.append(link(r.uri(docname, node_id), f"Actor: {name}", shape,
                        class_="kb-net-node kb-net-actor", data_node=f"actor:{actor_id}"))
    return tag("g", "".join(out), class_="kb-net-nodes")


def render_network_svg(data: Network, r: Renderer) -> str:
    layout = network_layout(data)
    height = NET_TOP + max(len(data.claims), 1) * NET_ROW
    body = [label_text(text, x, 22, text_anchor=anchor, font_weight="bold")
            for x, anchor, text in ((SOURCE_X, "end", "Sources, by date"),
                                    (CLAIM_X + 12, "start", "Claims"),
                                    (ACTOR_X, "start", "Actors"))]
    body += [_network_edges(data, layout), _network_nodes(data, layout, r),
             stance_legend(20, height + 24, marker=False),
             tag("path", d=f"M20,{height + 48} h28", stroke=ACTOR_EDGE, fill="none"),
             label_text("names the actor", 56, height + 52), status_legend(235, height + 48)]
    label = (f"Network of {len(data.claims)} claims (middle column), the "
             f"{len(data.sources)} sources that take positions on them (left, by date; lines "
             f"coloured and dashed by stance) and the {len(data.actors)} actors they name "
             "(right). The table below gives the same information.")
    return svg_root(NET_WIDTH, height + 66, label, "kb-network", body)


def network_table(data: Network, r: Renderer) -> nodes.Node:
    by_claim: dict[str, list[StanceEdge]] = defaultdict(list)
    sources = {row.id: row for row in data.sources}
    for edge in data.stance_edges:
        by_claim[edge.claim_id].append(edge)
    table = nodes.table(classes=["kb-table", "kb-network-table"])
    group = nodes.tgroup(cols=4)
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in range(4))
    group += nodes.thead("", nodes.row("", *(nodes.entry("", nodes.paragraph("", h)) for h in
                                             ("Claim", "Status", "Sources and stances",
                                              "Actors"))))
    body = nodes.tbody()
    for claim_id, statement, status, docname, node_id, actors in data.claims:
        stances = nodes.paragraph()
        for index, (source_id, _c, stance, count, pos_doc, pos_id, _q) in enumerate(
                by_claim[claim_id]):
            source = sources[source_id]
            stances += nodes.Text("; " if index else "")
            stances += ref(r, pos_doc, pos_id, f"{source.outlet} ({source.date})")
            stances += nodes.Text(f" {stance}" + (f" ×{count}" if count > 1 else ""))
        names = nodes.paragraph()
        for index, (_a, name, actor_doc, actor_node) in enumerate(actors):
            names += nodes.Text(", " if index else "")
            names += ref(r, actor_doc, actor_node, name)
        cells = [nodes.paragraph("", "", ref(r, docname, node_id, statement)),
                 nodes.paragraph("", status), stances, names]
        body += nodes.row("", *(nodes.entry("", cell) for cell in cells))
    group += body
    return table


def render(r: Renderer, data: Network, _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    note = left_out_note(r, data.left_out)
    details = kb_details(classes=["kb-visual-text"])
    details += kb_summary("", "The network as a table")
    details += network_table(data, r)
    return picture("network", render_network_svg(data, r), [*note, details])


VIEW = View("network", collect, render, wrapped=False)
