"""Who agrees with whom, a claim through time, and near-duplicate articles,
on tests/roots/test-agreement: five outlets, three shared claims, a page
saved twice under two names (beta, beta-saved) and a wire story reprinted
with one extra paragraph (wire, wire-copy).

Expected numbers, worked out by hand from objects.md:
- tax-raised: supported by alpha1, beta (twice), wire, wire-copy; disputed by gamma
  and alpha2 (so Alpha News is split on it and not counted for the outlet).
- ferry-closes: disputed by alpha1 and beta, supported by gamma.
- lighthouse-rebuilt: supported by alpha2, disputed by beta, gamma only reports.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from kb_ext.derive.duplicates import MAX_HOLDERS, find_duplicates
from kb_ext.knowledge.records import PassageRecord, SourceRecord

from .conftest import ROOTS, BuiltSite, sphinx_build
from .test_reproducible import assert_same_pages, copy_root, kb_json

ROOT = ROOTS / "test-agreement"
TAX, FERRY, LIGHT = ("The harbour tax was raised.", "The ferry will close.",
                     "The lighthouse was rebuilt.")


@pytest.fixture(scope="module")
def site(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    built = build_root("agreement")
    assert built.warnings == "", built.warnings
    return built


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def matrix(page: BeautifulSoup, index: int = 0) -> dict[tuple[str, str], str]:
    table = page.select("table.kb-agreement-matrix")[index]
    header = [text(th) for th in table.select("thead th")][1:]
    cells = {}
    for row in table.select("tbody tr"):
        entries = row.find_all(["td", "th"])
        for column, entry in zip(header, entries[1:], strict=True):
            cells[text(entries[0]), column] = text(entry)
    return cells


def test_outlet_matrix_counts(site: BuiltSite) -> None:
    cells = matrix(site.page("agreement"))
    expected = {
        ("Alpha News", "Beta Post"): "+1 / −1",    # ferry agree, lighthouse disagree
        ("Alpha News", "Gamma Times"): "+0 / −1",  # ferry
        ("Alpha News", "State Wire"): "—",         # split on the tax: nothing shared
        ("Beta Post", "Gamma Times"): "+0 / −2",   # tax and ferry
        ("Beta Post", "State Wire"): "+1 / −0",
        ("Gamma Times", "Reprint Daily"): "+0 / −1",
        # wire-copy is a reprint of wire: its agreement is not a second voice.
        ("Reprint Daily", "State Wire"): "—",
        ("Beta Post", "Beta Post"): "—",
    }
    for (row, column), value in expected.items():
        assert cells[row, column] == value, (row, column)
        assert cells[column, row] == value, (column, row)  # symmetric


def test_matrix_cells_link_to_the_claims_behind_them(site: BuiltSite) -> None:
    page = site.page("agreement")
    table = page.select_one("table.kb-agreement-matrix")
    assert table is not None
    link = next(a for a in table.select("a") if text(a) == "+0 / −2")
    target = page.find(id=link["href"].lstrip("#"))
    assert target is not None
    assert text(target).startswith("Beta Post and Gamma Times: score -2")
    claims = {text(a): a["href"] for a in target.select("a.kb-claim-link")}
    assert set(claims) == {TAX, FERRY}
    assert all(href.startswith("objects.html#") for href in claims.values())


def test_filtered_matrix_leaves_the_outlet_out(site: BuiltSite) -> None:
    cells = matrix(site.page("agreement"), 1)
    assert {row for row, _ in cells} == {"Alpha News", "Beta Post", "State Wire",
                                         "Reprint Daily"}
    assert cells["Alpha News", "Beta Post"] == "+1 / −1"


def sections(site: BuiltSite, source: str) -> dict[str, list[str]]:
    page = site.page(f"sources/{source}")
    found: dict[str, list[str]] = {}
    for rubric in page.select("p.rubric"):
        listing = rubric.find_next_sibling()
        if text(rubric) in ("Agrees most with", "Disagrees most with") and listing:
            found[text(rubric)] = [text(li.find("p")) for li in listing.find_all("li")]
    return found


def test_source_page_agrees_and_disagrees_most(site: BuiltSite) -> None:
    assert sections(site, "alpha1") == {
        "Agrees most with": ["Board raised the tax : agree on 2, disagree on 0",
                             "Harbour tax raised : agree on 1, disagree on 0",
                             "Harbour tax raised (reprint) : agree on 1, disagree on 0"],
        "Disagrees most with": ["Tax never raised : agree on 0, disagree on 2",
                                "Correction on the tax : agree on 0, disagree on 1"]}
    assert sections(site, "beta")["Disagrees most with"] == [
        "Correction on the tax : agree on 0, disagree on 2",
        "Tax never raised : agree on 0, disagree on 2"]
    # The reprint is the wire's own text: not listed as agreeing with it.
    assert sections(site, "wire")["Agrees most with"] == [
        "Board raised the tax : agree on 1, disagree on 0",
        "Tax raised, ferry stays : agree on 1, disagree on 0"]
    # Takes no side on anything: no section.
    assert sections(site, "beta-saved") == {}


def same_text(site: BuiltSite, source: str) -> str:
    found = site.page(f"sources/{source}").select_one("p.kb-same-text")
    return text(found) if found else ""


def test_same_text_links_duplicates_both_ways(site: BuiltSite) -> None:
    assert same_text(site, "beta") == "Same text as: Board raised the tax (saved copy) " \
        "(3 of 3 passages, 100 %)"
    assert same_text(site, "beta-saved") == "Same text as: Board raised the tax " \
        "(3 of 3 passages, 100 %)"
    # The reprint adds a paragraph: all 4 of the wire's passages are in it.
    assert same_text(site, "wire-copy") == "Same text as: Harbour tax raised " \
        "(4 of 4 passages, 100 %)"
    # alpha1 and gamma share one paragraph of three: not the same text. The
    # newsletter line every file ends with is too short to count.
    assert same_text(site, "alpha1") == "" and same_text(site, "gamma") == ""
    link = site.page("sources/wire").select_one("p.kb-same-text a")
    assert link is not None and link["href"] == "wire-copy.html"


def positions_table(site: BuiltSite, claim: str) -> list[tuple[str, str, bool]]:
    page = site.page("objects")
    section = page.find(id=claim)
    assert section is not None
    table = section.find_next("table", class_="kb-positions")
    rows = []
    for row in table.select("tbody tr"):
        cells = row.find_all("td")
        rows.append((text(cells[0]), text(cells[1]).replace(" first appearance", ""),
                     bool(cells[1].select(".kb-first-appearance"))))
    return rows


def test_claim_positions_in_date_order_with_first_appearance(site: BuiltSite) -> None:
    rows = positions_table(site, "kb-claim-tax-raised")
    assert [(title, first) for title, _date, first in rows] == [
        ("Harbour tax raised", True), ("Harbour tax raised (reprint)", False),
        ("Tax raised, ferry stays", False), ("Board raised the tax", False),
        ("Board raised the tax", False),
        ("Tax never raised", False), ("Correction on the tax", False)]
    assert [first for _t, _d, first in positions_table(site, "kb-claim-ferry-closes")] == \
        [True, False, False]


def test_stance_totals_say_when_positions_rest_on_one_text(site: BuiltSite) -> None:
    totals = [text(p) for p in site.page("objects").select("p.kb-stance-totals")]
    # beta supports the tax claim twice: one text, not two.
    assert totals == ["5 supporting, of which 2 rest on one text; 2 disputing",
                      "1 supporting; 2 disputing",
                      "1 supporting; 1 disputing; 1 reporting"]


def test_exports_list_duplicates(site: BuiltSite) -> None:
    data = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    duplicates = {s["id"]: s["duplicates"] for s in data["sources"]}
    assert duplicates["wire"] == [{"source": "wire-copy", "shared": 4, "shorter": 4}]
    assert duplicates["beta-saved"] == [{"source": "beta", "shared": 3, "shorter": 3}]
    assert duplicates["alpha1"] == [] and duplicates["gamma"] == []
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((site.outdir / "kb.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    csv_path = next(site.outdir.rglob("duplicates.csv"))
    with csv_path.open(encoding="utf-8", newline="") as stream:
        rows = {(r["source"], r["other"], r["shared"]) for r in csv.DictReader(stream)}
    assert rows == {("wire", "wire-copy", "4"), ("wire-copy", "wire", "4"),
                    ("beta", "beta-saved", "3"), ("beta-saved", "beta", "3")}
    database = next(site.outdir.rglob("*.sqlite*"))
    with sqlite3.connect(database) as connection:
        assert connection.execute("select count(*) from duplicates").fetchone() == (4,)
        assert connection.execute(
            "select s.outlet from duplicates d join sources s on s.id = d.other "
            "where d.source = 'wire'").fetchall() == [("Reprint Daily",)]


BETA = ("Beta Post learned that the harbour tax was raised after a closed meeting of "
        "the board.")


def add_duplicate(src: Path) -> None:
    """A third copy of the beta article under a new name, in a new outlet."""
    raw = src / "sources_raw"
    (raw / "beta-third.txt").write_text((raw / "beta.txt").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    (raw / "beta-third.yaml").write_text(
        "id: beta-third\ntitle: Third copy\noutlet: Copy Post\nkind: newspaper\n"
        "published: 2021-05-01\nlanguage: en\n", encoding="utf-8")


def unsyndicate(src: Path) -> None:
    """The saved copy is rewritten: it stops being the same text as beta."""
    raw = src / "sources_raw" / "beta-saved.txt"
    raw.write_text("A different article now, about the weather on the coast this week.\n",
                   encoding="utf-8")


def gamma_changes_side(src: Path) -> None:
    """gamma now disputes that the ferry closes, with alpha1 and beta."""
    text = (src / "objects.md").read_text(encoding="utf-8")
    old = ":::{kb:position} gamma/p2\n:stance: supports"
    assert old in text
    (src / "objects.md").write_text(text.replace(old, old.replace("supports", "disputes")),
                                    encoding="utf-8")


def test_incremental_builds_after_duplicate_edits_equal_full_builds(tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src", ROOT)
    out = tmp_path / "incremental"
    assert sphinx_build(src, out).warnings == ""
    for number, step in enumerate((add_duplicate, unsyndicate, gamma_changes_side)):
        step(src)
        incremental = sphinx_build(src, out, fresh=False)
        full = sphinx_build(copy_root(tmp_path / f"full-src-{number}", src),
                            tmp_path / f"full-{number}")
        assert_same_pages(full, incremental)
        assert kb_json(incremental) == kb_json(full), step.__name__
        if step is add_duplicate:
            assert "Third copy" in same_text(incremental, "beta")
            assert "Third copy" in same_text(incremental, "beta-saved")
        elif step is unsyndicate:
            assert same_text(incremental, "beta") == "Same text as: Third copy " \
                "(3 of 3 passages, 100 %)"
            assert same_text(incremental, "beta-saved") == ""
        else:  # Beta Post and Gamma Times now agree on the ferry
            assert matrix(incremental.page("agreement"))["Beta Post", "Gamma Times"] == \
                "+1 / −1"


def test_timeline_marks_where_sides_shift(site: BuiltSite) -> None:
    page = site.page("timeline")
    # tax-raised: four supporting sources, then gamma disputes (2021-03-01);
    # ferry: alpha1 and beta dispute, then gamma supports; lighthouse: beta
    # disputes, then alpha2 supports (gamma only reports: not a side).
    shifted = []
    for item in page.select("ol.kb-timeline-list > li"):
        source = text(item.select_one("a.kb-source-link"))
        for line in item.select("p"):
            if line.select(".kb-tl-shift"):
                shifted.append((source, text(line.select_one("a.kb-claim-link"))))
    assert sorted(shifted) == sorted([("Tax never raised", TAX), ("Tax never raised", FERRY),
                                      ("Correction on the tax", LIGHT)])
    assert len(page.select("svg circle.kb-tl-shift")) == 3


def test_parallel_build_equals_serial(site: BuiltSite, tmp_path: Path) -> None:
    parallel = sphinx_build(copy_root(tmp_path / "src", ROOT), tmp_path / "j2", parallel=2)
    assert parallel.warnings == ""
    assert_same_pages(site, parallel)
    assert kb_json(parallel) == kb_json(site)


def records(texts: dict[str, list[str]]) -> tuple[dict[str, SourceRecord],
                                                  dict[str, PassageRecord]]:
    sources, passages = {}, {}
    for source_id, paragraphs in texts.items():
        ids = []
        for number, paragraph in enumerate(paragraphs, 1):
            passage_id = f"{source_id}/p{number}"
            passages[passage_id] = PassageRecord("d", f"p{number}", source_id, number,
                                                 paragraph, (number, number))
            ids.append(passage_id)
        sources[source_id] = SourceRecord("d", "", None, tuple(ids))  # type: ignore[arg-type]
    return sources, passages


def para(n: int) -> str:
    return f"Paragraph number {n} of the story tells what happened in the town today."


@pytest.mark.parametrize(("first", "second", "expected"), [
    # 2 of 4 shared: half, but fewer than 3 and not all of the shorter one
    ([1, 2, 3, 4], [1, 2, 7, 8], None),
    # 3 of 6 shared: half and 3
    ([1, 2, 3, 4, 5, 6], [1, 2, 3, 7, 8, 9], (3, 6)),
    # 3 of 7: under half
    ([1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 8, 9, 10, 11], None),
    # all of a two-passage source inside a longer one
    ([1, 2], [1, 2, 3, 4, 5], (2, 2)),
])
def test_same_text_thresholds(first: list[int], second: list[int],
                              expected: tuple[int, int] | None) -> None:
    sources, passages = records({"a": [para(n) for n in first],
                                 "b": [para(n).upper() + "  " for n in second]})
    found = find_duplicates(sources, passages).of("a")
    assert [(d.shared, d.shorter) for d in found] == ([expected] if expected else [])


def test_text_held_by_many_sources_pairs_nobody() -> None:
    boiler = [para(n) for n in (1, 2, 3)]
    sources, passages = records({f"s{i}": boiler for i in range(MAX_HOLDERS + 1)})
    assert find_duplicates(sources, passages).by_source == {}
