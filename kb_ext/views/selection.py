"""Which objects match a filter (:func:`select`), and the context a
filtered view collects from: the domain and the evidence showing only those
(:class:`NarrowDomain`, :class:`NarrowEvidence`).

Every read goes through the tracked wrappers of :mod:`.tracking`: walking
the sources, claims and events stores and all verified positions means any
edit to them collects a filtered view again, so a new source that matches
appears and one that stops matching leaves.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple, TypeVar

from ..derive.duplicates import Duplicate
from ..knowledge.records import ClaimRecord, EventRecord, PositionRecord, SourceRecord
from .base import Context
from .filters import Filter, in_range

Value = TypeVar("Value")


class Selection(NamedTuple):
    """The ids of each kind that match one filter."""

    sources: frozenset[str]
    claims: frozenset[str]
    actors: frozenset[str]
    events: frozenset[str]
    themes: frozenset[str]
    #: (docname, node id) of the verified positions shown
    positions: frozenset[tuple[str, str]]


def _event_sources(event: EventRecord) -> set[str]:
    return {target.partition("/")[0] for target in event.sources}


def _claim_meets(claim: ClaimRecord, q: Filter) -> bool:
    return ((not q.theme or any(t in claim.themes for t in q.theme))
            and (not q.actor or any(a in claim.actors for a in q.actor))
            and (not q.event or any(e in claim.events for e in q.event))
            and (not q.status or claim.status in q.status))


def _source_meets(source: SourceRecord, q: Filter) -> bool:
    meta = source.meta
    return ((not q.outlet or meta.outlet in q.outlet) and (not q.kind or meta.kind in q.kind)
            and (not q.language or meta.language in q.language)
            and in_range(meta.published, q))


def select(ctx: Context, q: Filter) -> Selection:
    if q.invalid:  # an option with no valid value: nothing can be said to meet it
        return Selection(frozenset(), frozenset(), frozenset(), frozenset(), frozenset(),
                         frozenset())
    domain, evidence = ctx.domain, ctx.evidence
    events = dict(domain.events.items())
    claims_meeting = {c.id for c in domain.claims.values() if _claim_meets(c, q)}
    sources_meeting = {s.meta.id for s in domain.sources.values() if _source_meets(s, q)}
    # Positions: verified, on a claim and from a source meeting the filter, with its stance.
    positions: list[PositionRecord] = [
        p for p in evidence.all_verified() if p.claim_id in claims_meeting
        and p.source_id in sources_meeting and (not q.stance or p.stance in q.stance)]
    by_source = {p.source_id for p in positions}
    # A source also meets a claim-side option directly: by naming the actor, or
    # by being listed in the event's (or a theme's event's) :sources:.
    sources = set(by_source)
    if q.on_claims or q.stance:
        direct: set[str] | None = None
        if not q.stance and not q.status:
            options: list[set[str]] = []
            if q.actor:
                options.append({s for a in q.actor for s in evidence.mentions_of(a)})
            if q.event:
                options.append({s for e in q.event if e in events
                                for s in _event_sources(events[e])})
            if q.theme:
                options.append({s for e in events.values() if set(e.themes) & set(q.theme)
                                for s in _event_sources(e)})
            direct = set.intersection(*options) if options else set()
        sources |= (direct or set()) & sources_meeting
    else:
        sources = sources_meeting
    claims = ({p.claim_id for p in positions} if q.on_sources or q.stance else claims_meeting)
    named = {e for c in claims for e in domain.claims[c].events}
    event_ids = {e.id for e in events.values() if _event_meets(e, q, sources, named)}
    actors = {a for c in claims for a in domain.claims[c].actors}
    actors |= {a for e in event_ids for a in events[e].actors}
    if q.on_sources:  # the actors the matching sources name
        actors |= {a for s in sources for a in evidence.actors_in(s)}
    themes = set(q.theme) if q.theme else (
        {t for c in claims for t in domain.claims[c].themes}
        | {t for e in event_ids for t in events[e].themes})
    return Selection(frozenset(sources), frozenset(claims), frozenset(actors),
                     frozenset(event_ids), frozenset(themes),
                     frozenset((p.docname, p.node_id) for p in positions))


def _event_meets(event: EventRecord, q: Filter, sources: set[str], named: set[str]) -> bool:
    """An event meets an option by its own fields (themes, actors, id, dates);
    a source option by listing a matching source in :sources:; stance and
    status by being named by a matching claim."""
    return ((not q.theme or bool(set(event.themes) & set(q.theme)))
            and (not q.actor or bool(set(event.actors) & set(q.actor)))
            and (not q.event or event.id in q.event)
            and in_range(event.date, q, event.end)
            and (not (q.outlet or q.kind or q.language) or bool(_event_sources(event) & sources))
            and (not (q.stance or q.status) or event.id in named))


class NarrowStore(Mapping[str, Value]):
    """A (tracked) store showing only the ids of a selection."""

    def __init__(self, store: Mapping[str, Value], allowed: frozenset[str]) -> None:
        self._store, self._allowed = store, allowed

    def __getitem__(self, name: str) -> Value:
        if name not in self._allowed:
            raise KeyError(name)
        return self._store[name]

    def __contains__(self, name: object) -> bool:
        return name in self._allowed and name in self._store

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._store if k in self._allowed)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class NarrowDomain:
    """The domain's stores as the selection shows them."""

    def __init__(self, ctx: Context, chosen: Selection) -> None:
        domain = ctx.domain
        self.sources = NarrowStore(domain.sources, chosen.sources)
        self.passages = domain.passages
        self.actors = NarrowStore(domain.actors, chosen.actors)
        self.themes = NarrowStore(domain.themes, chosen.themes)
        self.claims = NarrowStore(domain.claims, chosen.claims)
        self.events = NarrowStore(domain.events, chosen.events)
        self.positions = {k: v for k, v in domain.positions.items() if k in chosen.positions}


