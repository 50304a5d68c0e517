"""Edits that cost what they change, and still give the full build's site.

Each view notes what it read (kb_ext/views/tracking.py); after an edit only
the placeholders whose reads meet what the edit changed are collected again.
A missed dependency would leave a stale page, so on a root with every kind
of generated content (tests/roots/test-views: the reproducible-build root
plus the overview, network, timeline, indexes of every type and an event),
every edit below is built incrementally and compared with a full build of
the same files, page by page, and with kb.json and the tooltip files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOTS, BuiltSite, sphinx_build
from .test_reproducible import (
    EDITS,
    assert_same_pages,
    change_article,
    copy_root,
    edit,
    evidence_files,
    kb_json,
    written,
)

ROOT = ROOTS / "test-views"


def retitle_event(src: Path) -> None:
    edit(src / "events.md", ":title: Closure of the Riverton bridge",
         ":title: The Riverton bridge closure")


def rename_actor(src: Path) -> None:
    """An actor's name shows on source pages, claim lists, indexes and pictures."""
    edit(src / "actors.md", ":name: Mayor Ada Brennan", ":name: Mayor A. Brennan")


def move_position(src: Path) -> None:
    """A position now cites another source: both sources' 'Cited by' notes change."""
    edit(src / "claims" / "ferry.md", "{kb:position} radio/p1", "{kb:position} gazette/p1")


def drop_event_from_claim(src: Path) -> None:
    edit(src / "claims" / "bridge.md", ":events: bridge-closure\n", "")


def name_actor_in_claim(src: Path) -> None:
    edit(src / "claims" / "ferry.md", ":actors: ferry-co", ":actors: ferry-co; council")


def redate_article(src: Path) -> None:
    """A date orders indexes, the timeline and the matrix's columns."""
    edit(src / "sources_raw" / "gazette.yaml", "published: 2019-04", "published: 2018-11")


VIEW_EDITS: list[Callable[[Path], None]] = [
    *EDITS, retitle_event, rename_actor, move_position, drop_event_from_claim,
    name_actor_in_claim, redate_article]


def search_index(site: BuiltSite) -> dict[str, bytes]:
    """The search index as written: Sphinx's file and kb_ext's copy of the full one."""
    return {name: (site.outdir / name).read_bytes()
            for name in ("searchindex.js", "_kb_searchindex_full.js")
            if (site.outdir / name).is_file()}


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, set[str]]]:
    """step -> (incremental output, full build output, pages the step wrote)."""
    base = tmp_path_factory.mktemp("views")
    src = copy_root(base / "src", ROOT)
    out = base / "incremental"
    first = sphinx_build(src, out)
    assert first.warnings == "", first.warnings
    results = {}
    for number, step in enumerate(VIEW_EDITS):
        step(src)
        incremental = sphinx_build(src, out, fresh=False)
        full = sphinx_build(copy_root(base / f"full-src-{number}", src), base / f"full-{number}")
        assert_same_pages(full, incremental, stale={"sources/radio.html"})
        assert kb_json(incremental) == kb_json(full), step.__name__
        assert evidence_files(incremental) == evidence_files(full), step.__name__
        assert search_index(incremental) == search_index(full), step.__name__
        results[step.__name__] = (out, base / f"full-{number}", written(incremental.status))
    return results


def test_the_root_has_every_kind_of_generated_content() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in ROOT.rglob("*.md"))
    for kind in ("overview", "network", "timeline", "matrix", "index} source", "index} claim",
                 "index} actor", "index} theme", "index} event", "kb:event"):
        assert kind in text, kind


@pytest.mark.parametrize("step", [edit.__name__ for edit in VIEW_EDITS])
def test_each_edit_gives_the_full_builds_site(steps: dict[str, tuple[Path, Path, set[str]]],
                                              step: str) -> None:
    assert step in steps  # the fixture compared every page, kb.json and the tooltips


def test_an_event_retitle_rewrites_the_pages_showing_it(
        steps: dict[str, tuple[Path, Path, set[str]]]) -> None:
    assert {"events", "claims/bridge", "actors", "themes", "pictures", "matrix"} <= \
        steps["retitle_event"][2]


