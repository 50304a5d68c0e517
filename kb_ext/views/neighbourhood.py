"""An object's neighbourhood: the claims, sources, actors, events and themes
linked to one actor, claim, source or event, drawn on its own page as a small
picture (:mod:`.neighbourhood_svg`) with a list as its text alternative.

Each kind of neighbour is capped at :data:`MAX_PER_KIND`, most linked first,
and the rest counted ("and 4 more"): the page's own lists (claims, sources,
events) name them all.

What links to what:
- an actor: the claims and events naming it, the sources naming it (most
  passages first) and the themes of its claims;
- a claim: the sources taking verified positions on it (with their stance),
  the actors, themes and events it names;
- a source: the claims it takes verified positions on (with the stance), the
  actors it names (most passages first), and the themes and events of those
  claims;
- an event: the claims naming it, the sources it lists, its actors and themes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from docutils import nodes

from ..compact import link_rows
from ..compact_parts import RowPart
from ..knowledge.records import STANCES, ClaimRecord
from ..nodes import kb_details, kb_summary
from .base import Context, View
from .neighbourhood_rows import Group, Neighbour, Neighbourhood
from .neighbourhood_svg import render_svg
from .pictures import picture
from .render import Renderer

MAX_PER_KIND = 6
#: the order groups are drawn and listed in
KINDS = ("claim", "source", "actor", "event", "theme")
PLURAL = {"claim": "Claims", "source": "Sources", "actor": "Actors", "event": "Events",
          "theme": "Themes"}


def _group(kind: str, ranked: Iterable[Neighbour]) -> Group:
    found = list(ranked)
    return Group(kind, tuple(found[:MAX_PER_KIND]), max(len(found) - MAX_PER_KIND, 0))


def _by_weight(weights: Counter[str]) -> list[str]:
    return sorted(weights, key=lambda k: (-weights[k], k))


class _Nodes:
    """Neighbour rows for ids, read through the tracked stores."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def claim(self, claim: ClaimRecord, stance: str = "") -> Neighbour:
        return Neighbour("claim", claim.id, claim.statement, claim.docname, claim.node_id,
                         stance, claim.status)

    def many(self, kind: str, ids: Iterable[str]) -> list[Neighbour]:
        store = getattr(self.ctx.domain, f"{kind}s")
        found = []
        for object_id in ids:
            record = store.get(object_id)
            if record is None:
                continue
            if kind == "source":
                label = f"{record.meta.outlet} ({record.meta.date_label})"
            else:
                label = getattr(record, "name" if kind == "actor" else "title")
            found.append(Neighbour(kind, object_id, label, record.docname, record.node_id))
        return found


def _themes_of(claims: Iterable[ClaimRecord], extra: Iterable[str] = ()) -> Counter[str]:
    weights: Counter[str] = Counter(extra)
    for claim in claims:
        weights.update(dict.fromkeys(claim.themes, 1))
    return weights


def _actor(ctx: Context, actor_id: str) -> Neighbourhood | None:
    domain, evidence = ctx.domain, ctx.evidence
    actor = domain.actors.get(actor_id)
    if actor is None:
        return None
    make = _Nodes(ctx)
    claims = [domain.claims[c] for c in evidence.linked("actor", actor_id, "claims")
              if c in domain.claims]
    weight = {c.id: len(evidence.verified(c.id)) for c in claims}
    claims.sort(key=lambda c: (-weight[c.id], c.statement, c.id))
    events = make.many("event", evidence.linked("actor", actor_id, "events"))
    mentions = evidence.mentions_of(actor_id)
    sources = _by_weight(Counter({s: len(passages) for s, passages in mentions.items()}))
    return Neighbourhood(
        Neighbour("actor", actor_id, actor.name, actor.docname, actor.node_id),
        (_group("claim", (make.claim(c) for c in claims)),
         _group("source", make.many("source", sources)),
         _group("event", events),
         _group("theme", make.many("theme", _by_weight(_themes_of(claims))))))


def _stances(positions: Iterable[tuple[str, str]]) -> dict[str, str]:
    """id -> its stances, in the order of STANCES, joined ("supports, disputes")."""
    found: dict[str, set[str]] = {}
    for object_id, stance in positions:
        found.setdefault(object_id, set()).add(stance)
    return {k: ", ".join(s for s in STANCES if s in v) for k, v in found.items()}


