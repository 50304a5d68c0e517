"""Incremental builds keep every export equal to a full build's, byte for byte
(the database also row by row, through ``iterdump``): after editing a source's
text (its mentions and a quote change), an actor's alias (the mentions found in
unchanged sources) and a claim's position; and a ``-j 2`` build too."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

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
