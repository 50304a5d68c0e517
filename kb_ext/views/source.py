"""A source page's generated parts: which claims cite each passage, and the
actors the article names."""

from __future__ import annotations

from typing import NamedTuple

from docutils import nodes

from ..compact import RowPart, Span, link_rows
from ..knowledge.records import STANCES
from .base import Context, View
from .render import Renderer


class Citation(NamedTuple):
    statement: str
    docname: str
    position_id: str
    stance: str
    stance_label: str


class ActorMentioned(NamedTuple):
    name: str
    id: str
    docname: str
    node_id: str
    passages: int
    aliases: tuple[str, ...]


class SourceSections(NamedTuple):
    actors: list[ActorMentioned]
    #: passage anchor -> the verified positions citing it
    cited: dict[str, list[Citation]]


def collect(ctx: Context, source_id: str) -> SourceSections:
    domain, evidence = ctx.domain, ctx.evidence
    source = domain.sources.get(source_id)
    counts = evidence.actors_in(source_id)
    actors = sorted(ActorMentioned(domain.actors[a].name, a, domain.actors[a].docname,
                                   domain.actors[a].node_id, n, domain.actors[a].aliases)
                    for a, n in counts.items() if a in domain.actors)
    cited: dict[str, list[Citation]] = {}
    for passage_id in source.passage_ids if source else ():
        for position in evidence.citing(passage_id):
            claim = domain.claims.get(position.claim_id)
            if claim is None or not evidence.is_verified(position):
                continue
            anchor = domain.passages[passage_id].node_id
            cited.setdefault(anchor, []).append(Citation(
                claim.statement, claim.docname, position.node_id, position.stance,
                STANCES[position.stance]))
    return SourceSections(actors, {k: sorted(v) for k, v in sorted(cited.items())})


def _cited_by(r: Renderer, data: SourceSections, doctree: nodes.document) -> None:
    passages = {node["ids"][0]: node for node in doctree.findall(nodes.paragraph)
                if "kb-passage" in node["classes"] and node["ids"]} if data.cited else {}
    for anchor, citations in data.cited.items():
        paragraph = passages.get(anchor)
        if paragraph is None:
            continue
        note = nodes.inline(classes=["kb-cited-by"])
        note += nodes.Text(" Cited by: ")
        for index, citation in enumerate(citations):
            if index:
                note += nodes.Text("; ")
            note += r.stance(citation.stance)
            note += nodes.Text(" ")
            note += r.link(citation.docname, citation.position_id, citation.statement,
                           classes=["kb-claim-link"])
        paragraph += note


def render(r: Renderer, data: SourceSections, _argument: str, doctree: nodes.document
           ) -> list[nodes.Node]:
    _cited_by(r, data, doctree)
    if not data.actors:
        return []
    # Aliases are shown (not hidden) so that searching any spelling finds
    # every source mentioning the actor, whatever spelling the source uses.
    rows: list[list[RowPart]] = []
    for actor in data.actors:
        count = actor.passages
        row: list[RowPart] = [
            r.row_link(actor.docname, actor.node_id, actor.name, "",
                       f"mentioned in {count} passages"),
            f" ({count} passage{'s' if count != 1 else ''})"]
        if actor.aliases:
            row.append(Span(" also written " + "; ".join(actor.aliases), "kb-aliases"))
        rows.append(row)
    return [r.rubric("Actors mentioned"),
            r.compact(link_rows(list(rows), ["kb-actors-mentioned"], searchable=True))]


VIEW = View("source", collect, render)
