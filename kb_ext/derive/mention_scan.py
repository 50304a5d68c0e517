"""Every passage scanned once for every actor's names.

Matches (spans, not text) are cached per source by the raw file's hash and
the matcher's fingerprint, so an incremental build rescans only what changed
and the pickled environment stays small. The scan also says which sources'
matches changed and for which actors, so that only the pages showing them
are collected again (:mod:`kb_ext.views.registry`).

Per-actor lists are made only when a page asks for them: an edit at 10,000
sources re-reads a handful of actors' mentions, not all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..knowledge.caches import Mention, ScannedSource
from ..knowledge.domain import KbDomain
from ..knowledge.records import ActorRecord, PassageRecord
from .mentions import AliasMatcher
from .spellings import DECLINING_LANGUAGES


class PassageMention(NamedTuple):
    """The first match of an actor in one passage."""

    anchor: str
    passage_id: str
    start: int
    end: int


def first_per_passage(mentions: Iterable[Mention], actor_id: str,
                      passages: dict[str, PassageRecord]) -> list[PassageMention]:
    """The actor's first match in each passage, in passage order."""
    found: list[PassageMention] = []
    for mention in mentions:
        if mention.actor_id == actor_id and (not found
                                             or found[-1].passage_id != mention.passage_id):
            found.append(PassageMention(passages[mention.passage_id].node_id,
                                        mention.passage_id, mention.start, mention.end))
    return found


@dataclass
class MentionsFound:
    scanned: dict[str, ScannedSource] = field(default_factory=dict)
    passages: dict[str, PassageRecord] = field(default_factory=dict)
    #: actor id -> ids of the sources naming it
    sources_of: dict[str, set[str]] = field(default_factory=dict)
    #: source id -> actors whose matches in it differ from the last build's
    changed: dict[str, set[str]] = field(default_factory=dict)

    def of_actor(self, actor_id: str) -> dict[str, list[PassageMention]]:
        """source id -> the passages naming the actor, in order."""
        return {source_id: first_per_passage(self.scanned[source_id].mentions, actor_id,
                                             self.passages)
                for source_id in sorted(self.sources_of.get(actor_id, ()))}

    def source_count(self, actor_id: str) -> int:
        return len(self.sources_of.get(actor_id, ()))

    def in_source(self, source_id: str) -> dict[str, int]:
        """actor id -> number of passages of the source naming it."""
        counts: dict[str, int] = {}
        last: dict[str, str] = {}
        scanned = self.scanned.get(source_id)
        for mention in scanned.mentions if scanned else ():
            if last.get(mention.actor_id) != mention.passage_id:
                last[mention.actor_id] = mention.passage_id
                counts[mention.actor_id] = counts.get(mention.actor_id, 0) + 1
        return counts


def matcher_for(actors: dict[str, ActorRecord]) -> AliasMatcher:
    ordered = sorted(actors.values(), key=lambda a: (a.docname, a.lineno, a.id))
    return AliasMatcher({a.id: (a.name, *a.aliases) for a in ordered})


def _actors(mentions: Iterable[Mention]) -> set[str]:
    return {mention.actor_id for mention in mentions}


def scan_mentions(domain: KbDomain, matcher: AliasMatcher) -> MentionsFound:
    found = MentionsFound(passages=domain.passages)
    cache = domain.caches.scanned
    fresh: dict[str, ScannedSource] = {}
    passages = domain.passages
    for source_id, source in domain.sources.items():
        # Declined names are looked for in text in a language that declines them.
        declined = (source.meta.language or "").partition("-")[0] in DECLINING_LANGUAGES
        fingerprint = f"{matcher.fingerprint}:{declined}"
        cached = cache.get(source_id)
        if cached and cached.sha256 == source.meta.sha256 and cached.fingerprint == fingerprint:
            scanned = cached
        else:
            matches = tuple(
                Mention(actor_id, passage_id, start, end)
                for passage_id in source.passage_ids if passage_id in passages
                for actor_id, start, end in matcher.find(passages[passage_id].text, declined))
            scanned = ScannedSource(source.meta.sha256, fingerprint, matches)
            if cached is None or cached.mentions != matches:
                before = cached.mentions if cached else ()
                found.changed[source_id] = _actors(before) | _actors(matches)
        fresh[source_id] = scanned
        for actor_id in _actors(scanned.mentions):
            found.sources_of.setdefault(actor_id, set()).add(source_id)
    for source_id in cache.keys() - fresh.keys():  # sources removed
        found.changed[source_id] = _actors(cache[source_id].mentions)
    domain.caches.scanned = fresh
    found.scanned = fresh
    return found
