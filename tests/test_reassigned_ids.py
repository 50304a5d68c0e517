"""A new article that takes an existing source's id (its sidecar names the
same id, and its file sorts first) is published under that id on an
incremental build too, as on a full build: the page file and the files the
old page depends on are unchanged, so only kb_ext can say it is outdated."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import ROOTS, sphinx_build
from .pagetext import squash

NEW_TEXT = "A harbour pilot said the new quay opened on Monday after two years of work.\n"


def test_an_article_taking_an_id_is_published_on_an_incremental_build(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-filters", srcdir)
    outdir = tmp_path / "html"
    sphinx_build(srcdir, outdir)
    raw = srcdir / "sources_raw"
    (raw / "a-blog.txt").write_text(NEW_TEXT, encoding="utf-8")
    shutil.copy(raw / "blog.yaml", raw / "a-blog.yaml")
    incremental = sphinx_build(srcdir, outdir, fresh=False)
    full = sphinx_build(srcdir, tmp_path / "full")
    for site in (incremental, full):
        text = squash(site.page("sources/blog").get_text(" "))
        assert "quay opened on Monday" in text, site.outdir
    assert squash(incremental.page("sources/blog").get_text(" ")) == squash(
        full.page("sources/blog").get_text(" "))
    assert (incremental.outdir / "kb.json").read_text(encoding="utf-8") == (
        full.outdir / "kb.json").read_text(encoding="utf-8")
