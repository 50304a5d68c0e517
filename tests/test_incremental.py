"""Incremental builds: an edited article re-reads only its own page, and pages
whose back-links change are re-written."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from .conftest import ROOTS, sphinx_build


def changed_docs(status: str) -> tuple[set[str], set[str]]:
    read = set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status))
    written = set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))
    return read, written


def test_editing_one_article_rereads_only_its_page(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    outdir = tmp_path / "html"
    first = sphinx_build(srcdir, outdir)
    assert first.warnings == ""
    again = sphinx_build(srcdir, outdir, fresh=False)
    assert changed_docs(again.status) == (set(), set())

    article = srcdir / "sources_raw" / "gazette.txt"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "Ales Hrynkievic’s critics", "The mayor’s critics"), encoding="utf-8")
    edited = sphinx_build(srcdir, outdir, fresh=False)
    read, written = changed_docs(edited.status)
    assert read == {"sources/river-gazette"}
    # The actor page loses a mention, so it is re-written too; nothing else changes.
    assert written == {"sources/river-gazette", "actors"}
    page = BeautifulSoup((outdir / "actors.html").read_text(encoding="utf-8"), "html.parser")
    mentions = [a["href"] for a in page.find(id="kb-actor-grynk").select(".kb-mentions a")]
    assert mentions and not any("river-gazette" in href for href in mentions)

    assert sphinx_build(srcdir, tmp_path / "full").warnings == ""
    for page in ("actors", "sources/river-gazette", "claims", "index"):
        incremental = (outdir / f"{page}.html").read_text(encoding="utf-8")
        full = (tmp_path / "full" / f"{page}.html").read_text(encoding="utf-8")
        assert incremental == full, page


def test_rebuild_that_reads_nothing_still_writes_complete_pages(tmp_path: Path) -> None:
    """Nothing read: kb_ext skips deriving and exporting, but a page Sphinx writes
    anyway (here: its HTML was deleted) gets the same back-links and JSON-LD."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    outdir = tmp_path / "html"
    assert sphinx_build(srcdir, outdir).warnings == ""
    pages = ("actors", "sources/river-2019", "claims")
    before = {page: (outdir / f"{page}.html").read_text(encoding="utf-8") for page in pages}
    export = outdir / "kb.json"
    export_text, export_mtime = export.read_text(encoding="utf-8"), export.stat().st_mtime_ns
    for page in pages:
        (outdir / f"{page}.html").unlink()
    again = sphinx_build(srcdir, outdir, fresh=False)
    read, written = changed_docs(again.status)
    assert read == set() and set(pages) <= written
    for page in pages:
        assert (outdir / f"{page}.html").read_text(encoding="utf-8") == before[page], page
    assert "kb-mentions" in before["actors"] and "application/ld+json" in before["claims"]
    assert export.stat().st_mtime_ns == export_mtime
    assert export.read_text(encoding="utf-8") == export_text


def test_quote_broken_by_an_article_edit_warns_on_the_next_build(tmp_path: Path) -> None:
    """Verified quotes are cached per source text: editing the text re-checks them."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    outdir = tmp_path / "html"
    assert sphinx_build(srcdir, outdir).warnings == ""
    article = srcdir / "sources_raw" / "river.txt"
    original = article.read_text(encoding="utf-8")
    assert "old bridge was closed to traffic" in original
    article.write_text(original.replace("old bridge was closed to traffic",
                                        "old bridge was repainted"), encoding="utf-8")
    edited = sphinx_build(srcdir, outdir, fresh=False)
    assert "[kb.quote]" in edited.warnings and "river-2019/p2" in edited.warnings
    article.write_text(original, encoding="utf-8")
    assert sphinx_build(srcdir, outdir, fresh=False).warnings == ""


def test_labels_are_published_for_writing_but_not_pickled(tmp_path: Path) -> None:
    """Standard labels for kb objects follow from kb data: they are in objects.inv
    after every build, with or without reading, but not in the saved environment."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    outdir = tmp_path / "html"
    apps = []
    assert sphinx_build(srcdir, outdir, setup=apps.append).warnings == ""
    # Withdrawn when the build has finished, too: a next build in the same
    # process reads without them.
    std_labels = apps[0].env.domains.standard_domain.labels
    assert not {name for name in std_labels if name.startswith("kb-")}

    def kb_labels() -> set[str]:
        inventory = InventoryFile.loads((outdir / "objects.inv").read_bytes(), uri="")
        return {name for name in inventory.data["std:label"] if name.startswith("kb-")}

    full = kb_labels()
    assert {"kb-actor-grynk", "kb-source-river-2019", "kb-passage-river-2019-p1"} <= full
    with (outdir / ".doctrees" / "environment.pickle").open("rb") as saved:
        env = pickle.load(saved)
    assert not {name for name in env.domaindata["std"]["labels"] if name.startswith("kb-")}
    again = sphinx_build(srcdir, outdir, fresh=False)
    assert changed_docs(again.status) == (set(), set())
    assert kb_labels() == full
    page = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select("a[href*='#kb-actor-grynk']")
