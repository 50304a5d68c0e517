"""Events (``kb:event``): the event page, the pages that list events (actors,
themes, claims, the matrix, the events index, the timeline), ``objects.inv``,
``kb.json``, search, warnings, an incremental rebuild and a ``-j 2`` build.

One root, tests/roots/test-events/: the two sources and three actors of
test-kb, a theme, a claim naming two events and an unknown one, and three
events (a one-day event, one with an end date, and one with an impossible
date and an unknown actor)."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.search import js_index
from sphinx.search.en import SearchEnglish

from kb_ext.search.hooks import FULL_INDEX

from .conftest import ROOTS, BuiltSite, sphinx_build

SVG_NS = "{http://www.w3.org/2000/svg}"
WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*) "
                     r"\[(?P<kind>kb\.[a-z]+)\]$")
TITLES = {"tollgate-vote": "Riverton tollgate referendum",
          "ferry-service": "Riverton ferry service",
          "lane-protest": "Lane closure protest"}
DATED = ("tollgate-vote", "ferry-service")
NEW_TITLE = "Riverton tollgate plebiscite"


@pytest.fixture(scope="module")
def site(build_root: Any) -> BuiltSite:
    return build_root("events")


# -- helpers ----------------------------------------------------------------------------

def directive_line(site: BuiltSite, filename: str, opening: str) -> int:
    """The 1-based line of ``opening`` in the root's ``filename``."""
    lines = (site.srcdir / filename).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(opening))


def resolve(site: BuiltSite, docname: str, href: str) -> Tag:
    """The element ``href`` (written on ``docname``) points to: the target file
    must exist, and so must the anchor, when there is one."""
    target, _, anchor = href.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))
    assert path.endswith(".html") and (site.outdir / path).is_file(), (docname, href)
    page = site.page(path.removesuffix(".html"))
    if not anchor:
        return page
    found = page.find(id=anchor)
    assert found is not None, f"{href} (from {docname}): no element with id {anchor!r}"
    return found


def event_of(site: BuiltSite, docname: str, href: str) -> str:
    """The id of the event ``href`` links to (its target must be a kb:event object)."""
    target = resolve(site, docname, href)
    assert "kb-event" in target.get("class", []), href
    return target["id"].removeprefix("kb-event-")


def event_links(site: BuiltSite, docname: str, element: Tag) -> list[tuple[str, str]]:
    """(event id, link text) of every link to an event inside ``element``."""
    return [(event_of(site, docname, a["href"]), a.get_text(" ", strip=True))
            for a in element.select("a[href]") if "#kb-event-" in a["href"]]


def rubric_after(container: Tag, heading: str) -> Tag | None:
    """The element right after the rubric ``heading`` in ``container``."""
    for rubric in container.select("p.rubric"):
        if rubric.get_text(strip=True) == heading:
            return rubric.find_next_sibling()
    return None


def raw_svg(site: BuiltSite, docname: str) -> str:
    """The SVG exactly as written in the page (not re-serialised by an HTML parser)."""
    html = (site.outdir / f"{docname}.html").read_text(encoding="utf-8")
    found = re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert len(found) == 1, f"{docname}: {len(found)} SVGs"
    return found[0]


def parsed_warnings(site: BuiltSite) -> list[dict[str, str]]:
    parsed = []
    for line in site.warning_lines():
        match = WARNING.match(line)
        assert match, f"unparsed warning: {line}"
        parsed.append(match.groupdict())
    return parsed


# -- 1. the event page ------------------------------------------------------------------

