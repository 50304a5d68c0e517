"""The evidence view: what the whole domain implies, computed once after
reading and read by every output (pages, pictures, tooltips, exports).

A position counts as evidence only if its quote was found in the cited
passage, or in the only passage of its source that holds it (where it then
links), and its stance is a known one; :class:`Evidence` keeps one set of
those and every reader asks it, so no output can show an unverified quote as
evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import warn
from ..knowledge.caches import Mention, QuoteKey
from ..knowledge.domain import KbDomain
from ..knowledge.quoting import quote_counts
from ..knowledge.records import STANCES, PositionRecord, SourceRecord
from .duplicates import Duplicate, DuplicateIndex, find_duplicates, hashes_of
from .links import ReverseLinks, reverse_links
from .mention_scan import MentionsFound, matcher_for, scan_mentions
from .quotes import Checked, check_position, joins

MAX_SNIPPETS_PER_SOURCE = 3


def source_sort_key(record: SourceRecord) -> tuple[str, str]:
    """Oldest first, undated last."""
    return (record.meta.published or "9999", record.meta.id)


@dataclass
class Evidence:
    mentions: MentionsFound
    #: claim id -> every position on it, oldest source first
    positions_by_claim: dict[str, list[PositionRecord]] = field(default_factory=dict)
    #: passage id -> every position citing it
    positions_by_passage: dict[str, list[PositionRecord]] = field(default_factory=dict)
    #: source id -> ids of the claims with a position citing it
    claims_citing: dict[str, set[str]] = field(default_factory=dict)
    #: (docname, node id) of every position whose quote is in its passage
    verified_keys: frozenset[tuple[str, str]] = frozenset()
    #: (docname, node id) -> the passage (``p<N>``) that holds the quote of a
    #: position citing another one; the position counts, and links, there
    moved: dict[tuple[str, str], str] = field(default_factory=dict)
    links: ReverseLinks = field(default_factory=ReverseLinks)
    #: docname -> [(objtype, id)] of sources and claims, for per-page JSON-LD
    objects_by_doc: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: sources that are the same text as others (:mod:`.duplicates`)
    duplicates: DuplicateIndex = field(default_factory=lambda: DuplicateIndex({}, {}))

    def duplicates_of(self, source_id: str) -> list[Duplicate]:
        """The sources that are the same text as ``source_id``, most shared first."""
        return self.duplicates.of(source_id)

    def is_verified(self, position: PositionRecord) -> bool:
        return (position.docname, position.node_id) in self.verified_keys

    def positions(self, claim_id: str) -> list[PositionRecord]:
        """Every position on a claim, verified or not, oldest source first."""
        return self.positions_by_claim.get(claim_id, [])

    def citing(self, passage_id: str) -> list[PositionRecord]:
        """Every position citing a passage, verified or not."""
        return self.positions_by_passage.get(passage_id, [])

    def mentions_of(self, actor_id: str) -> dict[str, tuple[Mention, ...]]:
        """source id -> the first match in each of its passages naming the actor."""
        return self.mentions.of_actor(actor_id)

    def sources_naming(self, actor_id: str) -> int:
        return self.mentions.source_count(actor_id)

    def actors_in(self, source_id: str) -> dict[str, int]:
        """actor id -> number of the source's passages naming it."""
        return self.mentions.in_source(source_id)

    def mentions_in(self, source_id: str) -> dict[str, tuple[Mention, ...]]:
        """actor id -> its first match in each of the source's passages naming it."""
        scanned = self.mentions.scanned.get(source_id)
        return scanned.mentions if scanned else {}

    def linked(self, objtype: str, object_id: str, reverse: str) -> list[str]:
        """Ids of the objects linking to ``object_id`` as ``reverse``."""
        return self.links.of(objtype, object_id, reverse)

    def verified(self, claim_id: str) -> list[PositionRecord]:
        """The positions on a claim that count as evidence, oldest source first."""
        return [p for p in self.positions_by_claim.get(claim_id, ()) if self.is_verified(p)]

    def all_verified(self) -> list[PositionRecord]:
        return [p for positions in self.positions_by_claim.values() for p in positions
                if self.is_verified(p)]


