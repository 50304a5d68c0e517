"""Source pages built from the real seeds: provenance, passages, cleaning, inventory."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, BuiltSite

SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def sidecar(article: Path) -> dict:
    return yaml.safe_load(article.with_suffix(".yaml").read_text(encoding="utf-8"))


def card_fields(page) -> dict[str, str]:
    card = page.select_one(".kb-source-card")
    assert card is not None, "no provenance card"
    names = [n.get_text(strip=True).rstrip(":") for n in card.select(".field-list > dt")]
    values = [v.get_text(" ", strip=True) for v in card.select(".field-list > dd")]
    return dict(zip(names, values, strict=True))


def test_five_seeds_are_copied_byte_for_byte() -> None:
    shared = REPO.parent / "shared" / "seeds"
    assert len(SEEDS) == 5
    if shared.is_dir():
        for article in SEEDS:
            assert article.read_bytes() == (shared / article.name).read_bytes()


@pytest.mark.parametrize("article", SEEDS, ids=lambda p: p.stem)
def test_source_page_has_title_and_card(kb_site: BuiltSite, article: Path) -> None:
    meta = sidecar(article)
    page = kb_site.page(f"sources/{meta['id']}")
    assert page.select_one("h1").get_text(strip=True).rstrip("¶#") == meta["title"]
    fields = card_fields(page)
    assert fields["Outlet"] == meta["outlet"]
    assert fields["Kind"] == meta["kind"]
    assert fields["Published"].startswith(str(meta["published"]))
    assert fields["Language"] == meta["language"]
    assert fields["SHA-256"] == hashlib.sha256(article.read_bytes()).hexdigest()
    assert fields["Raw file"] == article.name
    for extra in page.select(".kb-passage .kb-anchor, .kb-passage .kb-cited-by"):
        extra.decompose()  # the link mark and the "Cited by" note are not article text
    words = sum(len(p.get_text(" ", strip=True).split())
                for p in page.select(".kb-article .kb-passage"))
    assert fields["Words"].startswith(f"{words:,} in ")


@pytest.mark.parametrize("article", SEEDS, ids=lambda p: p.stem)
def test_passage_anchors_are_unique_and_linkable(kb_site: BuiltSite, article: Path) -> None:
    page = kb_site.page(f"sources/{sidecar(article)['id']}")
    passages = page.select(".kb-article .kb-passage")
    assert passages, "no passages"
    ids = [p["id"] for p in passages]
    assert ids == [f"p{n}" for n in range(1, len(ids) + 1)]
    all_ids = [tag["id"] for tag in page.select("[id]")]
    assert len(all_ids) == len(set(all_ids)), "duplicate ids on page"
    for passage in passages:
        mark = passage.select_one("a.kb-anchor")
        assert mark["href"] == f"#{passage['id']}"


BOILERPLATE = {
    "000": ["Close this search box.", "Leave a Comment",
            "Your email address will not be published. Required fields are marked *"],
    "001": ["Leave a Reply", "Published by TCTTNews", "%d bloggers like this:",
            "You are commenting using your WordPress.com account."],
    "002": ["View all comments", "Inline Feedbacks", "Article Rating"],
    "003": ["Home News How Russia is losing one of its allies to one of its worst enemies",
            "Tekedia AI in Business Masterclass opens registrations here.",
            "Please enter your comment!", "No posts to display"],
    "004": ["Why Support Belarus Digest?", "437 reads",
            "Belarus-Russia relations Belarusian language Belarusian military travel to Belarus"],
}


@pytest.mark.parametrize("prefix", sorted(BOILERPLATE))
def test_boilerplate_is_removed_visibly(kb_site: BuiltSite, prefix: str) -> None:
    article = next(a for a in SEEDS if a.name.startswith(prefix))
    page = kb_site.page(f"sources/{sidecar(article)['id']}")
    body = page.select_one(".kb-article").get_text("\n")
    removed = page.select_one("details.kb-removed")
    assert removed is not None and not removed.has_attr("open"), "removed block must be collapsed"
    removed_text = removed.get_text("\n")
    raw_lines = article.read_text(encoding="utf-8").split("\n")
    for start in BOILERPLATE[prefix]:  # line prefixes; the raw lines hold no-break spaces
        number, line = next((n, raw) for n, raw in enumerate(raw_lines, 1)
                            if raw.startswith(start))
        assert line not in body
        assert line in removed_text
        assert re.search(rf"Lines? (\d+–)?{number}\b|Lines? {number}–", removed_text), (
            f"raw line number {number} of {line!r} not shown")


def test_every_raw_line_is_shown_somewhere(kb_site: BuiltSite) -> None:
    for article in SEEDS:
        page = kb_site.page(f"sources/{sidecar(article)['id']}")
        shown = " ".join(page.select_one("article, [role=main], body").get_text(" ").split())
        for line in article.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                assert " ".join(line.split()) in shown, (article.name, line)


def test_reader_comments_are_a_separate_labelled_section(kb_site: BuiltSite) -> None:
    article = next(a for a in SEEDS if a.name.startswith("002"))
    page = kb_site.page(f"sources/{sidecar(article)['id']}")
    comments = page.select_one("section.kb-comments")
    assert comments is not None
    assert "not part of the article" in comments.select_one("h2").get_text()
    comment = "Belarus was a perfectly peaceful country"
    assert comment in comments.get_text()
    assert comment not in page.select_one(".kb-article").get_text()
    assert [c["id"] for c in comments.select(".kb-passage")] == ["c1", "c2", "c3"]


def test_sources_index_is_sorted_by_date(kb_site: BuiltSite) -> None:
    table = kb_site.page("sources/index").select_one("table.kb-source-index")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Date", "Outlet", "Kind", "Language", "Title", "Words"]
    rows = table.select("tbody tr")
    assert len(rows) == 5
    dates = [row.select("td")[0].get_text(strip=True) for row in rows]
    assert dates == sorted(dates)
    expected = {(sidecar(a)["title"], sidecar(a).get("language") or "unknown") for a in SEEDS}
    assert {(row.select("td")[4].get_text(strip=True), row.select("td")[3].get_text(strip=True))
            for row in rows} == expected


def test_inventory_lists_sources_and_every_passage(kb_site: BuiltSite) -> None:
    inventory = kb_site.inventory()
    sources = inventory["kb:source"]
    assert sorted(sources) == sorted(sidecar(a)["id"] for a in SEEDS)
    passages = inventory["kb:passage"]
    expected = set()
    for article in SEEDS:
        source_id = sidecar(article)["id"]
        page = kb_site.page(f"sources/{source_id}")
        expected |= {f"{source_id}/{p['id']}" for p in page.select(".kb-article .kb-passage")}
    assert set(passages) == expected
    for name, item in passages.items():
        assert item.uri.endswith("#" + name.split("/")[1])
        assert "¶" in item.display_name and "/" not in item.display_name


def test_raw_sources_are_not_modified_by_the_build(kb_site: BuiltSite) -> None:
    for article in (kb_site.srcdir.parent / "seeds").glob("*.txt"):
        assert article.read_bytes() == (REPO / "seeds" / article.name).read_bytes()


def test_real_docs_build_without_warnings(kb_site: BuiltSite) -> None:
    assert kb_site.warnings.strip() == ""


def test_removed_boilerplate_is_not_in_the_search_index(kb_site: BuiltSite) -> None:
    """The removed-lines block is shown but marked ``no-search``: words that occur
    only there do not make the source a search result."""
    from sphinx.search import js_index
    from sphinx.search.en import SearchEnglish

    full = kb_site.outdir / "_kb_searchindex_full.js"
    index = js_index.loads((full if full.exists() else kb_site.outdir / "searchindex.js")
                           .read_text(encoding="utf-8"))
    stem = SearchEnglish({}).stem
    checked = 0
    for article in SEEDS:
        docname = f"sources/{sidecar(article)['id']}"
        doc = index["docnames"].index(docname)
        page = kb_site.page(docname)
        removed = page.select_one("details.kb-removed")
        removed_words = set(re.findall(r"\w+", removed.get_text(" ").lower()))
        removed.decompose()
        rest = {stem(w) for w in re.findall(r"\w+", page.select_one("[role=main]").get_text(" ")
                                             .lower())}
        only_removed = {stem(w) for w in removed_words if not w.isdigit()} - rest
        for term in only_removed:
            postings = index["terms"].get(term, [])
            postings = postings if isinstance(postings, list) else [postings]
            assert doc not in postings, f"{term!r}, only in {docname}'s removed lines, is indexed"
            checked += 1
    assert checked > 20
