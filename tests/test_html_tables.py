"""Saved pages laid out in tables (tests/roots/test-htmltables): a page that
puts its article in one cell of a layout table shows the article's
paragraphs as passages, not one passage of the whole cell between pipes;
a data table's rows stay rows, without the ``|---|`` rule the extractor adds;
a code block (``<pre>``) is a passage up to each blank line, not one passage
per line."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import BuiltSite
from .pagetext import kb_warnings, squash

PARAGRAPHS = [
    "The ferry crews of the northern harbour stopped work on Monday morning",
    "The union says the new timetable cuts two hours of rest",
    "The port authority replied that the timetable had been agreed",
    "Islanders who had to stay overnight on the mainland",
]


@pytest.fixture(scope="module")
def site(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    return build_root("htmltables")


def test_a_layout_table_cell_is_opened_into_its_paragraphs(site: BuiltSite) -> None:
    page = site.page("sources/weekly")
    passages = [squash(p.get_text(" ")) for p in page.select(".kb-article p.kb-passage")]
    for opening in PARAGRAPHS:
        holding = [text for text in passages if opening in text]
        assert len(holding) == 1, (opening, passages)
        # The passage is that paragraph alone: no other paragraph, no cell pipes.
        assert not any(other in holding[0] for other in PARAGRAPHS if other != opening)
        assert "|" not in holding[0]
    headings = [squash(h.get_text(" ")) for h in page.select(".kb-article .kb-heading")]
    assert "What the port says" in headings
    assert not kb_warnings(site.warnings)


def test_a_data_table_keeps_its_rows_without_the_extractors_rule(site: BuiltSite) -> None:
    page = site.page("sources/weekly")
    article = squash(page.select_one(".kb-article").get_text(" "))
    assert "North quay to Hallen | 14" in article
    assert "North quay to Skerry | 9" in article
    assert "---" not in squash(page.select_one(".kb-source").get_text(" "))


def test_a_code_block_is_one_passage(site: BuiltSite) -> None:
    page = site.page("sources/sql")
    passages = [squash(p.get_text(" ")).split(" ", 1)[1]
                for p in page.select(".kb-article p.kb-passage")]
    assert "SELECT route, count(*) FROM crossings WHERE cancelled GROUP BY route;" in passages
    # The second block repeats FROM and WHERE lines: nothing of it is removed.
    assert ("SELECT route, week, count(*) FROM crossings WHERE cancelled GROUP BY route, week;"
            in passages)
    # A blank line inside a block still parts its paragraphs (a query, its output).
    # (a <pre> without <code>, which trafilatura gives as a quote, too).
    assert "SELECT count(*) FROM crossings;" in passages
    assert "count ------- 40112" in squash(page.select_one(".kb-article").get_text(" "))
    removed = squash(page.select_one("details.kb-removed").get_text(" "))
    assert "FROM" not in removed and "headline repeated" in removed


def test_a_data_table_with_a_paragraph_in_each_cell_stays_rows(site: BuiltSite) -> None:
    """A CMS wraps each cell's text in <p>: the rows stay rows (one passage
    each), and a header cell "Comment" opens no reader comments."""
    page = site.page("sources/states")
    passages = [squash(p.get_text(" ")).split(" ", 1)[1]
                for p in page.select(".kb-article p.kb-passage")]
    assert "| Ticket state | Next state | Comment |" in passages
    assert "| booked | paid | The traveller has a seat for two hours. |" in passages
    assert any(p.startswith("The system keeps the records for seven years") for p in passages)
    assert page.select_one("#reader-comments") is None
