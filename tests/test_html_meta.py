"""The author a saved page declares (tests/roots/test-htmlmeta): the card's
author "from the page" is the one the page's metadata names, not a label
the extractor took for a byline, and a name in any script is kept; a page's
own language the text contradicts is warned about as the page's."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import BuiltSite
from .pagetext import kb_warnings, squash


@pytest.fixture(scope="module")
def site(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    return build_root("htmlmeta")


def card_author(site: BuiltSite, name: str) -> str:
    page = site.page(f"sources/{name}")
    for label in page.select("dl.kb-provenance dt"):
        if label.get_text().startswith("Author"):
            return squash(label.find_next_sibling("dd").get_text(" "))
    return ""


@pytest.mark.parametrize(("name", "author"), [
    # JSON-LD in a CDATA wrapper names Jane Roe; trafilatura guessed the
    # "Authority control" box from its class name.
    ("ferry", "Jane Roe (from the page)"),
    # <meta name="author"> in Chinese, which trafilatura dropped.
    ("haibao", "王小明 (from the page)"),
])
def test_the_declared_author_is_the_pages_author(site: BuiltSite, name: str, author: str
                                                 ) -> None:
    assert card_author(site, name) == author
    assert not [w for w in kb_warnings(site.warnings) if f"{name}." in w[0]]


def test_a_page_language_the_text_contradicts_is_the_pages_word(site: BuiltSite) -> None:
    """The page says lang="en" over French text and the sidecar gives no
    language: one warning at the page, which says the page declared it."""
    found = kb_warnings(site.warnings)
    assert [(location.rsplit("/", 1)[-1], kind) for location, _, kind in found] == [
        ("mislabelled.html:1", "kb.sidecar")]
    message = found[0][1]
    assert "the page says 'en'" in message and "'fr'" in message
    assert "the sidecar says" not in message
