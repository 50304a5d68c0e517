"""The sharded search index (kb_ext/search/, its static/kb-search-shards.js).

Real builds: the knowledge base (docs/ + seeds/) with ``kb_search_shards =
True``, checked file by file against Sphinx's own full index and then
searched in headless Chromium; the small test project in "auto", False, with
a bad value, in parallel and incrementally, with small files set through
``kb_search_shard_size`` and ``kb_search_meta_block``; a plain Sphinx project
that loads only ``kb_ext.search``; and a synthetic corpus (the bench
generator) for what the first query downloads.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page
from sphinx.search import js_index
from sphinx.search.en import SearchEnglish

from kb_ext.search.config import DEFAULTS, SETTINGS
from kb_ext.search.grouping import name_words
from kb_ext.search.hooks import FULL_INDEX
from kb_ext.search.output import SHARD_DIR, STAMP, client_code, write_shards
from kb_ext.search.postings import decode_postings, encode_postings
from kb_ext.search.shards import build_shards

from .bench.search_download import first_query_download
from .conftest import REPO, ROOTS, BuiltSite, copy_project, sphinx_build
from .localsite import serve

SEARCH_DONE = """() => {
    const status = document.querySelector('#search-results .search-summary');
    return status !== null && /finished|did not match|failed/i.test(status.textContent);
}"""
# Passages fetched for source results (the client marks them while it fetches).
EXCERPTS_DONE = """() => !document.querySelector('#search-results li[data-kb-excerpt="pending"]')"""
RESULTS = """() => [...document.querySelectorAll('#search-results ul.search > li')].map(item => ({
    href: item.querySelector('a').getAttribute('href'),
    title: item.querySelector('a').textContent,
}))"""


def full_index(outdir: Path) -> dict[str, Any]:
    return js_index.loads((outdir / FULL_INDEX).read_text(encoding="utf-8"))


def shard_files(outdir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = outdir / SHARD_DIR
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = {path.name: json.loads(path.read_text(encoding="utf-8"))
             for path in folder.glob("*.json") if path.name != "manifest.json"}
    return manifest, files


def lookup(keys: dict[str, Any], word: str) -> list[int]:
    """The client's rule: the files of the longest key that is a prefix of ``word``."""
    for n in range(len(word), 0, -1):
        if word[:n] in keys:
            value = keys[word[:n]]
            return value if isinstance(value, list) else [value]
    return []


