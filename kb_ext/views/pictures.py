"""What the network and the timeline share: the positions they draw, their
named rows and the parts of their text alternative.

Pictures show verified positions only, on known claims citing known sources;
each is capped (most-connected nodes first) with a note saying what was left
out, and the text alternative carries the same information as the picture.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from docutils import nodes

from ..knowledge.records import ClaimRecord, PositionRecord, SourceRecord
from ..nodes import kb_visual
from .base import Context
from .render import Renderer
from .rows import ObjectLink


class SourceNode(NamedTuple):
    id: str
    title: str
    outlet: str
    date: str
    docname: str
    node_id: str


def source_node(record: SourceRecord) -> SourceNode:
    meta = record.meta
    return SourceNode(meta.id, meta.title, meta.outlet, meta.date_label, record.docname,
                      record.node_id)


class ClaimNode(NamedTuple):
    id: str
    statement: str
    status: str
    docname: str
    node_id: str


def claim_node(claim: ClaimRecord) -> ClaimNode:
    return ClaimNode(claim.id, claim.statement, claim.status, claim.docname, claim.node_id)


class StanceEdge(NamedTuple):
    """The positions of one source on one claim with one stance."""

    source_id: str
    claim_id: str
    stance: str
    positions: int
    #: the first position's page and anchor, and its quote
    docname: str
    node_id: str
    quote: str


def sorted_sources(ctx: Context, ids: Iterable[str]) -> list[SourceRecord]:
    records = [ctx.domain.sources[i] for i in ids]
    return sorted(records, key=lambda r: (r.meta.published or "9999", r.meta.id))


def picture_positions(ctx: Context) -> list[PositionRecord]:
    """Verified positions on known claims citing known sources, in a stable order."""
    domain = ctx.domain
    positions = [p for p in ctx.evidence.all_verified()
                 if p.claim_id in domain.claims and p.source_id in domain.sources]
    return sorted(positions, key=lambda p: (p.claim_id, p.docname, p.lineno, p.node_id))


def top(degrees: Counter[str], limit: int) -> list[str]:
    """The ``limit`` ids of highest degree, ties by id."""
    return sorted(sorted(degrees, key=lambda k: (-degrees[k], k))[:limit])


def stance_edges(positions: Iterable[PositionRecord], claims: set[str], sources: set[str]
                 ) -> list[StanceEdge]:
    """One edge per (source, claim, stance): count and the first position's anchor."""
    grouped: dict[tuple[str, str, str], list[PositionRecord]] = defaultdict(list)
    for position in positions:
        if position.claim_id in claims and position.source_id in sources:
            grouped[position.source_id, position.claim_id, position.stance].append(position)
    return [StanceEdge(*key, len(group), group[0].docname, group[0].node_id, group[0].quote)
            for key, group in sorted(grouped.items())]


def ref(r: Renderer, docname: str, anchor: str, text: str,
        classes: Sequence[str] = ()) -> nodes.Element:
    """A link, or plain text where the builder has no URI for the page (e.g. LaTeX)."""
    target = r.uri(docname, anchor)
    if not target:
        return nodes.inline("", text, classes=list(classes))
    return nodes.reference("", text, internal=True, refuri=target, classes=list(classes))


def omitted_note(parts: Sequence[tuple[int, str]], why: str) -> list[nodes.Node]:
    shown = [f"{count} {label}{'' if count == 1 else 's'}" for count, label in parts if count]
    if not shown:
        return []
    text = f"Not drawn, to keep the picture readable: {', '.join(shown)} ({why})."
    return [nodes.paragraph("", text, classes=["kb-visual-note"])]


#: how many of the objects a picture leaves out it names, per kind
MAX_LEFT_OUT_NAMED = 5


class LeftOut(NamedTuple):
    """The objects of one kind a picture does not draw."""

    kind: str
    number: int
    #: the most linked of them, whose pages show their own neighbourhood
    examples: tuple[ObjectLink, ...]


def left_out_note(r: Renderer, parts: Sequence[LeftOut]) -> list[nodes.Node]:
    """What the global network leaves out, by kind, naming the most linked ones."""
    if not parts:
        return []
    counts = [f"{p.number} {p.kind}{'' if p.number == 1 else 's'}" for p in parts]
    listed = ", ".join(counts[:-1]) + " and " + counts[-1] if len(counts) > 1 else counts[0]
    text = (f"Not drawn, to keep the picture readable: {listed}. The network "
            "draws the most linked claims, the sources taking positions on them and the "
            "actors they name; events are not drawn. Every actor, claim, source and event page "
            "shows its own neighbourhood, and a page can narrow the network to a theme, actor, "
            "event, outlet or dates with filter options.")
    result: list[nodes.Node] = [nodes.paragraph("", text, classes=["kb-visual-note"])]
    named = [p for p in parts if p.examples]
    if named:
        items = nodes.bullet_list(classes=["kb-left-out"])
        for part in named:
            paragraph = nodes.paragraph("", f"Most linked {part.kind}s not drawn: ")
            for index, example in enumerate(part.examples):
                if index:
                    paragraph += nodes.Text("; ")
                paragraph += ref(r, example.docname, example.node_id, example.name)
            if part.number > len(part.examples):
                paragraph += nodes.Text(f"; and {part.number - len(part.examples)} more")
            items += nodes.list_item("", paragraph)
        result.append(items)
    return result


def picture(kind: str, svg: str, alternative: list[nodes.Node]) -> list[nodes.Node]:
    """The picture node: the SVG (written by the HTML writer) and its text alternative."""
    node = kb_visual(kind=kind, svg=svg, classes=["kb-visual", f"kb-visual-{kind}"])
    node.extend(alternative)
    return [node]
