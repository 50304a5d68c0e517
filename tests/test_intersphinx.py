"""Citing the knowledge base from other Sphinx projects through intersphinx.

``objects.inv`` publishes every kb object twice: in the ``kb`` domain (for
projects that load kb_ext) and as a ``std:label`` named
``kb-<type>-<id>`` with ``/`` written ``-`` (for projects that do not).
Two consumer projects in ``tests/roots`` cite an actor, a claim and a
passage of the session's built knowledge base, read from its local
``objects.inv`` but linked to a public base URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import sphobjinv
from bs4 import BeautifulSoup

from .conftest import REPO, BuiltSite

BASE_URL = "https://kb.example.org/belarus-russia/"
KB_TYPES = ("source", "passage", "actor", "theme", "claim")
LUKASHENKO = "actors/lukashenko.html#kb-actor-lukashenko"
RIGGED = "claims/election-2020-rigged.html#kb-claim-election-2020-rigged"
RT_P1 = "sources/rt-2021-belarus-stalemate-armenian-solution.html#p1"
GUIDE = REPO / "docs" / "guide" / "citing.md"


def label(objtype: str, name: str) -> str:
    """The std label a kb object is published as (the documented scheme)."""
    return f"kb-{objtype}-" + name.replace("/", "-")


def squash(text: str) -> str:
    return " ".join(text.split())


def cite_kb(site: BuiltSite, extra: str = "") -> Callable[[Path], None]:
    """A ``prepare`` callback: point the consumer's intersphinx at the built KB."""
    inventory = site.outdir / "objects.inv"

    def prepare(srcdir: Path) -> None:
        with open(srcdir / "conf.py", "a", encoding="utf-8") as conf:
            conf.write(f"\nintersphinx_mapping = {{'kb': ({BASE_URL!r}, {str(inventory)!r})}}\n")
        if extra:
            index = next(srcdir.glob("index.*"))
            with open(index, "a", encoding="utf-8") as page:
                page.write("\n" + extra)
    return prepare


def external_links(site: BuiltSite) -> list[tuple[str, str]]:
    """``(href, text)`` of every link into the knowledge base on the index page."""
    body = site.page("index").select_one("div.body, [role=main]")
    assert body is not None
    return [(a["href"], squash(a.get_text())) for a in body.select("a[href]")
            if a["href"].startswith(BASE_URL)]


def assert_links(site: BuiltSite, expected: list[tuple[str, str]]) -> None:
    assert site.warnings.strip() == "", site.warnings
    assert external_links(site) == [(BASE_URL + uri, text) for uri, text in expected]


@pytest.fixture(scope="module")
def passage_name(kb_site: BuiltSite) -> str:
    """How the KB names passage 1 of the RT article: "<title>, ¶1"."""
    title = squash(kb_site.page("sources/rt-2021-belarus-stalemate-armenian-solution")
                   .select_one("h1").get_text()).rstrip("#¶ ")
    return f"{title}, ¶1"


# -- consumers --------------------------------------------------------------------------

def test_consumer_with_kb_ext_cites_through_external_roles(
        kb_site: BuiltSite, build_root: Callable[..., BuiltSite], passage_name: str) -> None:
    site = build_root("consumer-kb", cite_kb(kb_site))
    assert_links(site, [
        (LUKASHENKO, "Alexander Lukashenko"),
        (RIGGED, "The August 2020 presidential election in Belarus was rigged."),
        (RT_P1, passage_name),
        (LUKASHENKO, "the president"),
    ])


def test_consumer_without_kb_ext_cites_std_labels(
        kb_site: BuiltSite, build_root: Callable[..., BuiltSite], passage_name: str) -> None:
    site = build_root("consumer-plain", cite_kb(kb_site))
    assert_links(site, [
        (LUKASHENKO, "Alexander Lukashenko"),
        (RIGGED, "The August 2020 presidential election in Belarus was rigged."),
        (RT_P1, passage_name),
        (LUKASHENKO, "the president"),
        ("themes/election-2020-protests.html#kb-theme-election-2020-protests",
         "The 2020 presidential election and protests"),
    ])


def test_plain_kb_roles_fall_back_to_intersphinx(
        kb_site: BuiltSite, build_root: Callable[..., BuiltSite], passage_name: str) -> None:
    """With kb_ext loaded, a plain kb role naming an object of the other KB is
    resolved by intersphinx, as Sphinx's own roles are, without a warning."""
    plain = ("Plain roles: {kb:actor}`lukashenko`, {kb:claim}`election-2020-rigged`, "
             "{kb:passage}`rt-2021-belarus-stalemate-armenian-solution/p1`.\n")
    site = build_root("consumer-kb", cite_kb(kb_site, plain))
    assert_links(site, [
        (LUKASHENKO, "Alexander Lukashenko"),
        (RIGGED, "The August 2020 presidential election in Belarus was rigged."),
        (RT_P1, passage_name),
        (LUKASHENKO, "the president"),
        (LUKASHENKO, "Alexander Lukashenko"),
        (RIGGED, "The August 2020 presidential election in Belarus was rigged."),
        (RT_P1, passage_name),
    ])


def guide_examples(language: str) -> str:
    """Every ``language`` code block of the citing guide, joined."""
    blocks = re.findall(rf"^```{language}\n(.*?)^```$", GUIDE.read_text(encoding="utf-8"),
                        re.MULTILINE | re.DOTALL)
    assert blocks, f"{GUIDE} has no {language} example"
    return "\n".join(blocks)


@pytest.mark.parametrize(("root", "language"), [("consumer-kb", "md"),
                                                ("consumer-plain", "rst")])
