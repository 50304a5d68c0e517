"""The curation report's names scan is kept per source between builds, by
the digest of the source's passages (kb_ext/derive/names.py): after any
sequence of edits the report must equal a full build's, and an edit must
re-scan only the sources whose passages it changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import kb_ext.derive.names as names_module

from .conftest import ROOTS, BuiltSite, sphinx_build

KAUNAS = "\nA delegation flew to Kaunas on Friday.\n"


def _report(site: BuiltSite) -> dict[str, Any]:
    return json.loads((site.outdir / "kb-curation.json").read_text(encoding="utf-8"))


def _shown_names(site: BuiltSite) -> dict[str, int]:
    return {row["name"]: row["sources"] for row in _report(site)["names"]["shown"]}


class _Scans:
    """The sources the names scan read, by id, since the last look."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ids: list[str] = []
        real = names_module._scan_source

        def counted(source: Any, *args: Any) -> Any:
            self.ids.append(source.meta.id)
            return real(source, *args)

        monkeypatch.setattr(names_module, "_scan_source", counted)

    def take(self) -> list[str]:
        ids, self.ids = sorted(self.ids), []
        return ids


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_rescans_only_its_source_and_the_report_equals_a_full_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scans = _Scans(monkeypatch)
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-spellings", srcdir)
    raw = srcdir / "sources_raw"
    outdir = tmp_path / "html"
    # A built site's files are replaced by the next build into its folder.
    first = _shown_names(sphinx_build(srcdir, outdir))
    assert len(scans.take()) == 8
    fulls = iter(range(100))

    def same_as_full(incremental: BuiltSite) -> None:
        full = sphinx_build(srcdir, tmp_path / f"full{next(fulls)}")
        scans.take()
        assert _report(incremental) == _report(full)
        assert incremental.page("curation").get_text() == full.page("curation").get_text()

    # A name appears: two sources write Kaunas.
    for source in ("pl-gazeta", "uk-pravda"):
        _edit(raw / f"{source}.txt", "\n", "\n" + KAUNAS)
    appeared = sphinx_build(srcdir, outdir, fresh=False)
    assert scans.take() == ["pl-gazeta", "uk-pravda"]
    assert "Kaunas" in _shown_names(appeared) and "Kaunas" not in first
    same_as_full(appeared)
    # ... and disappears: one of them no longer does.
    _edit(raw / "pl-gazeta.txt", KAUNAS, "\n")
    gone = sphinx_build(srcdir, outdir, fresh=False)
    assert scans.take() == ["pl-gazeta"]
    assert "Kaunas" not in _shown_names(gone)
    same_as_full(gone)
    # Nothing read: the kept report, no scan.
    kept = _report(gone)
    again = sphinx_build(srcdir, outdir, fresh=False)
    assert scans.take() == [] and _report(again) == kept


def test_what_the_kept_scan_does_not_decide_follows_the_sidecar(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sidecar edit changes no raw file: a new language keeps the passages
    (no scan, but declined names are matched otherwise), and a new title can
    give the page another first passage (a scan, the passages renumbered)."""
    scans = _Scans(monkeypatch)
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-spellings", srcdir)
    sidecar = srcdir / "sources_raw" / "ru-gazeta.yaml"
    outdir = tmp_path / "html"
    before = _report(sphinx_build(srcdir, outdir))
    scans.take()

    _edit(sidecar, "language: ru", "language: en")
    relanguaged = sphinx_build(srcdir, outdir, fresh=False)
    assert scans.take() == [], "the passages did not change"
    assert _report(relanguaged) != before, "the language decides which names are matched"
    full = sphinx_build(srcdir, tmp_path / "full-language")
    scans.take()
    assert _report(relanguaged) == _report(full)

    # A title repeating the third passage: that line is the title's, not a
    # passage (the raw file is the same, the last passage is renumbered).
    _edit(sidecar, "title: Переговоры зашли в тупик",
          "title: В Минске прошли задержания, о которых сообщили представители Европейского союза.")
    retitled = sphinx_build(srcdir, outdir, fresh=False, parallel=2)
    assert scans.take() == ["ru-gazeta"]
    full = sphinx_build(srcdir, tmp_path / "full-title")
    assert _report(retitled) == _report(full)
    assert retitled.page("curation").get_text() == full.page("curation").get_text()


def test_a_claim_edit_keeps_the_lists_from_the_sources_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kb_ext.outputs.curation as curation_output

    collected: list[int] = []
    real = curation_output.collect_names

    def counted(ctx: Any) -> Any:
        collected.append(1)
        return real(ctx)

    monkeypatch.setattr(curation_output, "collect_names", counted)
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    outdir = tmp_path / "html"
    sphinx_build(srcdir, outdir)
    assert collected == [1]
    _edit(srcdir / "claims.md", ":stance: supports", ":stance: disputes")
    edited = sphinx_build(srcdir, outdir, fresh=False)
    assert collected == [1]   # no source, actor or mention changed
    full = sphinx_build(srcdir, tmp_path / "full")
    assert collected == [1, 1]
    assert _report(edited) == _report(full)
    assert edited.page("curation").get_text() == full.page("curation").get_text()
    # An actor's edit changes what the lists read: collected again.
    actors = next(p for p in srcdir.rglob("*.md") if "kb:actor" in p.read_text(encoding="utf-8"))
    _edit(actors, "\n", "\n\nA note.\n")
    sphinx_build(srcdir, outdir, fresh=False)
    assert len(collected) == 3
