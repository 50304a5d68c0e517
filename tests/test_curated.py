"""Actors, themes and claims: inventory, claim pages, quotes, mentions, matrix."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kb_ext.normalize import for_quotes

from .conftest import REPO, BuiltSite

DIRECTIVE = re.compile(r"^:{3,}\{kb:(actor|theme|claim)\}\s+(\S+)", re.M)


def curated_ids() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"actor": set(), "theme": set(), "claim": set()}
    for page in (REPO / "docs").rglob("*.md"):
        for objtype, object_id in DIRECTIVE.findall(page.read_text(encoding="utf-8")):
            found[objtype].add(object_id)
    return found


def test_inventory_lists_every_actor_theme_and_claim(kb_site: BuiltSite) -> None:
    inventory = kb_site.inventory()
    expected = curated_ids()
    assert len(expected["actor"]) >= 20
    assert len(expected["theme"]) >= 8
    assert len(expected["claim"]) >= 10
    for objtype, ids in expected.items():
        assert set(inventory[f"kb:{objtype}"]) == ids
        for object_id, item in inventory[f"kb:{objtype}"].items():
            assert item.display_name != object_id or " " not in object_id
            page, _, anchor = item.uri.partition("#")
            html = kb_site.page(page.removesuffix(".html"))
            assert html.find(id=anchor) is not None, item.uri


def _positions(page) -> list:
    table = page.select_one("table.kb-positions")
    assert table is not None
    return table.select("tbody tr")


def test_claim_pages_show_positions_with_quotes_linked_to_passages(kb_site: BuiltSite) -> None:
    inventory = kb_site.inventory()
    opposite = 0
    cited_sources = set()
    for claim_id, item in inventory["kb:claim"].items():
        page = kb_site.page(item.uri.partition("#")[0].removesuffix(".html"))
        rows = _positions(page)
        stances = set()
        for row in rows:
            assert row.get("id", "").startswith(f"kb-pos-{claim_id}-")
            stance = row.select_one(".kb-stance").get_text(strip=True)
            stances.add(stance)
            link = row.select_one("a.kb-quote-link")
            assert link is not None, f"{claim_id}: quote not linked"
            target, _, anchor = link["href"].partition("#")
            source_doc = (Path(item.uri).parent / target).as_posix().removesuffix(".html")
            passage = kb_site.page(source_doc).find(id=anchor)
            assert passage is not None and "kb-passage" in passage["class"]
            quote = link.get_text(strip=True).strip("“”")
            assert for_quotes(quote) in for_quotes(passage.get_text(" ")), (claim_id, quote)
            cited_sources.add(source_doc)
        if {"supports", "disputes"} <= stances:
            opposite += 1
    assert opposite >= 6
    assert len(cited_sources) == 5, "every seed must be cited by a claim"


def test_cited_passages_show_the_claims_citing_them(kb_site: BuiltSite) -> None:
    cited = 0
    for item in kb_site.inventory()["kb:source"].values():
        page = kb_site.page(item.uri.partition("#")[0].removesuffix(".html"))
        for note in page.select(".kb-passage .kb-cited-by"):
            link = note.select_one("a.kb-claim-link")
            assert link is not None and "#kb-pos-" in link["href"]
            cited += 1
    assert cited >= 10


def test_stance_matrix_has_a_row_per_claim(kb_site: BuiltSite) -> None:
    table = kb_site.page("matrix").select_one("table.kb-matrix")
    rows = table.select("tbody tr")
    assert len(rows) == len(kb_site.inventory()["kb:claim"])
    links = table.select("tbody a[href*='#kb-pos-']")
    assert links and all(link.select_one(".kb-stance") for link in links)


def test_actor_page_lists_mentions_grouped_by_source(kb_site: BuiltSite) -> None:
    page = kb_site.page("actors/lukashenko")
    mentions = page.select("ul.kb-mentions > li")
    assert len(mentions) == 5, "Lukashenko/Lukashenka is named in all five seeds"
    for mention in mentions:
        snippets = mention.select(".kb-snippets a.kb-anchor")
        assert snippets and all(re.search(r"#p\d+$", a["href"]) for a in snippets)


def test_source_page_lists_actors_it_mentions(kb_site: BuiltSite) -> None:
    page = kb_site.page("sources/belarusdigest-astapenia-2014-winning-crimea")
    names = [a.get_text(strip=True) for a in page.select(".kb-actors-mentioned a")]
    assert "Alexander Lukashenko" in names or any("Lukash" in n for n in names)
    assert any("Makei" in n or "Makej" in n for n in names)


def test_mentions_match_other_spellings(build_root) -> None:
    """Text written for this test: transliterations, Cyrillic, capitals,
    possessives and homoglyphs the seeds do not use."""
    site = build_root("kb")
    assert site.warnings.strip() == ""
    actors = site.page("actors")
    grynk = actors.find(id="kb-actor-grynk")
    mentioned = {li.select_one("a").get_text(strip=True)
                 for li in grynk.select("ul.kb-mentions > li")}
    assert mentioned == {"Riverton bridge closed", "The lane that closed"}
    passages = {a["href"] for a in grynk.select(".kb-snippets a.kb-anchor")}
    assert passages == {"sources/river-2019.html#p1", "sources/river-2019.html#p3",
                        "sources/river-gazette.html#p2"}
    usa = actors.find(id="kb-actor-usa")
    assert [a["href"].rpartition("#")[2] for a in usa.select(".kb-snippets a.kb-anchor")] == ["p3"]
    source = site.page("sources/river-2019")
    names = [a.get_text(strip=True) for a in source.select(".kb-actors-mentioned a")]
    assert names == ["Aleś Hrynkievič", "United States"]


def test_changed_quote_is_reported_with_its_real_location(build_root) -> None:
    def break_quote(srcdir: Path) -> None:
        claims = srcdir / "claims.md"
        text = claims.read_text(encoding="utf-8")
        # Cite the right words but the wrong passage, and a quote that is nowhere.
        text = text.replace(":::{kb:position} river-2019/p2", ":::{kb:position} river-2019/p1")
        text = text.replace("only one lane of the bridge was ever closed",
                            "only one lane of the bridge was closed")
        claims.write_text(text, encoding="utf-8")

    site = build_root("kb", prepare=break_quote)
    warnings = site.warning_lines("kb.quote")
    assert len(warnings) == 2, site.warnings
    moved = next(w for w in warnings if "river-2019/p1" in w)
    assert "claims.md:" in moved and "the quote is in river-2019/p2" in moved
    # The quote is the anchor: found in exactly one other passage, it counts
    # there, and the warning names the passage to cite.
    assert "cite river-2019/p2" in moved, moved
    missing = next(w for w in warnings if "river-gazette/p1" in w)
    assert "closest text is in river-gazette/p1" in missing
    # Shown as the source writes it, so that it can be copied again.
    assert "'Only one lane of the bridge was ever closed" in missing, missing
    # The quote found nowhere is not evidence: the claim page says so, and no
    # stance total, matrix cell, JSON-LD quotation or kb.json entry counts it.
    rows = site.page("claims").select("tr")
    flagged = [r for r in rows if "Quote not found in the cited passage" in r.get_text()]
    assert len(flagged) == 1 and "The lane that closed" in flagged[0].get_text(), \
        [r.get_text(" ", strip=True) for r in rows]
    links = [a["href"] for a in site.page("claims").select("a.kb-quote-link")]
    assert links == ["sources/river-2019.html#p2"], links
    assert len(site.page("index").select(".kb-matrix .kb-badge")) == 1
    export = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    positions = {p["source"]: p for c in export["claims"] for p in c["positions"]}
    moved_position = positions["river-2019"]
    assert moved_position["verified"] and moved_position["passage"] == "river-2019/p2"
    assert not positions["river-gazette"]["verified"]
    # The rest of the knowledge base still builds.
    assert site.page("sources/river-gazette").select(".kb-passage")


def test_actor_page_quotes_newest_sources_and_lists_the_rest(build_root) -> None:
    """With kb_actor_quoted_sources = 1, the newest source keeps its snippets and
    the older one is listed on one line that still links to its first passage."""
    site = build_root("kb", confoverrides={"kb_actor_quoted_sources": 1})
    assert site.warnings.strip() == ""
    grynk = site.page("actors").find(id="kb-actor-grynk")
    quoted = grynk.select("ul.kb-mentions > li")
    assert [li.select_one("a").get_text(strip=True) for li in quoted] == ["The lane that closed"]
    assert quoted[0].select(".kb-snippets a.kb-anchor")
    listed = grynk.select("ul.kb-mentions-listed > li")
    # Titles only: kept out of the search index (the sources are indexed themselves).
    assert "no-search" in grynk.select_one("ul.kb-mentions-listed")["class"]
    assert len(listed) == 1
    links = [a["href"] for a in listed[0].select("a")]
    assert links == ["sources/river-2019.html", "sources/river-2019.html#p1"]
    assert "and 1 more" in listed[0].get_text()
    note = grynk.select_one(".kb-mentions-note").get_text()
    assert "1 most recent" in note and "1 earlier" in note
    assert "Mentioned in 2 sources" in grynk.get_text()


def test_actor_quoted_sources_zero_lists_every_source_on_one_line(build_root) -> None:
    site = build_root("kb", confoverrides={"kb_actor_quoted_sources": 0})
    grynk = site.page("actors").find(id="kb-actor-grynk")
    assert not grynk.select("ul.kb-mentions") and not grynk.select(".kb-mentions-note")
    assert len(grynk.select("ul.kb-mentions-listed > li")) == 2


def test_actor_quoted_sources_rejects_a_bad_value(build_root) -> None:
    site = build_root("kb", confoverrides={"kb_actor_quoted_sources": -3})
    assert "kb_actor_quoted_sources" in site.warnings and "[kb.config]" in site.warnings
    assert site.page("actors").select("#kb-actor-grynk ul.kb-mentions > li")


def test_the_landing_page_lists_dated_sources_newest_first_and_undated_last() -> None:
    from types import SimpleNamespace

    from kb_ext.views.overview import OVERVIEW_ITEMS, collect

    from .fakes import fake_context

    def source(source_id: str, published: str | None) -> SimpleNamespace:
        meta = SimpleNamespace(id=source_id, published=published, published_approximate=False,
                               outlet="O", kind="k", title=source_id, words=1,
                               language="")
        return SimpleNamespace(meta=meta, docname=f"sources/{source_id}", node_id=source_id)

    dates = {"undated-a": None, "old": "2001-01-01", "undated-b": None, "new": "2023-03-03",
             **{f"mid-{n}": f"2010-0{n}-01" for n in range(1, 6)}}
    data = {"sources": {i: source(i, d) for i, d in dates.items()}, "passages": {},
            "actors": {}, "themes": {}, "claims": {}, "positions": {}}
    newest = [row.id for row in collect(fake_context(data), "").newest]
    assert newest == ["new", "mid-5", "mid-4", "mid-3", "mid-2"][:OVERVIEW_ITEMS]
