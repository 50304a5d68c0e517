"""What a view read while collecting, as dependency keys.

A view's ``collect`` sees the domain and the evidence through these
wrappers, which note every object it looked up and every whole store it
walked. After an edit, :func:`changed_keys` names what the edit changed in
the same terms, and only the placeholders whose reads meet it are collected
again; a view cannot forget to declare a dependency, because it never
declares one.

Keys are short strings (they are kept with the environment for every
placeholder):

``o:<type>:<id>``   an object's record (``o:passage:<source>/p3``)
``a:<store>``        anything in a whole store, or all positions / mentions
``p:<claim>``        the positions on a claim, and whether each is verified
``c:<source>``       the positions citing the source's passages
``m:<actor>``        where an actor is named
``n:<source>``       which actors a source names
``d:<source>``       which sources are the same text as it
``l:<type>:<id>:<reverse>``  the objects linking to one (an actor's claims)
"""

from __future__ import annotations

import sys
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar

from ..derive.duplicates import Duplicate
from ..derive.evidence import Evidence
from ..knowledge.caches import Mention
from ..knowledge.domain import KbDomain
from ..knowledge.records import PositionRecord
from ..knowledge.types import OBJECT_TYPES

Value = TypeVar("Value")
ALL_POSITIONS = sys.intern("a:positions")


def key(text: str) -> str:
    """Keys are interned, so the pickle stores each one once."""
    return sys.intern(text)


#: objtype -> id -> its key: views look the same objects up many times
_OBJECT_KEYS: dict[str, dict[str, str]] = {}


# One function per kind of key: the views' reads (here) and an edit's changes
# (views/invalidation.py) must spell each the same way.

def store_key(objtype: str) -> str:
    store = OBJECT_TYPES[objtype].store if objtype in OBJECT_TYPES else "positions"
    return key(f"a:{store}")


def positions_key(claim_id: str) -> str:
    return key(f"p:{claim_id}")


def citing_key(source_id: str) -> str:
    return key(f"c:{source_id}")


def mentions_key(actor_id: str) -> str:
    return key(f"m:{actor_id}")


def named_key(source_id: str) -> str:
    return key(f"n:{source_id}")


def duplicates_key(source_id: str) -> str:
    return key(f"d:{source_id}")


def links_key(objtype: str, object_id: str, reverse: str) -> str:
    return key(f"l:{objtype}:{object_id}:{reverse}")


def object_key(objtype: str, object_id: str) -> str:
    keys = _OBJECT_KEYS.setdefault(objtype, {})
    found = keys.get(object_id)
    if found is None:
        found = keys[object_id] = key(f"o:{objtype}:{object_id}")
    return found


class TrackedStore(Mapping[str, Value]):
    """A store of the domain that notes which ids were looked up, and notes
    the whole store when it is walked or counted."""

    def __init__(self, store: Mapping[str, Value], objtype: str, reads: set[str]) -> None:
        self._store, self._objtype, self._reads = store, objtype, reads
        self._keys = _OBJECT_KEYS.setdefault(objtype, {})
        self._all = store_key(objtype)

    def _note(self, name: str) -> None:
        found = self._keys.get(name)
        self._reads.add(found if found is not None else object_key(self._objtype, name))

    def __getitem__(self, name: str) -> Value:
        self._note(name)
        return self._store[name]

    def get(self, name: str, default: Any = None) -> Value | None:  # type: ignore[override]
        self._note(name)
        return self._store.get(name, default)

    def __contains__(self, name: object) -> bool:
        self._note(str(name))
        return name in self._store

    # Walking a store reads all of it: one key, not one per object.
    def keys(self) -> KeysView[str]:
        self._reads.add(self._all)
        return self._store.keys()

    def values(self) -> ValuesView[Value]:
        self._reads.add(self._all)
        return self._store.values()

    def items(self) -> ItemsView[str, Value]:
        self._reads.add(self._all)
        return self._store.items()

    def __iter__(self) -> Iterator[str]:
        self._reads.add(self._all)
        return iter(self._store)

    def __len__(self) -> int:
        self._reads.add(self._all)
        return len(self._store)


class TrackedDomain:
    """The domain's stores, as a view's collect step may read them."""

    def __init__(self, domain: KbDomain, reads: set[str]) -> None:
        self.sources = TrackedStore(domain.sources, "source", reads)
        self.passages = TrackedStore(domain.passages, "passage", reads)
        self.actors = TrackedStore(domain.actors, "actor", reads)
        self.themes = TrackedStore(domain.themes, "theme", reads)
        self.claims = TrackedStore(domain.claims, "claim", reads)
        self.events = TrackedStore(domain.events, "event", reads)
        # Keyed by (docname, node id): only ever walked whole.
        self.positions = TrackedStore(domain.positions, "position", reads)  # type: ignore[arg-type]
        # What the last build computed, to reuse (not a dependency: what is
        # read through it is keyed by what it was computed from).
        self.caches = domain.caches


class TrackedEvidence:
    """The evidence view's questions, each noted as the key of its answer."""

    def __init__(self, evidence: Evidence, reads: set[str]) -> None:
        self._evidence, self._reads = evidence, reads

    def is_verified(self, position: PositionRecord) -> bool:
        self._reads.add(positions_key(position.claim_id))
        return self._evidence.is_verified(position)

    def positions(self, claim_id: str) -> list[PositionRecord]:
        self._reads.add(positions_key(claim_id))
        return self._evidence.positions(claim_id)

    def verified(self, claim_id: str) -> list[PositionRecord]:
        self._reads.add(positions_key(claim_id))
        return self._evidence.verified(claim_id)

    def all_verified(self) -> list[PositionRecord]:
        self._reads.add(ALL_POSITIONS)
        return self._evidence.all_verified()

    def citing(self, passage_id: str) -> list[PositionRecord]:
        self._reads.add(citing_key(passage_id.partition("/")[0]))
        return self._evidence.citing(passage_id)

    def mentions_of(self, actor_id: str) -> dict[str, tuple[Mention, ...]]:
        self._reads.add(mentions_key(actor_id))
        return self._evidence.mentions_of(actor_id)

    def sources_naming(self, actor_id: str) -> int:
        self._reads.add(mentions_key(actor_id))
        return self._evidence.sources_naming(actor_id)

    def actors_in(self, source_id: str) -> dict[str, int]:
        self._reads.add(named_key(source_id))
        return self._evidence.actors_in(source_id)

    def mentions_in(self, source_id: str) -> dict[str, tuple[Mention, ...]]:
        # The same key as actors_in: a source's matches change together.
        self._reads.add(named_key(source_id))
        return self._evidence.mentions_in(source_id)

    def duplicates_of(self, source_id: str) -> list[Duplicate]:
        self._reads.add(duplicates_key(source_id))
        return self._evidence.duplicates_of(source_id)

    def linked(self, objtype: str, object_id: str, reverse: str) -> list[str]:
        self._reads.add(links_key(objtype, object_id, reverse))
        return self._evidence.linked(objtype, object_id, reverse)
