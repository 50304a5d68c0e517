"""Citing a passage in one click (kb_ext/static/cite.js), in Chromium: each
passage of a source page has a keyboard-reachable button that copies a
kb:position block quoting the reader's selection in that passage, or the
whole passage; the copied block, pasted into a claim, verifies."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from kb_ext.normalize import for_quotes, quote_in

from .conftest import BROWSER_TIMEOUT_MS, ROOTS, BuiltSite, sphinx_build
from .localsite import serve

pytestmark = pytest.mark.browser

ARTICLE = ROOTS / "test-spellings" / "sources_raw" / "en-wire.txt"
# Paragraphs of the raw article as written (one line each); the first is the title.
PARAGRAPHS = [p for p in ARTICLE.read_text(encoding="utf-8").split("\n\n") if p.strip()][1:]
STANCE_LINE = ":stance: supports | disputes | reports | qualifies"


@pytest.fixture(scope="module")
def site(build_root: Callable[..., BuiltSite]) -> Iterator[tuple[BuiltSite, str]]:
    built = build_root("spellings")
    with serve(built.outdir) as url:
        yield built, url


@pytest.fixture
def reader(browser: Browser, site: tuple[BuiltSite, str]) -> Iterator[Page]:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    page.goto(site[1] + "sources/en-wire.html")
    try:
        yield page
    finally:
        context.close()


def clipboard(page: Page) -> str:
    page.wait_for_function("() => document.querySelector('.kb-cite-status').textContent")
    return str(page.evaluate("navigator.clipboard.readText()"))


def block(quote: str, passage: str) -> list[str]:
    return [f":::{{kb:position}} en-wire/{passage}", STANCE_LINE, quote, ":::"]


def select(page: Page, start_text: str, end_text: str) -> None:
    """Select from the start of ``start_text`` to the end of ``end_text``, as a mouse would."""
    page.evaluate("""([start, end]) => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let first = null, last = null;
        while (walker.nextNode()) {
            const node = walker.currentNode;
            if (!first && node.data.includes(start)) first = node;
            if (node.data.includes(end)) last = node;
        }
        const range = document.createRange();
        range.setStart(first, first.data.indexOf(start));
        range.setEnd(last, last.data.indexOf(end) + end.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }""", [start_text, end_text])


def test_every_passage_has_a_named_button_reached_by_keyboard(reader: Page) -> None:
    buttons = reader.locator("p.kb-passage button.kb-cite")
    assert buttons.count() == len(PARAGRAPHS) == 5
    for n in range(1, 6):
        button = reader.get_by_role("button", name=f"Copy citation of ¶{n}")
        assert button.count() == 1
        assert button.evaluate("b => b.closest('p.kb-passage').id") == f"p{n}"
    # Tab from the passage's ¶ link reaches its button.
    reader.locator("#p2 a.kb-anchor").focus()
    reader.keyboard.press("Tab")
    assert reader.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Copy citation of ¶2")


def test_nothing_selected_copies_the_whole_passage(reader: Page) -> None:
    reader.get_by_role("button", name="Copy citation of ¶2").focus()
    reader.keyboard.press("Enter")
    text = clipboard(reader)
    assert text.splitlines() == block(PARAGRAPHS[1].strip(), "p2")
    assert "copied (the whole passage)" in reader.locator(".kb-cite-status").text_content()


def test_the_selected_words_are_the_quote(reader: Page) -> None:
    select(reader, "the US delegation", "in Brussels")
    reader.get_by_role("button", name="Copy citation of ¶2").click()
    assert clipboard(reader).splitlines() == block(
        "the US delegation discussed the matter in Brussels", "p2")


def test_a_selection_beyond_the_passage_is_cut_to_it(reader: Page) -> None:
    # From inside ¶1 to inside ¶2: the button of ¶2 quotes ¶2's part only,
    # without the "¶2" link or the button's own text.
    select(reader, "without a date", "Nato ministers and")
    reader.get_by_role("button", name="Copy citation of ¶2").click()
    assert clipboard(reader).splitlines() == block("Nato ministers and", "p2")


def test_a_selection_in_another_passage_is_not_this_ones_quote(reader: Page) -> None:
    select(reader, "Witnesses said", "before dawn")
    reader.get_by_role("button", name="Copy citation of ¶3").click()
    assert clipboard(reader).splitlines() == block(PARAGRAPHS[2].strip(), "p3")


def test_a_passage_cited_by_a_claim_quotes_its_text_only(reader: Page) -> None:
    # ¶1 carries a "Cited by" note: it is page furniture, not the quote.
    reader.get_by_role("button", name="Copy citation of ¶1").click()
    lines = clipboard(reader).splitlines()
    assert lines[2] == PARAGRAPHS[0].strip()
    assert "Cited by" not in lines[2]


def test_the_copied_block_pasted_into_a_claim_verifies(reader: Page, tmp_path: Path) -> None:
    select(reader, "security forces", "border area")
    reader.get_by_role("button", name="Copy citation of ¶4").click()
    copied = clipboard(reader).replace(STANCE_LINE, ":stance: reports")
    quote = copied.splitlines()[2]
    assert quote_in(for_quotes(quote), for_quotes(PARAGRAPHS[3]))
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-spellings", srcdir)
    claims = srcdir / "claims.md"
    claims.write_text(claims.read_text(encoding="utf-8") + (
        "\n::::{kb:claim} pasted\n:statement: A pasted citation.\n:status: uncontested\n\n"
        + copied + "::::\n"), encoding="utf-8")
    built = sphinx_build(srcdir, tmp_path / "html")
    assert "kb.quote" not in built.warnings, built.warnings  # the site has no other warning
    position = built.page("claims").find(id="kb-claim-pasted")
    assert position is not None
    assert "Quote not found" not in position.get_text()
    assert "en-wire" in str(position)


def test_pages_without_passages_get_no_buttons(reader: Page, site: tuple[BuiltSite, Any]
                                              ) -> None:
    reader.goto(site[1] + "actors.html")
    assert reader.locator("button.kb-cite").count() == 0
