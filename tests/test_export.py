"""kb.json and the schema.org JSON-LD embedded in pages."""

from __future__ import annotations

import json

from .conftest import BuiltSite


def load_export(site: BuiltSite) -> dict:
    return json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))


def test_kb_json_has_every_object_with_its_details(kb_site: BuiltSite) -> None:
    export = load_export(kb_site)
    inventory = kb_site.inventory()
    assert export["format"] == "kb_ext" and export["format_version"] == 1
    assert {s["id"] for s in export["sources"]} == set(inventory["kb:source"])
    assert {a["id"] for a in export["actors"]} == set(inventory["kb:actor"])
    assert {t["id"] for t in export["themes"]} == set(inventory["kb:theme"])
    assert {c["id"] for c in export["claims"]} == set(inventory["kb:claim"])
    passages = {p["id"] for s in export["sources"] for p in s["passages"]}
    assert passages == set(inventory["kb:passage"])
    for source in export["sources"]:
        assert len(source["sha256"]) == 64 and source["words"] > 0
        assert (kb_site.outdir / source["page"]).is_file()
    lukashenko = next(a for a in export["actors"] if a["id"] == "lukashenko")
    assert "Lukashenka" in lukashenko["aliases"]
    for claim in export["claims"]:
        for position in claim["positions"]:
            assert position["passage"] in passages
            assert position["stance"] in {"supports", "disputes", "reports", "qualifies"}
            assert position["quote"]


def jsonld(site: BuiltSite, docname: str) -> list[dict]:
    page = site.page(docname)
    blocks = [json.loads(tag.string) for tag in page.select('script[type="application/ld+json"]')]
    return [item for block in blocks for item in (block if isinstance(block, list) else [block])]


def test_source_pages_embed_news_article_jsonld(kb_site: BuiltSite) -> None:
    export = load_export(kb_site)
    for source in export["sources"]:
        (item,) = jsonld(kb_site, source["page"].removesuffix(".html"))
        assert item["@type"] == "NewsArticle"
        assert item["headline"] == source["title"]
        assert item["publisher"]["name"] == source["outlet"]
        assert item["wordCount"] == source["words"]


def test_claim_pages_embed_claim_jsonld_with_appearances(kb_site: BuiltSite) -> None:
    export = load_export(kb_site)
    for claim in export["claims"]:
        (item,) = jsonld(kb_site, claim["page"].partition("#")[0].removesuffix(".html"))
        assert item["@type"] == "Claim" and item["text"] == claim["statement"]
        quotes = [a["text"] for a in item["appearance"]]
        assert quotes == [p["quote"] for p in claim["positions"]] or \
            sorted(quotes) == sorted(p["quote"] for p in claim["positions"])
        assert all("#p" in a["url"] for a in item["appearance"])
