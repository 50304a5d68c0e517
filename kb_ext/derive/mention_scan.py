"""Every passage scanned once for every actor's names.

Matches (spans, not text) are cached per source by the digest of its
passages as published (their ids and texts, which a sidecar edit can change
while the raw file stays the same) and the matcher's fingerprint, so an
incremental build rescans only what changed and the pickled environment
stays small. The scan also says which sources' matches changed and for
which actors, so that only the pages showing them are collected again
(:mod:`kb_ext.views.registry`).

Matches are kept per actor (the first in each passage), so a page listing
where an actor is named reads only that actor's entries.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..knowledge.caches import Mention, ScannedSource
from ..knowledge.domain import KbDomain
from ..knowledge.records import ActorRecord, PassageRecord
from .mentions import AliasMatcher
from .spellings import DECLINING_LANGUAGES


@dataclass
class MentionsFound:
    scanned: dict[str, ScannedSource] = field(default_factory=dict)
    #: actor id -> ids of the sources naming it
    sources_of: dict[str, set[str]] = field(default_factory=dict)
    #: source id -> actors whose matches in it differ from the last build's
    changed: dict[str, set[str]] = field(default_factory=dict)

    def of_actor(self, actor_id: str) -> dict[str, tuple[Mention, ...]]:
        """source id -> the first match in each passage naming the actor."""
        return {source_id: self.scanned[source_id].mentions[actor_id]
                for source_id in sorted(self.sources_of.get(actor_id, ()))}

    def source_count(self, actor_id: str) -> int:
        return len(self.sources_of.get(actor_id, ()))

    def in_source(self, source_id: str) -> dict[str, int]:
        """actor id -> number of passages of the source naming it."""
        scanned = self.scanned.get(source_id)
        return {a: len(found) for a, found in scanned.mentions.items()} if scanned else {}


def matcher_for(actors: dict[str, ActorRecord]) -> AliasMatcher:
    ordered = sorted(actors.values(), key=lambda a: (a.docname, a.lineno, a.id))
    return _matcher(tuple((a.id, (a.name, *a.aliases)) for a in ordered))


@functools.lru_cache(maxsize=1)
def _matcher(names: tuple[tuple[str, tuple[str, ...]], ...]) -> AliasMatcher:
    # Deriving and the curation report ask for the same actors' matcher in one
    # build; building it (every derived spelling) is most of a second at 1,000 sources.
    return AliasMatcher(dict(names))


def _scan(matcher: AliasMatcher, passage_ids: Iterable[str],
          passages: dict[str, PassageRecord], declined: bool) -> dict[str, tuple[Mention, ...]]:
    """actor id -> its first match in each passage naming it, in passage order."""
    found: dict[str, list[Mention]] = {}
    for passage_id in passage_ids:
        passage = passages.get(passage_id)
        if passage is None:
            continue
        for actor_id, start, end in matcher.find(passage.text, declined):
            spans = found.setdefault(actor_id, [])
            if not spans or spans[-1].passage_id != passage_id:
                spans.append(Mention(passage_id, start, end))
    return {actor_id: tuple(spans) for actor_id, spans in found.items()}


def scan_mentions(domain: KbDomain, matcher: AliasMatcher) -> MentionsFound:
    found = MentionsFound()
    cache = domain.caches.scanned
    fresh: dict[str, ScannedSource] = {}
    passages = domain.passages
    for source_id, source in domain.sources.items():
        # Declined names are looked for in text in a language that declines them.
        declined = (source.meta.language or "").partition("-")[0] in DECLINING_LANGUAGES
        fingerprint = f"{matcher.fingerprint}:{declined}"
        cached = cache.get(source_id)
        digest = source.meta.passages_digest
        if (cached and digest and cached.passages_digest == digest
                and cached.fingerprint == fingerprint):
            scanned = cached
        else:
            matches = _scan(matcher, source.passage_ids, passages, declined)
            scanned = ScannedSource(digest, fingerprint, matches)
            before = cached.mentions if cached else {}
            if before != matches:
                found.changed[source_id] = {a for a in before.keys() | matches.keys()
                                            if before.get(a) != matches.get(a)}
        fresh[source_id] = scanned
        for actor_id in scanned.mentions:
            found.sources_of.setdefault(actor_id, set()).add(source_id)
    for source_id in cache.keys() - fresh.keys():  # sources removed
        found.changed[source_id] = set(cache[source_id].mentions)
    domain.caches.scanned = fresh
    found.scanned = fresh
    return found
