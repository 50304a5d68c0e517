"""PDF reports as sources, in the ``html_site`` build: the report written by
``tests/sourcefiles.py``, a scan, a password-protected and a corrupt file."""

from __future__ import annotations

import hashlib
import re

import pytest

from kb_ext.sources.pdf import furniture

from .conftest import BuiltSite
from .pagetext import kb_warnings, squash
from .sourcefiles import HEADER, REPORT_HEADINGS, REPORT_PAGES, REPORT_PASSAGES
from .test_html_sources import card, passages

BAD_PDFS = {
    "scan.pdf": r"scan\.pdf has no text layer \(3 pages of images: a scan\?\)",
    "locked.pdf": r"locked\.pdf is password-protected",
    "broken.pdf": r"broken\.pdf cannot be read as a PDF",
}
EMPTY_TEXT = {
    "scan": "This PDF has no text layer (it is a scan or made of images), so there is no "
            "text to show.",
    "locked": "This PDF is password-protected: kb_ext cannot read its text.",
    "broken": "This file cannot be read as a PDF",
}


def test_report_text_without_headers_footers_and_page_numbers(html_site: BuiltSite) -> None:
    page = html_site.page("sources/report")
    assert passages(page) == REPORT_PASSAGES
    # The first heading is the title (from the PDF's information), removed as repeated.
    assert [squash(h.get_text()) for h in page.select(".kb-heading")] == REPORT_HEADINGS[1:]
    article = squash(page.select_one(".kb-article").get_text(" "))
    assert HEADER not in article and "Page 2 of 3" not in article


def test_removed_furniture_is_listed_with_its_rule(html_site: BuiltSite) -> None:
    page = html_site.page("sources/report")
    block = page.select_one("details.kb-removed")
    listed = [(squash(item.select_one("p").get_text()), squash(item.select_one("pre").get_text()))
              for item in block.select("li")]
    lines = [line for lines in REPORT_PAGES for line in lines]
    header = "page header or footer (repeated on 3 of 3 pages)"
    expected = [
        (f"Line {lines.index(HEADER) + 1} · {header}", HEADER),
        (f"Line {lines.index('Page 1 of 3') + 1} · page number", "Page 1 of 3"),
        (f"Line {lines.index('Page 2 of 3') + 1} · page number", "Page 2 of 3"),
        (f"Line {len(lines)} · page number", "3"),
    ]
    for item in expected:
        assert item in listed, (item, listed)
    assert sum(text == HEADER for _label, text in listed) == 3


def test_report_metadata_from_the_file_and_the_sidecar(html_site: BuiltSite) -> None:
    page = html_site.page("sources/report")
    assert squash(page.select_one("h1").get_text(" ")).rstrip(" ¶") == \
        "Integration and its limits"
    rows = card(page)
    assert rows["Outlet"] == "Belarus Monitor"
    assert rows["Kind"] == "think-tank report"
    assert rows["Author"] == "A. Analyst (from the page)"
    assert rows["Published"] == "2024-03-15 (from the page)"
    assert rows["Metadata"] == "title, author, published from the page; the rest from the " \
                               "sidecar"
    raw = html_site.srcdir / "sources_raw" / "report.pdf"
    assert rows["SHA-256"] == hashlib.sha256(raw.read_bytes()).hexdigest()
    assert "text extracted by pypdf " in rows["Note"] and "3 PDF pages" in rows["Note"]


def test_report_builds_without_warnings(html_site: BuiltSite) -> None:
    assert [w for w in kb_warnings(html_site.warnings) if "report." in w[0]] == []


@pytest.mark.parametrize("name", sorted(BAD_PDFS))
def test_bad_pdf_gives_one_warning_and_a_page_saying_why(html_site: BuiltSite,
                                                         name: str) -> None:
    found = [(message, kind) for location, message, kind in kb_warnings(html_site.warnings)
             if re.search(rf"[/\\]{re.escape(name)}:\d+$", location)]
    assert len(found) == 1, found
    assert found[0][1] == "kb.source" and re.search(BAD_PDFS[name], found[0][0]), found
    page = html_site.page(f"sources/{name[:-4]}")
    assert passages(page) == []
    assert squash(page.select_one(".kb-empty").get_text()).startswith(EMPTY_TEXT[name[:-4]])


def test_header_rule_needs_repetition() -> None:
    """A line at the top of one page only is text; at the top of most pages a header."""
    pages = [["Annual report", "Intro text one."], ["Chapter two", "Body text two."],
             ["Annual report", "Body text three."], ["Annual report", "Body four."]]
    marked = furniture(pages)
    assert [sorted(rules) for rules in marked] == [[0], [], [0], [0]]
    assert marked[0][0] == "page header or footer (repeated on 3 of 4 pages)"
    # One page alone: nothing repeats, nothing is furniture but a bare number.
    assert furniture([["Report title", "Some text.", "7"]]) == [{2: "page number"}]


def test_aes_encryption_without_its_package_is_a_warning(monkeypatch) -> None:
    """pypdf raises DependencyError for AES when 'cryptography' is missing."""
    from pathlib import Path

    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    from kb_ext.sources.ingest import RawArticle
    from kb_ext.sources.pdf import read_pdf

    from .pdfmake import encrypted, text_pdf

    def needs_package(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", needs_package)
    article = RawArticle(Path("aes.pdf"), "", "", 0)
    report = read_pdf(encrypted(text_pdf([["Some text."]])), article)
    assert report.text == ""
    assert report.empty_reason == "This PDF is encrypted: kb_ext cannot read its text."
    assert [message for _line, message in article.problems] == [
        "aes.pdf is encrypted with AES, which pypdf reads only with the 'cryptography' "
        "package installed; its text is not shown"]
