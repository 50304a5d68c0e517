"""Generated source pages: one ``sources/<id>.kbsource`` file per article, read
by kb_ext's own parser; authored pages and older stubs are handled."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import ROOTS, sphinx_build

OLD_STUB = "---\norphan: true\nkb_generated: true\n---\n\n```{kb:source} river-2019\n```\n"


def project(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    return srcdir


def test_each_article_gets_a_page_file_read_without_markup(tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    pages = srcdir / "sources"
    pages.mkdir()
    (pages / "river-2019.md").write_text(OLD_STUB, encoding="utf-8")   # an older build's stub
    site = sphinx_build(srcdir, tmp_path / "html")
    assert not site.warning_lines(), site.warnings
    assert sorted(p.name for p in pages.iterdir()) == [
        "river-2019.kbsource", "river-gazette.kbsource"]
    page = site.page("sources/river-2019")
    assert page.select_one("section.kb-source h1").get_text(strip=True).startswith("River")
    assert page.select("p.kb-passage")
    # The page file only names the article: no "view source" link, no copy.
    assert not page.select('a[href*="_sources/"]')
    assert not (site.outdir / "_sources" / "sources").exists()
    assert site.page("actors").select('a[href*="_sources/"]')
    # Orphan pages: no "not in any toctree" warning (checked above), and still indexed.
    assert site.inventory()["kb:source"]["river-2019"].uri.startswith("sources/river-2019")

    again = sphinx_build(srcdir, tmp_path / "html", fresh=False)
    assert "reading sources... [" not in again.status, again.status


def test_an_authored_page_keeps_its_place_with_one_warning(tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    sphinx_build(srcdir, tmp_path / "html")
    authored = srcdir / "sources" / "river-2019.md"
    authored.write_text("---\norphan: true\n---\n\n# My own page on the river\n\nBy hand.\n",
                        encoding="utf-8")
    site = sphinx_build(srcdir, tmp_path / "html", fresh=False)
    clash = site.warning_lines("kb.duplicate")
    assert len(clash) == 1 and "river-2019.md is an authored page" in clash[0], site.warnings
    assert not (srcdir / "sources" / "river-2019.kbsource").exists()
    assert authored.exists()
    assert "multiple files" not in site.warnings
    assert site.page("sources/river-2019").h1.get_text(strip=True).startswith("My own page")


def test_a_page_file_naming_no_source_warns_with_its_location(tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    (srcdir / "sources").mkdir()
    (srcdir / "sources" / "mine.kbsource").write_text("orphan page\n", encoding="utf-8")
    site = sphinx_build(srcdir, tmp_path / "html")
    found = site.warning_lines("kb.ref")
    assert len(found) == 1 and "names no source" in found[0], site.warnings
    assert "mine.kbsource:1" in found[0]
    assert (srcdir / "sources" / "mine.kbsource").exists()   # not generated: never removed