@pytest.fixture(scope="session")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real knowledge base built with the sharded index."""
    base = tmp_path_factory.mktemp("kb-sharded")
    return sphinx_build(copy_project(base), base / "html",
                        confoverrides={"kb_search_shards": True})


@pytest.fixture(scope="session")
def sharded_url(sharded_site: BuiltSite) -> Iterator[str]:
    with serve(sharded_site.outdir) as url:
        yield url


# -- the files --------------------------------------------------------------------------

def test_every_term_is_in_exactly_one_shard_with_its_postings(sharded_site: BuiltSite
                                                              ) -> None:
    index = full_index(sharded_site.outdir)
    manifest, files = shard_files(sharded_site.outdir)
    assert manifest["docs"] == len(index["docnames"])
    for kind in ("terms", "titleterms"):
        found: dict[str, list[str]] = {}
        for name, data in files.items():
            if name.startswith("t"):
                for term in data[kind]:
                    found.setdefault(term, []).append(name)
        assert set(found) == set(index[kind]), f"{kind}: shards and full index differ"
        twice = {term: names for term, names in found.items() if len(names) > 1}
        assert not twice, f"{kind} in more than one shard: {list(twice.items())[:5]}"
        wrong = []
        for term, value in index[kind].items():
            (name,) = found[term]
            expected = [value] if isinstance(value, int) else value
            if decode_postings(files[name][kind][term]) != expected:
                wrong.append(term)
            if lookup(manifest["terms"], term) != [int(name[1:-5])]:
                wrong.append(f"{term} (manifest points elsewhere)")
        assert not wrong, f"{kind} with other postings than Sphinx's: {wrong[:10]}"


def test_every_object_is_filed_under_each_word_of_its_name(sharded_site: BuiltSite) -> None:
    index = full_index(sharded_site.outdir)
    manifest, files = shard_files(sharded_site.outdir)
    stopwords = SearchEnglish.stopwords
    missing = []
    count = 0
    for prefix, objects in index["objects"].items():
        for doc, _type, _prio, _anchor, name in objects:
            fullname = f"{prefix}.{name}" if prefix else name
            from html import unescape
            for word in name_words(unescape(fullname)) - stopwords:
                count += 1
                shards = [files[f"n{n}.json"]["o"] for n in lookup(manifest["names"], word)]
                if not any(entry[0] == doc and entry[2] == unescape(name)
                           for shard in shards for entry in shard):
                    missing.append(f"{fullname!r} under {word!r}")
    assert count > 100, "the site has too few objects for this test"
    assert not missing, f"objects not in the file of a word of their name: {missing[:10]}"


def test_metadata_covers_every_document(sharded_site: BuiltSite) -> None:
    index = full_index(sharded_site.outdir)
    manifest, files = shard_files(sharded_site.outdir)
    blocks = [files[f"m{n}.json"] for n in range(manifest["files"]["m"])]
    assert all(len(b["docnames"]) <= manifest["block"] for b in blocks)
    assert [d for b in blocks for d in b["docnames"]] == index["docnames"]
    from html import unescape
    assert [t for b in blocks for t in b["titles"]] == [unescape(t) for t in index["titles"]]
    for docname in index["docnames"]:
        assert (sharded_site.outdir / f"{docname}.html").is_file(), docname


def test_files_are_small_and_the_loader_is_not_the_index(sharded_site: BuiltSite) -> None:
    outdir = sharded_site.outdir
    full_size = (outdir / FULL_INDEX).stat().st_size
    loader = (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "KbSearchShards.install(" in loader
    assert not loader.startswith(js_index.PREFIX)
    assert len(loader.encode()) < full_size / 3
    sizes = {p.name: p.stat().st_size for p in (outdir / SHARD_DIR).glob("*.json")}
    limit = DEFAULTS["kb_search_shard_size"]
    big = {name: size for name, size in sizes.items() if size > limit * 1.2}
    assert not big, f"shards over the size limit: {big}"
    assert "sharded into" in sharded_site.status


def test_build_shards_splits_a_large_index() -> None:
    """Synthetic: 3,000 terms in 2,000 documents give many files, none too large,
    and a name word too common for one file is spread over several."""
    ndocs = 2000
    terms = {f"{a}{b}{c}word": list(range(i % 7, ndocs, 5 + i % 50))
             for i, (a, b, c) in enumerate((a, b, c) for a in "abcdefghij"
                                           for b in "klmnopqrst" for c in "uvwxyzàéöж")}
    index = {"docnames": [f"d{i}" for i in range(ndocs)],
             "titles": [f"Document {i}" for i in range(ndocs)],
             "terms": terms, "titleterms": {"doc": list(range(ndocs))},
             "objects": {"": [[i, 0, 1, "", f"Common name {i}"] for i in range(ndocs)]},
             "objnames": {"0": ["kb", "actor", "Knowledge base actor"]},
             "alltitles": {}, "indexentries": {}}
    manifest, files = build_shards(index, limit=8 * 1024)
    assert manifest["files"]["t"] > 20
    assert max(len(json.dumps(f, ensure_ascii=False).encode()) for name, f in files.items()
               if name[0] in "tn") < 10 * 1024
    assert len(lookup(manifest["names"], "common")) > 1
    for term, value in terms.items():
        (number,) = lookup(manifest["terms"], term)
        assert decode_postings(files[f"t{number}.json"]["terms"][term]) == value


# -- modes ------------------------------------------------------------------------------

def unsharded_index(public: bytes) -> bytes:
    """Sphinx's index in an unsharded ``searchindex.js``: what follows the client
    and its ``installFull(...)`` line."""
    head, marker, index = public.partition(b");\n" + js_index.PREFIX.encode())
    assert marker and b"\nKbSearchShards.installFull(" in head, public[:200]
    return js_index.PREFIX.encode() + index


def test_auto_keeps_sphinx_index_for_the_small_site(kb_site: BuiltSite) -> None:
    outdir = kb_site.outdir
    public = (outdir / "searchindex.js").read_bytes()
    assert public.startswith(client_code().encode())
    assert unsharded_index(public) == (outdir / FULL_INDEX).read_bytes()
    assert len(public) < 512 * 1024
    assert not (outdir / SHARD_DIR).exists()


def test_false_leaves_sphinx_alone_and_a_bad_value_warns(build_root: Any) -> None:
    off = build_root("kb", confoverrides={"kb_search_shards": False})
    assert (off.outdir / "searchindex.js").read_bytes().startswith(js_index.PREFIX.encode())
    assert not (off.outdir / FULL_INDEX).exists()
    assert not (off.outdir / SHARD_DIR).exists()

    bad = build_root("kb", confoverrides={"kb_search_shards": "yes"})
    warnings = bad.warning_lines("kb_search_shards")
    assert len(warnings) == 1 and "kb.config" in warnings[0], bad.warnings
    assert unsharded_index((bad.outdir / "searchindex.js").read_bytes()) == \
        (bad.outdir / FULL_INDEX).read_bytes()


def test_parallel_and_incremental_builds_keep_the_full_index(tmp_path: Path) -> None:
    """-j 2, then an edit rebuilt without -E: Sphinx reloads its full index, and
    words of pages not re-written are still in the shards."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    overrides = {"kb_search_shards": True}
    first = sphinx_build(srcdir, tmp_path / "html", parallel=2, confoverrides=overrides)
    assert not first.warning_lines(), first.warnings
    before = full_index(first.outdir)
    manifest, files = shard_files(first.outdir)
    assert sum(len(f["terms"]) for n, f in files.items() if n[0] == "t") \
        == len(before["terms"])

    actors = srcdir / "actors.md"
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "A mayor invented for this test.", "A mayor invented for this test, zanzibarian."),
        encoding="utf-8")
    second = sphinx_build(srcdir, tmp_path / "html", fresh=False, confoverrides=overrides)
    assert "couldn't be loaded" not in second.warnings, second.warnings
    after = full_index(second.outdir)
    assert "zanzibarian" in after["terms"]
    untouched = {t for t, v in before["terms"].items()
                 if "actors" not in [before["docnames"][d]
                                     for d in ([v] if isinstance(v, int) else v)]}
    assert untouched and untouched <= set(after["terms"])
    manifest, files = shard_files(second.outdir)
    term_files = [f for n, f in files.items() if n[0] == "t"]
    assert any("zanzibarian" in f["terms"] for f in term_files)
    assert sum(len(f["terms"]) for f in term_files) == len(after["terms"])


