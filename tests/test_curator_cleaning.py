"""The curator's corrections to the cleaning (sidecar keep_lines,
remove_lines, keep_patterns, remove_patterns; kb_outlet_cleaning in conf.py),
on the articles of tests/roots/test-curator."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOTS, BuiltSite, sphinx_build


@pytest.fixture(scope="module")
def site(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    return build_root("curator")


def passages(page: BeautifulSoup) -> list[str]:
    return [p.get_text(" ", strip=True) for p in page.select("p.kb-passage")]


def removed(page: BeautifulSoup) -> dict[int, str]:
    """Raw line number → the reason the removed-lines list gives."""
    rows = {}
    for row in page.select(".kb-removed-list > *"):
        text = row.get_text(" ", strip=True)
        head = text.split(" · ", 1)
        rows[int(head[0].split()[1])] = head[1]
    return rows


def test_sidecar_and_outlet_decisions_are_applied_and_shown(site: BuiltSite) -> None:
    page = site.page("sources/harbour")
    assert passages(page) == [
        "¶1 By Jane Doe [kept by the curator "
        "(kb_outlet_cleaning['coast-herald.example']: ^By Jane)]",
        "¶2 The harbour authority said on Monday that container traffic rose by a tenth in the "
        "first half of the year, the third rise in a row since the new terminal opened.",
        "¶3 Photo: Harbour Authority [kept by the curator (harbour.yaml line 8)]"]
    rows = removed(page)
    assert rows[6].startswith("removed by the curator (harbour.yaml line 9) Officials credited")
    assert rows[7].startswith("removed by the curator (kb_outlet_cleaning['coast-herald.example']:"
                              " ^Sponsored:) Sponsored:")
    assert rows[8].startswith("removed by the curator (harbour.yaml line 10: ^Critics said)")
    assert rows[9].startswith("removed by the curator (kb_outlet_cleaning['coast-herald.example']:"
                              " ^The authority promised)")
    # The automatic decisions the curator left alone stay as they were.
    assert rows[1].startswith("navigation or tag list") and rows[11].startswith("newsletter")
    assert 3 not in rows and 10 not in rows
    card = page.select_one(".kb-source-card").get_text(" ", strip=True)
    assert "kept by the curator: line 3, line 10 (marked in the text)" in card
    assert "removed by the curator: line 6, line 7, line 8, line 9" in card
    assert len(page.select("p.kb-passage .kb-curated")) == 2


def test_kept_lines_are_citable_passages(site: BuiltSite) -> None:
    data = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    harbour = next(s for s in data["sources"] if s["id"] == "harbour")
    # Each passage names its raw lines: the kept lines are passages of their own.
    assert [p["lines"] for p in harbour["passages"]] == [[3, 3], [5, 5], [10, 10]]


def test_bad_values_are_one_warning_each_at_their_line(site: BuiltSite) -> None:
    ferry = [line.split("sources_raw/")[1] for line in site.warning_lines("ferry.yaml")]
    assert ferry == [
        "ferry.yaml:7: WARNING: keep_lines: '40-42' is past the article's last line (5); "
        "ignored [kb.sidecar]",
        "ferry.yaml:7: WARNING: keep_lines: 'abc' is not a line number or a range such as "
        "40-42; ignored [kb.sidecar]",
        "ferry.yaml:7: WARNING: keep_lines: 0 is not a range of lines; ignored [kb.sidecar]",
        "ferry.yaml:9: WARNING: keep_patterns: '(unclosed' is not a regular expression "
        "(missing ), unterminated subpattern at position 0); ignored [kb.sidecar]",
        "ferry.yaml:9: WARNING: keep_patterns: 7 is not a pattern (a non-empty string); "
        "ignored [kb.sidecar]"]
    config = sorted(line.split("test-curator")[-1].split("src/")[-1]
                    for line in site.warning_lines("kb.config"))
    assert config == [
        "conf.py:11: WARNING: kb_outlet_cleaning['Bay Times']: unknown key 'drop_patterns' "
        "(known: keep_patterns, remove_patterns); ignored [kb.config]",
        "conf.py:12: WARNING: kb_outlet_cleaning['Bay Times']: remove_patterns: '[bad' is not "
        "a regular expression (unterminated character set at position 0); ignored [kb.config]"]
    assert len(site.warning_lines("WARNING")) == 7


def test_the_rest_of_a_bad_correction_still_applies(site: BuiltSite) -> None:
    page = site.page("sources/ferry")
    # keep_lines: 2 is kept already; remove_lines: 3 and the outlet's valid pattern apply.
    assert passages(page) == [
        "¶1 The new ferry line between the two ports opened on Tuesday with a crossing that took "
        "just under three hours, half an hour less than the old route."]
    rows = removed(page)
    assert rows[3].startswith("removed by the curator (ferry.yaml line 8) Reader poll")
    assert rows[4].startswith("removed by the curator (kb_outlet_cleaning['Bay Times']: "
                              "^Tickets are sold)")


def test_a_line_both_kept_and_removed_is_left_alone(build_root: Callable[..., BuiltSite]
                                                      ) -> None:
    def both(srcdir: Path) -> None:
        sidecar = srcdir / "sources_raw" / "ferry.yaml"
        text = sidecar.read_text(encoding="utf-8").splitlines()[:6]
        sidecar.write_text("\n".join([*text, "keep_lines: [3]", "remove_lines: [3]"]) + "\n",
                           encoding="utf-8")
    site = build_root("curator", both)
    assert [line.split("sources_raw/")[1] for line in site.warning_lines("ferry.yaml")] == [
        "ferry.yaml:8: WARNING: line(s) 3 are in both keep_lines and remove_lines; left as the "
        "cleaner had them [kb.sidecar]"]
    assert 3 not in removed(site.page("sources/ferry"))


def test_a_pattern_found_in_every_line_is_refused(build_root: Callable[..., BuiltSite]
                                                  ) -> None:
    """"x*" or "^" is found in any line: as a remove pattern it would remove the article."""
    def everything(srcdir: Path) -> None:
        sidecar = srcdir / "sources_raw" / "ferry.yaml"
        text = sidecar.read_text(encoding="utf-8").splitlines()[:6]
        sidecar.write_text("\n".join([*text, 'remove_patterns: ["x*", "^"]']) + "\n",
                           encoding="utf-8")
    site = build_root("curator", everything)
    assert [line.split("sources_raw/")[1] for line in site.warning_lines("ferry.yaml")] == [
        f"ferry.yaml:7: WARNING: remove_patterns: {p!r} matches an empty text, so every "
        "line; ignored [kb.sidecar]" for p in ("x*", "^")]
    page = site.page("sources/ferry")
    assert not [r for r in removed(page).values() if "ferry.yaml" in r], removed(page)
    assert page.select("p.kb-passage")  # "^" would have removed every line


def test_parallel_build_shows_the_same_corrections(site: BuiltSite,
                                                   build_root: Callable[..., BuiltSite]) -> None:
    parallel = build_root("curator", parallel=2)
    for name in ("harbour", "ferry"):
        serial_page, parallel_page = site.page(f"sources/{name}"), parallel.page(f"sources/{name}")
        assert passages(parallel_page) == passages(serial_page), name
        assert removed(parallel_page) == removed(serial_page), name
    def tails(built: BuiltSite) -> list[str]:  # the two builds ran in different folders
        return sorted(line.split("/src/", 1)[1] for line in built.warning_lines("WARNING"))
    assert tails(parallel) == tails(site) and len(tails(site)) == 7


def test_an_edited_correction_rebuilds_like_a_full_build(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-curator", srcdir)
    sphinx_build(srcdir, tmp_path / "html")
    sidecar = srcdir / "sources_raw" / "harbour.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace(
        "keep_lines: [10]", "keep_lines: [10, 11]"), encoding="utf-8")
    incremental = sphinx_build(srcdir, tmp_path / "html", fresh=False)
    full = sphinx_build(srcdir, tmp_path / "full")
    page = incremental.page("sources/harbour")
    assert passages(page)[-1] == ("¶4 Subscribe to our newsletter [kept by the curator "
                                  "(harbour.yaml line 8)]")
    assert passages(page) == passages(full.page("sources/harbour"))
    assert removed(page) == removed(full.page("sources/harbour"))


def _numbered(page: BeautifulSoup, selector: str) -> dict[str, str]:
    """Each row's text → its label ("Line 5 · picture credit")."""
    return {" ".join(row.select_one("pre").get_text().split()):
            row.select_one("p").get_text(" ", strip=True)
            for row in page.select(f"{selector} .kb-removed-list > li")}


