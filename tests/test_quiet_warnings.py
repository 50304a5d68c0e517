"""Warnings that never go quiet, and positions that follow their quote.

The probe project (tests/roots/test-quiet) holds one of each mistake: an
unknown option, an invalid stance, a reference by an alias and one by an
article's file name, a quote cited in the wrong passage (found in exactly one
other), one found in two passages, one found nowhere. Every build, the
first and an incremental rebuild in which nothing changed, serial and
``-j 2``, reports each exactly once, at the line of the option or position.
"""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace, patch_docutils

from .conftest import ROOTS
from .pagetext import kb_warnings

#: (file, line, type, words of the message): every kb warning of the probe
EXPECTED = [
    ("actors.md", 12, "kb.directive", "kb:actor has no option :colour:"),
    ("claims.md", 6, "kb.ref", "unknown actor 'Vasylenko' in :kb:actor: reference; "
                               "did you mean `vasilenko`?"),
    ("claims.md", 13, "kb.quote", "quote not found in harbour-notes/p1: 'only the railings of "
                                  "the pier were replaced'; the quote is in harbour-notes/p2 "
                                  "(raw line 5) and only there: counted as evidence there; "
                                  "cite harbour-notes/p2"),
    ("claims.md", 19, "kb.quote", "quote not found in harbour-notes/p3: 'the ferry timetable "
                                  "was printed again'; the quote is in 2 passages (p1, p2): "
                                  "not counted as evidence"),
    ("claims.md", 24, "kb.quote", "quote not found in harbour-notes/p3: 'the board denied every "
                                  "word of the report'; closest text is in harbour-notes/p3"),
    # Two paragraphs apart (a blank line, not a removed line): not one sentence.
    ("claims.md", 39, "kb.quote", "quote not found in harbour-notes/p1: 'printed again for the "
                                  "new season. A clerk at the harbour office'"),
    ("claims.md", 31, "kb.directive", "kb:position :stance: 'agrees' is not one of supports, "
                                      "disputes, reports, qualifies; the position is not "
                                      "counted as evidence"),
    ("claims.md", 43, "kb.ref", "position on claim 'pier-rebuilt' cites unknown source 'harbour'; "
                                "did you mean `harbour-notes`?"),
    ("index.md", 8, "kb.ref", "unknown source 'harbour' in :kb:source: reference; "
                              "did you mean `harbour-notes`?"),
]


def build(srcdir: Path, *, fresh: bool, parallel: int = 0, strict: bool = False
          ) -> tuple[int, str]:
    """An in-process ``sphinx-build [-W] [-j N]`` into ``srcdir/_build``:
    (status code, warnings)."""
    out = srcdir / "_build"
    warning = io.StringIO()
    nocolor()
    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(str(srcdir), str(srcdir), str(out / "html"), str(out / "doctrees"), "html",
                     status=io.StringIO(), warning=warning, freshenv=fresh,
                     warningiserror=strict, parallel=parallel)
        app.build()
    return app.statuscode, warning.getvalue()


def assert_expected(srcdir: Path, warnings: str, expected: list[tuple[str, int, str, str]]
                    ) -> None:
    found = kb_warnings(warnings)
    assert len(found) == len(expected), warnings
    # Each exactly once: a warning said again must not be said twice.
    assert max(Counter(found).values()) == 1, warnings
    for name, line, kind, words in expected:
        where = f"{srcdir / name}:{line}"
        assert any(location == where and found_kind == kind and words in message
                   for location, message, found_kind in found), (name, line, words, warnings)


@pytest.fixture()
def probe(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-quiet", srcdir)
    return srcdir


@pytest.mark.parametrize("parallel", [0, 2])
def test_every_build_says_every_warning_once(probe: Path, parallel: int) -> None:
    status, first = build(probe, fresh=True, parallel=parallel, strict=True)
    assert status == 1, "-W passes although there are kb warnings"
    assert_expected(probe, first, EXPECTED)
    # Nothing changed: nothing is read or written, and yet everything is said.
    status, second = build(probe, fresh=False, parallel=parallel, strict=True)
    assert status == 1, "-W passes on a rebuild although nothing was fixed"
    assert sorted(kb_warnings(second)) == sorted(kb_warnings(first))

    # Fixed: that warning goes, on this build and the next; the others stay.
    claims = probe / "claims.md"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        ":stance: agrees", ":stance: supports"), encoding="utf-8")
    rest = [row for row in EXPECTED if "'agrees'" not in row[3]]
    for _ in range(2):
        status, warnings = build(probe, fresh=False, parallel=parallel, strict=True)
        assert status == 1
        assert_expected(probe, warnings, rest)
    # A fixed reference goes too, though its page is the only one read.
    index = probe / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "{kb:source}`harbour`.", "{kb:source}`harbour-notes`."), encoding="utf-8")
    rest = [row for row in rest if row[0] != "index.md"]
    for _ in range(2):
        _, warnings = build(probe, fresh=False, parallel=parallel)
        assert_expected(probe, warnings, rest)