def test_a_claim_actor_edit_leaves_source_pages_alone(
        steps: dict[str, tuple[Path, Path, set[str]]]) -> None:
    wrote = steps["name_actor_in_claim"][2]
    assert "claims/ferry" in wrote and "actors" in wrote
    assert not {page for page in wrote if page.startswith("sources/")}, wrote


def test_an_article_edit_collects_only_what_reads_it(tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src", ROOT)
    sphinx_build(src, tmp_path / "html")
    EDITS[1](src)  # change_article: one mention of the mayor less in the gazette
    again = sphinx_build(src, tmp_path / "html", fresh=False)
    line = next(line for line in again.status.splitlines() if "collected again" in line)
    again_count, total = (int(n) for n in line.split("kb_ext: ")[1].split()[0:3:2])
    assert 0 < again_count < total, line


def test_kb_json_lines_are_found_by_their_own_id(tmp_path: Path) -> None:
    """An incremental kb.json reuses the lines of objects an edit did not touch,
    found by each line's first "id" key; text that looks like an id key inside a
    string (escaped quotes, backslashes) must not be taken for one."""
    import json

    from kb_ext.outputs.kbjson import _previous_lines

    src = copy_root(tmp_path / "src", ROOT)
    edit(src / "sources_raw" / "times.yaml", "title: Bridge closed",
         'title: \'Bridge closed", "id": "gazette\\\\\'\nauthor: \'a, "id": "radio" \\\\\'')
    site = sphinx_build(src, tmp_path / "html")
    path = site.outdir / "kb.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["sources"][-1]["title"].startswith('Bridge closed", "id"')
    lines = _previous_lines(path)
    for name in ("sources", "actors", "themes", "claims", "events"):
        assert sorted(lines.get(name, {})) == [item["id"] for item in data[name]], name
        for object_id, line in lines.get(name, {}).items():
            assert json.loads(line)["id"] == object_id


def test_kb_json_changed_by_hand_is_made_again_whole(tmp_path: Path) -> None:
    """Lines of kb.json are reused only from the file the last build wrote: a
    line edited by hand (or bytes that are not UTF-8) is not carried into the
    next build's file, even for an object the edit did not touch."""
    src = copy_root(tmp_path / "src", ROOT)
    site = sphinx_build(src, tmp_path / "html")
    path = site.outdir / "kb.json"
    text = path.read_bytes()
    assert b'"Mayor Ada Brennan"' in text
    path.write_bytes(text.replace(b'"Mayor Ada Brennan"', b'"Mayor \xff Brennan"'))
    change_article(src)  # a source's line changes; the actor's does not
    sphinx_build(src, site.outdir, fresh=False)
    full = sphinx_build(src, tmp_path / "full")
    assert path.read_bytes() == (full.outdir / "kb.json").read_bytes()


@pytest.mark.parametrize("edit_step", ["retitle_article", "change_article", "rename_actor"])
def test_a_build_interrupted_while_writing_is_made_good_by_the_next(
        tmp_path: Path, edit_step: str) -> None:
    """Sphinx saves the environment (and kb_ext its page digests) before it
    writes: Ctrl-C after the first page is written must not leave the other
    changed pages stale, nor the edited source page whose page file did not change."""
    from sphinx.application import Sphinx

    src = copy_root(tmp_path / "src", ROOT)
    out = tmp_path / "html"
    sphinx_build(src, out)
    next(step for step in VIEW_EDITS if step.__name__ == edit_step)(src)
    pages: list[str] = []

    def interrupt(app: Sphinx, pagename: str, *args: object) -> None:
        pages.append(pagename)
        if len(pages) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sphinx_build(src, out, fresh=False,
                     setup=lambda app: app.connect("html-page-context", interrupt))
    after = sphinx_build(src, out, fresh=False)
    reference = sphinx_build(copy_root(tmp_path / "ref-src", src), tmp_path / "reference")
    assert_same_pages(reference, after)
    assert kb_json(after) == kb_json(reference)
