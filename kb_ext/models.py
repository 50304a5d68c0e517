"""Immutable records kept in the kb domain's data.

Every record carries the docname that contributed it, so clearing one
document is a single filter and merging parallel reads is a dict update.
"""

from __future__ import annotations

from typing import NamedTuple


class SourceMeta(NamedTuple):
    """Validated sidecar metadata plus facts measured on the raw file."""

    id: str
    title: str
    outlet: str
    kind: str
    author: str
    published: str
    published_approximate: bool
    url: str
    language: str
    retrieved: str
    perspective: str
    raw_path: str
    sidecar_path: str
    sha256: str
    words: int
    removed_lines: int


class SourceRecord(NamedTuple):
    docname: str
    node_id: str
    meta: SourceMeta
    passage_ids: tuple[str, ...]


class PassageRecord(NamedTuple):
    docname: str
    node_id: str
    source_id: str
    number: int
    text: str
    lines: tuple[int, int]


class ActorRecord(NamedTuple):
    docname: str
    node_id: str
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    description: str
    lineno: int


class ThemeRecord(NamedTuple):
    docname: str
    node_id: str
    id: str
    title: str
    description: str


class PositionRecord(NamedTuple):
    docname: str
    node_id: str
    claim_id: str
    source_id: str
    passage: str
    quote: str
    stance: str
    note: str
    lineno: int


class ClaimRecord(NamedTuple):
    docname: str
    node_id: str
    id: str
    statement: str
    status: str
    themes: tuple[str, ...]
    actors: tuple[str, ...]
    lineno: int


STANCES = {
    "supports": "supports",
    "disputes": "disputes",
    "reports": "reports without endorsing",
    "qualifies": "qualifies",
}
CLAIM_STATUSES = ("disputed", "contested", "uncontested")
ACTOR_KINDS = ("person", "state", "organisation", "alliance", "company", "media", "other")