class NarrowEvidence:
    """The evidence's answers, limited to the selection's objects and positions."""

    def __init__(self, ctx: Context, chosen: Selection) -> None:
        self._evidence, self._chosen = ctx.evidence, chosen

    def _shown(self, positions: list[PositionRecord]) -> list[PositionRecord]:
        return [p for p in positions if (p.docname, p.node_id) in self._chosen.positions]

    def is_verified(self, position: PositionRecord) -> bool:
        return self._evidence.is_verified(position)

    def positions(self, claim_id: str) -> list[PositionRecord]:
        return [p for p in self._evidence.positions(claim_id)
                if p.source_id in self._chosen.sources]

    def verified(self, claim_id: str) -> list[PositionRecord]:
        return self._shown(self._evidence.verified(claim_id))

    def all_verified(self) -> list[PositionRecord]:
        return self._shown(self._evidence.all_verified())

    def citing(self, passage_id: str) -> list[PositionRecord]:
        return self._shown(self._evidence.citing(passage_id))

    def duplicates_of(self, source_id: str) -> list[Duplicate]:
        # Every copy: a pair is only ever made of chosen sources anyway.
        return self._evidence.duplicates_of(source_id)

    def mentions_of(self, actor_id: str) -> dict[str, Any]:
        return {s: m for s, m in self._evidence.mentions_of(actor_id).items()
                if s in self._chosen.sources}

    def sources_naming(self, actor_id: str) -> int:
        return len(self.mentions_of(actor_id))

    def actors_in(self, source_id: str) -> dict[str, int]:
        return {a: n for a, n in self._evidence.actors_in(source_id).items()
                if a in self._chosen.actors}

    def linked(self, objtype: str, object_id: str, reverse: str) -> list[str]:
        store = getattr(self._chosen, reverse, None)
        found = self._evidence.linked(objtype, object_id, reverse)
        return [i for i in found if store is None or i in store]
