"""Furniture learnt from the corpus (kb_ext.sources.furniture and
``python -m kb_ext learn-furniture``), on the articles of
tests/roots/test-furniture: four Harbour Post pages (by outlet name), three
bay-news.example pages (by URL host, under two outlet names) and two Lone
Gazette pages (too few to learn from)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kb_ext.cli.learn_furniture import main as learn_main
from kb_ext.sources.furniture import outlet_key, position_quotes

from .conftest import ROOTS, BuiltSite, sphinx_build


def learnt(srcdir: Path) -> None:
    assert learn_main([str(srcdir)]) == 0


@pytest.fixture(scope="module")
def site(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    return build_root("furniture", prepare=learnt)


def passages(page: BeautifulSoup) -> list[str]:
    return [p.get_text(" ", strip=True).split(" Cited by:")[0]
            for p in page.select("p.kb-passage")]


def removed(page: BeautifulSoup) -> dict[int, str]:
    rows = {}
    for row in page.select(".kb-removed-list > *"):
        head = row.get_text(" ", strip=True).split(" · ", 1)
        rows[int(head[0].split()[1])] = head[1]
    return rows


def test_the_file_lists_each_outlets_repeated_lines(site: BuiltSite) -> None:
    data = json.loads((site.srcdir / "kb-furniture.json").read_text(encoding="utf-8"))
    outlets = data["outlets"]
    assert sorted(outlets) == ["bay-news.example", "harbour post"]
    assert outlets["harbour post"]["pages"] == 4
    assert outlets["harbour post"]["lines"] == {
        "harbour post: news from the coast since 1998": 4,
        # for_quotes form: Cyrillic letters that look Latin are compared as Latin
        "haш kahaл b meccehджepe: harbourpost": 4}
    assert outlets["bay-news.example"] == {"pages": 3, "lines": {
        "bay news": 3, "fotos und texte der bay news redaktion": 3}}


def test_learnt_lines_are_listed_as_removed_in_any_language(site: BuiltSite) -> None:
    page = site.page("sources/ferry")
    rows = removed(page)
    assert rows[1] == ("repeated on 4 pages of this outlet "
                       "Harbour Post: news from the coast since 1998")
    assert rows[7] == "repeated on 4 pages of this outlet Наш канал в мессенджере: harbourpost"
    assert passages(page) == [
        "¶1 The new ferry line to the outer islands opened on Monday after two years of delays, "
        "carrying three hundred passengers on its first crossing in calm weather.",
        "¶2 The harbour has been run by the city council since 1952.",
        "¶3 Residents interviewed near the ferry site said they had waited a long time for news "
        "like this, and several asked when the council would publish its full plan."]
    bay = removed(site.page("sources/bridge"))
    assert bay[1] == "repeated on 3 pages of this outlet Bay News"
    assert bay[7] == "repeated on 3 pages of this outlet Fotos und Texte der Bay News Redaktion"
    assert not site.warning_lines()


def test_a_quoted_line_is_never_learnt(site: BuiltSite) -> None:
    # On all four Harbour Post pages, but quoted by a position in index.md.
    for name in ("ferry", "crane", "strike", "fish"):
        texts = passages(site.page(f"sources/{name}"))
        assert "¶2 The harbour has been run by the city council since 1952." in texts
    assert "Cited by" in site.page("sources/ferry").select("p.kb-passage")[1].get_text()


def test_an_outlet_with_too_few_pages_keeps_its_lines(site: BuiltSite) -> None:
    page = site.page("sources/mill")
    assert "Lone Gazette weekly edition" not in " ".join(removed(page).values())
    assert "Lone Gazette weekly edition" in page.select_one(".kb-source").get_text(" ")


def _add_article(srcdir: Path) -> None:
    raw = srcdir / "sources_raw"
    (raw / "dredge.txt").write_text(
        "Harbour Post: news from the coast since 1998\n\nDredging starts in the channel\n\n"
        "Dredgers began deepening the main channel on Friday so that larger ships can reach "
        "the inner basin, a job the port expects to take most of the coming winter.\n\n"
        "Наш канал в мессенджере: harbourpost\n\n"
        "The harbour has been run by the city council since 1952.\n", encoding="utf-8")
    (raw / "dredge.yaml").write_text(
        "id: dredge\ntitle: Dredging starts in the channel\noutlet: Harbour Post\n"
        "kind: news report\npublished: 2024-06-09\nlanguage: en\n", encoding="utf-8")


def _source_pages(outdir: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8")
            for path in sorted((outdir / "sources").glob("*.html"))}


def test_adding_an_article_changes_no_other_page_and_builds_agree(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-furniture", srcdir)
    learnt(srcdir)
    before = sphinx_build(srcdir, tmp_path / "inc")
    old_pages = _source_pages(before.outdir)
    _add_article(srcdir)
    incremental = sphinx_build(srcdir, tmp_path / "inc", fresh=False)
    full = sphinx_build(srcdir, tmp_path / "full")
    parallel = sphinx_build(srcdir, tmp_path / "par", parallel=2)
    pages = _source_pages(incremental.outdir)
    assert "dredge.html" in pages
    # The new page of a learnt outlet loses the learnt lines at once ...
    rows = removed(BeautifulSoup(pages["dredge.html"], "html.parser"))
    assert rows[1].startswith("repeated on 4 pages of this outlet")
    # ... and no older page changes until the curator learns again.
    for name, html in old_pages.items():
        assert pages[name] == html, name
    assert pages == _source_pages(full.outdir) == _source_pages(parallel.outdir)
    for build in (incremental, full, parallel):
        assert not build.warning_lines()


def test_learning_again_counts_the_new_article(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-furniture", srcdir)
    _add_article(srcdir)
    learnt(srcdir)
    site = sphinx_build(srcdir, tmp_path / "html")
    assert removed(site.page("sources/ferry"))[1].startswith("repeated on 5 pages")


def test_an_unreadable_file_is_one_warning_and_removes_nothing(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-furniture", srcdir)
    (srcdir / "kb-furniture.json").write_text("{not json", encoding="utf-8")
    site = sphinx_build(srcdir, tmp_path / "html")
    warnings = site.warning_lines("kb.furniture")
    assert len(warnings) == 1 and "kb-furniture.json:1" in warnings[0]
    assert not any("repeated on" in r for r in removed(site.page("sources/ferry")).values())
    assert len(passages(site.page("sources/ferry"))) >= 3


def test_an_unreadable_file_is_said_once_on_every_build(tmp_path: Path) -> None:
    """Not kept with whichever page was read first: re-reading that page, or
    reading in two processes, must neither lose the warning nor say it twice."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-furniture", srcdir)
    (srcdir / "kb-furniture.json").write_text("{not json", encoding="utf-8")
    sphinx_build(srcdir, tmp_path / "html")
    for raw in (srcdir / "sources_raw").glob("*.txt"):  # every page read again
        raw.write_text(raw.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")
    again = sphinx_build(srcdir, tmp_path / "html", fresh=False)
    parallel = sphinx_build(srcdir, tmp_path / "par", parallel=2)
    check = sphinx_build(srcdir, tmp_path / "check", builder="kbcheck")
    for build in (again, parallel, check):
        assert len(build.warning_lines("kb.furniture")) == 1, build.warnings


@pytest.mark.parametrize(("text", "expected"), [
    (":::{kb:position} a/p1\n:stance: supports\nthe wells\nran dry\n:::\nafter",
     ["the wells ran dry"]),
    ("```{kb:position} a/p1\n:stance: reports\nOne Quote\n```\n", ["one quote"]),
    (".. kb:position:: a/p1\n   :stance: reports\n\n   quoted text\n\nNot quoted\n",
     ["quoted text"]),
    (":::{kb:claim} c\n:statement: not a quote\n:::\n", []),
])
def test_position_quotes(text: str, expected: list[str]) -> None:
    assert position_quotes(text) == expected


@pytest.mark.parametrize(("outlet", "url", "expected"), [
    ("Bay News", "https://www.Bay-News.example/x", "bay-news.example"),
    ("Bay News", "", "bay news"),
    ("", "not a url", ""),
    ("  Harbour Post ", "http://[bad", "harbour post"),
])
def test_outlet_key(outlet: str, url: str, expected: str) -> None:
    assert outlet_key(outlet, url) == expected


def test_the_command_reads_a_relative_project_and_refuses_a_bad_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    shutil.copytree(ROOTS / "test-furniture", tmp_path / "src")
    monkeypatch.chdir(tmp_path)
    assert learn_main(["src"]) == 0
    assert "learnt 4 repeated line(s) of 2 outlet(s)" in capsys.readouterr().out
    (tmp_path / "src" / "conf.py").write_text("kb_sources_dir = (\n", encoding="utf-8")
    assert learn_main(["src"]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert learn_main(["nowhere"]) == 2


def test_learning_for_the_first_time_updates_an_incremental_build(tmp_path: Path) -> None:
    """The pages read before the file existed are read again when it appears,
    and again when it goes; each incremental build equals a full one."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-furniture", srcdir)
    plain = sphinx_build(srcdir, tmp_path / "inc")
    assert not any("repeated on" in r for r in removed(plain.page("sources/ferry")).values())
    unlearnt = _source_pages(plain.outdir)
    learnt(srcdir)
    incremental = sphinx_build(srcdir, tmp_path / "inc", fresh=False)
    assert removed(incremental.page("sources/ferry"))[1].startswith("repeated on 4 pages")
    assert _source_pages(incremental.outdir) == _source_pages(
        sphinx_build(srcdir, tmp_path / "full").outdir)
    (srcdir / "kb-furniture.json").unlink()
    again = sphinx_build(srcdir, tmp_path / "inc", fresh=False)
    assert not any("repeated on" in r for r in removed(again.page("sources/ferry")).values())
    assert _source_pages(again.outdir) == unlearnt


def test_the_curator_can_keep_a_learnt_line(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-furniture", srcdir)
    learnt(srcdir)
    sidecar = srcdir / "sources_raw" / "crane.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "keep_patterns: ['^Harbour Post:']\n",
                       encoding="utf-8")
    site = sphinx_build(srcdir, tmp_path / "html")
    page = site.page("sources/crane")
    assert passages(page)[0] == ("¶1 Harbour Post: news from the coast since 1998 "
                                 "[kept by the curator (crane.yaml line 7: ^Harbour Post:)]")
    assert removed(page)[7].startswith("repeated on 4 pages of this outlet")
    assert 1 not in removed(page)
