"""Near-duplicate sources: articles whose passages are the same text
(syndicated wire copy, a page saved twice under two names).

Each passage's text is normalised (:func:`kb_ext.normalize.fold`: case,
accents, quotes, dashes, spacing) and hashed; an index hash -> sources gives
every pair sharing a passage in one pass over the corpus. Two sources are
duplicates when the passages they share are at least half of the shorter
one's hashed passages and either at least :data:`MIN_SHARED` passages or all
of a shorter one. Passages under :data:`MIN_WORDS` words (bylines, "Read
more") are not hashed, and a text held by more than :data:`MAX_HOLDERS`
sources is boilerplate, not syndication, so it pairs nobody (this also keeps
the pass linear).

Each source's hashes are kept between builds by the digest of its passages
as published (:attr:`.SourceMeta.passages_digest`), so an edit hashes only
the passages of the sources it changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from ..knowledge.records import PassageRecord, SourceRecord
from ..normalize import fold

MIN_WORDS = 8
MIN_SHARED = 3
MAX_HOLDERS = 50


class Duplicate(NamedTuple):
    """One source found to be the same text as another."""

    source_id: str
    #: passages of the pair's shorter source that the other holds too
    shared: int
    #: hashed passages of the shorter source of the pair
    shorter: int

    @property
    def share(self) -> float:
        return self.shared / self.shorter if self.shorter else 0.0


def passage_hash(text: str) -> str | None:
    """The hash of a passage's normalised text; None for one too short to count."""
    words = fold(text).split()
    if len(words) < MIN_WORDS:
        return None
    return hashlib.blake2b(" ".join(words).encode(), digest_size=12).hexdigest()


def source_hashes(source: SourceRecord, passages: Mapping[str, PassageRecord]
                  ) -> frozenset[str]:
    found = set()
    for passage_id in source.passage_ids:
        passage = passages.get(passage_id)
        digest = passage_hash(passage.text) if passage else None
        if digest:
            found.add(digest)
    return frozenset(found)


#: source id -> (passages digest, its passage hashes), as kept between builds
Hashed = dict[str, tuple[str, frozenset[str]]]


def hashes_of(sources: Mapping[str, SourceRecord], passages: Mapping[str, PassageRecord],
              kept: Hashed) -> tuple[dict[str, frozenset[str]], Hashed]:
    """Every source's passage hashes, reused from ``kept`` where its passages
    digest is the same; and what to keep for the next build."""
    hashes: dict[str, frozenset[str]] = {}
    fresh: Hashed = {}
    for source_id, record in sources.items():
        digest = record.meta.passages_digest
        entry = kept.get(source_id)
        if not (digest and entry and entry[0] == digest):
            entry = (digest, source_hashes(record, passages))
        fresh[source_id] = entry
        hashes[source_id] = entry[1]
    return hashes, fresh


class DuplicateIndex(NamedTuple):
    #: source id -> its duplicates, most shared first
    by_source: dict[str, list[Duplicate]]
    #: passage hash -> the sources holding it (for invalidation after an edit)
    holders: dict[str, set[str]]

    def of(self, source_id: str) -> list[Duplicate]:
        return self.by_source.get(source_id, [])

    def sharing(self, hashes: Iterable[str]) -> set[str]:
        """The sources holding any of these passage hashes."""
        found: set[str] = set()
        for digest in hashes:
            found |= self.holders.get(digest, set())
        return found


def is_duplicate(shared: int, shorter: int) -> bool:
    return shorter > 0 and 2 * shared >= shorter and (shared >= MIN_SHARED or shared == shorter)


def find_duplicates(sources: Mapping[str, SourceRecord],
                    passages: Mapping[str, PassageRecord],
                    hashes: Mapping[str, frozenset[str]] | None = None) -> DuplicateIndex:
    """``hashes``: every source's passage hashes, when already known (:func:`hashes_of`)."""
    if hashes is None:
        hashes = {source_id: source_hashes(record, passages)
                  for source_id, record in sources.items()}
    holders: dict[str, set[str]] = {}
    for source_id, digests in hashes.items():
        for digest in digests:
            holders.setdefault(digest, set()).add(source_id)
    shared: dict[tuple[str, str], int] = {}
    for held_by in holders.values():
        if len(held_by) < 2 or len(held_by) > MAX_HOLDERS:
            continue
        ordered = sorted(held_by)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1:]:
                shared[first, second] = shared.get((first, second), 0) + 1
    by_source: dict[str, list[Duplicate]] = {}
    for (first, second), count in shared.items():
        shorter = min(len(hashes[first]), len(hashes[second]))
        if is_duplicate(count, shorter):
            by_source.setdefault(first, []).append(Duplicate(second, count, shorter))
            by_source.setdefault(second, []).append(Duplicate(first, count, shorter))
    for found in by_source.values():
        found.sort(key=lambda d: (-d.share, -d.shared, d.source_id))
    # The sets as built (not copied into frozensets: 136,000 of them at 10,000
    # sources); nothing changes them once the index is made.
    return DuplicateIndex(by_source, holders)
