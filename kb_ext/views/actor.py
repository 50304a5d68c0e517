"""An actor page's generated parts: the claims and events naming the actor,
and the sources that mention it (the newest quoted, the rest listed)."""

from __future__ import annotations

from typing import NamedTuple

from docutils import nodes

from ..compact import link_rows, mention_groups
from ..compact_parts import RowPart
from ..derive.evidence import MAX_SNIPPETS_PER_SOURCE
from ..derive.mentions import snippet
from .base import Context, View
from .event import event_list, events_linking
from .render import Renderer, approximate_note, source_date
from .rows import ClaimRow, EventRow, SourceRow, claim_row, source_row


class QuotedSource(NamedTuple):
    source: SourceRow
    #: (passage anchor, snippet) of the first passages naming the actor
    snippets: tuple[tuple[str, str], ...]
    #: anchors of the other passages naming it
    more: tuple[str, ...]


class ListedSource(NamedTuple):
    source: SourceRow
    first: str
    passages: int


class Mentions(NamedTuple):
    sources: int
    quoted: list[QuotedSource]
    listed: list[ListedSource]


class ActorSections(NamedTuple):
    claims: list[ClaimRow]
    events: list[EventRow]
    mentions: Mentions


def claims_named(ctx: Context, claim_ids: list[str]) -> list[ClaimRow]:
    claims = ctx.domain.claims
    return sorted(claim_row(claims[c]) for c in claim_ids if c in claims)


def _mentions(ctx: Context, actor_id: str) -> Mentions:
    """Sources naming the actor, newest first (undated last). The newest
    ``kb_actor_quoted_sources`` show snippets; the rest are listed compactly,
    so the page of an actor named everywhere stays bounded in size."""
    domain = ctx.domain
    quoted_sources: int = ctx.config.kb_actor_quoted_sources
    found = []
    for source_id, passages in ctx.evidence.mentions_of(actor_id).items():
        source = domain.sources.get(source_id)
        if source is not None:
            found.append(((bool(source.meta.published), source.meta.published or "",
                           source_id), source, passages))
    found.sort(key=lambda item: item[0], reverse=True)
    texts = domain.passages
    quoted = [QuotedSource(
        source_row(source),
        tuple((texts[m.passage_id].node_id, snippet(texts[m.passage_id].text, m.start, m.end))
              for m in passages[:MAX_SNIPPETS_PER_SOURCE]),
        tuple(texts[m.passage_id].node_id for m in passages[MAX_SNIPPETS_PER_SOURCE:]))
        for _key, source, passages in found[:quoted_sources]]
    listed = [ListedSource(source_row(source), texts[passages[0].passage_id].node_id,
                           len(passages))
              for _key, source, passages in found[quoted_sources:]]
    return Mentions(len(found), quoted, listed)


def collect(ctx: Context, actor_id: str) -> ActorSections:
    evidence = ctx.evidence
    return ActorSections(claims_named(ctx, evidence.linked("actor", actor_id, "claims")),
                         events_linking(ctx, evidence.linked("actor", actor_id, "events")),
                         _mentions(ctx, actor_id))


def _quoted(r: Renderer, rows: list[QuotedSource]) -> nodes.Element:
    groups = []
    for row in rows:
        source = row.source
        head = (r.source_cell(source), f" — {source.outlet}, ", source_date(source))
        snippets: list[tuple[RowPart, ...]] = [
            (r.row_link(source.docname, anchor, f"¶{anchor[1:]}", "kb-anchor"), " " + text)
            for anchor, text in row.snippets]
        also: list[RowPart] = []
        for index, anchor in enumerate(row.more):
            also += [", " if index else "Also in ",
                     r.row_link(source.docname, anchor, f"¶{anchor[1:]}")]
        groups.append((head, snippets, tuple(also)))
    return r.compact(mention_groups(groups, ["kb-mentions"]))  # type: ignore[arg-type]


def _listed(r: Renderer, rows: list[ListedSource]) -> nodes.Element:
    """One line per source: title, outlet, date and a link to the first passage."""
    # Only titles of pages indexed in their own right: kept out of the search
    # index so that a title search lists the source, not every actor page.
    # An actor named everywhere lists thousands: one compact node, not eight a line.
    lines: list[tuple[RowPart, ...]] = []
    for row in rows:
        source = row.source
        lines.append((
            r.row_link(source.docname, "", source.title, "kb-source-link"),
            f" — {source.outlet}, ", source_date(source), ": ",
            r.row_link(source.docname, row.first, f"¶{row.first[1:]}", "kb-anchor"),
            *([f" and {row.passages - 1} more"] if row.passages > 1 else [])))
    return r.compact(link_rows(list(lines), ["kb-mentions-listed", "no-search"],
                               searchable=False))


def render(r: Renderer, data: ActorSections, _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    if data.claims:
        result += [r.rubric("Claims"), r.claim_list(data.claims)]
    if data.events:
        result += [r.rubric("Events"), event_list(r, data.events)]
    mentions = data.mentions
    result.append(r.rubric(f"Mentioned in {mentions.sources} sources"))
    if not mentions.sources:
        result.append(nodes.paragraph("", "No source mentions this actor."))
        return result
    if mentions.listed and mentions.quoted:
        result.append(nodes.paragraph(
            "", f"Passages from the {len(mentions.quoted)} most recent sources; the "
            f"{len(mentions.listed)} earlier ones are listed after them.",
            classes=["kb-mentions-note"]))
    if mentions.quoted:
        result.append(_quoted(r, mentions.quoted))
    if mentions.listed:
        result.append(_listed(r, mentions.listed))
    result += approximate_note([row.source for row in mentions.quoted]
                               + [row.source for row in mentions.listed])
    return result


VIEW = View("actor", collect, render)