def test_event_page_shows_title_kind_date_place_and_links(site: BuiltSite) -> None:
    page = site.page("events")
    vote = page.find(id="kb-event-tollgate-vote")
    assert vote is not None and "kb-object" in vote["class"]
    head = vote.select_one("p.kb-object-head")
    assert head.select_one("strong").get_text(strip=True) == TITLES["tollgate-vote"]
    kind = head.select_one(".kb-kind")
    assert kind.get_text(strip=True) == "referendum" and "kb-kind-referendum" in kind["class"]
    assert head.get_text(" ", strip=True).endswith("— 2019-03-11, Riverton town hall")

    ferry = page.find(id="kb-event-ferry-service").select_one("p.kb-object-head")
    assert ferry.select_one(".kb-kind").get_text(strip=True) == "other"
    assert ferry.get_text(" ", strip=True).endswith("— 2019-03–2019-12, Riverton")

    def links(selector: str) -> list[tuple[str, str, str]]:
        """(target page, target id, link text) of each link in the paragraph."""
        paragraph = vote.select_one(selector)
        assert paragraph is not None, selector
        found = []
        for a in paragraph.select("a[href]"):
            target = resolve(site, "events", a["href"])
            found.append((a["href"].partition("#")[0], target["id"], a.get_text(strip=True)))
        return found

    assert links("p.kb-actor-list") == [("actors.html", "kb-actor-grynk", "Aleś Hrynkievič"),
                                        ("actors.html", "kb-actor-riverton", "Riverton")]
    assert links("p.kb-theme-list") == [
        ("themes.html", "kb-theme-infrastructure", "Roads and bridges")]
    # A passage (its source named, then the passage's mark) and a whole source.
    sources = links("p.kb-source-list")
    targets = {(page, anchor) for page, anchor, _text in sources}
    assert {("sources/river-2019.html", "p2"),
            ("sources/river-gazette.html", "kb-source-river-gazette")} <= targets
    assert {page for page, _anchor in targets} == {"sources/river-2019.html",
                                                  "sources/river-gazette.html"}
    [(_page, _anchor, mark)] = [s for s in sources if s[1] == "p2"]
    assert "¶2" in mark
    assert "The lane that closed" in [text for _p, _a, text in sources]
    passage = vote.select_one("p.kb-source-list a[href$='#p2']")
    assert "kb-passage" in resolve(site, "events", passage["href"])["class"]
    assert "A vote invented for this test" in vote.get_text()

    generated = vote.select_one(".kb-generated-event")
    claims = rubric_after(generated, "Claims about this event")
    assert claims is not None and "kb-claim-list" in claims["class"]
    [claim] = claims.select("a[href]")
    assert claim.get_text(strip=True) == "The Riverton bridge was closed in 2019."
    assert resolve(site, "events", claim["href"])["id"] == "kb-claim-bridge-closed"


def test_an_event_no_claim_names_says_so(site: BuiltSite) -> None:
    protest = site.page("events").find(id="kb-event-lane-protest")
    generated = protest.select_one(".kb-generated-event")
    following = rubric_after(generated, "Claims about this event")
    assert following.get_text(strip=True) == "No claim names this event yet."


# -- 2. actor and theme pages -----------------------------------------------------------

def test_actor_and_theme_pages_list_their_events(site: BuiltSite) -> None:
    actors = site.page("actors")
    grynk = rubric_after(actors.find(id="kb-actor-grynk"), "Events")
    assert grynk is not None and "kb-event-list" in grynk["class"]
    # By date, undated last.
    assert event_links(site, "actors", grynk) == [("tollgate-vote", TITLES["tollgate-vote"]),
                                                  ("lane-protest", TITLES["lane-protest"])]
    assert grynk.select(".kb-kind")[0].get_text(strip=True) == "referendum"
    assert grynk.select("li")[1].get_text(" ", strip=True).endswith("— date unknown")

    riverton = rubric_after(actors.find(id="kb-actor-riverton"), "Events")
    assert sorted(event_links(site, "actors", riverton)) == sorted(
        (e, TITLES[e]) for e in DATED)
    # An actor no event names has no Events rubric.
    assert rubric_after(actors.find(id="kb-actor-usa"), "Events") is None

    theme = rubric_after(site.page("themes").find(id="kb-theme-infrastructure"), "Events")
    assert theme is not None and "kb-event-list" in theme["class"]
    assert sorted(event_links(site, "themes", theme)) == sorted((e, TITLES[e]) for e in DATED)


# -- 3. the claim page and the matrix ---------------------------------------------------

