"""What an edit changed, as the dependency keys views read
(:mod:`.tracking`).

From what each changed document contributed before (captured as the domain
cleared it) and contributes now: every object whose record differs, the
reverse links of both versions, the positions that moved or whose
verification may have flipped (their source changed), and the actors whose
mentions in a source changed (from the mention scan).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..derive.duplicates import passage_hash
from ..derive.evidence import Evidence
from ..knowledge.caches import DocContents
from ..knowledge.domain import KbDomain
from ..knowledge.types import OBJECT_TYPES
from .tracking import (
    ALL_POSITIONS,
    citing_key,
    duplicates_key,
    links_key,
    mentions_key,
    named_key,
    object_key,
    positions_key,
    store_key,
)

NOTHING = DocContents({}, {})


def _link_keys(objtype: str, records: Iterable[Any]) -> set[str]:
    keys: set[str] = set()
    for record in records:
        for link in OBJECT_TYPES[objtype].links:
            keys.update(links_key(link.target, target, link.reverse)
                        for target in getattr(record, link.field))
    return keys


def _duplicate_keys(evidence: Evidence, source_id: str, before: DocContents,
                    now: DocContents) -> set[str]:
    """The sources whose duplicates may have changed with ``source_id``'s text:
    those holding any passage it held or holds (a source it matched before
    still holds the shared passages now, unless it changed too)."""
    hashes: set[str] = set()
    for contents in (before, now):
        for (objtype, _id), record in contents.objects.items():
            if objtype == "passage" and record.source_id == source_id:
                digest = passage_hash(record.text)
                if digest:
                    hashes.add(digest)
    return {duplicates_key(s) for s in evidence.duplicates.sharing(hashes) | {source_id}}


def changed_keys(domain: KbDomain, evidence: Evidence, purged: dict[str, DocContents],
                 docnames: Iterable[str]) -> set[str]:
    changed: set[str] = set()
    for docname in docnames:
        before, now = purged.get(docname, NOTHING), domain.contents(docname)
        for (objtype, object_id) in before.objects.keys() | now.objects.keys():
            old = before.objects.get((objtype, object_id))
            new = now.objects.get((objtype, object_id))
            if old == new:
                continue
            changed |= {object_key(objtype, object_id), store_key(objtype)}
            changed |= _link_keys(objtype, [r for r in (old, new) if r is not None])
            if objtype == "source":
                # Its passages changed: quotes citing it may be found or lost.
                claims = evidence.claims_citing.get(object_id, set())
                changed |= {positions_key(c) for c in claims}
                changed |= {citing_key(object_id), ALL_POSITIONS}
                changed |= _duplicate_keys(evidence, object_id, before, now)
        for node_id in before.positions.keys() | now.positions.keys():
            old_position = before.positions.get(node_id)
            new_position = now.positions.get(node_id)
            if old_position == new_position:
                continue
            for position in (old_position, new_position):
                if position is not None:
                    changed |= {positions_key(position.claim_id), citing_key(position.source_id),
                                ALL_POSITIONS}
    for source_id, actors in evidence.mentions.changed.items():
        changed.add(named_key(source_id))
        changed |= {mentions_key(actor) for actor in actors}
    return changed