def written_files(outdir: Path) -> dict[str, tuple[int, bytes]]:
    """Every file kb_ext writes for sharded search: name -> (mtime_ns, bytes)."""
    paths = [outdir / "searchindex.js", *sorted((outdir / SHARD_DIR).iterdir())]
    return {str(p.relative_to(outdir)): (p.stat().st_mtime_ns, p.read_bytes()) for p in paths}


def contents(files: dict[str, tuple[int, bytes]]) -> dict[str, bytes]:
    return {name: data for name, (_mtime, data) in files.items()}


#: Tiny files, so that the small test project is split into some thirty.
SMALL_SHARDS = {"kb_search_shards": True, "kb_search_shard_size": 256, "kb_search_meta_block": 2}


@pytest.fixture
def small_shards() -> dict[str, Any]:
    return dict(SMALL_SHARDS)


def test_a_rebuild_without_changes_writes_no_shard_file(tmp_path: Path,
                                                         small_shards: dict[str, Any]) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    outdir = tmp_path / "html"
    sphinx_build(srcdir, outdir, confoverrides=small_shards)
    before = written_files(outdir)
    full_before = (outdir / FULL_INDEX).stat().st_mtime_ns, (outdir / FULL_INDEX).read_bytes()
    assert len(before) > 20, list(before)
    manifest, _files = shard_files(outdir)
    assert manifest["block"] == 2

    again = sphinx_build(srcdir, outdir, fresh=False, confoverrides=small_shards)
    assert "sharded search index unchanged" in again.status, again.status
    # Sphinx re-writes its full index on every build, with the same bytes.
    full_after = (outdir / FULL_INDEX).stat().st_mtime_ns, (outdir / FULL_INDEX).read_bytes()
    assert full_after[0] != full_before[0] and full_after[1] == full_before[1]
    assert written_files(outdir) == before

    # A shard file lost or changed since: the next build puts it back.
    (outdir / SHARD_DIR / "t1.json").unlink()
    (outdir / SHARD_DIR / "stray.json").write_text("{}", encoding="utf-8")
    repaired = sphinx_build(srcdir, outdir, fresh=False, confoverrides=small_shards)
    assert "(1 written)" in repaired.status, repaired.status
    after = written_files(outdir)
    assert contents(after) == contents(before)
    assert {name for name in after if after[name][0] != before[name][0]} \
        == {f"{SHARD_DIR}/t1.json", f"{SHARD_DIR}/{STAMP}"}