def test_guide_examples_build_and_link(kb_site: BuiltSite, build_root: Callable[..., BuiltSite],
                                       root: str, language: str) -> None:
    """The roles shown in docs/guide/citing.md resolve, without warnings."""
    site = build_root(root, cite_kb(kb_site, guide_examples(language)))
    assert site.warnings.strip() == "", site.warnings
    body = site.page("index").select_one("div.body")
    unresolved = [squash(tag.get_text()) for tag in body.select("code.xref, span.xref")
                  if tag.find_parent("a") is None]
    assert not unresolved, f"unresolved in the {language} examples: {unresolved}"
    links = external_links(site)
    assert len(links) >= 7, links
    for href, text in links:
        assert "#" in href or "/sources/" in href, href
        assert text and "kb-" not in text, f"link text {text!r} is an id"


# -- the published inventory ----------------------------------------------------------------

@pytest.fixture(scope="module")
def inventory(kb_site: BuiltSite) -> dict[str, dict[str, sphobjinv.DataObjStr]]:
    """``objects.inv`` read with sphobjinv (independently of Sphinx): type -> name -> entry."""
    inv = sphobjinv.Inventory(kb_site.outdir / "objects.inv")
    entries: dict[str, dict[str, sphobjinv.DataObjStr]] = {}
    for obj in inv.objects:
        entries.setdefault(f"{obj.domain}:{obj.role}", {})[obj.name] = obj
    return entries


@pytest.fixture(scope="module")
def page_ids(kb_site: BuiltSite) -> Callable[[str], tuple[set[str], str] | None]:
    """``(ids, text)`` of a built page, by path relative to the outdir; None if absent."""
    @cache
    def read(path: str) -> tuple[set[str], str] | None:
        file = kb_site.outdir / path
        if not file.is_file():
            return None
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        return {tag["id"] for tag in page.select("[id]")}, squash(page.get_text(" "))
    return read


def test_inventory_has_every_kb_type(inventory: dict) -> None:
    for objtype in KB_TYPES:
        assert inventory.get(f"kb:{objtype}"), f"objects.inv has no kb:{objtype} entry"
    assert "lukashenko" in inventory["kb:actor"]
    assert "election-2020-rigged" in inventory["kb:claim"]
    assert "rt-2021-belarus-stalemate-armenian-solution/p1" in inventory["kb:passage"]


@pytest.mark.parametrize("objtype", KB_TYPES)
def test_inventory_uris_lead_to_existing_anchors(objtype: str, inventory: dict,
                                                 page_ids: Callable) -> None:
    problems = []
    for name, obj in inventory[f"kb:{objtype}"].items():
        path, _, anchor = obj.uri_expanded.partition("#")
        found = page_ids(path)
        if found is None:
            problems.append(f"{name}: page {path} does not exist")
        elif not anchor or anchor not in found[0]:
            problems.append(f"{name}: {path} has no element with id {anchor!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("objtype", KB_TYPES)
def test_inventory_display_names_are_human(objtype: str, inventory: dict,
                                           page_ids: Callable) -> None:
    """Names, titles and statements, shown on the object's page; never the id."""
    sources = inventory["kb:source"]
    problems = []
    for name, obj in inventory[f"kb:{objtype}"].items():
        shown = obj.dispname_expanded
        if shown in {"-", name} or not shown.strip():
            problems.append(f"{name}: display name is {shown!r}")
            continue
        if objtype == "passage":
            source_id, _, anchor = name.partition("/")
            expected = f"{sources[source_id].dispname_expanded}, ¶{anchor.removeprefix('p')}"
            if shown != expected:
                problems.append(f"{name}: display name {shown!r}, expected {expected!r}")
            continue
        found = page_ids(obj.uri_expanded.partition("#")[0])
        normal = re.compile(r"[\"'“”‘’]")
        if found and normal.sub("", squash(shown)) not in normal.sub("", found[1]):
            problems.append(f"{name}: display name {shown!r} is not on its page")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("objtype", KB_TYPES)
def test_every_kb_object_is_also_a_std_label(objtype: str, inventory: dict) -> None:
    labels = inventory["std:label"]
    problems = []
    for name, obj in inventory[f"kb:{objtype}"].items():
        std = labels.get(label(objtype, name))
        if std is None:
            problems.append(f"{name}: no std:label {label(objtype, name)!r}")
        elif (std.uri_expanded, std.dispname_expanded) != (obj.uri_expanded,
                                                           obj.dispname_expanded):
            problems.append(f"{name}: std:label {std.uri_expanded} {std.dispname_expanded!r} "
                            f"differs from kb:{objtype} {obj.uri_expanded} "
                            f"{obj.dispname_expanded!r}")
    assert not problems, "\n".join(problems)


def test_aliases_point_at_their_actor(inventory: dict) -> None:
    actors = inventory["kb:actor"]
    problems = []
    for name, obj in inventory["kb:alias"].items():
        actor_id, _, alias = name.partition("/")
        actor = actors.get(actor_id)
        if actor is None or obj.uri_expanded != actor.uri_expanded:
            problems.append(f"{name}: {obj.uri_expanded} is not the actor's page")
        elif alias not in obj.dispname_expanded:
            problems.append(f"{name}: display name {obj.dispname_expanded!r} omits the alias")
    assert not problems, "\n".join(problems)


def test_unknown_kb_target_still_warns(kb_site: BuiltSite,
                                       build_root: Callable[..., BuiltSite]) -> None:
    """A target in neither this project nor the inventory is still reported as kb.ref."""
    site = build_root("consumer-kb", cite_kb(kb_site, "Nobody: {kb:actor}`nobody`.\n"))
    warnings = [line for line in site.warnings.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and "nobody" in warnings[0] and "[kb.ref]" in warnings[0], \
        site.warnings
