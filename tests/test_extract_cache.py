"""A web page's extraction is kept between builds (kb_ext/sources/extract_cache.py)
and a page reads only the metadata its sidecar does not give; neither changes
what a page shows."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from kb_ext.sources import html
from kb_ext.sources.extract_cache import read_html_cached
from kb_ext.sources.formats import EXTRACT_CACHE
from kb_ext.sources.ingest import PAGE_KEYS, RawArticle

from .conftest import ROOTS, sphinx_build

RAW = ROOTS / "test-html" / "sources_raw"
NEWS = RAW / "news.html"
#: Words of the news page's first passage (tests/test_html_sources.py).
FIRST_WORDS = "The negotiations in Minsk stalled again on Friday"


def _article(path: Path) -> tuple[bytes, RawArticle]:
    data = path.read_bytes()
    return data, RawArticle(path, "", hashlib.sha256(data).hexdigest(), len(data))


def _pages(outdir: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8")
            for path in sorted((outdir / "sources").glob("*.html"))}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("cache")
    shutil.copytree(ROOTS / "test-html", base / "src")
    return base


def test_a_rebuild_reads_the_cache_and_shows_the_same_pages(project: Path) -> None:
    doctrees = project / "doctrees"
    first = sphinx_build(project / "src", project / "first", doctreedir=doctrees)
    cache = doctrees / EXTRACT_CACHE
    entry = cache / f"{hashlib.sha256(NEWS.read_bytes()).hexdigest()}.json"
    assert entry.is_file()
    # One entry per web page, none for the .mhtml kb_ext does not read.
    assert len(list(cache.glob("*.json"))) == len(list(RAW.glob("*.htm*")))
    again = sphinx_build(project / "src", project / "again", doctreedir=doctrees)
    assert _pages(again.outdir) == _pages(first.outdir)
    assert again.warnings == first.warnings  # a cached page's problems are still reported

    # The rebuild took the text from the cache: an edited entry is what it shows.
    saved = entry.read_text(encoding="utf-8")
    edited = json.loads(saved)
    edited["text"] = edited["text"].replace(FIRST_WORDS, "The cached text is shown here")
    entry.write_text(json.dumps(edited), encoding="utf-8")
    cached = sphinx_build(project / "src", project / "cached", doctreedir=doctrees)
    assert "The cached text is shown here" in cached.page("sources/news").get_text()

    # An unreadable entry is extracted again, and written anew.
    entry.write_text("{not json", encoding="utf-8")
    mended = sphinx_build(project / "src", project / "mended", doctreedir=doctrees)
    assert _pages(mended.outdir) == _pages(first.outdir)
    assert json.loads(entry.read_text(encoding="utf-8"))["text"] == json.loads(saved)["text"]


def test_another_extractor_version_extracts_again(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    data, article = _article(NEWS)
    page = read_html_cached(data, article, PAGE_KEYS, tmp_path)
    entry = next(tmp_path.glob("*.json"))
    stale = json.loads(entry.read_text(encoding="utf-8"))
    stale["text"] = "stale text"
    entry.write_text(json.dumps(stale), encoding="utf-8")
    assert read_html_cached(data, _article(NEWS)[1], PAGE_KEYS, tmp_path).text == "stale text"
    monkeypatch.setattr(html, "extractor_version", lambda: "trafilatura 99.0")
    assert read_html_cached(data, _article(NEWS)[1], PAGE_KEYS, tmp_path) == page


def test_a_cached_page_asked_for_more_metadata_is_read_again(tmp_path: Path) -> None:
    data, article = _article(NEWS)
    none = read_html_cached(data, article, (), tmp_path)
    full = read_html_cached(data, _article(NEWS)[1], PAGE_KEYS, tmp_path)
    assert none.meta == {} and full.meta["title"]
    # The entry now holds every key: asking for fewer gives those only.
    fewer = read_html_cached(data, _article(NEWS)[1], ("title",), tmp_path)
    assert fewer.meta == {"title": full.meta["title"]}


@pytest.mark.parametrize("path", sorted(RAW.glob("*.htm*")), ids=lambda path: path.name)
def test_the_text_is_the_same_whichever_metadata_is_read(path: Path) -> None:
    data, article = _article(path)
    every = html.read_html(data, article)
    for need in ((), ("author", "url"), ("title", "outlet", "language")):
        data, fewer = _article(path)
        page = html.read_html(data, fewer, need)
        assert (page.text, page.left_out, page.empty_reason) == (
            every.text, every.left_out, every.empty_reason)
        assert page.meta == {key: value for key, value in every.meta.items() if key in need}
        assert fewer.problems == article.problems


def test_hidden_folders_in_the_sources_folder_hold_no_sources(tmp_path: Path) -> None:
    from kb_ext.sources.ingest import find_articles

    (tmp_path / ".kb-extracted").mkdir()
    (tmp_path / ".kb-extracted" / "0123.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "notes.txt").write_text("not an article", encoding="utf-8")
    (tmp_path / ".git" / "report.docx").write_bytes(b"PK")
    (tmp_path / "article.txt").write_text("An article.", encoding="utf-8")
    unreadable: list[Path] = []
    assert find_articles(tmp_path, unreadable=unreadable) == [tmp_path / "article.txt"]
    assert unreadable == []


def test_a_renamed_page_s_cached_problems_name_it_as_it_is_called_now(tmp_path: Path) -> None:
    """The cache is keyed by the page's bytes: after a rename (or for a second
    copy of the same page) the kept problems must name the file read now."""
    text = NEWS.read_text(encoding="utf-8")
    cut = text[:text.index("</body>")]  # a page saved half: the truncation is warned
    before, after = tmp_path / "saved-page.html", tmp_path / "renamed.html"
    before.write_text(cut, encoding="utf-8")
    data, first = _article(before)
    read_html_cached(data, first, PAGE_KEYS, tmp_path / "cache")
    assert [m for _line, m in first.problems if "ends before </body>" in m]
    assert all("saved-page.html" in m for _line, m in first.problems if "ends before" in m)
    before.rename(after)
    data, renamed = _article(after)
    read_html_cached(data, renamed, PAGE_KEYS, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1  # read from the cache
    assert [(line, m.replace("saved-page.html", "renamed.html"))
            for line, m in first.problems] == renamed.problems
    assert not any("saved-page.html" in m for _line, m in renamed.problems)
