"""Reader experience: the network and timeline pictures, evidence tooltips on
citations, highlighted passages and accessibility, checked on the built site
and, for what only a browser can tell, in Debian's Chromium (Playwright).

Chromium is required for the ``browser`` tests: when it is missing they fail,
they never skip.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, cast

import pytest
from playwright.sync_api import Browser, Page

from kb_ext.knowledge.records import (
    ActorRecord,
    ClaimRecord,
    PositionRecord,
    SourceMeta,
    SourceRecord,
)
from kb_ext.outputs.tooltips import shard_name
from kb_ext.views import network, timeline
from kb_ext.views.render import Renderer

from .conftest import BROWSER_TIMEOUT_MS, ROOTS, BuiltSite, sphinx_build
from .fakes import FakeRenderer, fake_context

SVG = "{http://www.w3.org/2000/svg}"


def squash(text: str) -> str:
    return " ".join(text.split())


def kb_json(site: BuiltSite) -> dict[str, Any]:
    return json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))


# -- synthetic domain data for the pure functions ------------------------------------------

def meta(source_id: str, published: str = "2020-05", title: str = "") -> SourceMeta:
    return SourceMeta(source_id, title or f"Title of {source_id}", f"Outlet {source_id}",
                      "news report", "", published, False, "", "en", "", "", "", "", "", 10, 0)


def fake_data(sources: int, claims: int, actors: int,
              statement: str = "Claim {i} says something") -> dict[str, Any]:
    data: dict[str, Any] = {"sources": {}, "claims": {}, "actors": {}, "positions": {},
                            "passages": {}}
    for s in range(sources):
        sid = f"s{s:03d}"
        data["sources"][sid] = SourceRecord(f"sources/{sid}", sid,
                                            meta(sid, f"{2000 + s % 20}-0{1 + s % 9}"), ())
    for a in range(actors):
        aid = f"a{a:03d}"
        data["actors"][aid] = ActorRecord(f"actors/{aid}", f"kb-actor-{aid}", aid, f"Actor {a}",
                                          "person", (), (), "", 1)
    for c in range(claims):
        cid = f"c{c:03d}"
        named = tuple(f"a{(c + k) % actors:03d}" for k in range(3)) if actors else ()
        data["claims"][cid] = ClaimRecord(f"claims/{cid}", f"kb-claim-{cid}", cid,
                                          statement.format(i=c), "disputed", (), named, 1)
        for k in range(1 + c % 4):
            sid = f"s{(c * 7 + k) % sources:03d}"
            stance = ("supports", "disputes", "reports", "qualifies")[(c + k) % 4]
            data["positions"][f"claims/{cid}", f"kb-pos-{cid}-{k}"] = PositionRecord(
                f"claims/{cid}", f"kb-pos-{cid}-{k}", cid, sid, "p1", f"quote {k}", stance, "", k)
    return data


uri = cast(Renderer, FakeRenderer())
PICTURES = {"network": network, "timeline": timeline}


def draw(kind: str, data: dict[str, Any]) -> tuple[str, list[Any]]:
    """The SVG and text alternative of one picture of ``data``."""
    view = PICTURES[kind]
    node = view.render(uri, view.collect(fake_context(data), ""), "", None)[0]  # type: ignore
    return node["svg"], node.children


def parse_svg(svg: str) -> ET.Element:
    """The SVG must be well-formed XML (it is also valid inline in XHTML/epub)."""
    return ET.fromstring(svg)


# -- pictures: pure functions ---------------------------------------------------------------

def test_network_is_capped_with_a_note() -> None:
    data = fake_data(sources=60, claims=120, actors=80)
    collected = network.collect(fake_context(data), "")
    assert len(collected.claims) == network.MAX_NETWORK_CLAIMS
    assert len(collected.sources) <= network.MAX_NETWORK_SOURCES
    assert len(collected.actors) <= network.MAX_NETWORK_ACTORS
    left_out = {part.kind: part for part in collected.left_out}
    omitted_claims = left_out["claim"].number
    assert omitted_claims == 120 - network.MAX_NETWORK_CLAIMS
    # Every object not drawn is counted, by kind, and the most linked are named.
    assert left_out["source"].number == 60 - len(collected.sources)
    assert left_out["actor"].number == 80 - len(collected.actors) > 0
    assert "event" not in left_out  # the fake data has none
    named = {link.docname for link in left_out["claim"].examples}
    assert len(named) == 5 and not named & {row.docname for row in collected.claims}
    drawn = {row.id for row in collected.claims} | {row.id for row in collected.sources}
    assert all(e.source_id in drawn and e.claim_id in drawn for e in collected.stance_edges)
    svg, alternative = draw("network", data)
    root = parse_svg(svg)
    assert len(root.findall(f".//{SVG}a[@class='kb-net-node kb-net-claim']")) == 40
    note = alternative[0].astext()
    assert "Not drawn" in note and f"{omitted_claims} claims" in note
    assert f"and {omitted_claims - 5} more" in alternative[1].astext()


def test_timeline_is_capped_and_keeps_sources_apart() -> None:
    data = fake_data(sources=80, claims=100, actors=5)
    collected = timeline.collect(fake_context(data), "")
    assert len(collected.sources) == timeline.MAX_TIMELINE_SOURCES
    assert len(collected.claims) <= timeline.MAX_TIMELINE_CLAIMS
    assert collected.omitted[0] == 80 - timeline.MAX_TIMELINE_SOURCES
    dates = [row.value for row in collected.sources]
    assert dates == sorted(dates)
    xs, right, _scale = timeline.timeline_x(dates, 40.0)
    assert xs == sorted(xs) and xs[0] >= timeline.TL_LEFT and xs[-1] <= right
    assert all(b - a >= 40.0 - 1e-6 for a, b in zip(xs, xs[1:], strict=False))
    svg, alternative = draw("timeline", data)
    assert len(parse_svg(svg).findall(f".//{SVG}a[@class='kb-tl-source']")) == 30
    assert "Not drawn" in alternative[0].astext()


def test_time_scale_places_dates_in_their_year_and_squeezes_empty_years() -> None:
    values = [2014.2, 2020.6, 2020.6, 2021.6, 2023.5, None]
    xs, right, scale = timeline.timeline_x(values, 34.0)
    assert xs == sorted(xs)
    for x, value in zip(xs, values, strict=True):
        if value is not None:
            start, end = scale.band(value)
            assert start <= x <= end, (value, x, start, end)
    widths = {first: end_x - start_x for (start_x, first, _), (end_x, _, _)
              in zip(scale.boundaries(), scale.boundaries()[1:], strict=False)}
    assert widths[2015] < widths[2014]  # 2015–2019 is one short break
    assert xs[-1] > scale.right - 1  # undated last


@pytest.mark.parametrize("kind", ["network", "timeline"])
def test_svg_text_is_escaped(kind: str) -> None:
    evil = '<script>alert(1)</script> & "quoted" {i}'
    data = fake_data(sources=3, claims=4, actors=3, statement=evil)
    data["sources"]["s000"] = data["sources"]["s000"]._replace(
        meta=meta("s000", "2019", title='<img src=x onerror="alert(2)">'))
    svg, _ = draw(kind, data)
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg
    root = parse_svg(svg)
    assert root.get("role") == "img" and root.get("aria-label")
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert any(t and "<script>alert(1)</script>" in t for t in titles)  # escaped, round-trips


def test_layout_is_deterministic() -> None:
    data = fake_data(sources=7, claims=15, actors=9)
    reordered = dict(data, positions=dict(reversed(list(data["positions"].items()))),
                     claims=dict(reversed(list(data["claims"].items()))))
    for kind in PICTURES:
        first = draw(kind, data)[0]
        second = draw(kind, reordered)[0]
        assert first == second, kind


# -- pictures on the built site ---------------------------------------------------------------

def test_network_page_draws_every_claim(kb_site: BuiltSite) -> None:
    page = kb_site.page("network")
    svg = page.select_one("svg.kb-network")
    assert svg is not None and svg.get("role") == "img" and svg.get("aria-label")
    claims = {c["id"] for c in kb_json(kb_site)["claims"]}
    drawn = {a["data-node"].removeprefix("claim:") for a in svg.select("a.kb-net-claim")}
    assert drawn == claims
    for link in svg.select("a"):
        assert link.find("title") is not None and link["href"]
    # The text alternative names every drawn claim, with a link to it.
    table = page.select_one("details.kb-visual-text table.kb-network-table")
    assert table is not None and len(table.select("tbody tr")) == len(claims)


def test_timeline_page_lists_every_source(kb_site: BuiltSite) -> None:
    page = kb_site.page("timeline")
    sources = kb_json(kb_site)["sources"]
    items = page.select("ol.kb-timeline-list > li")
    assert len(items) == len(sources)
    listed = [squash(item.select_one("a.kb-source-link").get_text()) for item in items]
    assert sorted(listed) == sorted(squash(s["title"]) for s in sources)
    dates = [s["published"] for s in sorted(sources, key=lambda s: s["published"])]
    assert [squash(i.p.get_text()).split(" — ")[0].rstrip("~") for i in items] == dates
    assert len(page.select("svg.kb-timeline a.kb-tl-source")) == len(sources)


def test_evidence_shards_are_written(kb_site: BuiltSite) -> None:
    folder = kb_site.outdir / "_static" / "kb-evidence"
    export = kb_json(kb_site)
    source = export["sources"][0]
    shard = (folder / f"{shard_name(source['page'])}.js").read_text(encoding="utf-8")
    payload = json.loads(re.search(r"kbEvidence\((.*)\);", shard).group(1))
    first = source["passages"][0]["anchor"]
    assert payload["page"] == source["page"]
    assert payload["anchors"][first]["kind"] == "passage"
    assert payload["anchors"][first]["title"] == source["title"]
    claim = export["claims"][0]
    assert (folder / f"{shard_name(claim['page'].split('#')[0])}.js").is_file()


def changed_docs(status: str) -> set[str]:
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def test_visual_pages_are_rewritten_when_their_data_changes(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    (srcdir / "pictures.md").write_text(
        "---\norphan: true\n---\n# Pictures\n\n```{kb:network}\n```\n\n```{kb:timeline}\n```\n",
        encoding="utf-8")
    outdir = tmp_path / "html"
    first = sphinx_build(srcdir, outdir)
    assert first.warnings == ""
    assert "pictures" in changed_docs(first.status)
    assert "pictures" not in changed_docs(sphinx_build(srcdir, outdir, fresh=False).status)

    claims = srcdir / "claims.md"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "The Riverton bridge was closed in 2019.", "The Riverton bridge was shut <in> 2019."),
        encoding="utf-8")
    edited = sphinx_build(srcdir, outdir, fresh=False)
    assert "pictures" in changed_docs(edited.status)
    html = (outdir / "pictures.html").read_text(encoding="utf-8")
    assert "The Riverton bridge was shut &lt;in&gt; 2019." in html
    full = sphinx_build(srcdir, tmp_path / "full")
    assert html == (tmp_path / "full" / "pictures.html").read_text(encoding="utf-8")
    assert full.warnings == ""


# -- the site in Chromium ------------------------------------------------------------------------

def tooltip_text(page: Page) -> str:
    tip = page.locator("#kb-tooltip[role=tooltip]")
    tip.wait_for(state="visible")
    return squash(tip.inner_text())


def first_claim_with_quote(site: BuiltSite) -> tuple[str, str, str]:
    """(claim docname, quote text, cited source title) of the first quote link."""
    for claim in sorted(kb_json(site)["claims"], key=lambda c: c["id"]):
        docname = claim["page"].split("#")[0].removesuffix(".html")
        link = site.page(docname).select_one("table.kb-positions a.kb-quote-link")
        if link is not None:
            return docname, squash(link.get_text()).strip("“”"), link["title"].rsplit(",", 1)[0]
    raise AssertionError("no claim page has a quote link")


@pytest.mark.browser
def test_tooltip_on_hover_shows_quote_and_source(page: Page, site_url: str,
                                                 kb_site: BuiltSite) -> None:
    docname, quote, title = first_claim_with_quote(kb_site)
    page.goto(f"{site_url}{docname}.html")
    link = page.locator("table.kb-positions a.kb-quote-link").first
    link.hover()
    text = tooltip_text(page)
    assert quote in text and title in text, text
    assert link.get_attribute("aria-describedby") == "kb-tooltip"
    assert link.get_attribute("title") is None  # no second, native tooltip meanwhile
    page.keyboard.press("Escape")
    page.locator("#kb-tooltip").wait_for(state="hidden")
    assert link.get_attribute("aria-describedby") is None
    assert link.get_attribute("title")  # restored


@pytest.mark.browser
def test_tooltip_on_keyboard_focus(page: Page, site_url: str, kb_site: BuiltSite) -> None:
    docname, quote, title = first_claim_with_quote(kb_site)
    page.goto(f"{site_url}{docname}.html")
    # The source link sits just before the quote link in the row: one Tab moves on.
    page.locator("table.kb-positions tbody tr").first.locator("a.kb-source-link").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "kb-quote-link" in focused, focused
    text = tooltip_text(page)
    assert quote in text and title in text, text
    page.keyboard.press("Tab")  # moving on (blur) dismisses it
    page.locator("#kb-tooltip").wait_for(state="hidden")


@pytest.mark.browser
def test_passage_link_tooltip_shows_the_passage(page: Page, site_url: str,
                                                kb_site: BuiltSite) -> None:
    """A bare ¶N link on an actor page shows the words of the passage it points to."""
    page.goto(f"{site_url}actors/lukashenko.html")
    link = page.locator(".kb-snippets a.kb-anchor").first
    href = link.get_attribute("href")
    source_doc = "sources/" + href.split("sources/")[1].split(".html")[0]
    anchor = href.split("#")[1]
    passage = kb_site.page(source_doc).find(id=anchor)
    for extra in passage.select(".kb-anchor, .kb-cited-by"):
        extra.decompose()
    words = squash(passage.get_text())[:60]
    link.hover()
    page.wait_for_function(
        "t => document.querySelector('#kb-tooltip')?.innerText.includes(t)", arg=words)
    assert f"¶{anchor[1:]}" in tooltip_text(page)


@pytest.mark.browser
def test_claim_link_tooltip_shows_stance_and_quote(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}sources/rt-2021-belarus-stalemate-armenian-solution.html")
    link = page.locator(".kb-cited-by a.kb-claim-link").first
    statement = squash(link.inner_text())
    link.hover()
    page.wait_for_function("() => document.querySelector('#kb-tooltip .kb-tooltip-label')")
    text = tooltip_text(page)
    assert statement in text and re.search(r"\b(supports|disputes|reports|qualifies)\b", text)
    assert "“" in text  # the quoted words


@pytest.mark.browser
def test_tooltip_works_from_file_url(page: Page, kb_site: BuiltSite) -> None:
    page.goto((kb_site.outdir / "actors" / "lukashenko.html").as_uri())
    page.locator(".kb-snippets a.kb-anchor").first.hover()
    page.wait_for_function(
        "() => document.querySelector('#kb-tooltip .kb-tooltip-quote')?.innerText.length > 20")


HIGHLIGHTED_IN_VIEW = """id => { const node = document.getElementById(id);
    const box = node.getBoundingClientRect();
    return node.classList.contains('kb-highlight') && box.top >= 0
        && box.bottom <= innerHeight; }"""


@pytest.mark.browser
def test_landing_on_a_passage_highlights_it(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}sources/rt-2021-belarus-stalemate-armenian-solution.html#p3")
    page.wait_for_function(HIGHLIGHTED_IN_VIEW, arg="p3", timeout=3000)
    page.evaluate("location.hash = '#p6'")  # the theme scrolls smoothly: wait for it to end
    page.wait_for_function(HIGHLIGHTED_IN_VIEW, arg="p6", timeout=3000)
    assert page.locator(".kb-highlight").count() == 1


@pytest.mark.browser
def test_network_nodes_link_to_claim_pages(page: Page, site_url: str,
                                           kb_site: BuiltSite) -> None:
    claims = {c["id"] for c in kb_json(kb_site)["claims"]}
    page.goto(f"{site_url}network.html")
    svg = page.locator("svg.kb-network")
    assert svg.get_attribute("role") == "img" and svg.get_attribute("aria-label")
    nodes = svg.locator("a.kb-net-claim")
    drawn = {n.removeprefix("claim:") for n in nodes.evaluate_all(
        "ns => ns.map(n => n.dataset.node)")}
    assert drawn == claims
    node = nodes.nth(3)
    claim_id = node.get_attribute("data-node").removeprefix("claim:")
    node.hover()  # brings out its lines
    assert "kb-net-focus" in (svg.get_attribute("class") or "")
    assert svg.locator(".kb-net-edge.kb-net-on").count() >= 1
    node.click()
    page.wait_for_url(re.compile(rf"/claims/{re.escape(claim_id)}\.html(#.*)?$"))


@pytest.mark.browser
def test_timeline_lists_every_source(page: Page, site_url: str, kb_site: BuiltSite) -> None:
    page.goto(f"{site_url}timeline.html")
    titles = [squash(s["title"]) for s in kb_json(kb_site)["sources"]]
    listed = page.locator("ol.kb-timeline-list > li > p a.kb-source-link").all_inner_texts()
    assert sorted(squash(t) for t in listed) == sorted(titles)
    assert page.locator("svg.kb-timeline a.kb-tl-source").count() == len(titles)
    assert page.locator("svg.kb-timeline a.kb-tl-mark").count() > 0


# -- accessibility ---------------------------------------------------------------------------------

A11Y = """() => {
  const problems = [];
  const shown = (el) => el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== "hidden" && !el.closest('[aria-hidden="true"]');
  const text = (el) => (el?.textContent ?? "").replace(/\\s+/g, " ").trim();
  const name = (el) => el.getAttribute("aria-label")?.trim() ||
    (el.getAttribute("aria-labelledby") ?? "").split(/\\s+/)
      .map((id) => text(document.getElementById(id))).join(" ").trim() ||
    text(el) || [...el.querySelectorAll("img[alt]")].map((i) => i.alt).join(" ").trim() ||
    el.getAttribute("title")?.trim() || "";
  const short = (el) => el.outerHTML.slice(0, 140);
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push(`img without alt: ${short(img)}`);
  }
  for (const svg of document.querySelectorAll("svg")) {
    if (svg.parentElement.closest("svg") || !shown(svg)) continue;
    if (svg.getAttribute("role") !== "img" || !svg.getAttribute("aria-label")?.trim()) {
      problems.push(`svg without role=img and aria-label: ${short(svg)}`);
    }
  }
  for (const link of document.querySelectorAll("a[href]")) {
    if (shown(link) && !name(link)) problems.push(`link without a name: ${short(link)}`);
  }
  return problems;
}"""

CONTRAST = """() => {
  const rgb = (value) => (value.match(/[\\d.]+/g) ?? []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {  // first opaque background up the tree, blended
    let colour = [255, 255, 255];
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor);
      if (a > 0) layers.push([r, g, b, a]);
      if (a >= 1) break;
    }
    for (const [r, g, b, a] of layers.reverse()) {
      colour = colour.map((c, i) => [r, g, b][i] * a + c * (1 - a));
    }
    return colour;
  };
  const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
                             return (hi + 0.05) / (lo + 0.05); };
  const rows = [];
  const badges = ".kb-badge, [class*='kb-stance-'], [class*='kb-status-']";
  for (const el of document.querySelectorAll(badges)) {
    if (!el.getClientRects().length) continue;
    rows.push([el.className, el.textContent.trim(),
               ratio(rgb(getComputedStyle(el).color), background(el))]);
  }
  for (const el of document.querySelectorAll("svg.kb-svg text")) {
    rows.push(["svg text", el.textContent.trim().slice(0, 30),
               ratio(rgb(getComputedStyle(el).fill), background(el.closest("svg")))]);
  }
  return rows;
}"""

A11Y_PAGES = ["index", "claims/election-2020-rigged",
              "sources/rt-2021-belarus-stalemate-armenian-solution", "network", "timeline"]


@pytest.mark.browser
@pytest.mark.parametrize("docname", A11Y_PAGES)
def test_accessibility_basics(page: Page, site_url: str, docname: str) -> None:
    page.goto(f"{site_url}{docname}.html")
    page.wait_for_load_state("load")
    problems = page.evaluate(A11Y)
    assert not problems, f"{docname}:\n" + "\n".join(problems)
    assert_contrast(page, docname)


def assert_contrast(page: Page, docname: str) -> None:
    rows = page.evaluate(CONTRAST)
    assert rows, f"{docname}: no badge or picture text found to check"
    low = [f"  {cls!r} {text!r}: {ratio:.2f}:1" for cls, text, ratio in rows if ratio < 4.5]
    assert not low, f"{docname}: contrast below 4.5:1\n" + "\n".join(low)


# Every text kb_ext writes (any element inside or being a ``kb-*`` element that
# holds text of its own), against the background it is drawn on.
KB_TEXT_CONTRAST = """() => {
  const rgb = (value) => (value.match(/[\\d.]+/g) ?? []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {  // the backgrounds up to the first opaque one, blended
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor);
      if (a > 0) layers.push([r, g, b, a]);
      if (a >= 1) break;
    }
    let colour = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) {
      colour = colour.map((c, i) => [r, g, b][i] * a + c * (1 - a));
    }
    return colour;
  };
  const blend = ([r, g, b, a = 1], bg) => [r, g, b].map((c, i) => c * a + bg[i] * (1 - a));
  const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
                             return (hi + 0.05) / (lo + 0.05); };
  const rows = [];
  const seen = new Set();
  for (const scope of document.querySelectorAll("[class*='kb-']")) {
    for (const el of [scope, ...scope.querySelectorAll("*")]) {
      if (seen.has(el)) continue;
      seen.add(el);
      const own = [...el.childNodes].filter((n) => n.nodeType === 3)
        .map((n) => n.textContent).join("").trim();
      if (!own || !el.getClientRects().length) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden") continue;
      const svg = el.closest("svg");
      const bg = background(svg ?? el);
      const fg = blend(rgb(svg ? style.fill : style.color), bg);
      const name = el.className.baseVal ?? el.className;
      rows.push([`<${el.tagName.toLowerCase()} class="${name}">`, own.slice(0, 30),
                 ratio(fg, bg)]);
    }
  }
  return rows;
}"""

#: a page of each kind, and a source landed on at a passage (highlighted)
CONTRAST_PAGES = ["index", "sources/index", "sources/belarusdigest-astapenia-2014-winning-crimea",
                  "sources/belarusdigest-astapenia-2014-winning-crimea.html#p2", "actors/index",
                  "actors/lukashenko", "themes/union-state", "claims/index",
                  "claims/election-2020-rigged", "events/index", "events/election-2020", "matrix",
                  "network", "timeline"]
#: light; furo's dark theme chosen by the reader (body[data-theme=dark]); and
#: its "auto" theme following a system in dark mode (prefers-color-scheme)
MODES = {"light": ("light", None), "dark": ("light", "dark"), "auto-dark": ("dark", None)}


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_every_kb_text_has_contrast(browser: Browser, site_url: str, mode: str) -> None:
    scheme, chosen = MODES[mode]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    if chosen:  # as furo's theme button stores the reader's choice
        context.add_init_script(f"localStorage.setItem('theme', '{chosen}')")
    low, checked = [], 0
    try:
        page = context.new_page()
        for name in CONTRAST_PAGES:
            page.goto(f"{site_url}{name if '#' in name else name + '.html'}")
            page.wait_for_load_state("load")
            theme = page.evaluate("[document.body.dataset.theme, "
                                  "getComputedStyle(document.body).backgroundColor]")
            assert (theme[1] == "rgb(255, 255, 255)") == (mode == "light"), (name, theme)
            rows = page.evaluate(KB_TEXT_CONTRAST)
            checked += len(rows)
            low += [f"  {name}: {tag} {text!r}: {ratio:.2f}:1" for tag, text, ratio in rows
                    if ratio < 4.5]
    finally:
        context.close()
    assert checked > 500, f"only {checked} kb_ext texts found: the test has no subject"
    assert not low, f"{mode}: kb_ext text below 4.5:1\n" + "\n".join(dict.fromkeys(low))


FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(),
          text: (el.textContent || el.value || "").trim().slice(0, 40),
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
          shadow: style.boxShadow !== "none", visible: box.width > 0 && box.height > 0,
          key: el.outerHTML.slice(0, 200)};
}"""


@pytest.mark.browser
def test_tab_moves_focus_with_a_visible_outline(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}index.html")
    seen, problems = [], []
    for _ in range(25):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        seen.append(focus["key"])
        if focus["tag"] == "body":
            problems.append("focus fell back to <body>")
        elif not focus["visible"] or not (focus["outline"] or focus["shadow"]):
            problems.append(f"no visible focus on <{focus['tag']}> {focus['text']!r}")
    assert len(set(seen)) >= 20, "Tab did not move through the page's controls"
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_every_timeline_link_is_reachable_by_keyboard(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}timeline.html")
    wanted = page.locator("ol.kb-timeline-list a").count()
    assert wanted
    page.evaluate("window.kbReached = new Set()")
    page.evaluate("""() => document.addEventListener('focusin', e => {
        if (e.target.closest('ol.kb-timeline-list')) window.kbReached.add(e.target); })""")
    for _ in range(wanted + 120):
        page.keyboard.press("Tab")
        if page.evaluate("window.kbReached.size") == wanted:
            break
    assert page.evaluate("window.kbReached.size") == wanted