def _claim(ctx: Context, claim_id: str) -> Neighbourhood | None:
    domain, evidence = ctx.domain, ctx.evidence
    claim = domain.claims.get(claim_id)
    if claim is None:
        return None
    make = _Nodes(ctx)
    verified = evidence.verified(claim_id)
    stances = _stances((p.source_id, p.stance) for p in verified)
    counts = Counter(p.source_id for p in verified)
    sources = [n._replace(stance=stances[n.id])
               for n in make.many("source", _by_weight(counts))]
    return Neighbourhood(
        make.claim(claim),
        (_group("source", sources),
         _group("actor", make.many("actor", dict.fromkeys(claim.actors))),
         _group("event", make.many("event", dict.fromkeys(claim.events))),
         _group("theme", make.many("theme", dict.fromkeys(claim.themes)))))


def _source(ctx: Context, source_id: str) -> Neighbourhood | None:
    domain, evidence = ctx.domain, ctx.evidence
    source = domain.sources.get(source_id)
    if source is None:
        return None
    make = _Nodes(ctx)
    positions = [p for passage in source.passage_ids for p in evidence.citing(passage)
                 if p.claim_id in domain.claims and evidence.is_verified(p)]
    stances = _stances((p.claim_id, p.stance) for p in positions)
    counts = Counter(p.claim_id for p in positions)
    claims = [domain.claims[c] for c in _by_weight(counts)]
    actors = _by_weight(Counter(evidence.actors_in(source_id)))
    events = _by_weight(Counter(e for c in claims for e in dict.fromkeys(c.events)))
    meta = source.meta
    return Neighbourhood(
        Neighbour("source", source_id, f"{meta.outlet} ({meta.date_label})", source.docname,
                  source.node_id),
        (_group("claim", (make.claim(c, stances[c.id]) for c in claims)),
         _group("actor", make.many("actor", actors)),
         _group("event", make.many("event", events)),
         _group("theme", make.many("theme", _by_weight(_themes_of(claims))))))


def _event(ctx: Context, event_id: str) -> Neighbourhood | None:
    domain, evidence = ctx.domain, ctx.evidence
    event = domain.events.get(event_id)
    if event is None:
        return None
    make = _Nodes(ctx)
    claims = sorted((domain.claims[c] for c in evidence.linked("event", event_id, "claims")
                     if c in domain.claims), key=lambda c: (c.statement, c.id))
    sources = dict.fromkeys(target.partition("/")[0] for target in event.sources)
    return Neighbourhood(
        Neighbour("event", event_id, event.title, event.docname, event.node_id),
        (_group("claim", (make.claim(c) for c in claims)),
         _group("source", make.many("source", sources)),
         _group("actor", make.many("actor", dict.fromkeys(event.actors))),
         _group("theme", make.many("theme", dict.fromkeys(event.themes)))))


COLLECTORS = {"actor": _actor, "claim": _claim, "source": _source, "event": _event}


def argument(kind: str, object_id: str) -> str:
    return f"{kind}:{object_id}"


def collect(ctx: Context, argument: str) -> Neighbourhood | None:
    kind, _, object_id = argument.partition(":")
    found = COLLECTORS[kind](ctx, object_id)
    if found is None:
        return None
    groups = tuple(g for g in found.groups if g.shown)
    return found._replace(groups=tuple(sorted(groups, key=lambda g: KINDS.index(g.kind))))


def neighbourhood_list(r: Renderer, data: Neighbourhood) -> nodes.Element:
    rows: list[Sequence[RowPart]] = []
    for group in data.groups:
        row: list[RowPart] = [f"{PLURAL[group.kind]}: "]
        for index, neighbour in enumerate(group.shown):
            if index:
                row.append("; ")
            row.append(r.row_link(neighbour.docname, neighbour.node_id, neighbour.label))
            if neighbour.stance:
                row.append(f" ({neighbour.stance})")
        if group.more:
            row.append(f"; and {group.more} more")
        rows.append(row)
    # A compact list (the markup docutils writes, from data: no nodes per link on
    # every object page), kept out of the search index: it names what the page's
    # own sections name, and would file every page under its neighbours' names.
    return r.compact(link_rows(rows, ["kb-neighbourhood-list"], searchable=False))


def render(r: Renderer, data: Neighbourhood | None, _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    if data is None or not data.groups:
        return []
    details = kb_details(classes=["kb-visual-text"])
    details += kb_summary("", "The neighbourhood as a list")
    details += neighbourhood_list(r, data)
    heading = nodes.rubric("", "Neighbourhood", classes=["kb-backlinks-heading"])
    return [heading, *picture("neighbourhood", render_svg(data, r), [details])]


VIEW = View("neighbourhood", collect, render, wrapped=False)