def test_an_edit_rewrites_only_changed_files_and_matches_a_full_build(
        tmp_path: Path, small_shards: dict[str, Any]) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    outdir = tmp_path / "html"
    sphinx_build(srcdir, outdir, confoverrides=small_shards)
    before = written_files(outdir)

    actors = srcdir / "actors.md"
    original = actors.read_text(encoding="utf-8")
    actors.write_text(original.replace(
        "A mayor invented for this test.", "A mayor invented for this test, zanzibarian."),
        encoding="utf-8")
    edited = sphinx_build(srcdir, outdir, fresh=False, confoverrides=small_shards)
    assert "written)" in edited.status, edited.status
    after = written_files(outdir)
    rewritten = {name for name in after if name in before and after[name][0] != before[name][0]}
    untouched = {name for name in after if name in before and after[name][0] == before[name][0]}
    assert rewritten and untouched, rewritten
    assert all(after[name][1] == before[name][1] for name in untouched)
    assert any(b"zanzibarian" in data for _mtime, data in after.values())

    fresh = sphinx_build(srcdir, tmp_path / "fresh", confoverrides=small_shards)
    assert (fresh.outdir / FULL_INDEX).read_bytes() == (outdir / FULL_INDEX).read_bytes()
    assert contents(written_files(fresh.outdir)) == contents(after)

    # And back. Sphinx keeps the removed word with no pages ("zanzibarian": []),
    # so compare with the files written from scratch from this full index.
    actors.write_text(original, encoding="utf-8")
    sphinx_build(srcdir, outdir, fresh=False, confoverrides=small_shards)
    scratch = tmp_path / "scratch"
    (scratch / SHARD_DIR).mkdir(parents=True)
    (scratch / SHARD_DIR / "stale.json").write_text("{}", encoding="utf-8")
    manifest, files = shard_files(outdir)  # the page facts kb_ext gave (extras.py)
    subtitles = [s for n in range(manifest["files"]["m"])
                 for s in files[f"m{n}.json"].get("subtitles", [None] * 2)]
    write_shards(full_index(outdir), scratch, limit=256, block=2,
                 stopwords=SearchEnglish.stopwords, extras=manifest["kb"], subtitles=subtitles)
    expected = contents(written_files(scratch))
    assert "_kb_search/stale.json" not in expected
    got = contents(written_files(outdir))
    assert got.pop(f"{SHARD_DIR}/{STAMP}")
    assert got == expected