def _verify(domain: KbDomain, positions: list[PositionRecord]
            ) -> tuple[frozenset[tuple[str, str]], dict[tuple[str, str], str]]:
    """Check every position; quotes found last build in the same passages
    (same ids and texts) need not be searched again. Failures and quotes
    found in another passage than cited are not cached, so their warnings
    repeat until fixed; a quote too short to count
    (:mod:`kb_ext.knowledge.quoting`) never verifies, whatever the cache
    holds, nor does a position whose stance is not one of :data:`STANCES`
    (the directive warned)."""
    caches = domain.caches
    sources = domain.sources
    still_verified: set[QuoteKey] = set()
    verified: set[tuple[str, str]] = set()
    moved: dict[tuple[str, str], str] = {}
    for position in positions:
        source = sources.get(position.source_id)
        digest = source.meta.passages_digest if source else ""
        passage = domain.passages.get(f"{position.source_id}/{position.passage}")
        # The texts' digest, and whether the passage joins its neighbours: a
        # quote across two passages holds only while the removed line between does.
        joined = joins(source, domain.passages, passage) if source and passage else (False, False)
        key = (position.source_id, position.passage, position.quote, digest, joined)
        cached = bool(digest) and key in caches.verified_quotes and quote_counts(position.quote)
        checked = Checked(True) if cached else check_position(domain, position)
        if not checked.verified:
            continue
        if checked.moved_to:
            moved[position.docname, position.node_id] = checked.moved_to
        else:
            still_verified.add(key)
        if position.stance in STANCES:
            verified.add((position.docname, position.node_id))
    caches.verified_quotes = still_verified
    return frozenset(verified), moved


def derive(domain: KbDomain, *, mentions: bool = True) -> Evidence:
    """Everything derived from the domain after reading. ``mentions=False``
    leaves out the mention scan, which warns nothing (the ``kbcheck``
    builder, which writes no page that shows mentions)."""
    matcher = matcher_for(domain.actors)
    for collision in matcher.collisions:
        actor = domain.actors[collision.dropped_from]
        warn("alias", f"alias {collision.alias!r} of actor {collision.dropped_from!r} is already "
             f"an alias of {collision.kept_by!r}; it is only matched for {collision.kept_by!r}",
             location=(actor.docname, actor.lineno))
    evidence = Evidence(mentions=scan_mentions(domain, matcher) if mentions else MentionsFound())
    positions = sorted(domain.counted_positions(), key=lambda p: (p.claim_id, p.node_id))
    evidence.verified_keys, evidence.moved = _verify(domain, positions)
    # A quote found only in another passage counts there: every output sees
    # the passage that holds it.
    positions = [p._replace(passage=evidence.moved[p.docname, p.node_id])
                 if (p.docname, p.node_id) in evidence.moved else p for p in positions]
    for position in positions:
        evidence.positions_by_claim.setdefault(position.claim_id, []).append(position)
        passage_id = f"{position.source_id}/{position.passage}"
        evidence.positions_by_passage.setdefault(passage_id, []).append(position)
        evidence.claims_citing.setdefault(position.source_id, set()).add(position.claim_id)
    sources = domain.sources
    for claim_positions in evidence.positions_by_claim.values():
        claim_positions.sort(key=lambda p: (
            source_sort_key(sources[p.source_id]) if p.source_id in sources else ("9999", ""),
            p.node_id))
    evidence.links = reverse_links(domain.stores())
    hashes, domain.caches.hashed = hashes_of(domain.sources, domain.passages,
                                             domain.caches.hashed)
    evidence.duplicates = find_duplicates(domain.sources, domain.passages, hashes)
    # The pages whose JSON-LD (outputs/jsonld.py) names these objects.
    for objtype, records in (("source", domain.sources), ("claim", domain.claims),
                             ("actor", domain.actors)):
        for object_id, record in records.items():
            evidence.objects_by_doc.setdefault(record.docname, []).append((objtype, object_id))
    return evidence
