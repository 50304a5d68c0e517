"""Synthetic domain data for the views' pure functions, without a build."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from kb_ext.derive.evidence import Evidence, source_sort_key
from kb_ext.derive.links import reverse_links
from kb_ext.derive.mention_scan import MentionsFound
from kb_ext.knowledge.caches import EnvCaches
from kb_ext.knowledge.types import OBJECT_TYPES
from kb_ext.views.base import Context
from kb_ext.views.tracking import TrackedDomain, TrackedEvidence


class FakeDomain:
    """The typed stores of a KbDomain, as plain dicts."""

    def __init__(self, data: dict[str, Any]) -> None:
        for object_type in OBJECT_TYPES.values():
            setattr(self, object_type.store, data.get(object_type.store, {}))
        self.positions = data.get("positions", {})
        self.caches = EnvCaches()

    def stores(self) -> dict[str, dict[str, Any]]:
        return {t.store: getattr(self, t.store) for t in OBJECT_TYPES.values()}


def fake_context(data: dict[str, Any], quoted_sources: int = 25) -> Context:
    """A view context in which every position counts as verified evidence."""
    domain = FakeDomain(data)
    evidence = Evidence(mentions=MentionsFound())
    for position in sorted(domain.positions.values(), key=lambda p: (p.claim_id, p.node_id)):
        evidence.positions_by_claim.setdefault(position.claim_id, []).append(position)
    for positions in evidence.positions_by_claim.values():
        positions.sort(key=lambda p: (source_sort_key(domain.sources[p.source_id])
                                      if p.source_id in domain.sources else ("9999", ""),
                                      p.node_id))
    evidence.verified_keys = frozenset((p.docname, p.node_id)
                                       for p in domain.positions.values())
    evidence.links = reverse_links(domain.stores())
    config = SimpleNamespace(kb_actor_quoted_sources=quoted_sources)
    reads: set[str] = set()
    return Context(TrackedDomain(domain, reads), TrackedEvidence(evidence, reads),  # type: ignore
                   config)


class FakeRenderer:
    """A renderer whose links are ``<docname>.html#<anchor>``."""

    builder = SimpleNamespace(format="html")

    @staticmethod
    def uri(docname: str, anchor: str) -> str:
        return f"{docname}.html" + (f"#{anchor}" if anchor else "")
