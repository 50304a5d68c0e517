"""The built site in a real browser (Debian's Chromium, driven by Playwright).

What a reader does: search for a name in any spelling and land on the actor,
find the sources whatever spelling they use, read passage text in the result
snippets, and follow a claim's quote to the exact passage it cites.

Chromium is required: when it is missing the tests fail, they never skip.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from .conftest import BuiltSite

pytestmark = pytest.mark.browser

# Sphinx's search page sets this status once every result is listed.
SEARCH_DONE = """() => {
    const status = document.querySelector('#search-results .search-summary');
    return status !== null && /finished|did not match/i.test(status.textContent);
}"""
# Text results get their snippet from a second request; wait for all of them
# (kb_ext's client marks a result while it fetches; Sphinx's shows no mark).
SNIPPETS_DONE = """() => [...document.querySelectorAll('#search-results li')]
    .every(item => item.dataset.kbExcerpt !== 'pending'
                   && item.querySelector(':scope > span, :scope > p.context'))"""
RESULTS = """() => [...document.querySelectorAll('#search-results ul.search > li')].map(item => ({
    href: item.querySelector('a').getAttribute('href'),
    title: item.querySelector('a').textContent,
    snippet: item.querySelector(':scope > p.context')?.textContent ?? null,
}))"""

ACTORS = {  # id -> canonical name
    "lukashenko": "Alexander Lukashenko",
    "makei": "Vladimir Makei",
    "tikhanovskaya": "Svetlana Tikhanovskaya",
}


def squash(text: str) -> str:
    return " ".join(text.split())


# -- the site, served and opened ---------------------------------------------------

# -- helpers -------------------------------------------------------------------------

def docname(href: str) -> str:
    """``actors/lukashenko.html#kb-actor-lukashenko`` -> ``actors/lukashenko``."""
    return urlsplit(href).path.removesuffix(".html")


def results(page: Page, *, snippets: bool = False) -> list[dict[str, Any]]:
    page.wait_for_function(SEARCH_DONE)
    if snippets:
        page.wait_for_function(SNIPPETS_DONE)
    return page.evaluate(RESULTS)


def search(page: Page, site_url: str, query: str, *, snippets: bool = False
           ) -> list[dict[str, Any]]:
    page.goto(f"{site_url}search.html?q={quote(query)}")
    return results(page, snippets=snippets)


def listing(found: list[dict[str, Any]]) -> str:
    """Results as text for assertion messages."""
    return "\n".join(f"  {r['href']}  {r['title']!r}" for r in found) or "  (no results)"


