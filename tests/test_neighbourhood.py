"""Each actor, claim, source and event page draws its neighbourhood
(tests/roots/test-filters): the objects linked to it, by kind, as an inline
SVG with a list as its text alternative, capped with "and K more"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from kb_ext.views.neighbourhood import MAX_PER_KIND

from .conftest import BuiltSite

#: (page, centre) -> the neighbours drawn, as kind:id
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("objects", "actor:port-board"): {
        # The claims naming it, the sources naming it, its event, its claims' themes.
        "claim:tax-raised", "claim:lighthouse-rebuilt", "source:coast", "source:herald",
        "source:wire", "event:tax-vote", "theme:taxes", "theme:lighthouse"},
    ("objects", "actor:kell"): {
        "claim:tax-ruins-fishers", "source:herald", "source:blog", "theme:taxes"},
    ("objects", "claim:tax-raised"): {
        # Its sources (one line per stance), actors, event and theme.
        "source:herald", "source:wire", "source:blog", "actor:port-board", "event:tax-vote",
        "theme:taxes"},
    ("objects", "event:tax-vote"): {
        "claim:tax-raised", "source:herald", "actor:port-board", "theme:taxes"},
    ("sources/wire", "source:wire"): {
        # The claims it takes positions on (and their themes and events); the actor it names.
        "claim:tax-raised", "claim:lighthouse-rebuilt", "actor:port-board", "theme:taxes",
        "theme:lighthouse", "event:tax-vote"},
}


@pytest.fixture(scope="module")
def site(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    return build_root("filters")


def pictures(page: BeautifulSoup) -> dict[str, Tag]:
    """centre (kind:id) -> its picture; each is checked to sit in its object's
    container (a source's: in the source's section, after the article)."""
    found = {}
    for visual in page.select(".kb-visual-neighbourhood"):
        centre = visual.select_one("svg")["data-centre"]
        kind, _, object_id = centre.partition(":")
        holder = visual.find_parent(id=f"kb-{kind}-{object_id}")
        assert holder is not None, centre
        found[centre] = visual
    return found


@pytest.mark.parametrize("docname, centre", sorted(EXPECTED))
def test_the_picture_draws_each_linked_object(site: BuiltSite, docname: str,
                                              centre: str) -> None:
    visual = pictures(site.page(docname))[centre]
    svg = visual.select_one("svg.kb-neighbourhood")
    assert svg is not None and svg["role"] == "img"
    drawn = {a["data-node"] for a in svg.select("a[data-node]")}
    assert drawn == EXPECTED[docname, centre]
    # The text alternative links the same objects.
    listed = visual.select(".kb-neighbourhood-list a")
    assert len(listed) == len(drawn)
    assert {a["href"] for a in listed} == {a["href"] for a in svg.select("a[data-node]")}


def test_themes_have_no_picture_and_every_other_object_has_one(site: BuiltSite) -> None:
    assert set(pictures(site.page("objects"))) == {
        "actor:port-board", "actor:kell", "event:tax-vote", "claim:tax-raised",
        "claim:lighthouse-rebuilt", "claim:tax-ruins-fishers"}
    for source in ("herald", "wire", "coast", "blog"):
        assert set(pictures(site.page(f"sources/{source}"))) == {f"source:{source}"}


def test_a_claims_sources_carry_their_stance(site: BuiltSite) -> None:
    visual = pictures(site.page("objects"))["claim:tax-raised"]
    titles = {a["data-node"]: a.title.get_text() for a in visual.select("svg a[data-node]")}
    assert titles["source:wire"] == "Source: State Wire (2021-02) (disputes)"
    assert titles["source:blog"] == "Source: Fishers Blog (2018-06) (reports)"
    assert "(disputes)" in visual.select_one(".kb-neighbourhood-list").get_text()


def add_sources_naming_the_board(src: Path) -> None:
    for number in range(8):
        (src / "sources_raw" / f"extra{number}.txt").write_text(
            f"Minutes {number}: the port board met again.\n", encoding="utf-8")
        (src / "sources_raw" / f"extra{number}.yaml").write_text(
            f"id: extra{number}\ntitle: Minutes {number}\noutlet: Port Minutes\nkind: minutes\n"
            f"published: 2022-0{number + 1}\nlanguage: en\n", encoding="utf-8")


def test_a_kind_with_many_neighbours_is_capped_with_and_k_more(
        build_root: Callable[..., BuiltSite]) -> None:
    built = build_root("filters", add_sources_naming_the_board)
    assert built.warnings == ""
    visual = pictures(built.page("objects"))["actor:port-board"]
    sources = visual.select("svg a[data-node^='source:']")
    # 3 sources of the root and 8 new ones name the board: 6 drawn, 5 counted.
    assert len(sources) == MAX_PER_KIND == 6
    more = 3 + 8 - MAX_PER_KIND
    assert f"and {more} more" in visual.select_one("svg").get_text()
    assert f"and {more} more" in visual.select_one(
        ".kb-neighbourhood-list").get_text()
    assert "Sources (11)" in visual.select_one("svg").get_text()
    # Most passages first, then by id: the three root sources name it once each, as do these.
    assert [a["data-node"] for a in sources] == [
        "source:coast", "source:extra0", "source:extra1", "source:extra2", "source:extra3",
        "source:extra4"]
