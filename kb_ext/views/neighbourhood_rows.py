"""The rows a neighbourhood picture is collected into (:mod:`.neighbourhood`)
and drawn from (:mod:`.neighbourhood_svg`)."""

from __future__ import annotations

from typing import NamedTuple


class Neighbour(NamedTuple):
    kind: str
    id: str
    label: str
    docname: str
    node_id: str
    #: how it is linked: a stance between a claim and a source, else ""
    stance: str = ""
    #: the claim's status, for its colour
    status: str = ""


class Group(NamedTuple):
    kind: str
    shown: tuple[Neighbour, ...]
    more: int


class Neighbourhood(NamedTuple):
    centre: Neighbour
    groups: tuple[Group, ...]

    @property
    def size(self) -> int:
        return sum(len(g.shown) + g.more for g in self.groups)
