"""An event page's generated parts: the claims that name it and what their
sources say; and the event lists other pages show (actors, themes)."""

from __future__ import annotations

from typing import NamedTuple

from docutils import nodes

from ..knowledge.records import EventRecord
from ..nodes import badge
from .base import Context, View
from .render import Renderer
from .rows import ClaimRow, EventRow, claim_row


def event_row(event: EventRecord) -> EventRow:
    return EventRow(event.date, event.title, event.docname, event.node_id, event.kind,
                    event.place, event.date_label, event.id)


def events_linking(ctx: Context, event_ids: list[str]) -> list[EventRow]:
    """The events among ``event_ids``, by date (undated last)."""
    events = ctx.domain.events
    return sorted((event_row(events[e]) for e in event_ids if e in events),
                  key=lambda row: (row.date or "9999", row.title, row.id))


def event_list(r: Renderer, rows: list[EventRow]) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["kb-event-list"])
    for row in rows:
        paragraph = nodes.paragraph()
        paragraph += badge(row.kind, "kb-kind", f"kb-kind-{row.kind}")
        paragraph += nodes.Text(" ")
        paragraph += r.link(row.docname, row.node_id, row.title)
        paragraph += nodes.Text(f" — {row.date_label or 'date unknown'}"
                                + (f", {row.place}" if row.place else ""))
        items += nodes.list_item("", paragraph)
    return items


class EventSections(NamedTuple):
    claims: list[ClaimRow]
    #: stance -> number of verified positions on those claims
    stances: tuple[tuple[str, int], ...]


def collect(ctx: Context, event_id: str) -> EventSections:
    claim_ids = ctx.evidence.linked("event", event_id, "claims")
    claims = sorted(claim_row(ctx.domain.claims[c]) for c in claim_ids if c in ctx.domain.claims)
    counts: dict[str, int] = {}
    for claim in claims:
        for position in ctx.evidence.verified(claim.id):
            counts[position.stance] = counts.get(position.stance, 0) + 1
    return EventSections(claims, tuple(sorted(counts.items())))


def render(r: Renderer, data: EventSections, _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    result: list[nodes.Node] = [r.rubric("Claims about this event")]
    if not data.claims:
        result.append(nodes.paragraph("", "No claim names this event yet."))
        return result
    result.append(r.claim_list(data.claims))
    if data.stances:
        summary = nodes.paragraph("", "Verified positions on these claims: ",
                                  classes=["kb-event-stances"])
        for index, (stance, count) in enumerate(data.stances):
            if index:
                summary += nodes.Text(", ")
            summary += r.stance(stance)
            summary += nodes.Text(f" ×{count}")
        result.append(summary)
    return result


VIEW = View("event", collect, render)
