"""Neighbourhood pictures and filtered views on the built knowledge base
(docs/ + seeds/) in Chromium, at a 390 px phone width and on a desktop."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .conftest import BROWSER_TIMEOUT_MS

pytestmark = pytest.mark.browser

#: one page of each kind that shows a neighbourhood
PAGES = ["actors/lukashenko", "claims/election-2020-rigged", "events/election-2020",
         "sources/rt-2021-belarus-stalemate-armenian-solution"]

# Each label's size as drawn (its font size times the picture's scale), and
# where it ends, against the picture's width (an SVG cuts off what overflows).
LABELS = """() => [...document.querySelectorAll('svg.kb-neighbourhood text')].map(text => {
    const svg = text.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const box = svg.getBoundingClientRect();
    return {text: text.textContent,
            px: parseFloat(getComputedStyle(text).fontSize) * scale,
            right: text.getBoundingClientRect().right - box.left, room: box.width};
})"""
FIGURE = """() => {
    const box = document.querySelector('.kb-visual-neighbourhood .kb-visual-figure')
        .getBoundingClientRect();
    return {left: box.left, right: box.right};
}"""


@pytest.fixture(params=[390, 1280], ids=["phone", "desktop"])
def sized(browser: Browser, request: pytest.FixtureRequest) -> Iterator[tuple[Page, int]]:
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    try:
        yield context.new_page(), width
    finally:
        context.close()


@pytest.mark.parametrize("docname", PAGES)
def test_neighbourhood_labels_render_at_least_12px(sized: tuple[Page, int], site_url: str,
                                                   docname: str) -> None:
    page, width = sized
    page.goto(f"{site_url}{docname}.html")
    labels = page.evaluate(LABELS)
    assert len(labels) >= 4, docname  # a heading and at least one neighbour per group
    small = [label for label in labels if label["px"] < 12]
    assert not small, small[:3]
    # Every label ends inside the picture, and the picture inside the page.
    cut = [label for label in labels if label["right"] > label["room"]]
    assert not cut, cut[:3]
    figure = page.evaluate(FIGURE)
    assert 0 <= figure["left"] and figure["right"] <= width, figure


def test_a_neighbourhood_node_opens_its_page(sized: tuple[Page, int], site_url: str) -> None:
    page, _width = sized
    page.goto(f"{site_url}claims/election-2020-rigged.html")
    node = page.locator("svg.kb-neighbourhood a[data-node^='actor:']").first
    href = node.get_attribute("href")
    assert href is not None and href.startswith("../actors/")
    node.click()
    page.wait_for_load_state()
    assert page.url.split("#")[0].endswith(href.split("#")[0].removeprefix(".."))


def test_the_filtered_network_draws_what_its_table_lists(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}views/election-2020.html")
    note = page.locator(".kb-visual-network").locator("xpath=preceding::p[contains(@class,"
                                                      "'kb-filter-note')][1]")
    assert "The 2020 presidential election and protests" in note.inner_text()
    drawn = page.locator(".kb-visual-network svg a.kb-net-claim").count()
    listed = page.locator(".kb-visual-network .kb-network-table tbody tr").count()
    assert drawn == listed > 0
