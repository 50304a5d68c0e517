"""Caches kept between builds are keyed by everything their result depends on.

A sidecar-only edit can change a source's passages while its raw file stays
byte for byte the same: a title that repeats a line of the article makes the
cleaner drop that line ("headline repeated"), and the passages after it are
numbered again. The mention scan and the verified-quote cache are keyed by the
passages as published, so an incremental build after such an edit gives the
full build's site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import sphinx_build
from .test_reproducible import assert_same_pages, copy_root, edit, kb_json

MEMO = ("The council met on Monday.\n\n"
        "Mayor Brennan said the old bridge was closed to traffic in March 2019 after "
        "engineers found cracks.\n\n"
        "The town council said the ferry fare was paid by the town for the rest of the year.\n")
POSITION = (":::{kb:position} memo/p3\n:stance: reports\n"
            "the ferry fare was paid by the town\n:::\n")


def add_memo(src: Path, title: str) -> None:
    """An article whose first line is a passage, cited in its third passage."""
    raw = src / "sources_raw"
    (raw / "memo.txt").write_text(MEMO, encoding="utf-8")
    (raw / "memo.yaml").write_text(f"id: memo\ntitle: {title}\noutlet: Riverton Memo\n"
                                   "kind: minutes\npublished: 2019-05\nlanguage: en\n",
                                   encoding="utf-8")
    claim = src / "claims" / "bridge.md"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("::::\n", POSITION + "::::\n", 1), encoding="utf-8")


PLAIN, REPEATED = "Council memo", "The council met on Monday."


@pytest.mark.parametrize("titles", [(PLAIN, REPEATED, PLAIN), (REPEATED, PLAIN)],
                         ids=["drop-line-and-back", "restore-line"])
def test_title_edit_that_renumbers_passages(tmp_path: Path, titles: tuple[str, ...]) -> None:
    """Dropping memo's first line (a title repeating it) renumbers p2, p3 as
    p1, p2: the position citing p3 must warn and not verify, and the mayor's
    mention moves from p2 to p1; putting the line back moves them again."""
    src = copy_root(tmp_path / "src")
    add_memo(src, titles[0])
    out = tmp_path / "incremental"
    sphinx_build(src, out)
    for number, (old, new) in enumerate(zip(titles, titles[1:], strict=False)):
        edit(src / "sources_raw" / "memo.yaml", f"title: {old}", f"title: {new}")
        incremental = sphinx_build(src, out, fresh=False)  # crashed: KeyError 'memo/p3'
        full_src = copy_root(tmp_path / f"full-src-{number}", src)
        full = sphinx_build(full_src, tmp_path / f"full-{number}")
        assert_same_pages(full, incremental)
        assert kb_json(incremental) == kb_json(full), new
        assert (incremental.warnings.replace(str(src), "<src>")
                == full.warnings.replace(str(full_src), "<src>")), new
        assert ("cites unknown passage 'memo/p3'" in full.warnings) == (new == REPEATED)
    parallel = sphinx_build(copy_root(tmp_path / "par-src", src), tmp_path / "par", parallel=2)
    assert_same_pages(full, parallel)
    assert kb_json(parallel) == kb_json(full)
