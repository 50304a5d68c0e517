"""Named rows passed from a view's collect step to its render step.

Collected data is plain (strings, numbers, tuples of rows) so it can be
hashed into the page digest; naming the fields means reordering one cannot
silently break a page.
"""

from __future__ import annotations

from typing import NamedTuple

from ..knowledge.records import ClaimRecord, SourceRecord


class SourceRow(NamedTuple):
    published: str
    approximate: bool
    outlet: str
    kind: str
    title: str
    docname: str
    node_id: str
    words: int
    id: str
    language: str = ""

    @property
    def date(self) -> str:
        return (self.published or "n.d.") + ("~" if self.approximate else "")


_new_row = tuple.__new__


def source_row(record: SourceRecord) -> SourceRow:
    meta = record.meta
    # tuple.__new__ skips the NamedTuple's Python-level __new__: actor pages
    # make one row per source naming the actor, thousands for some.
    return _new_row(SourceRow, (meta.published or "", meta.published_approximate, meta.outlet,
                                meta.kind, meta.title, record.docname, record.node_id,
                                meta.words, meta.id, meta.language or ""))


class ClaimRow(NamedTuple):
    statement: str
    docname: str
    node_id: str
    status: str
    id: str


def claim_row(claim: ClaimRecord) -> ClaimRow:
    return ClaimRow(claim.statement, claim.docname, claim.node_id, claim.status, claim.id)


class ObjectLink(NamedTuple):
    """A link to an object by its name."""

    name: str
    docname: str
    node_id: str


class EventRow(NamedTuple):
    date: str
    title: str
    docname: str
    node_id: str
    kind: str
    place: str
    date_label: str
    id: str
