"""Source ids from sidecars and file names: whatever is written there, each
article gets a page whose name is a slug of bounded length, with one
``kb.sidecar`` (or ``kb.source``) warning saying what was done."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_ext.sources.discovery import MAX_ID_LENGTH, discover, fit_id
from kb_ext.sources.sidecar import ID_PATTERN, load_sidecar

from .conftest import ROOTS, sphinx_build
from .test_reproducible import copy_root, edit

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



# -- long ids: cut, with a hash, wherever they would name a file --------------------------

def test_a_long_sidecar_id_is_shortened_deterministically(tmp_path: Path) -> None:
    long_a, long_b = "a" * 300, "a" * 299 + "b"
    write(tmp_path, "one", long_a)
    write(tmp_path, "two", long_b)
    ids = [source.id for source in discover(tmp_path)]
    assert ids == [source.id for source in discover(tmp_path)]  # the same every build
    assert len(set(ids)) == 2
    for source_id in ids:
        assert len(source_id) <= MAX_ID_LENGTH and ID_PATTERN.match(source_id), source_id
        assert source_id.startswith("a" * 80)
    assert fit_id("short-id") == "short-id" and fit_id("x" * MAX_ID_LENGTH) == "x" * 100


def test_a_long_file_name_and_long_duplicates_get_short_distinct_ids(tmp_path: Path) -> None:
    write(tmp_path, "b" * 250, None)              # no sidecar: the id is the file name
    write(tmp_path, "first", "c" * 240)
    write(tmp_path, "second", "c" * 240)          # the same long id twice
    found = discover(tmp_path)
    assert len(found) == 3 and len({source.id for source in found}) == 3
    assert all(len(source.id) <= MAX_ID_LENGTH for source in found), found
    assert all(source.docname == f"sources/{source.id}" for source in found)


def test_the_id_index_is_published_under_another_name_with_a_warning(tmp_path: Path) -> None:
    """sources/index is the sources index page: an article with the id
    ``index`` is published as ``index-source``, and the curator is told so
    (a citation of index/p1 said only 'cites unknown source')."""
    src = copy_root(tmp_path / "src", ROOTS / "test-filters")
    edit(src / "sources_raw" / "blog.yaml", "id: blog", "id: index")
    built = sphinx_build(src, tmp_path / "out")
    said = [w for w in built.warning_lines("blog.yaml") if "'index'" in w]
    assert len(said) == 1 and "blog.yaml:1:" in said[0] and "'index-source'" in said[0], said
    assert (tmp_path / "out" / "sources" / "index-source.html").is_file()


def test_ids_from_other_scripts_are_transliterated(tmp_path: Path) -> None:
    """A file named in Cyrillic, without a sidecar, and an actor id written in
    Cyrillic get readable ids, as the curation report suggests them: they were
    all "source" (then "source-source", ...) and "actor"."""
    src = copy_root(tmp_path / "src", ROOTS / "test-filters")
    (src / "sources_raw" / "минск-встреча.txt").write_text(BODY, encoding="utf-8")
    (src / "sources_raw" / "Straße.txt").write_text(BODY, encoding="utf-8")
    with (src / "objects.md").open("a", encoding="utf-8") as page:
        page.write("\n:::{kb:actor} Лукашенко\n:name: Alexander Lukashenko\n:kind: person\n:::\n")
    built = sphinx_build(src, tmp_path / "out")
    pages = {p.stem for p in (tmp_path / "out" / "sources").glob("*.html")}
    assert {"minsk-vstrecha", "strasse"} <= pages, pages
    assert "using 'lukashenko'" in built.warnings, built.warnings
    assert built.page("objects").find(id="kb-actor-lukashenko") is not None
