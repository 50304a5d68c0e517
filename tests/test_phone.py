"""Page layout for readers: phones (390 px), dates, the compact provenance
card, the spellings a source uses, the sources index's filters and sorting,
and the matrix grouped by outlet with its claims kept in view.

The probe site ``tests/roots/test-phone`` has four sources from three outlets
in three languages, two with approximate dates; the seeds site (``kb_site``)
has a page of every kind. Browser tests run in Debian's Chromium; when it is
missing they fail, they never skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from sphinx.search import js_index

from .conftest import BROWSER_TIMEOUT_MS, BuiltSite
from .localsite import serve

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def phone_site(build_root: Any) -> BuiltSite:
    site: BuiltSite = build_root("phone")
    assert site.warning_lines() == [], site.warnings
    return site


@pytest.fixture(scope="module")
def phone_url(phone_site: BuiltSite) -> Iterator[str]:
    with serve(phone_site.outdir) as url:
        yield url


def open_page(browser: Browser, viewport: dict[str, int], **options: Any) -> Page:
    context = browser.new_context(viewport=viewport, **options)  # type: ignore[arg-type]
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    return context.new_page()


# -- the HTML as built ------------------------------------------------------------------------

SPELLINGS = {  # source -> its "Actors mentioned" lines
    "planet-2014": ["Harbour Board of Port Emmerich (1 passage) written here as harbour board",
                    "Syria (2 passages) written here as Syria; Syrian Arab Republic"],
    "planet-2021": ["Harbour Board of Port Emmerich (1 passage) written here as harbour board",
                    "Syria (2 passages)"],   # the article only writes the actor's name
    "vesti-2020": ["Syria (2 passages) written here as Сирией; Сирия"],
    "zeitung-2019": ["Harbour Board of Port Emmerich (1 passage) written here as Hafenbehörde"],
}


@pytest.mark.parametrize("source", SPELLINGS)
def test_actors_mentioned_show_the_spellings_the_article_uses(phone_site: BuiltSite,
                                                              source: str) -> None:
    page = phone_site.page(f"sources/{source}")
    lines = [squash(item.get_text()) for item in page.select(".kb-actors-mentioned li")]
    assert lines == SPELLINGS[source]
    # No alias the article does not use is shown (an English article: no سوريا, Сирия).
    shown = squash(page.select_one(".kb-actors-mentioned").get_text())
    for alias in ("سوريا", "Сирия", "Syrian Arab Republic", "Hafenbehörde", "harbour board"):
        if alias not in squash(" ".join(p.get_text() for p in page.select(".kb-passage"))):
            assert alias not in shown, f"{source} shows {alias!r}, which it never writes"


def test_every_alias_still_finds_the_source_in_search(phone_site: BuiltSite) -> None:
    """planet-2021 only writes "Syria"; a search for another of its aliases
    still lists it (the aliases are in its words for the index, not shown)."""
    text = (phone_site.outdir / "searchindex.js").read_text(encoding="utf-8")
    # kb_ext's search client comes first, then Sphinx's own index, unchanged.
    index = js_index.loads(text[text.rindex("Search.setIndex("):])
    doc = index["docnames"].index("sources/planet-2021")
    for term in ("сирия", "سوريا"):
        docs = index["terms"].get(term, [])
        assert doc in ([docs] if isinstance(docs, int) else docs), term


def test_source_index_dates_are_one_node_and_explained(phone_site: BuiltSite) -> None:
    page = phone_site.page("index")
    table = page.select_one("table.kb-source-index")
    headers = [squash(th.get_text()) for th in table.select("thead th")]
    assert headers == ["Date", "Outlet", "Kind", "Language", "Title", "Words"]
    rows = [[squash(td.get_text()) for td in tr.select("td")][:4]
            for tr in table.select("tbody tr")]
    assert rows == [  # oldest first, as without JavaScript
        ["2014-03~", "Daily Planet", "news report", "en"],
        ["2019-11~", "Emmericher Zeitung", "news report", "de"],
        ["2020-08-09", "Вести", "state-owned media", "ru"],
        ["2021-01-05", "Daily Planet", "opinion/analysis", "en"],
    ]
    for cell in table.select("tbody tr td:first-child"):
        dates = cell.select(".kb-date")
        assert len(dates) == 1 and squash(dates[0].get_text()) == squash(cell.get_text())
        approx = dates[0].select("abbr.kb-approx")
        assert len(approx) == ("~" in cell.get_text())
        assert all(a.get_text() == "~" and "approximate" in a["title"] for a in approx)
    legend = table.find_parent(class_="kb-table-scroll").find_next_sibling("p")
    assert "kb-legend" in legend["class"] and "approximate date" in legend.get_text()
    assert legend.select_one("abbr.kb-approx[title]").get_text() == "~"


def test_no_legend_where_no_date_is_approximate(phone_site: BuiltSite) -> None:
    page = phone_site.page("index")
    claims = page.select_one("table.kb-claim-index").find_parent(class_="kb-table-scroll")
    assert "kb-legend" not in (claims.find_next_sibling() or {}).get("class", [])


def test_matrix_groups_sources_by_outlet(phone_site: BuiltSite) -> None:
    table = phone_site.page("matrix").select_one("table.kb-matrix")
    group_row, header_row = table.select("thead tr")
    assert "kb-group-row" in group_row["class"]
    groups = [(squash(th.get_text()), int(th.get("colspan", 1))) for th in group_row.select("th")]
    assert groups == [("", 1), ("Daily Planet", 2), ("Emmericher Zeitung", 1), ("Вести", 1)]
    headers = [squash(th.get_text()) for th in header_row.select("th")]
    assert headers == ["Claim", "2014-03~", "2021-01-05", "2019-11~", "2020-08-09"]
    links = [(a["href"], a["title"]) for a in header_row.select("a.kb-source-link")]
    assert links == [("sources/planet-2014.html", "Harbour talks collapse on day one"),
                     ("sources/planet-2021.html", "Seven years on, the harbour is still closed"),
                     ("sources/zeitung-2019.html", "Hafen bleibt geschlossen"),
                     ("sources/vesti-2020.html", "Переговоры о гавани продолжаются")]
    cells = [squash(td.get_text()) for td in table.select("tbody tr td")[1:]]
    assert cells == ["supports", "reports", "qualifies", "disputes"]


def test_provenance_card_shows_the_first_fields_and_folds_the_rest(phone_site: BuiltSite) -> None:
    card = phone_site.page("sources/planet-2014").select_one(".kb-source-card")
    first, more = card.select("dl.kb-provenance")
    pairs = [(squash(dt.get_text()).rstrip(":"), squash(dd.get_text()))
             for dt, dd in zip(first.select("dt"), first.select("dd"), strict=True)]
    assert pairs == [("Outlet", "Daily Planet"), ("Author", "Lois Lane"),
                     ("Published", "2014-03 (approximate)"), ("Language", "en"),
                     ("URL", "https://planet.example/2014/harbour-talks")]
    details = more.find_parent("details")
    assert details is not None and not details.has_attr("open")
    labels = [squash(dt.get_text()).rstrip(":") for dt in more.select("dt")]
    assert labels == ["Kind", "Retrieved", "Words", "SHA-256", "Raw file", "Cleaning"]
    assert squash(details.select_one("summary").get_text()) == " · ".join(labels)
    assert squash(more.select("dd")[1].get_text()) == "2024-05-01"


# -- phones -----------------------------------------------------------------------------------

#: a page of every kind on the seeds site
PAGE_KINDS = ["index", "sources/index", "sources/belarusdigest-astapenia-2014-winning-crimea",
              "actors/index", "actors/syria", "themes/index", "themes/union-state",
              "claims/index", "claims/election-2020-rigged", "events/index",
              "events/election-2020", "matrix", "network", "timeline", "guide/index",
              "guide/authoring", "guide/benchmarks"]

# The page's own width, and that of every box around the article that scrolls:
# furo hides overflow on <html> and scrolls its .content box instead, so a wide
# table would move the whole column sideways while documentElement stays 390 px.
SIDEWAYS = """() => {
  const boxes = [document.documentElement, document.body];
  for (let el = document.querySelector('article'); el; el = el.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(el).overflowX)) boxes.push(el);
  }
  return {width: document.documentElement.scrollWidth, viewport: innerWidth,
          wide: boxes.filter((b) => b.scrollWidth > b.clientWidth + 1)
                     .map((b) => `<${b.tagName.toLowerCase()} class="${b.className}"> ` +
                                 `${b.scrollWidth} > ${b.clientWidth}`)};
}"""


@pytest.mark.browser
def test_no_page_scrolls_sideways_on_a_phone(browser: Browser, site_url: str) -> None:
    page = open_page(browser, PHONE)
    problems = []
    try:
        for name in PAGE_KINDS:
            page.goto(f"{site_url}{name}.html")
            found = page.evaluate(SIDEWAYS)
            if found["width"] > found["viewport"] or found["wide"]:
                problems.append(f"{name}: page {found['width']} px; {found['wide']}")
    finally:
        page.context.close()
    assert not problems, "pages wider than a 390 px phone:\n" + "\n".join(problems)


# A wide table's box, scrolled to its end: where its first column and second column are.
SCROLLED = """(selector) => {
  const box = document.querySelector(selector).closest('.kb-table-scroll');
  const before = box.scrollWidth - box.clientWidth;
  box.scrollLeft = box.scrollWidth;
  const row = box.querySelector('tbody tr');
  return {overflow: before, boxLeft: box.getBoundingClientRect().left,
          first: row.cells[0].getBoundingClientRect().left,
          second: row.cells[1].getBoundingClientRect().left};
}"""


@pytest.mark.browser
@pytest.mark.parametrize(("name", "selector"), [("matrix", "table.kb-matrix"),
                                                ("claims/index", "table.kb-claim-index"),
                                                ("sources/index", "table.kb-source-index")])
def test_wide_tables_scroll_in_their_box_with_the_first_column_in_view(
        browser: Browser, site_url: str, name: str, selector: str) -> None:
    page = open_page(browser, PHONE)
    try:
        page.goto(f"{site_url}{name}.html")
        found = page.evaluate(SCROLLED, selector)
    finally:
        page.context.close()
    assert found["overflow"] > 20, f"{name}: the table fits the phone; the test has no subject"
    assert abs(found["first"] - found["boxLeft"]) <= 1, found   # kept in view
    assert found["second"] < found["boxLeft"], found              # the rest scrolled


CARDS = """() => [...document.querySelectorAll('table.kb-positions tbody tr')].map((row) => ({
  quote: row.cells[4].getBoundingClientRect().top,
  source: row.cells[0].getBoundingClientRect().top,
  right: row.getBoundingClientRect().right,
}))"""


@pytest.mark.browser
def test_positions_are_cards_with_the_quote_first_on_a_phone(browser: Browser,
                                                             site_url: str) -> None:
    for viewport, cards in ((PHONE, True), (DESKTOP, False)):
        page = open_page(browser, viewport)
        try:
            page.goto(f"{site_url}claims/election-2020-rigged.html")
            rows = page.evaluate(CARDS)
        finally:
            page.context.close()
        assert len(rows) >= 2
        for row in rows:
            if cards:  # the quote above the source, the card within the screen
                assert row["quote"] < row["source"] and row["right"] <= PHONE["width"], row
            else:      # a table row: the cells side by side
                assert abs(row["quote"] - row["source"]) < 2, row


# Lines a date takes: the distinct tops of its text's boxes.
DATE_LINES = """() => [...document.querySelectorAll('.kb-date')].map((el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  return [el.textContent, tops.size];
})"""


@pytest.mark.browser
def test_dates_never_break_on_a_phone(browser: Browser, site_url: str,
                                      phone_url: str) -> None:
    page = open_page(browser, PHONE)
    seen, broken = 0, []
    try:
        for url in (f"{site_url}sources/index.html", f"{site_url}claims/election-2020-rigged.html",
                    f"{site_url}themes/union-state.html", f"{site_url}matrix.html",
                    f"{site_url}events/index.html", f"{site_url}actors/lukashenko.html",
                    f"{site_url}index.html", f"{phone_url}index.html",
                    f"{phone_url}matrix.html", f"{phone_url}claims/talks.html"):
            page.goto(url)
            for text, lines in page.evaluate(DATE_LINES):
                seen += 1
                if lines != 1:
                    broken.append(f"{url}: {text!r} on {lines} lines")
    finally:
        page.context.close()
    assert seen >= 30, seen
    assert not broken, "\n".join(broken)


@pytest.mark.browser
def test_first_passage_is_on_the_first_screen(browser: Browser, site_url: str,
                                              kb_site: BuiltSite) -> None:
    sources = sorted(p.stem for p in (kb_site.outdir / "sources").glob("*.html")
                     if p.stem != "index")
    assert len(sources) >= 5
    page = open_page(browser, DESKTOP)
    late = []
    try:
        for source in sources:
            page.goto(f"{site_url}sources/{source}.html")
            top = page.locator(".kb-passage").first.bounding_box()["y"]
            if top >= DESKTOP["height"]:
                late.append(f"{source}: ¶1 at {top:.0f} px")
        # The folded fields are there for the reader who opens them.
        checksum = page.locator(".kb-source-card dt", has_text="SHA-256")
        assert not checksum.is_visible()
        page.locator(".kb-source-card summary").click()
        assert checksum.is_visible()
    finally:
        page.context.close()
    assert not late, "\n".join(late)


# -- the sources index: filters and sorting ---------------------------------------------------

VISIBLE_ROWS = """() => [...document.querySelectorAll('table.kb-source-index tbody tr')]
  .filter((row) => !row.hidden).map((row) => row.cells[0].textContent.trim())"""


@pytest.mark.browser
def test_sources_index_filters_and_sorts(browser: Browser, phone_url: str) -> None:
    page = open_page(browser, PHONE)
    try:
        page.goto(f"{phone_url}index.html")
        form = page.locator("form.kb-table-controls")
        status = form.locator(".kb-table-status")
        assert status.inner_text() == "Showing 4 of 4 sources."
        assert page.evaluate(VISIBLE_ROWS) == ["2014-03~", "2019-11~", "2020-08-09", "2021-01-05"]
        form.locator("select[name=outlet]").select_option("Daily Planet")
        assert page.evaluate(VISIBLE_ROWS) == ["2014-03~", "2021-01-05"]
        assert status.inner_text() == "Showing 2 of 4 sources."
        form.locator("select[name=kind]").select_option("opinion/analysis")
        assert page.evaluate(VISIBLE_ROWS) == ["2021-01-05"]
        form.locator("select[name=outlet]").select_option("")
        form.locator("select[name=kind]").select_option("")
        form.locator("select[name=language]").select_option("ru")
        assert page.evaluate(VISIBLE_ROWS) == ["2020-08-09"]
        form.locator("select[name=language]").select_option("")
        # A range by prefix: "to 2020-08" takes the whole of August 2020.
        form.locator("input[name=date-from]").fill("2019")
        form.locator("input[name=date-to]").fill("2020-08")
        assert page.evaluate(VISIBLE_ROWS) == ["2019-11~", "2020-08-09"]
        form.locator("input[name=date-to]").fill("2020-07")
        assert page.evaluate(VISIBLE_ROWS) == ["2019-11~"]
        form.locator("input[name=date-from]").fill("")
        form.locator("input[name=date-to]").fill("")
        assert len(page.evaluate(VISIBLE_ROWS)) == 4

        table = page.locator("table.kb-source-index")
        date = table.locator("th button", has_text="Date")
        date.click()
        date.click()
        assert table.locator("th").first.get_attribute("aria-sort") == "descending"
        assert page.evaluate(VISIBLE_ROWS) == ["2021-01-05", "2020-08-09", "2019-11~", "2014-03~"]
        words_column = page.evaluate("""() => [...document.querySelectorAll(
            'table.kb-source-index tbody tr')].map((row) => [row.cells[0].textContent.trim(),
            Number(row.cells[5].textContent.replace(/,/g, ''))])""")
        table.locator("th button", has_text="Words").click()
        expected = [d for d, _n in sorted(words_column, key=lambda row: row[1])]
        assert page.evaluate(VISIBLE_ROWS) == expected
        table.locator("th button", has_text="Title").click()
        titles = page.evaluate("""() => [...document.querySelectorAll(
            'table.kb-source-index tbody tr')].map((row) => row.cells[4].textContent.trim())""")
        assert titles == sorted(titles) and len(set(titles)) == 4
    finally:
        page.context.close()


@pytest.mark.browser
def test_sources_index_without_javascript_is_the_plain_table(browser: Browser,
                                                             phone_url: str) -> None:
    page = open_page(browser, PHONE, java_script_enabled=False)
    try:
        page.goto(f"{phone_url}index.html")
        assert page.locator("form.kb-table-controls").count() == 0
        assert page.locator("table.kb-source-index th button").count() == 0
        assert page.evaluate(VISIBLE_ROWS) == ["2014-03~", "2019-11~", "2020-08-09", "2021-01-05"]
    finally:
        page.context.close()


# -- the matrix at a thousand sources (pure functions) -----------------------------------------

def thousand_sources() -> dict[str, Any]:
    """1,000 sources from 12 outlets; 60 claims, each cited by 2-9 of them."""
    from kb_ext.knowledge.records import ClaimRecord, PositionRecord, SourceMeta, SourceRecord

    data: dict[str, Any] = {"sources": {}, "claims": {}, "actors": {}, "positions": {},
                            "passages": {}}
    for s in range(1000):
        sid = f"s{s:04d}"
        meta = SourceMeta(sid, f"Title {s}", f"Outlet {s * 7 % 12:02d}", "news report", "",
                          f"{2000 + s % 24}-{1 + s % 12:02d}", s % 5 == 0, "", "en", "", "",
                          "", "", "", 100, 0)
        data["sources"][sid] = SourceRecord(f"sources/{sid}", f"kb-source-{sid}", meta, ())
    for c in range(60):
        cid = f"c{c:02d}"
        data["claims"][cid] = ClaimRecord(f"claims/{cid}", f"kb-claim-{cid}", cid,
                                          f"Claim {c}", "disputed", (), (), 1)
        for k in range(2 + c % 8):
            sid = f"s{(c * 37 + k * 101) % 1000:04d}"
            data["positions"][f"claims/{cid}", f"kb-pos-{cid}-{k}"] = PositionRecord(
                f"claims/{cid}", f"kb-pos-{cid}-{k}", cid, sid, "p1", "quote", "supports", "", k)
    return data


def test_matrix_at_a_thousand_sources_groups_its_columns_by_outlet() -> None:
    from kb_ext.views import matrix

    from .fakes import fake_context

    data = thousand_sources()
    found = matrix.collect(fake_context(data), "")
    cited = {p.source_id for p in data["positions"].values()}
    assert len(found.columns) == matrix.MATRIX_MAX_SOURCES < len(cited)
    assert found.omitted == len(cited) - len(found.columns)
    groups = matrix._groups(found.columns)
    assert groups[0] == ("", 1)                                  # over the claim column
    assert sum(span for _outlet, span in groups[1:]) == len(found.columns)
    outlets = [outlet for outlet, _span in groups[1:]]
    assert len(outlets) == len(set(outlets)), "an outlet's sources are split"
    at = 0
    for outlet, span in groups[1:]:
        block = found.columns[at:at + span]
        assert {c.outlet for c in block} == {outlet}
        assert [c.published for c in block] == sorted(c.published for c in block)  # oldest first
        at += span
    # Every row has a cell for each column.
    assert all(len(row.cells) == len(found.columns) for row in found.rows)


APPROXIMATE_PAGES = ["index", "sources/index", "actors/lukashenko", "themes/union-state",
                     "claims/election-2020-rigged", "matrix"]


@pytest.mark.parametrize("name", APPROXIMATE_PAGES)
def test_every_approximate_date_is_explained(kb_site: BuiltSite, name: str) -> None:
    """Where a "~" date is shown, it is an abbreviation with a title, and a
    visible note on the page says what "~" means."""
    page = kb_site.page(name)
    dates = page.select(".kb-date")
    approximate = [d for d in dates if "~" in d.get_text()]
    assert approximate, f"{name} shows no approximate date: the test has no subject"
    for date in approximate:
        marks = date.select("abbr.kb-approx")
        assert [m.get_text() for m in marks] == ["~"] and date.get_text().endswith("~")
        assert "approximate date" in marks[0]["title"]
    legends = page.select(".kb-legend")
    assert legends and all("approximate date" in squash(n.get_text()) for n in legends)
