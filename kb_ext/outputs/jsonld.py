"""schema.org JSON-LD in the ``<head>`` of source and claim pages: a
NewsArticle per source, a Claim per claim with its verified appearances."""

from __future__ import annotations

import json
from typing import Any

from sphinx.application import Sphinx

from ..knowledge.domain import KbDomain
from ..knowledge.records import ClaimRecord, PositionRecord, SourceRecord
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
    return {key: value for key, value in item.items() if value is not None}


def _claim_jsonld(app: Sphinx, claim: ClaimRecord, domain: KbDomain,
                  positions: list[PositionRecord]) -> dict[str, Any]:
    appearances = []
    for position in positions:
        source = domain.sources.get(position.source_id)
        passage = domain.passages.get(f"{position.source_id}/{position.passage}")
        appearance: dict[str, Any] = {"@type": "Quotation", "text": position.quote,
                                      "description": position.stance}
        if source:
            appearance["isPartOf"] = {"@type": "NewsArticle", "headline": source.meta.title,
                                      "@id": _absolute(app, page_uri(app, source.docname))}
        if passage:
            appearance["url"] = _absolute(app, page_uri(app, passage.docname, passage.node_id))
        appearances.append(appearance)
    return {"@context": "https://schema.org", "@type": "Claim", "text": claim.statement,
            "@id": _absolute(app, page_uri(app, claim.docname, claim.node_id)),
            "appearance": appearances}


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
    if doctree is None or (not domain.sources and not domain.claims):
        return
    evidence = kb.evidence()
    payload = []
    for objtype, object_id in evidence.objects_by_doc.get(pagename, ()):
        if objtype == "source" and object_id in domain.sources:
            payload.append(_source_jsonld(app, domain.sources[object_id]))
        elif objtype == "claim" and object_id in domain.claims:
            payload.append(_claim_jsonld(app, domain.claims[object_id], domain,
                                         evidence.verified(object_id)))
    if payload:
        context["metatags"] = context.get("metatags", "") + jsonld_script(payload) + "\n"
