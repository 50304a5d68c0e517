"""Builders other than HTML: the compact nodes HTML writes directly (provenance
fields, removed lines, source lists, index tables, passages) reach them expanded
into ordinary docutils nodes, so their output keeps labels, raw text and links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import BuiltSite


@pytest.fixture(scope="module")
def text_site(build_root) -> BuiltSite:
    return build_root("kb", builder="text", confoverrides={"kb_actor_quoted_sources": 0})


def test_text_build_has_no_warnings(text_site: BuiltSite) -> None:
    assert text_site.warnings.strip() == ""


def test_provenance_fields_keep_their_labels(text_site: BuiltSite) -> None:
    text = (text_site.outdir / "sources" / "river-2019.txt").read_text(encoding="utf-8")
    assert re.search(r"^Outlet:\n\s+Riverton Times$", text, re.MULTILINE)
    assert re.search(r"^Raw file:\n\s+\"river\.txt\"$", text, re.MULTILINE)


def test_removed_lines_keep_line_numbers_and_text(text_site: BuiltSite) -> None:
    text = (text_site.outdir / "sources" / "river-2019.txt").read_text(encoding="utf-8")
    raw = (text_site.srcdir / "sources_raw" / "river.txt").read_text(encoding="utf-8").splitlines()
    labels = re.findall(r"^\* Line (\d+) · (.+)$", text, re.MULTILINE)
    assert labels and ("2", "share buttons") in labels
    for number, _reason in labels:
        assert raw[int(number) - 1].strip() in text


def test_listed_mentions_are_one_line_per_source(text_site: BuiltSite) -> None:
    text = (text_site.outdir / "actors.txt").read_text(encoding="utf-8")
    assert re.search(r"^\* Riverton bridge closed — Riverton Times, 2019-03-12: ¶1 and 1 more$",
                     text, re.MULTILINE)


def test_actors_mentioned_keep_counts_and_spellings(text_site: BuiltSite) -> None:
    text = (text_site.outdir / "sources" / "river-2019.txt").read_text(encoding="utf-8")
    # The spellings river.txt uses, in order ("ALES GRYNKEVICH'S", "Алесь Гринкевич"),
    # not the actor's other aliases (Hrynkievich, USA).
    assert re.search(r"^\* Aleś Hrynkievič \(2 passages\) written here as ALES GRYNKEVICH; "
                     r"Алесь\s+Гринкевич$", text, re.MULTILINE)
    assert re.search(r"^\* United States \(1 passage\) written here as US$", text, re.MULTILINE)
    assert "Hrynkievich" not in text and "USA" not in text


def test_index_tables_keep_their_rows(text_site: BuiltSite) -> None:
    text = (text_site.outdir / "index.txt").read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if "Outlet" in line)
    assert all(column in header for column in ("Date", "Kind", "Title", "Words"))
    assert "Riverton bridge closed" in text and "Riverton Times" in text


def test_passages_keep_their_marks(text_site: BuiltSite) -> None:
    text = (text_site.outdir / "sources" / "river-2019.txt").read_text(encoding="utf-8")
    marks = re.findall(r"^¶(\d+) ", text, re.MULTILINE)
    assert marks and marks == [str(n) for n in range(1, len(marks) + 1)]


def test_positions_table_keeps_quotes_and_notes(text_site: BuiltSite) -> None:
    text = (text_site.outdir / "claims.txt").read_text(encoding="utf-8")
    # The oldest verified position is the claim's first appearance.
    assert re.search(r"^\| Riverton bridge closed +\| 2019-03-12 first appearance +\| "
                     r"news report +\| supports +\| "
                     r"“the old bridge was closed to traffic” +\|$", text, re.MULTILINE)
    assert "says only one lane closed" in text


def test_quoted_mentions_keep_sources_and_snippets(build_root) -> None:
    site = build_root("kb", builder="text")
    text = (site.outdir / "actors.txt").read_text(encoding="utf-8")
    assert re.search(r"^\* Riverton bridge closed — Riverton Times, 2019-03-12$", text,
                     re.MULTILINE)
    assert re.search(r"^  \* ¶1 .*GRYNKEVICH", text, re.MULTILINE)


def test_html_tables_keep_column_widths_when_docutils_is_asked_for_them(build_root) -> None:
    """With docutils' ``table_style: colwidths-grid`` the compact tables are laid
    out by docutils itself, which writes the column widths."""
    def grid(srcdir: Path) -> None:
        (srcdir / "docutils.conf").write_text("[html writers]\ntable_style: colwidths-grid\n",
                                              encoding="utf-8")

    site = build_root("kb", prepare=grid)
    assert site.warnings.strip() == ""
    table = site.page("index").select_one("table.kb-source-index")
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == ["Date", "Outlet", "Kind", "Language", "Title", "Words"]
    assert len(table.select("colgroup > col")) == len(headers)
    assert [a.get_text() for a in table.select("td a")] == ["Riverton bridge closed",
                                                            "The lane that closed"]
