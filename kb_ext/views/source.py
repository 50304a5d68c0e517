"""A source page's generated parts: which claims cite each passage, and the
actors the article names, in the spellings it uses."""

from __future__ import annotations

from typing import NamedTuple

from docutils import nodes

from ..compact import Item, link_rows
from ..compact_parts import RowPart, Span
from ..knowledge.records import STANCES
from .agreement import SourceAgreement, source_pairs
from .base import Context, View
from .render import Renderer
from .rows import ObjectLink


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
    #: every alias, for the search index only: a search for any spelling finds
    #: the source, whichever one it uses
    aliases: tuple[str, ...]
    #: how this article writes the name (its first match in each passage), in
    #: order of first use
    spellings: tuple[str, ...]


class SameText(NamedTuple):
    title: str
    docname: str
    shared: int
    shorter: int


class SourceSections(NamedTuple):
    actors: list[ActorMentioned]
    #: passage anchor -> the verified positions citing it
    cited: dict[str, list[Citation]]
    #: the sources whose passages are the same text as this one's
    same_text: tuple[SameText, ...] = ()
    agreement: SourceAgreement = SourceAgreement((), ())


def _spellings(ctx: Context, source_id: str) -> dict[str, tuple[str, ...]]:
    """actor id -> the spellings the source uses, in order of first use."""
    passages = ctx.domain.passages
    found: dict[str, tuple[str, ...]] = {}
    for actor_id, mentions in ctx.evidence.mentions_in(source_id).items():
        # One of each, whatever its case ("the West", "The West" at a sentence's start).
        first: dict[str, str] = {}
        for mention in mentions:
            passage = passages.get(mention.passage_id)
            if passage is None:
                continue
            # The matched words as the article writes them.
            word = " ".join(passage.text[mention.start:mention.end].split())
            first.setdefault(word.casefold(), word)
        found[actor_id] = tuple(first.values())
    return found


def collect(ctx: Context, source_id: str) -> SourceSections:
    domain, evidence = ctx.domain, ctx.evidence
    source = domain.sources.get(source_id)
    counts = evidence.actors_in(source_id)
    spellings = _spellings(ctx, source_id) if counts else {}
    actors = sorted(ActorMentioned(domain.actors[a].name, a, domain.actors[a].docname,
                                   domain.actors[a].node_id, n, domain.actors[a].aliases,
                                   spellings.get(a, ()))
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
    same_text = tuple(SameText(domain.sources[d.source_id].meta.title,
                               domain.sources[d.source_id].docname, d.shared, d.shorter)
                      for d in evidence.duplicates_of(source_id) if d.source_id in domain.sources)
    return SourceSections(actors, {k: sorted(v) for k, v in sorted(cited.items())}, same_text,
                          source_pairs(ctx, source_id))


def _same_text(r: Renderer, data: SourceSections) -> list[nodes.Node]:
    if not data.same_text:
        return []
    paragraph = nodes.paragraph(classes=["kb-same-text"])
    paragraph += nodes.Text("Same text as: ")
    for index, other in enumerate(data.same_text):
        if index:
            paragraph += nodes.Text("; ")
        paragraph += r.link(other.docname, "", other.title, classes=["kb-source-link"])
        paragraph += nodes.Text(f" ({other.shared} of {other.shorter} passages, "
                                f"{round(100 * other.shared / other.shorter)} %)")
    return [paragraph]


def _claim_parts(r: Renderer, label: str, claims: tuple[ObjectLink, ...]
                 ) -> tuple[str, list[RowPart]]:
    parts: list[RowPart] = [f"{label} ({len(claims)}): "]
    for index, claim in enumerate(claims):
        if index:
            parts.append("; ")
        parts.append(r.row_link(claim.docname, claim.node_id, claim.name, "kb-claim-link"))
    return "kb-agreement-claims", parts


def _agreement(r: Renderer, data: SourceSections) -> list[nodes.Node]:
    # Compact lists (the markup docutils writes for the nested paragraphs, from
    # data): ten sources and their claims on every source page.
    found: list[nodes.Node] = []
    for label, pairs in (("Agrees most with", data.agreement.agrees),
                         ("Disagrees most with", data.agreement.disagrees)):
        if not pairs:
            continue
        rows: list[Item] = []
        for pair in pairs:
            paragraphs = [("", [r.row_link(pair.other.docname, "", pair.other.name,
                                           "kb-source-link"),
                                f": agree on {len(pair.agreed)}, disagree on "
                                f"{len(pair.disagreed)}"])]
            if pair.agreed:
                paragraphs.append(_claim_parts(r, "Agree on", pair.agreed))
            if pair.disagreed:
                paragraphs.append(_claim_parts(r, "Disagree on", pair.disagreed))
            rows.append(Item(tuple(paragraphs)))
        found += [r.rubric(label),
                  r.compact(link_rows(rows, ["kb-agreement-sources"], searchable=True))]
    return found


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
    extra = [*_same_text(r, data), *_agreement(r, data)]
    if not data.actors:
        return extra
    # The reader sees the spellings this article uses; the search index gets
    # every alias too, so searching any spelling finds every source naming the
    # actor, whatever spelling the source uses.
    rows: list[list[RowPart]] = []
    words: list[str] = []
    for actor in data.actors:
        count = actor.passages
        row: list[RowPart] = [
            r.row_link(actor.docname, actor.node_id, actor.name, "",
                       f"mentioned in {count} passages"),
            f" ({count} passage{'s' if count != 1 else ''})"]
        if [s.casefold() for s in actor.spellings] != [actor.name.casefold()]:
            row.append(Span(" written here as " + "; ".join(actor.spellings), "kb-spellings"))
        rows.append(row)
        words.append(" ".join([actor.name, *actor.spellings, *actor.aliases]))
    listing = link_rows(list(rows), ["kb-actors-mentioned"], searchable=False)
    listing += nodes.Text("\n".join(words))  # the HTML writer skips it; the indexer reads it
    return [r.rubric("Actors mentioned"), r.compact(listing), *extra]


VIEW = View("source", collect, render)