def test_encoded_postings_are_the_shorter_form() -> None:
    for ndocs in (1, 7, 8, 9, 100, 1000):
        for docs in ([0], [ndocs - 1], list(range(0, ndocs, 3)), list(range(ndocs)), []):
            encoded = encode_postings(docs, ndocs)
            assert decode_postings(encoded) == docs
            as_list = len(json.dumps(docs, separators=(",", ":")))
            assert len(json.dumps(encoded)) <= as_list
            if isinstance(encoded, list):
                assert 4 * -(-((ndocs + 7) // 8) // 3) + 2 >= as_list - (not docs)
    assert encode_postings(5, 10) == 5


# -- in the browser ---------------------------------------------------------------------

def docname(href: str) -> str:
    return urlsplit(href).path.removesuffix(".html")


def search(page: Page, url: str, query: str) -> list[dict[str, Any]]:
    page.goto(f"{url}search.html?q={quote(query)}")
    page.wait_for_function(SEARCH_DONE)
    status = page.locator("#search-results .search-summary").inner_text()
    assert "failed" not in status, status
    return page.evaluate(RESULTS)


def listing(found: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {r['href']}  {r['title']!r}" for r in found) or "  (no results)"


@pytest.mark.browser
@pytest.mark.parametrize(("query", "actor"), [
    ("Lukashenka", "lukashenko"),
    ("Лукашенко", "lukashenko"),
    ("Tsikhanouskaya", "tikhanovskaya"),
    ("Makiej", "makei"),
])
def test_alias_search_ranks_the_canonical_actor_first(page: Page, sharded_url: str,
                                                      query: str, actor: str) -> None:
    found = search(page, sharded_url, query)
    assert found and docname(found[0]["href"]) == f"actors/{actor}", listing(found)
    page.click("#search-results ul.search > li >> nth=0 >> a")
    page.wait_for_url(re.compile(rf"/actors/{actor}\.html(#.*)?$"))
    assert query in page.locator(f"[id='kb-actor-{actor}'] .kb-aliases").inner_text()


def source_only_word(site: BuiltSite) -> tuple[str, str]:
    """A word of one source's passages whose stem is in no other page."""
    index = full_index(site.outdir)
    stem = SearchEnglish({}).stem
    for path in sorted((site.outdir / "sources").glob("*.html")):
        if path.stem == "index":
            continue
        name = f"sources/{path.stem}"
        text = " ".join(p.get_text(" ") for p in
                        BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
                        .select(".kb-passage"))
        for word in sorted(set(re.findall(r"\b[a-z]{7,}\b", text))):
            value = index["terms"].get(stem(word).lower())
            if isinstance(value, int) and index["docnames"][value] == name:
                return word, name
    raise AssertionError("no source has a word of its own")


@pytest.mark.browser
def test_a_word_of_one_source_finds_it_and_the_link_opens_it(
        page: Page, sharded_url: str, sharded_site: BuiltSite) -> None:
    word, source = source_only_word(sharded_site)
    found = search(page, sharded_url, word)
    assert [docname(r["href"]) for r in found] == [source], \
        f"search for {word!r} (only in {source}):\n{listing(found)}"
    title = found[0]["title"]
    # A source's passage is fetched unasked: the link goes to the passage, whose
    # words are the snippet.
    page.wait_for_function(EXCERPTS_DONE)
    snippet = page.locator("#search-results li > p.context").inner_text()
    assert word in snippet.lower()
    passage = urlsplit(page.locator("#search-results li > a").get_attribute("href")).fragment
    assert re.fullmatch(r"p\d+", passage), passage
    page.click("#search-results ul.search > li >> nth=0 >> a")
    page.wait_for_url(re.compile(rf"/{re.escape(source)}\.html#{passage}$"))
    assert title in page.title()
    assert word in page.locator(f"[id='{passage}']").inner_text().lower()


@pytest.mark.browser
def test_many_results_are_listed_a_page_at_a_time(page: Page, sharded_url: str) -> None:
    found = search(page, sharded_url, "Belarus")
    status = page.locator("#search-results .search-summary").inner_text()
    total = int(re.search(r"found (\d+) pages", status).group(1))
    assert total > len(found) == 20
    page.click("#kb-search-more")
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 20")
    more = page.evaluate(RESULTS)
    assert len(more) == min(total, 40)
    assert len({(r["href"], r["title"]) for r in more}) == len(more)


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, BuiltSite]:
    """200 generated sources (tests/bench/generate.py), built with Sphinx's index and sharded."""
    from .bench.generate import main as generate
    base = tmp_path_factory.mktemp("synthetic")
    generate(["200", str(base / "corpus")])
    kb = base / "corpus" / "kb"
    plain = sphinx_build(kb, base / "plain", confoverrides={"kb_search_shards": False})
    sharded = sphinx_build(kb, base / "sharded", confoverrides={"kb_search_shards": True})
    return plain, sharded


@pytest.mark.browser
def test_first_query_downloads_far_less_than_the_index(
        browser: Browser, synthetic_site: tuple[BuiltSite, BuiltSite]) -> None:
    plain, sharded = synthetic_site
    index_size = (plain.outdir / "searchindex.js").stat().st_size
    queries = ["president minister", "potash exports"]
    before = first_query_download(plain.outdir, queries[:1], browser)
    after = first_query_download(sharded.outdir, queries, browser)
    for query, got in after.items():
        assert got["results"] > 0, (query, got)
        # index data: the loader without the client's code (22 KB, whatever the
        # index), and the shard files
        client = len(client_code().encode("utf-8"))
        loaded = got["by_kind"]["searchindex"][0] - client + got["by_kind"]["shard"][0]
        assert loaded < index_size / 4, (query, loaded, index_size, got)
        assert got["bytes"] < before[queries[0]]["bytes"] / 2, (query, got, before)


def _postings(index: dict[str, Any], word: str) -> set[str]:
    value = index["terms"].get(SearchEnglish({}).stem(word.lower()), [])
    return {index["docnames"][n] for n in ([value] if isinstance(value, int) else value)}


def test_words_of_compact_lists_and_tables_are_indexed(sharded_site: BuiltSite) -> None:
    """The actor list on source pages and the index tables are written by
    kb_ext's own HTML writer; their words still index the page."""
    index = full_index(sharded_site.outdir)
    checked = 0
    for name in index["docnames"]:
        if not name.startswith("sources/") or name == "sources/index":
            continue
        for aliases in sharded_site.page(name).select(".kb-actors-mentioned .kb-spellings"):
            words = re.findall(r"[^\W\d_]{5,}", aliases.get_text().removeprefix(" written here as"))
            if not words:  # "US"
                continue
            assert any(name in _postings(index, word) for word in words), (name, words)
            checked += 1
    assert checked >= 5
    listing = sharded_site.page("sources/index").select("table.kb-source-index td a")
    assert listing
    for link in listing:
        words = re.findall(r"[^\W\d_]{5,}", link.get_text())
        assert any("sources/index" in _postings(index, word) for word in words), words


def test_a_removed_source_leaves_the_index_as_a_fresh_build_has_it(tmp_path: Path) -> None:
    """After an article is deleted, an incremental build's full index lists the
    same pages for every term as a build from scratch; only terms left with no
    page remain, as Sphinx keeps them."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    sphinx_build(srcdir, tmp_path / "html")
    assert "sources/river-gazette" in full_index(tmp_path / "html")["docnames"]
    for suffix in (".txt", ".yaml"):
        (srcdir / "sources_raw" / f"gazette{suffix}").unlink()
    sphinx_build(srcdir, tmp_path / "html", fresh=False)
    fresh = sphinx_build(srcdir, tmp_path / "fresh")

    def pages(index: dict[str, Any]) -> dict[str, set[str]]:
        names = index["docnames"]
        return {term: {names[d] for d in ([v] if isinstance(v, int) else v)}
                for term, v in index["terms"].items() if v != []}

    incremental, scratch = full_index(tmp_path / "html"), full_index(fresh.outdir)
    assert "sources/river-gazette" not in incremental["docnames"]
    assert incremental["docnames"] == scratch["docnames"]
    assert pages(incremental) == pages(scratch)


# -- the extension on its own, and its settings ---------------------------------------

def build_search_only(build_root: Any, **overrides: Any) -> tuple[BuiltSite, Any]:
    """tests/roots/test-search-only (plain Sphinx + kb_ext.search), and its application."""
    apps: list[Any] = []
    site = build_root("search-only", setup=apps.append, confoverrides=overrides)
    return site, apps[0]


def test_the_search_extension_works_without_kb_ext(build_root: Any) -> None:
    site, app = build_search_only(build_root)
    assert "kb_ext.search" in app.extensions and "kb_ext" not in app.extensions
    extension = app.extensions["kb_ext.search"]
    assert extension.parallel_read_safe and extension.parallel_write_safe
    assert not site.warning_lines(), site.warnings
    assert "sharded into" in site.status, site.status

    outdir = site.outdir
    loader = (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "KbSearchShards.install(" in loader and not loader.startswith(js_index.PREFIX)
    index = full_index(outdir)
    assert sorted(index["docnames"]) == ["index", "mountains", "rivers", "tools"]
    manifest, files = shard_files(outdir)
    assert manifest["docs"] == 4 and manifest["block"] == DEFAULTS["kb_search_meta_block"]
    for term, value in index["terms"].items():
        (number,) = lookup(manifest["terms"], term)
        assert decode_postings(files[f"t{number}.json"]["terms"][term]) == \
            ([value] if isinstance(value, int) else value), term
    assert "amber" in index["terms"]
    objects = [entry for n in lookup(manifest["names"], "measure_riverbed")
               for entry in files[f"n{n}.json"]["o"]]
    assert any(entry[2] == "measure_riverbed" for entry in objects), objects

    # kb-search.js comes with the search extension, not with kb_ext.
    assert (outdir / "_static" / "kb-search.js").is_file()
    scripts = [s.get("src", "") for s in site.page("rivers").select("script")]
    assert any(src.startswith("_static/kb-search.js") for src in scripts), scripts
    assert not any(src.split("?")[0].endswith("/kb.js") for src in scripts), scripts


@pytest.mark.browser
def test_the_search_extension_alone_finds_a_word_in_the_browser(build_root: Any,
                                                                 page: Page) -> None:
    site, _app = build_search_only(build_root)
    with serve(site.outdir) as url:
        found = search(page, url, "amber")
    assert [docname(r["href"]) for r in found] == ["rivers"], listing(found)


BAD_VALUES = [
    ("kb_search_shards", "yes"),
    ("kb_search_shards", 1),
    ("kb_search_shard_threshold", -1),
    ("kb_search_shard_threshold", 2.5),
    ("kb_search_shard_size", 0),
    ("kb_search_shard_size", [1024]),
    ("kb_search_meta_block", 0),
    ("kb_search_meta_block", True),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_a_bad_setting_warns_once_and_the_default_is_used(build_root: Any, name: str,
                                                          value: Any) -> None:
    overrides: dict[str, Any] = {"kb_search_shards": True, name: value}
    site, app = build_search_only(build_root, **overrides)
    warnings = site.warning_lines()
    assert len(warnings) == 1, site.warnings
    assert name in warnings[0] and "[kb.config]" in warnings[0], warnings
    assert getattr(app.config, name) == DEFAULTS[name]
    if name == "kb_search_shards":  # "auto", and the project is small
        assert unsharded_index((site.outdir / "searchindex.js").read_bytes()) \
            == (site.outdir / FULL_INDEX).read_bytes()
    else:
        manifest, _files = shard_files(site.outdir)
        assert manifest["block"] == DEFAULTS["kb_search_meta_block"]


def test_every_setting_is_in_every_settings_table() -> None:
    """README.md and docs/guide/search.md list each value with its default."""
    assert set(SETTINGS) == {"kb_search_shards", "kb_search_shard_threshold",
                             "kb_search_shard_size", "kb_search_meta_block"}
    for path in (REPO / "README.md", REPO / "docs" / "guide" / "search.md"):
        text = path.read_text(encoding="utf-8")
        for name, default in DEFAULTS.items():
            row = f"| `{name}` | `{json.dumps(default)}` |"
            assert row in text, f"{path.name}: no row {row!r}"
