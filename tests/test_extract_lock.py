"""Passage numbers of extracted sources do not change silently: the extract
lock, written on request, and the kb.extract warning when the same raw file
now gives other passages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kb_ext.sources import html
from kb_ext.sources.extract_lock import DEFAULT_LOCK

from .conftest import ROOTS, sphinx_build
from .pagetext import kb_warnings


def _project(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-html", srcdir)
    for name in ("junk.html", "not-found.html", "truncated.html"):  # warnings of their own
        (srcdir / "sources_raw" / name).unlink()
    (srcdir / "sources_raw" / "plain.txt").write_text(
        "A plain text article that no extractor reads, long enough to be one passage.\n",
        encoding="utf-8")
    (srcdir / "sources_raw" / "plain.yaml").write_text(
        "id: plain\ntitle: Plain\noutlet: O\nkind: news report\npublished: 2024\n"
        "language: en\n", encoding="utf-8")
    return srcdir


def extract_warnings(warnings: str) -> list[tuple[str, str]]:
    return [(location, message) for location, message, kind in kb_warnings(warnings)
            if kind == "kb.extract"]


def test_lock_written_on_request_then_a_changed_extraction_warns(tmp_path: Path) -> None:
    srcdir = _project(tmp_path)
    lock = srcdir / DEFAULT_LOCK
    sphinx_build(srcdir, tmp_path / "out")
    assert not lock.exists()  # never written unless asked
    # -D kb_extract_lock_update=1, as on the command line.
    sphinx_build(srcdir, tmp_path / "out", confoverrides={"kb_extract_lock_update": "1"})
    entries = json.loads(lock.read_text(encoding="utf-8"))["sources"]
    news = next(entry for entry in entries.values() if entry["file"] == "news.html")
    assert news["extractor"] == html.extractor_version()
    assert news["passages"] == 4
    pages = [p for p in (srcdir / "sources_raw").iterdir() if p.suffix in (".html", ".htm")]
    assert len(entries) == len(pages)  # every web page of the folder, not the text file
    assert extract_warnings(sphinx_build(srcdir, tmp_path / "out").warnings) == []

    # The lock as an older trafilatura left it: other passages.
    news.update(extractor="trafilatura 1.6.0", passages=5, digest="0" * 64)
    lock.write_text(json.dumps({"format": 1, "sources": entries}), encoding="utf-8")
    found = extract_warnings(sphinx_build(srcdir, tmp_path / "out").warnings)
    assert len(found) == 1, found
    location, message = found[0]
    assert location.endswith("sources_raw/news.html:1")
    assert (f"trafilatura 1.6.0 gave 5 passages, {html.extractor_version()} now gives 4"
            in message)
    assert "news/p<N>" in message and "kb_extract_lock_update=1" in message


def test_an_unreadable_lock_warns_once(tmp_path: Path) -> None:
    srcdir = _project(tmp_path)
    (srcdir / DEFAULT_LOCK).write_text("{not json", encoding="utf-8")
    found = extract_warnings(sphinx_build(srcdir, tmp_path / "out").warnings)
    assert len(found) == 1 and "the extract lock cannot be read" in found[0][1], found
    # Said once on every build: also when the page first read is read again,
    # and when two processes read.
    for raw in (srcdir / "sources_raw").iterdir():
        raw.write_bytes(raw.read_bytes() + b"\n")
    again = sphinx_build(srcdir, tmp_path / "out", fresh=False)
    parallel = sphinx_build(srcdir, tmp_path / "par", parallel=2)
    for build in (again, parallel):
        found = extract_warnings(build.warnings)
        assert [m for _l, m in found if "cannot be read" in m] == [found[0][1]], found


def test_an_upgraded_extractor_rereads_unchanged_pages(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    srcdir = _project(tmp_path)
    out = tmp_path / "out"
    sphinx_build(srcdir, out)
    again = sphinx_build(srcdir, out, fresh=False)
    assert "sources/news" not in again.status  # nothing changed, nothing read
    monkeypatch.setattr(html, "extractor_version", lambda: "trafilatura 99.0")
    upgraded = sphinx_build(srcdir, out, fresh=False)
    assert "sources/news" in upgraded.status
    assert "sources/plain" not in upgraded.status  # a text file has no extractor