def test_claim_page_and_matrix_link_the_claims_events(site: BuiltSite) -> None:
    claim = site.page("claims").find(id="kb-claim-bridge-closed")
    line = claim.select_one("p.kb-event-list")
    assert line is not None
    assert line.select_one("strong").get_text(strip=True) == "Events:"
    assert event_links(site, "claims", line) == [(e, TITLES[e]) for e in DATED]
    # The unknown id is shown as written, unlinked.
    assert line.get_text(" ", strip=True).endswith(", no-such-event")
    assert len(line.select("a")) == 2

    matrix = site.page("matrix").select_one("table.kb-matrix")
    [row] = matrix.select("tbody tr")
    cell = row.select_one("td")
    statement = cell.select_one("a")
    assert resolve(site, "matrix", statement["href"])["id"] == "kb-claim-bridge-closed"
    events = cell.select_one(".kb-matrix-events")
    assert events is not None
    assert event_links(site, "matrix", events) == [(e, TITLES[e]) for e in DATED]


# -- 4. the events index ----------------------------------------------------------------

def test_events_index_lists_every_event_with_date_and_claim_count(site: BuiltSite) -> None:
    table = site.page("events-index").select_one("table.kb-event-index")
    assert table is not None
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Date", "Event", "Kind", "Place", "Claims"]
    rows = {}
    for tr in table.select("tbody tr"):
        date, event, kind, place, claims = (td.get_text(strip=True) for td in tr.select("td"))
        [(event_id, title)] = event_links(site, "events-index", tr)
        assert title == event
        rows[event_id] = (date, event, kind, place, claims)
    assert rows == {
        "tollgate-vote": ("2019-03-11", TITLES["tollgate-vote"], "referendum",
                          "Riverton town hall", "1"),
        "ferry-service": ("2019-03–2019-12", TITLES["ferry-service"], "other", "Riverton", "1"),
        "lane-protest": ("n.d.", TITLES["lane-protest"], "protest", "", "0"),
    }


# -- 5. the timeline --------------------------------------------------------------------

def test_timeline_marks_each_dated_event_and_lists_them(site: BuiltSite) -> None:
    svg = ET.fromstring(raw_svg(site, "timeline"))
    assert svg.tag == f"{SVG_NS}svg"
    marks = [a for a in svg.iter(f"{SVG_NS}a") if a.get("class") == "kb-tl-event"]
    assert [event_of(site, "timeline", a.get("href")) for a in marks] == list(DATED)
    titles = [a.find(f"{SVG_NS}title").text for a in marks]
    assert titles == [f"Event: {TITLES['tollgate-vote']} (2019-03-11)",
                      f"Event: {TITLES['ferry-service']} (2019-03–2019-12)"]
    # Only the event with an end date has a bar.
    assert [a.find(f"{SVG_NS}rect") is not None for a in marks] == [False, True]
    assert "2 events are marked on the date axis" in svg.get("aria-label")

    visual = site.page("timeline").select_one(".kb-visual-timeline")
    listed = rubric_after(visual, "Events on the axis")
    assert listed is not None and "kb-timeline-events" in listed["class"]
    assert [li.get_text(" ", strip=True) for li in listed.select("li")] == [
        f"2019-03-11 — {TITLES['tollgate-vote']}",
        f"2019-03–2019-12 — {TITLES['ferry-service']}"]
    assert event_links(site, "timeline", listed) == [(e, TITLES[e]) for e in DATED]


# -- 6. objects.inv and the role --------------------------------------------------------

def test_inventory_has_every_event_and_the_role_shows_its_title(site: BuiltSite) -> None:
    inventory = site.inventory()
    events = inventory["kb:event"]
    assert set(events) == set(TITLES)
    for event_id, item in events.items():
        assert item.uri == f"events.html#kb-event-{event_id}"
        assert item.display_name == TITLES[event_id]
        assert event_of(site, "", item.uri) == event_id
        label = inventory["std:label"][f"kb-event-{event_id}"]
        assert label.uri == item.uri and label.display_name == TITLES[event_id]

    index = site.page("index")
    refs = index.select("a > span.kb-ref-event")
    assert [(event_of(site, "index", span.parent["href"]), span.get_text(strip=True))
            for span in refs] == [(e, TITLES[e]) for e in DATED]


# -- 7. kb.json -------------------------------------------------------------------------

