"""Sidecars that YAML alone would reject or that sit beside another: a
character YAML forbids (NUL, escape) on one line, and ``a.yml`` beside
``a.yaml``. Each gives one kb.sidecar warning at its file and line; the
sidecar's other fields are still read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from kb_ext.sources.sidecar import load_sidecar, yaml_text

from .conftest import BuiltSite


def test_a_forbidden_character_is_a_symbol_and_one_problem_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"id: nul\ntitle: River report\noutlet: Gazette\nkind: news report\n"
                     b"published: 2019-03-02\nauthor: Ann\x00 Lee\nlanguage: en\n")
    sidecar = load_sidecar(path)
    assert sidecar.get("title") == "River report" and sidecar.get("language") == "en"
    assert sidecar.get("author") == "Ann\u2400 Lee"
    lines = [line for line, message in sidecar.problems if "U+0000" in message]
    assert lines == [6], sidecar.problems
    assert all("\n" not in message for _line, message in sidecar.problems)


def test_text_without_forbidden_characters_is_unchanged() -> None:
    text = "title: Ціханоўская — “quoted” \u00a0 tab\there\n"
    assert yaml_text(text) == (text, [])
    assert yaml_text("a: \x1b[31m\nb: \x7f\n")[0] == "a: \u241b[31m\nb: \u2421\n"


def test_a_second_sidecar_is_reported_not_ignored_in_silence(
        build_root: Callable[..., BuiltSite]) -> None:
    def prepare(src: Path) -> None:
        raw = src / "sources_raw"
        (raw / "river.yml").write_text("id: other-river\ntitle: Another title\n",
                                       encoding="utf-8")
        gazette = raw / "gazette.yaml"
        gazette.write_bytes(gazette.read_bytes().replace(b"kind: opinion/analysis",
                                                         b"kind: opinion\x00analysis", 1))

    site = build_root("kb", prepare)
    twin = [line for line in site.warning_lines("kb.sidecar") if "river.yml" in line]
    assert len(twin) == 1 and "river.yml:1" in twin[0] and "river.yaml" in twin[0], twin
    nul = [line for line in site.warning_lines("kb.sidecar") if "U+0000" in line]
    assert len(nul) == 1 and "gazette.yaml:4" in nul[0], nul
    data = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    sources = {source["id"]: source for source in data["sources"]}
    assert set(sources) == {"river-2019", "river-gazette"}, sources.keys()
    assert sources["river-gazette"]["kind"] == "opinion\u2400analysis"
    assert sources["river-2019"]["title"] == "Riverton bridge closed"  # the .yaml one