@cache
def passages(outdir: Path, source_docname: str) -> tuple[str, ...]:
    """The source's own words in every passage of its page, whitespace collapsed."""
    html = (outdir / f"{source_docname}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    for extra in soup.select(".kb-passage .kb-anchor, .kb-passage .kb-cited-by"):
        extra.decompose()  # the link mark and "Cited by" notes are not the source's words
    return tuple(squash(p.get_text("")) for p in soup.select(".kb-passage"))


def source_docnames(site: BuiltSite) -> list[str]:
    return sorted(f"sources/{path.stem}" for path in (site.outdir / "sources").glob("*.html")
                  if path.stem != "index")


# -- search ----------------------------------------------------------------------------

def test_search_for_canonical_name_finds_actor_page(page: Page, site_url: str) -> None:
    found = search(page, site_url, "Lukashenko")
    pages = [docname(r["href"]) for r in found]
    assert "actors/lukashenko" in pages, f"'Lukashenko' did not find actors/lukashenko:\n" \
                                         f"{listing(found)}"
    assert pages[0] == "actors/lukashenko", f"top result is not the actor:\n{listing(found)}"


@pytest.mark.parametrize(("query", "actor"), [
    ("Lukashenka", "lukashenko"),
    ("Лукашенко", "lukashenko"),
    ("Makiej", "makei"),
    ("Tikhanovskaya", "tikhanovskaya"),
])
def test_alias_search_leads_to_canonical_actor(page: Page, site_url: str, query: str,
                                               actor: str) -> None:
    found = search(page, site_url, query)
    assert found, f"search for {query!r} found nothing"
    top = docname(found[0]["href"])
    assert top == f"actors/{actor}", \
        f"search for {query!r}: top result is {top}, not actors/{actor}:\n{listing(found)}"
    page.click("#search-results ul.search > li >> nth=0 >> a")
    page.wait_for_url(re.compile(rf"/actors/{actor}\.html(#.*)?$"))
    card = page.locator(f"[id='kb-actor-{actor}']")
    assert ACTORS[actor] in card.inner_text()
    # The page names the spelling the reader searched for.
    aliases = page.locator(f"[id='kb-actor-{actor}'] .kb-aliases").inner_text()
    assert query in [a.strip() for a in aliases.split(";")], \
        f"actors/{actor} does not show the alias {query!r}: {aliases!r}"


def test_search_box_on_index_page(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}index.html")
    box = page.locator("form[role=search] input[name=q]").first
    box.fill("Lukashenka")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=Lukashenka"))
    found = results(page)
    assert "actors/lukashenko" in [docname(r["href"]) for r in found], listing(found)


@pytest.mark.parametrize(("query", "spelling"), [
    ("Lukashenka", "Lukashenko"),
    ("Lukashenko", "Lukashenka"),
    ("Лукашенко", "Lukashenko"),
    ("Tsikhanouskaya", "Tikhanovskaya"),
])
def test_search_finds_sources_that_spell_the_name_differently(
        page: Page, site_url: str, kb_site: BuiltSite, query: str, spelling: str) -> None:
    """Searching one spelling lists every source that uses only another one."""
    expected = [name for name in source_docnames(kb_site)
                if any(spelling in text for text in passages(kb_site.outdir, name))
                and not any(query.lower() in text.lower()
                            for text in passages(kb_site.outdir, name))]
    assert expected, f"no source says {spelling!r} without {query!r}: the test has no subject"
    found = search(page, site_url, query)
    pages = {docname(r["href"]) for r in found}
    missing = [name for name in expected if name not in pages]
    assert not missing, (f"search for {query!r} does not list {missing} (which say "
                         f"{spelling!r}); results:\n{listing(found)}")


def test_result_snippets_show_passage_text(page: Page, site_url: str,
                                           kb_site: BuiltSite) -> None:
    """A source page found by a word of its text links to the passage with that
    word and shows that passage's words (not the card or the actor lists)."""
    query = "Lukashenko"
    found = search(page, site_url, query, snippets=True)
    checked, wrong = 0, []
    for result in found:
        name = docname(result["href"])
        texts = passages(kb_site.outdir, name) if name.startswith("sources/") else ()
        if not any(query in text for text in texts):
            continue
        checked += 1
        anchor = urlsplit(result["href"]).fragment
        passage = kb_site.page(name).select_one(f"[id='{anchor}'].kb-passage")
        snippet = squash(result["snippet"] or "").strip("…")
        if passage is None or query not in snippet or snippet not in "".join(
                passages(kb_site.outdir, name)[int(anchor[1:]) - 1:int(anchor[1:])]):
            wrong.append(f"  {result['href']}: {snippet!r}")
    assert checked, f"no source page in the results for {query!r}:\n{listing(found)}"
    assert not wrong, (f"search for {query!r}: these source results do not show the words of "
                       "the passage they link to:\n" + "\n".join(wrong))


# -- citations ---------------------------------------------------------------------------

def claims_citing_each_source(site: BuiltSite) -> list[str]:
    """For each source, the first claim page (by name) whose first quote cites it."""
    chosen: dict[str, str] = {}
    for path in sorted((site.outdir / "claims").glob("*.html")):
        link = site.page(f"claims/{path.stem}").select_one("table.kb-positions a.kb-quote-link")
        if link is not None:
            chosen.setdefault(urlsplit(link["href"]).path, f"claims/{path.stem}")
    return sorted(chosen.values())


def test_quote_link_leads_to_the_quoted_passage(page: Page, site_url: str,
                                                kb_site: BuiltSite) -> None:
    """The first quote link of a claim page lands on the passage holding the quote
    (one claim page per cited source, to keep the test quick)."""
    claims = claims_citing_each_source(kb_site)
    assert len(claims) >= 2, claims
    problems = []
    for claim in claims:
        page.goto(f"{site_url}{claim}.html")
        link = page.locator("table.kb-positions a.kb-quote-link").first
        quote_text = squash(link.inner_text()).strip("“”")
        link.click()
        page.wait_for_url(re.compile(r"#p\d+$"))
        fragment = urlsplit(page.url).fragment
        target = page.locator(f"[id='{fragment}']")
        classes = (target.get_attribute("class") or "").split()
        text = squash(target.inner_text())
        if not re.fullmatch(r"p\d+", fragment):
            problems.append(f"{claim}: fragment {fragment!r} is not #pN")
        elif "kb-passage" not in classes:
            problems.append(f"{claim}: #{fragment} is not a .kb-passage (class={classes})")
        elif quote_text not in text:
            problems.append(f"{claim}: #{fragment} on {page.url} does not contain "
                            f"{quote_text!r}; it reads {text[:200]!r}")
        elif not target.is_visible() or not target.bounding_box():
            problems.append(f"{claim}: #{fragment} is not shown")
    assert not problems, "\n".join(problems)
