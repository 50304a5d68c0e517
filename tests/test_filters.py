"""Views filtered to a question (``kb:index``, ``kb:matrix``, ``kb:network``,
``kb:timeline`` with filter options) on tests/roots/test-filters.

The root is four sources (two outlets share "State Wire"; one is in German;
dates 2018 to 2021), two themes, two actors, one event and three claims.
Each section of its filters.md asks one question; the table below says,
line by line, what the answer must link to. Then edits that make sources
match or stop matching are built incrementally and compared with a full
build of the same files, page by page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from .conftest import ROOTS, BuiltSite, sphinx_build
from .test_reproducible import assert_same_pages, copy_root, edit

ROOT = ROOTS / "test-filters"
CLAIM, ACTOR, EVENT = "objects#kb-claim-", "objects#kb-actor-", "objects#kb-event-"

#: section -> the objects the filtered view links to (sources by page, others by anchor)
EXPECTED: dict[str, set[str]] = {
    # Sources with a position on a claim of the theme (blog reports, wire disputes).
    "theme-sources": {"herald", "wire", "blog"},
    "outlet-sources": {"coast", "wire"},
    "language-sources": {"wire"},
    # The 2018 and 2019 and 2021 sources are outside; dates compare on their common part.
    "dated-sources": {"herald"},
    # herald takes a position on a claim naming Kell; blog names her only.
    "actor-sources": {"herald", "blog"},
    # Both options at once: taxes AND State Wire.
    "theme-outlet-sources": {"wire"},
    "disputed-claims": {CLAIM + "tax-raised"},
    # Claims the state-owned sources take positions on.
    "state-media-claims": {CLAIM + "tax-raised", CLAIM + "lighthouse-rebuilt"},
    "lighthouse-actors": {ACTOR + "port-board"},
    # The event lists a passage of herald.
    "herald-events": {EVENT + "tax-vote"},
}


def section(page: BeautifulSoup, name: str) -> Tag:
    headings = [h for h in page.find_all("h2") if h.get_text().strip(" ¶") == name]
    assert len(headings) == 1, name
    parent = headings[0].find_parent("section")
    assert isinstance(parent, Tag)
    return parent


def linked(part: Tag, selector: str = "table a") -> set[str]:
    """What a view's links point to: a source page's name, else page#anchor."""
    found = set()
    for a in part.select(selector):
        page, _, anchor = a["href"].rpartition("/")[2].partition("#")
        page = page.removesuffix(".html")
        found.add(page if anchor.startswith("kb-source-") or not anchor else f"{page}#{anchor}")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    base = tmp_path_factory.mktemp("filters")
    return sphinx_build(copy_root(base / "src", ROOT), base / "out")


def test_the_root_builds_without_warnings(site: BuiltSite) -> None:
    assert site.warnings == "", site.warnings


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_index_lists_what_matches(site: BuiltSite, name: str) -> None:
    part = section(site.page("filters"), name)
    assert linked(part) == EXPECTED[name]
    # The reader is told what the view is narrowed to.
    assert part.select_one(".kb-filter-note") is not None


def test_the_filter_note_names_the_theme_and_links_it(site: BuiltSite) -> None:
    note = section(site.page("filters"), "theme-sources").select_one(".kb-filter-note")
    assert note is not None
    assert "Harbour taxes" in note.get_text()
    assert linked(note, "a") == {"objects#kb-theme-taxes"}


def test_the_matrix_shows_matching_claims_against_their_sources(site: BuiltSite) -> None:
    part = section(site.page("filters"), "uncontested-matrix")
    table = part.select_one("table.kb-matrix")
    assert table is not None
    rows = table.select("tbody tr")
    assert [linked(row, "td:first-child a") for row in rows] == [
        {CLAIM + "lighthouse-rebuilt"}]
    # Sources grouped by outlet: a row naming the outlet, then one date per column.
    group, columns = ([th.get_text(strip=True) for th in tr.select("th")]
                      for tr in table.select("thead tr"))
    assert group[-1] == "State Wire" and columns[-2:] == ["2019", "2021-02"], (group, columns)


def test_the_network_draws_only_the_actors_claims_and_their_sources(site: BuiltSite) -> None:
    part = section(site.page("filters"), "kell-network")
    drawn = {a["data-node"] for a in part.select("svg a[data-node]")}
    assert drawn == {"claim:tax-ruins-fishers", "source:herald", "actor:kell"}
    assert linked(part, ".kb-network-table a") == {
        CLAIM + "tax-ruins-fishers", "objects#kb-pos-tax-ruins-fishers-1", ACTOR + "kell"}