def test_a_web_page_shows_the_line_numbers_keep_lines_takes(tmp_path: Path) -> None:
    """A saved page's line numbers are of two kinds: of the HTML file (what the
    extractor left out) and of the extracted text (what the cleaner removed,
    each passage). keep_lines counts the second, and the page says which is which."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-curator-web", srcdir)
    first = sphinx_build(srcdir, tmp_path / "html")
    page = first.page("sources/quay")
    removed_rows = _numbered(page, "details.kb-removed:not(.kb-left-out)")
    left_out_rows = _numbered(page, "details.kb-left-out")
    credit = removed_rows["Photo: Harbour Authority"]
    assert credit.startswith("Line ") and credit.endswith("picture credit")
    assert left_out_rows["Home News Sign in"].startswith("HTML line ")
    summaries = [s.get_text(" ", strip=True) for s in page.select("details.kb-removed summary")]
    assert any("lines of the extracted text" in s for s in summaries)
    assert any("of the HTML file" in s and "keep_lines" in s for s in summaries)
    # Each passage's link names its line of the extracted text.
    marks = [p.select_one("a.kb-anchor")["title"] for p in page.select("p.kb-passage")]
    assert marks[0] == "Link to this passage (line 3 of the extracted text)"

    # The curator writes the number the page shows, and the line is kept.
    number = int(credit.split()[1])
    sidecar = srcdir / "sources_raw" / "quay.yaml"
    html_line = int(left_out_rows["© 2024 Coast Herald. All rights reserved."].split()[2])
    sidecar.write_text(sidecar.read_text(encoding="utf-8")
                       + f"keep_lines: [{number}, {html_line}]\n", encoding="utf-8")
    kept = sphinx_build(srcdir, tmp_path / "html", fresh=False).page("sources/quay")
    assert "¶2 Photo: Harbour Authority [kept by the curator (quay.yaml line 7)]" in passages(kept)
    assert "Photo: Harbour Authority" not in _numbered(kept, "details.kb-removed")
    # An HTML line number, past the end of the extracted text, says what the numbers count.
    warnings = sphinx_build(srcdir, tmp_path / "html", fresh=True).warning_lines("quay.yaml")
    assert any(f"keep_lines: {html_line} is past the extracted text's last line" in w
               and "not of the file" in w for w in warnings), warnings
