"""The kb object types, in one table.

Each entry says where a type's records are stored, how an object is named in
links and search results, how search ranks it, which of its record's fields
link to other objects (and what the linked object calls the link back), and
which fields ``kb.json`` exports. The domain, the reverse links, the search
index, ``objects.inv`` and the exports all read this table, so a new type is
one entry here plus its directive.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .records import (
    ActorRecord,
    ClaimRecord,
    EventRecord,
    PassageRecord,
    SourceRecord,
    ThemeRecord,
)

Record = SourceRecord | PassageRecord | ActorRecord | ThemeRecord | ClaimRecord | EventRecord
#: The stores of every type, by store name, as the domain keeps them.
Stores = Mapping[str, Mapping[str, Any]]


class LinkField(NamedTuple):
    """A record field holding ids of other objects."""

    field: str
    target: str   # the object type the ids name
    reverse: str  # the name of the link back, on the target ("claims" of an actor)


class ObjectType(NamedTuple):
    name: str
    store: str
    #: link text and search title of a record, given every store
    display: Callable[[Any, Stores], str]
    #: search priority (objects.inv); -1 hides it from the search results' objects
    priority: int = 1
    links: tuple[LinkField, ...] = ()
    #: fields written to kb.json as they are (besides id and page)
    exported: tuple[str, ...] = ()


def _passage_name(record: PassageRecord, stores: Stores) -> str:
    source = stores["sources"].get(record.source_id)
    return f"{source.meta.title if source else record.source_id}, ¶{record.number}"


OBJECT_TYPES: dict[str, ObjectType] = {t.name: t for t in (
    ObjectType("source", "sources", lambda r, _s: r.meta.title),
    # Passages are many and already searchable as page text.
    ObjectType("passage", "passages", _passage_name, priority=-1),
    ObjectType("actor", "actors", lambda r, _s: r.name,
               exported=("name", "kind", "aliases", "roles", "description", "wikidata")),
    ObjectType("theme", "themes", lambda r, _s: r.title, exported=("title", "description")),
    ObjectType("claim", "claims", lambda r, _s: r.statement,
               links=(LinkField("themes", "theme", "claims"),
                      LinkField("actors", "actor", "claims"),
                      LinkField("events", "event", "claims")),
               exported=("statement", "status", "themes", "actors", "events", "verdict",
                         "reviewer", "reviewed")),
    ObjectType("event", "events", lambda r, _s: r.title,
               links=(LinkField("actors", "actor", "events"),
                      LinkField("themes", "theme", "events")),
               exported=("title", "date", "end", "kind", "place", "actors", "themes",
                         "sources", "description")),
)}


def label_name(objtype: str, name: str) -> str:
    """The ``std:label`` under which an object is also published."""
    return f"kb-{objtype}-" + name.replace("/", "-")


def display_name(objtype: str, record: Any, stores: Stores) -> str:
    """Human link text for an object: names, titles and statements, not ids."""
    return OBJECT_TYPES[objtype].display(record, stores)
