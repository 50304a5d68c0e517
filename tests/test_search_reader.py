"""Search as a reader uses it, in Chromium, with Sphinx's single index and sharded.

tests/roots/test-search-reader holds one short article in each of Russian,
Ukrainian, Polish, German and English (each naming a city or a person in a
declined form in its second passage), two actors with aliases in several
scripts, and a guide page whose title names an actor. Each test runs on both
builds of it: ``auto`` (small: Sphinx's index, kb_ext's client) and sharded.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Page
from sphinx.search import js_index

from kb_ext.search.hooks import FULL_INDEX
from kb_ext.search.languages import LIGHT_ENDINGS, LIGHT_MIN_STEM, light_stem
from kb_ext.search.output import SHARD_DIR
from kb_ext.search.passages import PASSAGE_DIR

from .conftest import ROOTS, BuiltSite, sphinx_build
from .localsite import serve

SEARCH_DONE = """() => {
    const status = document.querySelector('#search-results .search-summary');
    return status !== null && /finished|did not match|failed/i.test(status.textContent)
        && !document.querySelector('#search-results li[data-kb-excerpt="pending"]');
}"""
RESULTS = """() => [...document.querySelectorAll('#search-results ul.search > li')].map(item => ({
    href: item.querySelector('a').getAttribute('href'),
    title: item.querySelector('a').textContent,
    descr: item.querySelector(':scope > span')?.textContent ?? '',
    snippet: item.querySelector(':scope > p.context')?.textContent ?? null,
}))"""
MODES = {"single": {}, "sharded": {"kb_search_shards": True}}


@pytest.fixture(scope="session")
def reader_sites(build_root: Any) -> dict[str, BuiltSite]:
    return {mode: build_root("search-reader", confoverrides=overrides)
            for mode, overrides in MODES.items()}


@pytest.fixture(scope="session", params=list(MODES))
def reader(request: pytest.FixtureRequest, reader_sites: dict[str, BuiltSite]
           ) -> Iterator[tuple[str, BuiltSite, str]]:
    site = reader_sites[request.param]
    with serve(site.outdir) as url:
        yield request.param, site, url


def docname(href: str) -> str:
    return urlsplit(href).path.removesuffix(".html")


def search(page: Page, url: str, query: str) -> list[dict[str, Any]]:
    page.goto(f"{url}search.html?q={quote(query)}")
    page.wait_for_function(SEARCH_DONE)
    status = page.locator("#search-results .search-summary").inner_text()
    assert "failed" not in status, status
    return page.evaluate(RESULTS)


def listing(found: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {r['href']}  {r['title']!r}  {r['descr']!r}  {r['snippet']!r}"
                     for r in found) or "  (no results)"


# -- the builds ---------------------------------------------------------------------------

def test_the_two_builds_are_the_two_modes(reader_sites: dict[str, BuiltSite]) -> None:
    single = (reader_sites["single"].outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "KbSearchShards.installFull(" in single and js_index.PREFIX in single
    assert not (reader_sites["single"].outdir / SHARD_DIR).exists()
    sharded = (reader_sites["sharded"].outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "KbSearchShards.install(" in sharded and '"docnames":' not in sharded


@pytest.mark.parametrize(("word", "expected"), [
    # Snowball Russian: the source's "Минске"; the guide says "Минск" itself
    ("минск", {"sources/ru-vedomosti", "guide/lukashenka"}),
    # "Лукашенка": Snowball Russian and light Ukrainian alike
    ("лукашенк", {"sources/ru-vedomosti", "sources/uk-pravda"}),
    ("verhandl", {"sources/de-zeitung"}),  # Snowball German: "Verhandlungen"
    # light Ukrainian: "Мінську"; the guide says "Мінськ"
    ("мінськ", {"sources/uk-pravda", "guide/lukashenka"}),
    ("mińsk", {"sources/pl-gazeta"}),      # light Polish: "Mińsku"
    ("mińsku", {"sources/pl-gazeta"}),     # and the word as written (Sphinx's own entry)
])
def test_each_source_is_indexed_under_stems_of_its_language(
        reader_sites: dict[str, BuiltSite], word: str, expected: set[str]) -> None:
    index = js_index.loads((reader_sites["single"].outdir / FULL_INDEX)
                           .read_text(encoding="utf-8"))
    value = index["terms"].get(word, [])
    pages = {index["docnames"][n] for n in ([value] if isinstance(value, int) else value)}
    assert pages == expected, (word, pages)


def test_only_the_site_languages_stemmers_are_copied(reader_sites: dict[str, BuiltSite]
                                                     ) -> None:
    for site in reader_sites.values():
        files = sorted(p.name for p in (site.outdir / "_kb_stemmers").iterdir())
        assert files == ["base-stemmer.js", "german-stemmer.js", "russian-stemmer.js"]
    manifest = json.loads((reader_sites["sharded"].outdir / SHARD_DIR / "manifest.json")
                          .read_text(encoding="utf-8"))
    assert sorted(manifest["kb"]["languages"]) == ["de", "pl", "ru", "uk"]


# -- in the browser -----------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize(("query", "actor", "name", "alias"), [
    ("Lukashenka", "lukashenko", "Alexander Lukashenko", "Lukashenka"),
    ("Лукашенко", "lukashenko", "Alexander Lukashenko", "Лукашенко"),
    ("Łukaszenka", "lukashenko", "Alexander Lukashenko", "Łukaszenka"),
    ("Tsikhanouskaya", "tikhanovskaya", "Svetlana Tikhanovskaya", "Tsikhanouskaya"),
    ("Alexander", "lukashenko", "Alexander Lukashenko", None),  # its own name matched
])
def test_an_actor_is_one_result_naming_the_alias_that_matched(
        page: Page, reader: tuple[str, BuiltSite, str], query: str, actor: str, name: str,
        alias: str | None) -> None:
    mode, _site, url = reader
    found = search(page, url, query)
    on_actor = [r for r in found if docname(r["href"]) == f"actors/{actor}"]
    assert len(on_actor) == 1, f"{mode}: {query!r}\n{listing(found)}"
    assert found[0] is not None and docname(found[0]["href"]) == f"actors/{actor}", listing(found)
    assert found[0]["title"] == name
    if alias:
        assert f"as “{alias}”" in found[0]["descr"], found[0]
    else:
        assert " as “" not in found[0]["descr"], found[0]


@pytest.mark.browser
@pytest.mark.parametrize(("query", "source", "passage", "spelled", "outlet"), [
    ("Минска", "ru-vedomosti", "p2", "Минске", "Ведомости · 2021-05-02"),
    ("Лукашенко", "ru-vedomosti", "p2", "Лукашенка", "Ведомости · 2021-05-02"),
    ("Мінськ", "uk-pravda", "p2", "Мінську", "Українська правда · 2021-05-03"),
    ("Mińsk", "pl-gazeta", "p2", "Mińsku", "Gazeta Testowa · 2021-05-04"),
    ("Verhandlung", "de-zeitung", "p2", "Verhandlungen", "Testzeitung · 2021-05-05"),
    ("Lukashenka", "en-herald", "p3", "Lukashenka", "Test Herald · 2021-05-06"),
])
def test_a_declined_form_finds_the_passage_and_shows_its_words(
        page: Page, reader: tuple[str, BuiltSite, str], query: str, source: str,
        passage: str, spelled: str, outlet: str) -> None:
    mode, site, url = reader
    found = search(page, url, query)
    hits = [r for r in found if docname(r["href"]) == f"sources/{source}"]
    assert len(hits) == 1, f"{mode}: {query!r} does not find {source}:\n{listing(found)}"
    (hit,) = hits
    assert urlsplit(hit["href"]).fragment == passage, hit
    words = site.page(f"sources/{source}").select_one(f"[id='{passage}']").get_text(" ")
    assert spelled in hit["snippet"] and hit["snippet"].strip() in " ".join(words.split()), hit
    assert outlet in hit["descr"], hit
    for furniture in ("Actors mentioned", "also written", "Outlet", "Cited by"):
        assert furniture not in hit["snippet"], hit


@pytest.mark.browser
def test_a_source_found_through_another_spelling_quotes_the_passage_with_it(
        page: Page, reader: tuple[str, BuiltSite, str]) -> None:
    """ru-vedomosti says only "Лукашенка": found for "Lukashenka" (its actor list
    is indexed), it shows the passage with the spelling it uses."""
    _mode, _site, url = reader
    found = search(page, url, "Lukashenka")
    (hit,) = [r for r in found if docname(r["href"]) == "sources/ru-vedomosti"]
    assert urlsplit(hit["href"]).fragment == "p2" and "Лукашенка" in hit["snippet"], hit


@pytest.mark.browser
@pytest.mark.parametrize("query", ["Lukashenka", "Минска", "Verhandlung"])
def test_knowledge_base_objects_rank_before_guide_pages(
        page: Page, reader: tuple[str, BuiltSite, str], query: str) -> None:
    """The guide's title names the query (15 points to Sphinx, a source's text 5)."""
    mode, _site, url = reader
    found = search(page, url, query)
    names = [docname(r["href"]) for r in found]
    assert "guide/lukashenka" in names, listing(found)
    guide = names.index("guide/lukashenka")
    objects = [i for i, n in enumerate(names) if n.startswith(("actors/", "sources/"))]
    assert objects and max(objects) < guide, f"{mode}: {query!r}\n{listing(found)}"


@pytest.mark.browser
def test_an_english_query_does_not_find_foreign_pages_by_accident(
        page: Page, reader: tuple[str, BuiltSite, str]) -> None:
    _mode, _site, url = reader
    assert [docname(r["href"]) for r in search(page, url, "harvest")] == ["sources/en-herald"]
    assert "sources/en-herald" not in {docname(r["href"]) for r in search(page, url, "Минска")}


@pytest.mark.browser
def test_the_client_strips_the_same_endings_as_the_index(
        page: Page, reader: tuple[str, BuiltSite, str]) -> None:
    _mode, _site, url = reader
    page.goto(f"{url}search.html")
    page.wait_for_function("typeof KbSearchShards !== 'undefined'")
    words = {"uk": ["Мінську", "Лукашенкові", "Тихановською", "Київ", "ми"],
             "be": ["Мінску", "Лукашэнкам", "Ціханоўскай", "Беларусь"],
             "pl": ["Mińsku", "Łukaszenki", "Cichanouskiej", "Polska", "się"]}
    for code, sample in words.items():
        got = page.evaluate("([words, endings, min]) => words.map((w) => "
                            "KbSearchShards.lightStem(w.toLowerCase(), endings, min))",
                            [sample, list(LIGHT_ENDINGS[code]), LIGHT_MIN_STEM])
        assert got == [light_stem(w, LIGHT_ENDINGS[code]) for w in sample], (code, got)


# -- the passages files -------------------------------------------------------------------

def test_each_source_has_its_passages_file_and_a_removed_one_goes(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-search-reader", srcdir)
    site = sphinx_build(srcdir, tmp_path / "html")
    folder = site.outdir / PASSAGE_DIR
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    assert files == ["sources", *(f"sources/{name}.json.gz" for name in
                     ("de-zeitung", "en-herald", "pl-gazeta", "ru-vedomosti", "uk-pravda"))]
    data = json.loads(gzip.decompress((folder / "sources" / "en-herald.json.gz").read_bytes()))
    page = site.page("sources/en-herald")
    shown = []
    for element in page.select(".kb-article .kb-passage[id]"):
        for extra in element.select(".kb-anchor, .kb-cited-by"):
            extra.decompose()
        shown.append([element["id"], " ".join(element.get_text().split())])
    assert data["p"] == shown and len(shown) == 4
    assert any("Tikhanovskaya" in line and "Tsikhanouskaya" in line for line in data["m"])

    (srcdir / "raw" / "pl.txt").unlink()
    (srcdir / "raw" / "pl.yaml").unlink()
    again = sphinx_build(srcdir, tmp_path / "html", fresh=False)
    assert not (again.outdir / PASSAGE_DIR / "sources" / "pl-gazeta.json.gz").exists()
    assert (again.outdir / PASSAGE_DIR / "sources" / "en-herald.json.gz").is_file()
