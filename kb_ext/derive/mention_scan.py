"""Every passage scanned once for every actor's names.

Matches (spans, not text) are cached per source by the raw file's hash and
the matcher's fingerprint, so an incremental build rescans only what changed
and the pickled environment stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..knowledge.caches import Mention, ScannedSource
from ..knowledge.domain import KbDomain
from ..knowledge.records import ActorRecord
from .mentions import AliasMatcher
from .spellings import DECLINING_LANGUAGES


class PassageMention(NamedTuple):
    """The first match of an actor in one passage."""

    anchor: str
    passage_id: str
    start: int
    end: int


@dataclass
class MentionsFound:
    #: actor id -> source id -> the passages naming the actor, in order
    by_actor: dict[str, dict[str, list[PassageMention]]] = field(default_factory=dict)
    #: source id -> {actor id: number of passages naming it}
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)


def matcher_for(actors: dict[str, ActorRecord]) -> AliasMatcher:
    ordered = sorted(actors.values(), key=lambda a: (a.docname, a.lineno, a.id))
    return AliasMatcher({a.id: (a.name, *a.aliases) for a in ordered})


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
        if cached and cached.sha256 == source.meta.sha256 and cached.fingerprint == fingerprint:
            matches = cached.mentions
        else:
            matches = tuple(
                Mention(actor_id, passage_id, start, end)
                for passage_id in source.passage_ids if passage_id in passages
                for actor_id, start, end in matcher.find(passages[passage_id].text, declined))
        fresh[source_id] = ScannedSource(source.meta.sha256, fingerprint, matches)
        counts: dict[str, int] = {}
        for mention in matches:
            by_source = found.by_actor.setdefault(mention.actor_id, {}).setdefault(source_id, [])
            if not by_source or by_source[-1].passage_id != mention.passage_id:
                anchor = passages[mention.passage_id].node_id
                by_source.append(PassageMention(anchor, mention.passage_id, mention.start,
                                                mention.end))
                counts[mention.actor_id] = counts.get(mention.actor_id, 0) + 1
        found.by_source[source_id] = counts
    domain.caches.scanned = fresh
    return found
