"""Generated source pages: one ``sources/<id>.kbsource`` file per article, read
by kb_ext's own parser; authored pages and older stubs are handled."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from kb_ext.search.hooks import prune_with_a_set

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
    assert f"{authored}:1: WARNING" in clash[0]      # the file itself, not a docname + suffix
    assert not (srcdir / "sources" / "river-2019.kbsource").exists()
    assert authored.exists()
    assert "multiple files" not in site.warnings
    page = site.page("sources/river-2019")
    assert page.h1.get_text(strip=True).startswith("My own page")
    # An authored page is the user's own text: its "view source" link stays.
    assert page.select('a[href*="_sources/sources/river-2019"]')


def test_a_page_file_naming_no_source_warns_with_its_location(tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    (srcdir / "sources").mkdir()
    (srcdir / "sources" / "mine.kbsource").write_text("orphan page\n", encoding="utf-8")
    site = sphinx_build(srcdir, tmp_path / "html")
    found = site.warning_lines("kb.ref")
    assert len(found) == 1 and "names no source" in found[0], site.warnings
    assert "mine.kbsource:1" in found[0]
    assert (srcdir / "sources" / "mine.kbsource").exists()   # not generated: never removed


def test_only_files_kb_ext_wrote_are_removed(tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    pages = srcdir / "sources"
    pages.mkdir()
    mention = "---\norphan: true\n---\n\n# Notes\n\nStubs say kb_generated: true at the top.\n"
    example = ("# Notes\n\nA page file looks like this:\n\n```yaml\n"
               "kb_generated: true\nsource: x\n```\n")
    kept = {
        "notes.md": mention,                           # mentions the marker in a sentence
        "example.md": example,                         # the marker line in a code block
        "notes.txt": "kb_generated: true\n",           # not a page suffix kb_ext writes
        "river-2019.kbsource": "source: river-2019\n",  # hand-written: no marker line
    }
    for name, text in kept.items():
        (pages / name).write_text(text, encoding="utf-8")
    (pages / "gone.kbsource").write_text(
        "# generated\nkb_generated: true\nsource: gone\n", encoding="utf-8")
    (pages / "gone.md").write_text(OLD_STUB, encoding="utf-8")
    site = sphinx_build(srcdir, tmp_path / "html")
    for name, text in kept.items():
        assert (pages / name).read_text(encoding="utf-8") == text, name
    assert not (pages / "gone.kbsource").exists() and not (pages / "gone.md").exists()
    assert (pages / "river-gazette.kbsource").exists()
    unmarked = site.warning_lines("kb.duplicate")
    assert len(unmarked) == 1, site.warnings
    assert "river-2019.kbsource has no 'kb_generated: true' line" in unmarked[0]
    assert f"{pages / 'river-2019.kbsource'}:1: WARNING" in unmarked[0]
    # The hand-written file is still read by kb_ext's parser and names its source.
    assert site.inventory()["kb:source"]["river-2019"].uri.startswith("sources/river-2019")


def test_the_indexer_prune_is_handed_a_set_once_wrapped() -> None:
    seen: list[object] = []
    indexer = SimpleNamespace(prune=seen.append)
    app = SimpleNamespace(builder=SimpleNamespace(indexer=indexer))
    prune_with_a_set(app)  # type: ignore[arg-type]
    prune_with_a_set(app)  # type: ignore[arg-type]  # a second call must not wrap twice
    all_docs = {"index": 1.0, "sources/a": 2.0}
    indexer.prune(all_docs)
    assert seen == [{"index", "sources/a"}] and isinstance(seen[0], set)
    indexer.prune(frozenset({"index"}))
    assert seen[1] == frozenset({"index"})


def test_an_authored_page_holding_the_article_keeps_its_own_smart_quotes(tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    (srcdir / "sources").mkdir()
    (srcdir / "sources" / "river-2019.md").write_text(
        '---\norphan: true\n---\n\n# On the river\n\n"By hand," the editor said.\n\n'
        "```{kb:source} river-2019\n```\n", encoding="utf-8")
    site = sphinx_build(srcdir, tmp_path / "html")
    page = site.page("sources/river-2019")
    own = next(p.get_text() for p in page.select("p") if "By hand" in p.get_text())
    assert own.startswith("\u201cBy hand,\u201d"), own     # the user's text: typographic quotes
    passage = next(p.get_text() for p in page.select("p.kb-passage")
                   if "GRYNKEVICH" in p.get_text())
    assert "GRYNKEVICH'S" in passage                         # the article's text: as written


def test_a_page_file_shows_the_source_it_names(tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    (srcdir / "sources").mkdir()
    # A hand-written file in the place of river-2019's page, naming another source.
    (srcdir / "sources" / "river-2019.kbsource").write_text("source: river-gazette\n",
                                                           encoding="utf-8")
    site = sphinx_build(srcdir, tmp_path / "html")
    page = site.page("sources/river-2019")
    assert page.select_one("section.kb-source h1").get_text(strip=True).startswith(
        "The lane that closed")
    # Two pages now publish one source: said once, naming the second page.
    duplicate = site.warning_lines("kb.duplicate")
    assert any("river-gazette" in line for line in duplicate), site.warnings


def test_an_excluded_page_does_not_take_the_sources_place(tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    (srcdir / "sources").mkdir()
    (srcdir / "sources" / "river-2019.md").write_text("# Draft\n", encoding="utf-8")
    site = sphinx_build(srcdir, tmp_path / "html", confoverrides={
        "exclude_patterns": ["_build", "sources_raw", "sources/river-2019.md"]})
    assert not site.warning_lines(), site.warnings
    assert (srcdir / "sources" / "river-2019.kbsource").exists()
    assert site.page("sources/river-2019").select("p.kb-passage")


def test_an_unwritable_pages_folder_warns_and_the_rest_builds(tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    (srcdir / "sources").write_text("not a folder\n", encoding="utf-8")
    site = sphinx_build(srcdir, tmp_path / "html")
    problem = site.warning_lines("kb.source")
    assert len(problem) == 1 and "cannot write the source pages" in problem[0], site.warnings
    assert f"{srcdir / 'sources'}:1: WARNING" in problem[0]
    assert site.page("actors").select("h1")