def test_the_timeline_places_only_the_themes_sources(site: BuiltSite) -> None:
    part = section(site.page("filters"), "lighthouse-timeline")
    assert linked(part, "svg a.kb-tl-source") == {"coast", "wire"}
    assert linked(part, "svg a.kb-tl-claim") == {CLAIM + "lighthouse-rebuilt"}
    assert len(part.select("svg a.kb-tl-mark")) == 2


def test_an_unfiltered_index_still_lists_everything(site: BuiltSite) -> None:
    page = site.page("filters")
    assert page.select_one(".kb-filter-empty") is None
    # Same root, an unfiltered index: the placeholder without a filter is untouched.
    assert {"herald", "wire", "coast", "blog"} == {
        p.stem for p in (site.outdir / "sources").glob("*.html") if p.stem != "index"}


BAD_PAGE = """\
---
orphan: true
---
# Bad filters

```{kb:matrix}
:theme: taxes, no-such-theme
:actor: nobody
```

```{kb:index} source
:from: 2020-13
:stance: praises
```

```{kb:timeline}
:event: no-such-event
:outlet: State Wire, Stat Wire
```
"""


def test_bad_options_warn_at_their_own_line_and_the_rest_builds(tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src", ROOT)
    (src / "bad.md").write_text(BAD_PAGE, encoding="utf-8")
    built = sphinx_build(src, tmp_path / "out")
    path = src / "bad.md"
    lines = sorted(line.split(": WARNING: ", 1)[0].rsplit(":", 1)[1] + " "
                   + line.rsplit("[", 1)[1].rstrip("]")
                   for line in built.warning_lines() if str(path) in line)
    # line 7 :theme:, 8 :actor:, 12 :from:, 13 :stance:, 17 :event:, 18 :outlet:
    assert lines == ["12 kb.directive", "13 kb.directive", "17 kb.ref", "18 kb.ref",
                     "7 kb.ref", "8 kb.ref"], built.warnings
    assert "'Stat Wire' is the value of no source's sidecar" in built.warnings
    assert "'State Wire'" not in built.warnings
    assert "'no-such-theme' names no known theme" in built.warnings
    assert "'2020-13' is not a date" in built.warnings
    assert "'praises' is not one of" in built.warnings
    page = BeautifulSoup((tmp_path / "out" / "bad.html").read_text(encoding="utf-8"),
                         "html.parser")
    # An unknown actor matches nothing; so does an index whose only date and
    # only stance are invalid: it must not show the whole corpus under its title.
    assert len(page.select(".kb-filter-empty")) == 3  # the timeline names no event too
    assert page.select_one("table.kb-source-index") is None
    invalid = page.select(".kb-filter-invalid")
    assert [p.get_text() for p in invalid] == [
        "Nothing is shown: this view's :stance: and :from: have no valid value (the build "
        "warns of it), so it cannot say what matches."]
    # Said again by a rebuild that reads and writes nothing, and by make check.
    again = sphinx_build(src, tmp_path / "out", fresh=False)
    check = sphinx_build(src, tmp_path / "check", builder="kbcheck")
    for other in (again, check):
        assert sorted(line for line in other.warning_lines() if str(path) in line) == sorted(
            line for line in built.warning_lines() if str(path) in line), other.warnings


# -- incremental builds: sources that start or stop matching ---------------------

def add_state_source(src: Path) -> None:
    """A new State Wire article on the tax: a new matching source, no claim edited."""
    (src / "sources_raw" / "bulletin.txt").write_text(
        "The port board says the harbour tax was never raised.\n", encoding="utf-8")
    (src / "sources_raw" / "bulletin.yaml").write_text(
        "id: bulletin\ntitle: Bulletin\noutlet: State Wire\nkind: state-owned media\n"
        "published: 2020-07\nlanguage: de\n", encoding="utf-8")


def rename_outlet(src: Path) -> None:
    """coast stops matching :outlet: State Wire and :kind: state-owned media."""
    edit(src / "sources_raw" / "coast.yaml", "outlet: State Wire\nkind: state-owned media",
         "outlet: Coast Daily\nkind: news report")


def retheme_claim(src: Path) -> None:
    """The lighthouse claim joins the taxes theme: its sources start matching it."""
    edit(src / "objects.md", ":themes: lighthouse\n", ":themes: lighthouse; taxes\n")


def cite_new_source(src: Path) -> None:
    edit(src / "objects.md", "::::\n\n::::{kb:claim} lighthouse-rebuilt",
         ":::{kb:position} bulletin/p1\n:stance: disputes\nthe harbour tax was never raised\n"
         ":::\n::::\n\n::::{kb:claim} lighthouse-rebuilt")


def delete_source(src: Path) -> None:
    """wire goes, and the two positions citing it."""
    edit(src / "objects.md", ":::{kb:position} wire/p1\n:stance: disputes\n"
         "denies that the harbour tax was raised\n:::\n", "")
    edit(src / "objects.md", ":::{kb:position} wire/p2\n:stance: supports\n"
         "praised the new lighthouse\n:::\n", "")
    (src / "sources_raw" / "wire.txt").unlink()
    (src / "sources_raw" / "wire.yaml").unlink()


def name_actor(src: Path) -> None:
    """coast now names Kell: it starts matching :actor: kell."""
    edit(src / "sources_raw" / "coast.txt", "by the port board.",
         "by the port board and Mira Kell.")


STEPS: list[tuple[Callable[[Path], None], dict[str, set[str]]]] = [
    (add_state_source, {"outlet-sources": {"coast", "wire", "bulletin"},
                        "language-sources": {"wire", "bulletin"},
                        "dated-sources": {"herald", "bulletin"}}),
    (rename_outlet, {"outlet-sources": {"wire", "bulletin"},
                     "state-media-claims": {CLAIM + "tax-raised", CLAIM + "lighthouse-rebuilt"}}),
    (retheme_claim, {"theme-sources": {"herald", "wire", "blog", "coast"}}),
    (cite_new_source, {"theme-outlet-sources": {"wire", "bulletin"},
                       "disputed-claims": {CLAIM + "tax-raised"}}),
    (delete_source, {"outlet-sources": {"bulletin"}, "language-sources": {"bulletin"},
                     "state-media-claims": {CLAIM + "tax-raised"}}),
    (name_actor, {"actor-sources": {"herald", "blog", "coast"}}),
]


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BeautifulSoup]:
    """step -> the filters page after its incremental build (equal to a full build's)."""
    base = tmp_path_factory.mktemp("filters-incremental")
    src = copy_root(base / "src", ROOT)
    out = base / "incremental"
    assert sphinx_build(src, out).warnings == ""
    results = {}
    for number, (step, _expected) in enumerate(STEPS):
        step(src)
        incremental = sphinx_build(src, out, fresh=False)
        full = sphinx_build(copy_root(base / f"full-src-{number}", src), base / f"full-{number}")
        assert incremental.warnings == full.warnings == "", step.__name__
        # A deleted source's old page stays behind, as Sphinx leaves it.
        assert_same_pages(full, incremental, stale={"sources/wire.html"})
        results[step.__name__] = incremental.page("filters")
    return results


