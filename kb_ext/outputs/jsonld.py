"""schema.org JSON-LD in the ``<head>`` of source, claim and actor pages: a
NewsArticle per source, a Claim per claim with its verified appearances (a
ClaimReview around it when the claim has a curator's :verdict:), and a
Person or Organization with ``sameAs`` for an actor with a Wikidata id."""

from __future__ import annotations

import json
from typing import Any

from sphinx.application import Sphinx

from ..knowledge.directives import WIKIDATA_URI
from ..knowledge.domain import KbDomain
from ..knowledge.records import ActorRecord, ClaimRecord, PositionRecord, SourceRecord
from ..state import KnowledgeBase
from .kbjson import page_uri


def _absolute(app: Sphinx, uri: str) -> str:
    base = app.config.html_baseurl
    return base.rstrip("/") + "/" + uri if base else uri


def _source_jsonld(app: Sphinx, record: SourceRecord) -> dict[str, Any]:
    meta = record.meta
    item: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "@id": _absolute(app, page_uri(app, record.docname)),
        "headline": meta.title, "inLanguage": meta.language or None,
        "datePublished": meta.published or None, "wordCount": meta.words,
        "publisher": {"@type": "Organization", "name": meta.outlet},
        "genre": meta.kind, "sha256": meta.sha256,
    }
    if meta.author:
        item["author"] = {"@type": "Person", "name": meta.author}
    if meta.url:
        item["url"] = meta.url
    if meta.archive_url:
        item["archivedAt"] = meta.archive_url
    return {key: value for key, value in item.items() if value is not None}


def _claim_jsonld(app: Sphinx, claim: ClaimRecord, domain: KbDomain,
                  positions: list[PositionRecord]) -> dict[str, Any]:
    appearances: list[dict[str, Any]] = []
    dated: list[tuple[str, str, int]] = []  # (published, source id, index) of each appearance
    for position in positions:
        source = domain.sources.get(position.source_id)
        passage = domain.passages.get(f"{position.source_id}/{position.passage}")
        appearance: dict[str, Any] = {"@type": "Quotation", "text": position.quote,
                                      "description": position.stance}
        if source and source.meta.published:
            dated.append((source.meta.published, source.meta.id, len(appearances)))
        if source:
            appearance["isPartOf"] = {"@type": "NewsArticle", "headline": source.meta.title,
                                      "@id": _absolute(app, page_uri(app, source.docname))}
        if passage:
            appearance["url"] = _absolute(app, page_uri(app, passage.docname, passage.node_id))
        appearances.append(appearance)
    uri = _absolute(app, page_uri(app, claim.docname, claim.node_id))
    item: dict[str, Any] = {"@context": "https://schema.org", "@type": "Claim",
                            "text": claim.statement, "@id": uri, "appearance": appearances}
    if not claim.verdict:
        return item  # kb_ext reports positions; it never rates a claim itself
    if dated:
        item["firstAppearance"] = appearances[min(dated)[2]]
    return _claim_review(app, claim, item, uri)


def _claim_review(app: Sphinx, claim: ClaimRecord, reviewed: dict[str, Any],
                  uri: str) -> dict[str, Any]:
    """ClaimReview: the curator's verdict, its position on kb_verdict_scale
    (worst = 1) as ratingValue."""
    scale = list(app.config.kb_verdict_scale)
    reviewed.pop("@context")
    review: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview", "@id": uri + "-review",
        "url": uri, "claimReviewed": claim.statement, "itemReviewed": reviewed,
        "reviewRating": {"@type": "Rating", "ratingValue": scale.index(claim.verdict) + 1,
                         "worstRating": 1, "bestRating": len(scale),
                         "alternateName": claim.verdict}}
    if claim.reviewer:
        review["author"] = {"@type": "Person", "name": claim.reviewer}
    if claim.reviewed:
        review["datePublished"] = claim.reviewed
    return review


def _actor_jsonld(app: Sphinx, actor: ActorRecord) -> dict[str, Any]:
    kind = {"person": "Person", "state": "Country"}.get(actor.kind, "Organization")
    item: dict[str, Any] = {
        "@context": "https://schema.org", "@type": kind, "name": actor.name,
        "@id": _absolute(app, page_uri(app, actor.docname, actor.node_id)),
        "sameAs": WIKIDATA_URI + actor.wikidata}
    if actor.aliases:
        item["alternateName"] = list(actor.aliases)
    return item


def jsonld_script(payload: list[dict[str, Any]]) -> str:
    """A ``<script type="application/ld+json">`` element; ``<`` is escaped so
    article text can never close the element."""
    text = json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False,
                      sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def add_jsonld(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: Any) -> None:
    kb = KnowledgeBase(app)
    domain = kb.domain
    # Pages without a doctree (genindex, search) hold no kb object; skipping them
    # spares a build that wrote nothing else from deriving back-links.
    if doctree is None or (not domain.sources and not domain.claims and not domain.actors):
        return
    evidence = kb.evidence()
    payload = []
    for objtype, object_id in evidence.objects_by_doc.get(pagename, ()):
        if objtype == "source" and object_id in domain.sources:
            payload.append(_source_jsonld(app, domain.sources[object_id]))
        elif objtype == "claim" and object_id in domain.claims:
            payload.append(_claim_jsonld(app, domain.claims[object_id], domain,
                                         evidence.verified(object_id)))
        elif objtype == "actor" and object_id in domain.actors:
            # Only an actor with a Wikidata id: without it the block would say
            # nothing the page does not.
            if domain.actors[object_id].wikidata:
                payload.append(_actor_jsonld(app, domain.actors[object_id]))
    if payload:
        context["metatags"] = context.get("metatags", "") + jsonld_script(payload) + "\n"