def test_clean_project_passes_strict_rebuilds(tmp_path: Path) -> None:
    """-W fails only for a reason: the probe with every mistake fixed builds
    clean, first and again."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-quiet", srcdir)
    claims = srcdir / "claims.md"
    text = claims.read_text(encoding="utf-8")
    positions = text.split(":::{kb:position}")
    # The verified ones only: where cited, and across the advertisement.
    text = (positions[0] + ":::{kb:position}" + positions[1] + ":::{kb:position}"
            + positions[6].rstrip() + "\n::::\n")
    claims.write_text(text.replace("; Vasylenko", "; vasilenko"), encoding="utf-8")
    (srcdir / "index.md").write_text("# Probe\n\n```{toctree}\nactors\nclaims\n```\n",
                                     encoding="utf-8")
    actors = srcdir / "actors.md"
    actors.write_text(actors.read_text(encoding="utf-8").replace(":colour: blue\n", ""),
                      encoding="utf-8")
    for fresh in (True, False):
        status, warnings = build(srcdir, fresh=fresh, strict=True)
        assert (status, kb_warnings(warnings)) == (0, []), warnings


def test_unverified_positions_are_marked(probe: Path) -> None:
    build(probe, fresh=True)
    page = BeautifulSoup((probe / "_build/html/claims.html").read_text(encoding="utf-8"),
                         "html.parser")
    # The probe's positions in order: verified; cited in p1, found only in
    # p2; found in two passages; found nowhere (with a curator's note); an
    # invalid stance; a sentence cut by an advertisement line; two paragraphs.
    rows = {int(row["id"].rpartition("-")[2]): row
            for row in page.select("table.kb-positions tr[id]")}
    assert sorted(rows) == [1, 2, 3, 4, 5, 6, 7, 8]

    def stance(number: int) -> tuple[str, list[str]]:
        badge = rows[number].select_one(".kb-stance")
        return badge.get_text(strip=True), badge["class"]

    assert stance(1) == ("supports", ["kb-stance", "kb-stance-supports", "kb-badge"])
    assert rows[1].select_one("a.kb-quote-link")["href"] == "sources/harbour-notes.html#p1"
    # Cited in p1, found only in p2: evidence, linked to p2.
    assert stance(2)[0] == "disputes"
    assert rows[2].select_one("a.kb-quote-link")["href"] == "sources/harbour-notes.html#p2"
    assert not rows[2].select(".kb-unverified-notice")
    # The invalid stance is shown as written and unverified, never as "reports".
    assert stance(5) == ("agrees · unverified", ["kb-stance", "kb-stance-unverified", "kb-badge"])
    assert rows[5].select("td")[3].get_text(strip=True) == "agrees · unverified"
    assert "is not one of supports" in rows[5].select_one(".kb-unverified-notice").get_text()
    assert not rows[5].select("a.kb-quote-link")
    # Found in two passages, or nowhere: unverified, with the notice apart
    # from the curator's note.
    # The sentence the cleaner cut (raw line 8, an advertisement, between its
    # halves, p3 and p4) holds the quote: evidence, linked where it starts.
    assert stance(6)[0] == "reports"
    assert rows[6].select_one("a.kb-quote-link")["href"] == "sources/harbour-notes.html#p3"
    for number in (3, 4, 7, 8):
        text, classes = stance(number)
        assert text.endswith("· unverified") and "kb-stance-unverified" in classes, text
        assert not rows[number].select("a.kb-quote-link")
        notice = rows[number].select_one(".kb-unverified-notice").get_text(strip=True)
        assert notice.startswith("Quote not found in the cited passage")
    assert rows[4].select_one("em").get_text(strip=True) == "— curator thinks this is paraphrased"
    # kb.json, as a reader loads it, counts the two verified ones, where the quotes are.
    export = json.loads((probe / "_build/html/kb.json").read_text(encoding="utf-8"))
    positions = export["claims"][0]["positions"]
    assert [(p["passage"], p["stance"]) for p in positions if p["verified"]] == [
        ("harbour-notes/p1", "supports"), ("harbour-notes/p2", "disputes"),
        ("harbour-notes/p3", "reports")]


def test_moved_position_follows_an_edit_of_its_source(probe: Path) -> None:
    """The position cited in p1 counts in p2, the only passage holding its
    quote; once the article no longer says it, an incremental build finds
    that, as a full build would."""
    build(probe, fresh=True)
    article = probe / "sources_raw" / "harbour.txt"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "only the railings of the pier were replaced", "the railings were painted"),
        encoding="utf-8")

    def railings_row() -> tuple[str, list[str]]:
        page = BeautifulSoup((probe / "_build/html/claims.html").read_text(encoding="utf-8"),
                             "html.parser")
        row = page.find(id="kb-pos-pier-rebuilt-2")
        return row.select_one(".kb-stance").get_text(strip=True), [
            a["href"] for a in row.select("a.kb-quote-link")]

    _, incremental = build(probe, fresh=False)
    after_edit = railings_row()
    assert after_edit == ("disputes · unverified", [])
    moved = [m for _, m, _ in kb_warnings(incremental) if "only the railings" in m]
    assert len(moved) == 1 and "closest text is in harbour-notes/p2" in moved[0], moved
    _, full = build(probe, fresh=True)
    assert railings_row() == after_edit
    assert sorted(kb_warnings(full)) == sorted(kb_warnings(incremental))


def test_a_recorder_keeps_recording_after_an_inner_one_ends() -> None:
    """Two recorders whose lists are equal (both empty) when the inner one
    ends: the outer one still records what is warned after it."""
    from kb_ext.diagnostics import recording, warn

    with recording(quiet=True) as outer:
        with recording(quiet=True) as inner:
            pass
        warn("ref", "said after the inner recorder ended")
    assert [row.message for row in outer] == ["said after the inner recorder ended"]
    assert inner == []