@pytest.mark.parametrize("step, expected", STEPS, ids=[s.__name__ for s, _ in STEPS])
def test_an_incremental_build_shows_what_matches_now(
        steps: dict[str, BeautifulSoup], step: Callable[[Path], None],
        expected: dict[str, set[str]]) -> None:
    page = steps[step.__name__]
    for name, links in expected.items():
        assert linked(section(page, name)) == links, name


def test_a_parallel_build_gives_the_same_pages(site: BuiltSite, tmp_path: Path) -> None:
    parallel = sphinx_build(copy_root(tmp_path / "src", ROOT), tmp_path / "out", parallel=2)
    assert parallel.warnings == ""
    assert_same_pages(site, parallel)


ONLY_INVALID = """\
---
orphan: true
---
# The 2020 election in state media

```{kb:index} source
:stance: praises
```

```{kb:matrix}
:from: 2020-13
```

```{kb:index} source
:outlet:
```

```{kb:index} claim
:stance: supports, praises
```
"""


def test_a_filter_whose_only_value_is_invalid_shows_nothing(tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src", ROOT)
    (src / "only.md").write_text(ONLY_INVALID, encoding="utf-8")
    built = sphinx_build(src, tmp_path / "out")
    path = str(src / "only.md")
    warned = [line for line in built.warning_lines("kb.directive") if path in line]
    assert [line.split(": WARNING: ")[0].rsplit(":", 1)[1] for line in warned] == [
        "7", "11", "15", "19"], built.warnings
    assert "'praises' is not one of" in warned[0] and "shows nothing" in warned[0]
    assert "shows nothing" in warned[1] and "has no value" in warned[2]
    # A valid value beside the bad one still narrows the view.
    assert warned[3].endswith("; ignored [kb.directive]"), warned[3]
    page = BeautifulSoup((tmp_path / "out" / "only.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert [p.get_text().split(":")[2] for p in page.select(".kb-filter-invalid")] == [
        "stance", "from", "outlet"]
    assert page.select_one("table.kb-source-index") is None
    assert page.select_one("table.kb-matrix") is None
    assert linked(page, "table a") == {CLAIM + "tax-raised", CLAIM + "lighthouse-rebuilt",
                                       CLAIM + "tax-ruins-fishers"}


def test_a_language_is_matched_as_sidecars_store_it(tmp_path: Path) -> None:
    """A sidecar's ``language: DE`` is stored as ``de``; ``:language: DE`` is the same."""
    src = copy_root(tmp_path / "src", ROOT)
    edit(src / "sources_raw" / "wire.yaml", "language: de", "language: DE")
    edit(src / "filters.md", ":language: de\n", ":language: DE\n")
    built = sphinx_build(src, tmp_path / "out")
    assert built.warnings == "", built.warnings
    page = BeautifulSoup((tmp_path / "out" / "filters.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert linked(section(page, "language-sources")) == {"wire"}


def test_a_date_needs_ascii_digits_and_a_real_month_and_day(tmp_path: Path) -> None:
    """Dates are compared as text: month 00 or full-width digits ("２０２０",
    which sorts after every ASCII date) are no date, for a filter, an event
    and a sidecar alike."""
    src = copy_root(tmp_path / "src", ROOT)
    (src / "dates.md").write_text(
        "---\norphan: true\n---\n# Dates\n\n```{kb:index} source\n:from: 2020-00\n```\n\n"
        "```{kb:index} source\n:to: ２０２１\n```\n\n"
        ":::{kb:event} no-month\n:title: No month\n:date: 2020-05-00\n:kind: other\n:::\n",
        encoding="utf-8")
    edit(src / "sources_raw" / "blog.yaml", "published: 2018-06", "published: ２０１８-06")
    built = sphinx_build(src, tmp_path / "out")
    said = "\n".join(built.warning_lines())
    for value in ("'2020-00' is not a date", "'２０２１' is not a date",
                  "'2020-05-00' is not a date"):
        assert value in said, built.warnings
    assert any("blog.yaml" in w and "published" in w for w in built.warning_lines()), said
    page = BeautifulSoup((tmp_path / "out" / "dates.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert len(page.select(".kb-filter-invalid")) == 2
    assert page.select_one("table.kb-source-index") is None


def test_an_actor_named_by_its_alias_is_pointed_to_its_id(tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src", ROOT)
    edit(src / "filters.md", ":actor: kell\n```\n\n## theme-outlet", ":actor: Mira Kell\n```\n\n"
         "## theme-outlet")
    built = sphinx_build(src, tmp_path / "out")
    assert [w.split(": WARNING: ")[1] for w in built.warning_lines()] == [
        ":actor: 'mira kell' names no known actor; the filter matches nothing for it; did you "
        "mean `kell`? [kb.ref]"], built.warnings


UNCITED = """\
---
orphan: true
---
# A quiet outlet

```{kb:matrix}
:outlet: Quiet Notes
```

```{kb:index} claim
:outlet: Quiet Notes
```

```{kb:index} source
:outlet: Quiet Notes
```
"""


def test_a_view_with_nothing_to_show_for_what_matches_says_so(tmp_path: Path) -> None:
    """A source matches (its outlet) but no claim cites it: the matrix and the
    claims index say so instead of drawing an empty table; the sources index
    lists it."""
    src = copy_root(tmp_path / "src", ROOT)
    (src / "sources_raw" / "notes.txt").write_text(
        "Harbour notes\n\nThe quiet outlet wrote down the tide tables for the whole "
        "season and said nothing about the tax or the lighthouse at all.\n", encoding="utf-8")
    (src / "sources_raw" / "notes.yaml").write_text(
        "id: notes\ntitle: Harbour notes\noutlet: Quiet Notes\nkind: blog\n"
        "published: 2020-07\nlanguage: en\n", encoding="utf-8")
    (src / "quiet.md").write_text(UNCITED, encoding="utf-8")
    built = sphinx_build(src, tmp_path / "out")
    assert built.warnings == "", built.warnings
    page = BeautifulSoup((tmp_path / "out" / "quiet.html").read_text(encoding="utf-8"),
                         "html.parser")
    said = [p.get_text(" ", strip=True) for p in page.select(".kb-filter-empty")]
    assert said == ["Nothing to show: what matches this filter has no entry in this view."] * 2
    assert page.select_one("table.kb-matrix") is None
    assert page.select_one("table.kb-claim-index") is None
    assert linked(page, "table a") == {"notes"}
