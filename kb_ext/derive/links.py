"""Reverse links, from the object-type table: a claim naming an actor puts
the claim in that actor's ``claims``, an event naming a theme puts the event
in the theme's ``events``, and so on for every link field of every type."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..knowledge.types import OBJECT_TYPES, Stores


@dataclass
class ReverseLinks:
    #: (target type, target id) -> reverse name -> ids of the linking objects, sorted
    by_target: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)

    def of(self, objtype: str, object_id: str, reverse: str) -> list[str]:
        """The ids of the objects linking to ``object_id`` as ``reverse``."""
        return self.by_target.get((objtype, object_id), {}).get(reverse, [])


def reverse_links(stores: Stores) -> ReverseLinks:
    links = ReverseLinks()
    for object_type in OBJECT_TYPES.values():
        if not object_type.links:
            continue
        records = stores[object_type.store]
        for object_id in sorted(records):
            record = records[object_id]
            for link in object_type.links:
                for target in getattr(record, link.field):
                    reverse = links.by_target.setdefault((link.target, target), {})
                    reverse.setdefault(link.reverse, []).append(object_id)
    return links
