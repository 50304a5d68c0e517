"""Source ids from sidecars and file names: whatever is written there, each
article gets a page whose name is a slug of bounded length, with one
``kb.sidecar`` (or ``kb.source``) warning saying what was done."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_ext.sources.discovery import discover
from kb_ext.sources.sidecar import load_sidecar

REST = "title: A title\noutlet: Outlet\nkind: news report\npublished: 2022-01-01\nlanguage: en\n"
BODY = ("The river rose by two metres overnight, and the mayor ordered the lower town "
        "evacuated before dawn, officials said.\n")

# (the id as written in YAML, the id it must become)
WHITESPACE_IDS = [
    ("|\n  trail\n", "trail"),                 # a literal block: "trail\n"
    (">\n  folded\n", "folded"),               # a folded block: "folded\n"
    ('"trail-newline\\n"', "trail-newline"),
    ('"spaced  "', "spaced"),
    ('"  lead-space"', "lead-space"),
    ('"tabbed\\t"', "tabbed"),
    ('"mid\\ttab"', "mid-tab"),
]


def write(folder: Path, stem: str, id_yaml: str | None, rest: str = REST) -> None:
    (folder / f"{stem}.txt").write_text(BODY, encoding="utf-8")
    if id_yaml is not None:
        (folder / f"{stem}.yaml").write_text(f"id: {id_yaml}\n{rest}", encoding="utf-8")


@pytest.mark.parametrize(("id_yaml", "expected"), WHITESPACE_IDS)
def test_an_id_with_whitespace_becomes_a_slug_with_one_warning(
        tmp_path: Path, id_yaml: str, expected: str) -> None:
    write(tmp_path, "article", id_yaml)
    sidecar = load_sidecar(tmp_path / "article.yaml")
    assert sidecar.get("id") == expected
    about_id = [problem for problem in sidecar.problems if problem[1].startswith("id:")]
    assert len(about_id) == 1 and about_id[0][0] == 1, sidecar.problems
    assert len(sidecar.problems) == 1, sidecar.problems
    found = discover(tmp_path)
    assert [(source.id, source.docname) for source in found] == [
        (expected, f"sources/{expected}")]

