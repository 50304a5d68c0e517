"""The curation report (curation.html and kb-curation.json) on a site
written for the tests (tests/roots/test-spellings): what it suggests, where
its links lead, that suggestions stay out of curated output, that it
follows edits, and that it can be switched off."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOTS, BuiltSite, sphinx_build

SOURCES = {"en-wire", "en-review", "ru-gazeta", "uk-pravda", "be-nasha", "be-lacinka",
           "pl-gazeta", "de-zeitung"}
CITED = {"en-wire", "de-zeitung", "en-review", "be-lacinka"}


@pytest.fixture(scope="module")
def site(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    return build_root("spellings")


def report(site: BuiltSite) -> dict[str, Any]:
    data = json.loads((site.outdir / "kb-curation.json").read_text(encoding="utf-8"))
    assert data["format"] == "kb_ext-curation"
    return data


def section(site: BuiltSite, heading: str) -> BeautifulSoup:
    page = site.page("curation")
    found = [s for s in page.select("section")
             if (h2 := s.find("h2", recursive=False)) and h2.get_text().rstrip("¶") == heading]
    assert len(found) == 1, heading
    return found[0]


def test_names_no_actor_matches(site: BuiltSite) -> None:
    names = {row["name"]: row for row in report(site)["names"]["shown"]}
    # Vilnius: in en-review and de-zeitung (and Vilni, declined, in two more).
    assert set(names) == {"Vilnius"}
    vilnius = names["Vilnius"]
    assert vilnius["sources"] == 2
    assert {s["passage"] for s in vilnius["samples"]} == {"en-review/p1", "de-zeitung/p2"}
    assert vilnius["block"].splitlines() == [":::{kb:actor} vilnius", ":name: Vilnius",
                                             ":kind: other", ":::"]
    # On the page: each sample links to the passage, the block is a literal block.
    names_section = section(site, "Names no actor matches")
    item = names_section.select_one("ul.kb-curation-names > li")
    assert item.strong.get_text() == "Vilnius"
    for link in item.select("a[href]"):
        path, _, anchor = link["href"].partition("#")
        target = BeautifulSoup((site.outdir / path).read_text(encoding="utf-8"), "html.parser")
        assert target.find(id=anchor) is not None, link["href"]
    assert item.pre.get_text().startswith(":::{kb:actor} vilnius\n:name: Vilnius")


def test_near_misses(site: BuiltSite) -> None:
    misses = report(site)["near_misses"]["shown"]
    assert [(m["spelling"], m["actor_id"]) for m in misses] == [
        ("Tichanowskaja", "tsikhanouskaya")]
    assert misses[0]["line"] == (":aliases: Tsikhanouskaya; Тихановская; Светлана Тихановская; "
                                 "Tichanowskaja")
    assert section(site, "Near-miss spellings").pre.get_text().strip() == misses[0]["line"]


def test_generic_aliases(site: BuiltSite) -> None:
    generic = report(site)["generic"]["shown"]
    assert [(g["alias"], g["actor_ids"], g["sources"]) for g in generic] == [
        ("security forces", ["security"], 2)]


def test_sources_and_claims(site: BuiltSite) -> None:
    data = report(site)
    assert {s["source_id"] for s in data["uncited"]["shown"]} == SOURCES - CITED
    assert data["uncited"]["total"] == len(SOURCES - CITED)
    # talks-stalled is disputed, but both its positions support it.
    assert [(c["claim_id"], c["stances"]) for c in data["disagreeing"]["shown"]] == [
        ("talks-stalled", ["supports", "supports"])]
    assert [c["claim_id"] for c in data["one_sided"]["shown"]] == ["exile-travels"]
    # troops-withdrawn (contested, one position) is in neither list.
    page = site.page("curation").get_text()
    assert "Troops left the border area" not in page
    assert "Talks on the pipeline stalled." in page


def test_suggestions_stay_out_of_curated_output(site: BuiltSite) -> None:
    kb = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    assert "vilnius" not in {a["id"] for a in kb["actors"]}
    assert all("Tichanowskaja" not in a["aliases"] for a in kb["actors"])
    inventory = site.inventory()
    assert not any("vilnius" in name or "curation" in name
                   for names in inventory.values() for name in names)
    # Actor pages show what the curator wrote: names and aliases, not suggestions.
    actors = site.page("actors")
    written = " ".join(p.get_text() for p in actors.select(".kb-object-head, .kb-aliases"))
    assert "Sviatlana Tsikhanouskaya" in written and "Тихановская" in written
    assert "Tichanowskaja" not in written and "Vilnius" not in written


def test_report_follows_an_edit_and_can_be_switched_off(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-spellings", srcdir)
    outdir = tmp_path / "html"
    first = sphinx_build(srcdir, outdir)
    assert report(first)["names"]["total"] == 1
    # A third source names Vilnius, and two name Warsaw: an incremental build.
    for source in ("pl-gazeta", "uk-pravda"):
        article = srcdir / "sources_raw" / f"{source}.txt"
        article.write_text(article.read_text(encoding="utf-8")
                           + "\nA delegation flew from Vilnius to Warsaw on Friday.\n",
                           encoding="utf-8")
    second = sphinx_build(srcdir, outdir, fresh=False)
    assert "reading sources" in second.status
    names = {row["name"]: row["sources"] for row in report(second)["names"]["shown"]}
    assert names == {"Vilnius": 4, "Warsaw": 3}
    assert "Warsaw" in second.page("curation").get_text()
    # The same as a full build: re-read sources come last in the store (here the
    # first by id), and the samples and ties must not follow that order.
    for source in ("be-lacinka", "be-nasha", "de-zeitung"):
        article = srcdir / "sources_raw" / f"{source}.txt"
        article.write_text(article.read_text(encoding="utf-8") + "\nVilnius.\n",
                           encoding="utf-8")
    moved = sphinx_build(srcdir, outdir, fresh=False)
    full = sphinx_build(srcdir, tmp_path / "full")
    assert report(full) == report(moved)
    assert full.page("curation").get_text() == moved.page("curation").get_text()
    # A rebuild that reads nothing shows the same report.
    third = sphinx_build(srcdir, outdir, fresh=False)
    assert report(third) == report(moved)
    # Switched off for publishing: neither file is left in the output.
    off = sphinx_build(srcdir, outdir, fresh=False, confoverrides={"kb_curation_report": False})
    assert not (off.outdir / "curation.html").exists()
    assert not (off.outdir / "kb-curation.json").exists()


def test_a_build_that_reads_nothing_keeps_the_report_and_an_edit_replaces_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report is kept with the environment for builds that read nothing
    (collecting scans every passage); any reading, also one in a build with
    the report switched off, must leave no kept report behind."""
    import kb_ext.views.curation as curation_view

    scans: list[int] = []
    real_scan = curation_view.scan_names

    def counted(*args: Any) -> Any:
        scans.append(1)
        return real_scan(*args)

    monkeypatch.setattr(curation_view, "scan_names", counted)
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-spellings", srcdir)
    outdir = tmp_path / "html"
    first = report(sphinx_build(srcdir, outdir))
    assert len(scans) == 1
    again = sphinx_build(srcdir, outdir, fresh=False)
    assert "reading sources... [" not in again.status
    assert len(scans) == 1, "a build that read nothing collected the report again"
    assert report(again) == first and (outdir / "curation.html").is_file()
    # An edit read while the report is off, then the report on with nothing read:
    # the report kept from the first build is stale and must not be shown.
    for source in ("pl-gazeta", "uk-pravda"):
        article = srcdir / "sources_raw" / f"{source}.txt"
        article.write_text(article.read_text(encoding="utf-8")
                           + "\nA delegation flew from Vilnius to Warsaw on Friday.\n",
                           encoding="utf-8")
    sphinx_build(srcdir, outdir, fresh=False, confoverrides={"kb_curation_report": False})
    back = sphinx_build(srcdir, outdir, fresh=False)
    assert "reading sources... [" not in back.status
    full = sphinx_build(srcdir, tmp_path / "full")
    assert report(back) == report(full) != first
    assert back.page("curation").get_text() == full.page("curation").get_text()