def test_kb_json_exports_events_and_the_claims_events(site: BuiltSite) -> None:
    export = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    events = {event["id"]: event for event in export["events"]}
    assert [event["id"] for event in export["events"]] == sorted(TITLES)
    fields = {"id", "title", "date", "end", "kind", "place", "actors", "themes", "sources",
              "description", "page"}
    assert all(set(event) == fields for event in events.values())
    assert events["tollgate-vote"] == {
        "id": "tollgate-vote", "title": TITLES["tollgate-vote"], "date": "2019-03-11",
        "end": None, "kind": "referendum", "place": "Riverton town hall",
        "actors": ["grynk", "riverton"], "themes": ["infrastructure"],
        "sources": ["river-2019/p2", "river-gazette"],
        "description": "A vote invented for this test, reported by "
                       "{kb:passage}`river-2019/p2`.",
        "page": "events.html#kb-event-tollgate-vote"}
    assert events["ferry-service"] == {
        "id": "ferry-service", "title": TITLES["ferry-service"], "date": "2019-03",
        "end": "2019-12", "kind": "other", "place": "Riverton", "actors": ["riverton"],
        "themes": ["infrastructure"], "sources": ["river-2019/p2"],
        "description": "The ferry that replaced the bridge for the rest of the year.",
        "page": "events.html#kb-event-ferry-service"}
    # The bad date is left out; ids are exported as written.
    assert events["lane-protest"] == {
        "id": "lane-protest", "title": TITLES["lane-protest"], "date": None, "end": None,
        "kind": "protest", "place": None, "actors": ["grynk", "nobody-known"], "themes": [],
        "sources": [], "description": "", "page": "events.html#kb-event-lane-protest"}
    for event in events.values():
        assert event_of(site, "", event["page"]) == event["id"]
    [claim] = export["claims"]
    assert claim["id"] == "bridge-closed"
    assert claim["events"] == ["tollgate-vote", "ferry-service", "no-such-event"]


# -- 8. search --------------------------------------------------------------------------

def test_search_index_finds_the_event_by_a_word_of_its_title(site: BuiltSite) -> None:
    full = site.outdir / FULL_INDEX
    path = full if full.exists() else site.outdir / "searchindex.js"
    index = js_index.loads(path.read_text(encoding="utf-8"))
    events_doc = index["docnames"].index("events")
    objtype = next(number for number, name in index["objtypes"].items() if name == "kb:event")
    found = {(doc, anchor, name) for prefix, objects in index["objects"].items()
             for doc, kind, _prio, anchor, name in objects if kind == int(objtype)}
    assert found == {(events_doc, f"kb-event-{e}", title) for e, title in TITLES.items()}
    stem = SearchEnglish({}).stem("tollgate")
    postings = index["terms"].get(stem)
    assert postings is not None, f"{stem!r} is not a search term"
    assert events_doc in ([postings] if isinstance(postings, int) else postings)


# -- 9. warnings ------------------------------------------------------------------------

def test_bad_date_and_unknown_ids_warn_once_each_with_a_location(site: BuiltSite) -> None:
    warnings = parsed_warnings(site)
    assert len(site.warnings.strip().splitlines()) == len(warnings) == 3, site.warnings
    # Each at the line of its option, not of the directive.
    date = directive_line(site, "events.md", ":date: 2020-13-45")
    actors = directive_line(site, "events.md", ":actors: grynk; nobody-known")
    events = directive_line(site, "claims.md", ":events: tollgate-vote")
    located = sorted((Path(w["path"]).name, int(w["line"]), w["kind"]) for w in warnings)
    assert located == sorted([("events.md", date, "kb.directive"),
                              ("events.md", actors, "kb.ref"),
                              ("claims.md", events, "kb.ref")]), site.warnings
    [directive] = [w for w in warnings if w["kind"] == "kb.directive"]
    assert "'2020-13-45' is not a date" in directive["message"]
    assert Path(directive["path"]) == site.srcdir / "events.md"
    refs = {w["message"]: Path(w["path"]) for w in warnings if w["kind"] == "kb.ref"}
    assert refs == {"unknown actor 'nobody-known' in :kb:actor: reference":
                    site.srcdir / "events.md",
                    "unknown event 'no-such-event' in :kb:event: reference":
                    site.srcdir / "claims.md"}
    # The rest builds: the event with the bad date has its entry, undated.
    protest_entry = site.page("events").find(id="kb-event-lane-protest")
    assert protest_entry is not None
    assert protest_entry.select_one("p.kb-object-head").get_text(" ", strip=True) == (
        f"protest {TITLES['lane-protest']} — date unknown")
    [actor] = protest_entry.select("p.kb-actor-list a")
    assert resolve(site, "events", actor["href"])["id"] == "kb-actor-grynk"


