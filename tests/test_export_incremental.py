"""Incremental builds keep every export equal to a full build's, byte for byte
(the database also row by row, through ``iterdump``): after editing a source's
text (its mentions and a quote change), an actor's alias (the mentions found in
unchanged sources) and a claim's position; and a ``-j 2`` build too."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOTS, sphinx_build

EXPORTS = ("kb.json", "kb.schema.json", "sidecar.schema.json")


def export_paths(outdir: Path) -> list[str]:
    data = sorted(f"data/{p.name}" for p in (outdir / "data").iterdir())
    return [*EXPORTS, *data]


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def assert_same_exports(incremental: Path, full: Path) -> None:
    names = export_paths(full)
    assert export_paths(incremental) == names
    assert len(names) == 3 + 12  # schemas, kb.json; 10 CSV files, GraphML, SQLite
    for name in names:
        if name.endswith(".sqlite"):
            assert dump(incremental / name) == dump(full / name)
        assert (incremental / name).read_bytes() == (full / name).read_bytes(), name


def test_edits_keep_exports_equal_to_a_full_build(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-exports", srcdir)
    outdir = tmp_path / "html"
    sphinx_build(srcdir, outdir)
    before = (outdir / "data" / "mentions.csv").read_bytes()

    # An actor's alias: the sources are unchanged, the mentions found in them are not.
    edit(srcdir / "pages.md", ":aliases: Mayor Novak; Новак", ":aliases: Mayor Novak")
    sphinx_build(srcdir, outdir, fresh=False)
    sphinx_build(srcdir, tmp_path / "full0")
    assert_same_exports(outdir, tmp_path / "full0")
    assert "Новак".encode() not in (outdir / "data" / "mentions.csv").read_bytes()

    # A source's text: "Mayor Novak" is no longer named, a quote no longer found.
    edit(srcdir / "sources_raw" / "ledger.txt", "Mayor Novak was", "she was")
    edit(srcdir / "sources_raw" / "ledger.txt", "the wells ran dry", "the wells ran low")
    sphinx_build(srcdir, outdir, fresh=False)
    sphinx_build(srcdir, tmp_path / "full1")
    assert_same_exports(outdir, tmp_path / "full1")
    assert (outdir / "data" / "mentions.csv").read_bytes() != before
    assert b"Mayor Novak" not in (outdir / "data" / "mentions.csv").read_bytes()

    # A claim's position: its stance and note.
    edit(srcdir / "pages.md", ":stance: disputes\n:note: a quote",
         ":stance: qualifies\n:note: now a qualification; a quote")
    sphinx_build(srcdir, outdir, fresh=False)
    sphinx_build(srcdir, tmp_path / "full2")
    assert_same_exports(outdir, tmp_path / "full2")
    assert b"qualifies" in (outdir / "data" / "kb.graphml").read_bytes()
    sphinx_build(srcdir, tmp_path / "parallel", parallel=2)  # -j 2 gives the same exports
    assert_same_exports(tmp_path / "parallel", tmp_path / "full2")

    # Nothing changed: nothing rewritten.
    stamps = {name: (outdir / name).stat().st_mtime_ns for name in export_paths(outdir)}
    sphinx_build(srcdir, outdir, fresh=False)
    assert {name: (outdir / name).stat().st_mtime_ns for name in export_paths(outdir)} == stamps


def test_missing_exports_are_made_again_from_a_spoilt_kb_json(tmp_path: Path) -> None:
    """A rebuild with nothing changed makes a deleted export again, and a
    kb.json cut short on disk does not stop it: the data comes from the domain."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-exports", srcdir)
    outdir = tmp_path / "html"
    sphinx_build(srcdir, outdir)
    expected = {name: (outdir / name).read_bytes() for name in export_paths(outdir)}
    kb_json = outdir / "kb.json"
    kb_json.write_bytes(kb_json.read_bytes()[:200])
    shutil.rmtree(outdir / "data")
    site = sphinx_build(srcdir, outdir, fresh=False)
    assert "Traceback" not in site.warnings
    for name, body in expected.items():
        if name != "kb.json":
            assert (outdir / name).read_bytes() == body, name


def test_an_edit_that_changes_no_exported_data_makes_no_export(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports are made again only when kb.json's text or the settings
    changed: a page's prose does not; a position's stance does, but leaves
    the part the sources alone give (kb_ext/outputs/source_part.py) as it was."""
    from kb_ext.outputs import exports, source_part

    made: list[int] = []
    parts: list[int] = []
    real, real_part = exports._write_files, source_part.make_part

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return real(*args, **kwargs)

    def counted_part(*args: Any, **kwargs: Any) -> Any:
        parts.append(1)
        return real_part(*args, **kwargs)

    monkeypatch.setattr(exports, "_write_files", counted)
    monkeypatch.setattr(source_part, "make_part", counted_part)
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-exports", srcdir)
    outdir = tmp_path / "html"
    sphinx_build(srcdir, outdir)
    assert made == [1]
    with (srcdir / "index.md").open("a", encoding="utf-8") as stream:
        stream.write("\nA paragraph of prose that names nothing.\n")
    prose = sphinx_build(srcdir, outdir, fresh=False)
    assert "reading sources... [" in prose.status
    assert made == [1], "the exports were made again from the same kb.json"
    sphinx_build(srcdir, tmp_path / "full0")
    assert_same_exports(outdir, tmp_path / "full0")
    # A stance: kb.json changes, and every export follows it.
    edit(srcdir / "pages.md", ":stance: disputes\n", ":stance: qualifies\n")
    parts.clear()
    sphinx_build(srcdir, outdir, fresh=False)
    assert made == [1, 1, 1]  # the full build above, then this one
    assert parts == [], "the sources' part was made again for a claim's edit"
    sphinx_build(srcdir, tmp_path / "full1")
    assert_same_exports(outdir, tmp_path / "full1")
    # A source's text: its part is made again.
    edit(srcdir / "sources_raw" / "ledger.txt", "the wells ran dry", "the wells ran low")
    parts.clear()
    sphinx_build(srcdir, outdir, fresh=False)
    assert parts == [1]
    sphinx_build(srcdir, tmp_path / "full2")
    assert_same_exports(outdir, tmp_path / "full2")
    # A setting the tables depend on (here, GraphML off and on again).
    sphinx_build(srcdir, outdir, fresh=False, confoverrides={"kb_export_graphml": False})
    assert not (outdir / "data" / "kb.graphml").exists()
    sphinx_build(srcdir, outdir, fresh=False)
    assert_same_exports(outdir, tmp_path / "full2")