# -- 10. incremental and parallel builds ------------------------------------------------

def fragments(outdir: Path) -> dict[str, str]:
    """The parts of the pages that show the edited event's title."""
    def page(docname: str) -> BeautifulSoup:
        return BeautifulSoup((outdir / f"{docname}.html").read_text(encoding="utf-8"),
                             "html.parser")

    actors, claims, index = page("actors"), page("claims"), page("index")
    return {
        "actor grynk events": str(rubric_after(actors.find(id="kb-actor-grynk"), "Events")),
        "actor riverton events": str(rubric_after(actors.find(id="kb-actor-riverton"),
                                                  "Events")),
        "claim events": str(claims.find(id="kb-claim-bridge-closed")
                            .select_one("p.kb-event-list")),
        "timeline": str(page("timeline").select_one(".kb-visual-timeline")),
        "matrix events": str(page("matrix").select_one(".kb-matrix-events")),
        "events index": str(page("events-index").select_one("table.kb-event-index")),
        "role": str(index.select_one("a > span.kb-ref-event").parent),
        "event": str(page("events").find(id="kb-event-tollgate-vote")),
    }


def rename_event(srcdir: Path) -> None:
    events = srcdir / "events.md"
    text = events.read_text(encoding="utf-8")
    assert text.count(f":title: {TITLES['tollgate-vote']}") == 1
    events.write_text(text.replace(f":title: {TITLES['tollgate-vote']}", f":title: {NEW_TITLE}"),
                      encoding="utf-8")


def test_renamed_event_updates_the_pages_naming_it_incrementally(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-events", srcdir)
    outdir, doctrees = tmp_path / "html", tmp_path / "doctrees"
    first = sphinx_build(srcdir, outdir, doctreedir=doctrees)
    assert len(first.warning_lines()) == 3, first.warnings
    assert TITLES["tollgate-vote"] in fragments(outdir)["claim events"]

    rename_event(srcdir)
    edited = sphinx_build(srcdir, outdir, doctreedir=doctrees, fresh=False)
    read = set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", edited.status))
    written = set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", edited.status))
    assert read == {"events"}, edited.status
    assert {"actors", "claims", "timeline", "matrix", "events-index", "index"} <= written

    full = sphinx_build(srcdir, tmp_path / "full")
    incremental, expected = fragments(outdir), fragments(tmp_path / "full")
    for name, fragment in expected.items():
        assert NEW_TITLE in fragment and TITLES["tollgate-vote"] not in fragment, name
        assert incremental[name] == fragment, name
    assert (outdir / "kb.json").read_text(encoding="utf-8") == \
        (full.outdir / "kb.json").read_text(encoding="utf-8")
    assert sorted(edited.warning_lines("kb.directive")) == \
        sorted(full.warning_lines("kb.directive"))


def test_parallel_build_exports_the_same_kb_json(site: BuiltSite, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"  # a fresh copy: the build writes source stubs into its srcdir
    shutil.copytree(ROOTS / "test-events", srcdir)
    parallel = sphinx_build(srcdir, tmp_path / "html", parallel=2)
    # The documents really were read in chunks by two processes.
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", parallel.status), \
        parallel.status
    assert (parallel.outdir / "kb.json").read_bytes() == (site.outdir / "kb.json").read_bytes()

    def located(built: BuiltSite) -> list[tuple[str, str, str, str]]:
        return sorted((Path(w["path"]).relative_to(built.srcdir).as_posix(), w["line"],
                       w["kind"], w["message"]) for w in parsed_warnings(built))

    assert located(parallel) == located(site)
