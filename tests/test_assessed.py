"""Sources assessed (issue #21): the Admiralty grade and archived copy of a
source, the project's own sidecar fields, an actor's Wikidata id and a
claim's verdict, on a probe root (tests/roots/test-assessed) built once,
read back as a user would: HTML with BeautifulSoup, JSON-LD with json,
kb.json with jsonschema, CSV with csv and the database with sqlite3.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest
import yaml
from bs4 import BeautifulSoup

from kb_ext.config import RESERVED_FIELDS
from kb_ext.sources.sidecar import KNOWN, SidecarLoader

from .conftest import ROOTS, BuiltSite, sphinx_build
from .test_export_incremental import assert_same_exports, edit

ARCHIVE = "https://web.archive.org/web/20210501000000/https://gazette.example.com/wells"
LIVE = "https://gazette.example.com/wells"
DECLARED = {"checked_on": "2024-01-10", "desk": "Metro", "paywalled": True,
            "region": "north", "word_count": 17}


@pytest.fixture(scope="module")
def site(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    return build_root("assessed")


def kb_json(site: BuiltSite) -> dict[str, Any]:
    return json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def jsonld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        found.extend(data if isinstance(data, list) else [data])
    return found


def card_rows(soup: BeautifulSoup) -> dict[str, str]:
    """label -> text of each row of the provenance card."""
    card = soup.select_one(".kb-source-card")
    assert card is not None
    rows = {}
    for term in card.select(".kb-provenance > dt"):
        label = term.get_text(" ", strip=True).removesuffix(":").strip()
        rows[label] = term.find_next_sibling("dd").get_text(" ", strip=True)
    return rows


# -- warnings: one per bad value, at its line --

EXPECTED_WARNINGS = [
    ("sources_raw/bad.yaml:7:", "reliability: 'G' is not an Admiralty source grade"),
    ("sources_raw/bad.yaml:8:", "credibility: 9 is not an Admiralty credibility"),
    ("sources_raw/bad.yaml:9:", "archive_url: 'https://example.com/not-an-archive' is not on "
                                "the Wayback Machine or archive.today"),
    ("sources_raw/bad.yaml:10:", "desk: expected a non-empty string"),
    ("sources_raw/bad.yaml:11:", "paywalled: expected true or false, got 'yes'"),
    ("sources_raw/bad.yaml:12:", "checked_on: expected a date YYYY-MM-DD, got '2021-02-30'"),
    ("sources_raw/bad.yaml:13:", "word_count: expected a whole number, got 'many'"),
    ("sources_raw/bad.yaml:14:", "region: expected one of 'north', 'south', got 'east'"),
    ("sources_raw/scheme.yaml:8:", "archive_url: 'javascript:alert(1)' is not an http(s) URL"),
    ("sources_raw/scheme.yaml:9:", "credibility: True is not an Admiralty credibility"),
    ("curated.md:12:", "kb:actor :wikidata: 'Q0123' is not a Wikidata item id"),
    ("curated.md:47:", "kb:claim :verdict: 'mostly bogus' is not on kb_verdict_scale"),
    ("curated.md:52:", "kb:claim :reviewer: and :reviewed: need a :verdict:"),
    ("curated.md:58:", "kb:claim :reviewed: '2024-13-01' is not a date"),
]


def test_each_bad_value_warns_once_at_its_line(site: BuiltSite) -> None:
    warnings = site.warning_lines()
    for location, message in EXPECTED_WARNINGS:
        hits = [w for w in warnings if location in w and message in w]
        assert len(hits) == 1, (location, message, warnings)
    assert len(warnings) == len(EXPECTED_WARNINGS), warnings
    sidecar = [w for w in warnings if ".yaml:" in w]
    assert all(w.endswith("[kb.sidecar]") for w in sidecar)


# -- the provenance card --

def test_card_shows_grade_archive_first_and_declared_fields(site: BuiltSite) -> None:
    soup = site.page("sources/graded-2021")
    rows = card_rows(soup)
    assert rows["Assessment"] == "B2 (usually reliable; probably true)"
    links = soup.select(".kb-source-card .kb-original a")
    assert [a["href"] for a in links] == [ARCHIVE, LIVE]
    assert [a["class"][0] for a in links] == ["kb-archive-link", "kb-live-link"]
    assert rows["URL"].startswith("archived:") and "live:" in rows["URL"]
    # The rest, behind the summary: the note and the declared fields, in conf.py's order.
    more = soup.select_one(".kb-source-card .kb-provenance-more")
    assert more is not None
    labels = [label.strip() for label in more.summary.get_text().split("·")]
    assert labels[-6:] == ["Assessment note", "Desk", "Paywalled", "Checked on",
                           "Word count", "Region"]
    assert rows["Assessment note"] == "Local paper with a corrections record."
    assert (rows["Desk"], rows["Paywalled"], rows["Checked on"], rows["Word count"],
            rows["Region"]) == ("Metro", "yes", "2024-01-10", "17", "north")


def test_bad_values_are_left_off_the_card(site: BuiltSite) -> None:
    rows = card_rows(site.page("sources/bad-values"))
    for label in ("Assessment", "URL", "Desk", "Paywalled", "Checked on", "Word count",
                  "Region"):
        assert label not in rows, label
    scheme = card_rows(site.page("sources/scheme"))
    assert "URL" not in scheme and "Assessment" not in scheme
    assert scheme["Assessment note"] == "graded later"


def test_archive_without_live_url_and_live_url_alone(site: BuiltSite) -> None:
    soup = site.page("sources/older-2020")
    links = soup.select(".kb-source-card .kb-original a")
    assert [a["href"] for a in links] == ["https://archive.ph/AbCdE",
                                          "https://utility.example.com/full"]


def test_web_page_keeps_its_declared_fields_beside_the_page_metadata(site: BuiltSite
                                                                      ) -> None:
    """The page fills the sidecar's gaps (url, author, date) without losing
    the declared fields or the archive link."""
    soup = site.page("sources/courier-2023")
    rows = card_rows(soup)
    assert rows["Assessment"] == "A (completely reliable)"
    assert (rows["Desk"], rows["Region"]) == ("Environment", "south")
    links = soup.select(".kb-source-card .kb-original a")
    assert [a["href"] for a in links] == [
        "https://archive.today/2023.07.02-000000/https://courier.example.com/reservoir",
        "https://courier.example.com/reservoir"]
    source = by_id(kb_json(site)["sources"])["courier-2023"]
    assert source["fields"] == {"checked_on": None, "desk": "Environment",
                                "paywalled": None, "region": "south", "word_count": None}


# -- actors and claims on their page --

def test_actor_wikidata_link_and_same_as(site: BuiltSite) -> None:
    soup = site.page("curated")
    links = soup.select(".kb-wikidata")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Q42", "https://www.wikidata.org/wiki/Q42")]
    assert soup.select_one("#kb-actor-mayor .kb-wikidata") is not None
    actors = [item for item in jsonld(soup) if item["@type"] in ("Person", "Organization")]
    assert actors == [{"@context": "https://schema.org", "@type": "Person",
                       "@id": "https://kb.example.org/curated.html#kb-actor-mayor",
                       "name": "Anna Mayor", "sameAs": "https://www.wikidata.org/wiki/Q42"}]


def test_verdict_shown_and_only_a_rated_claim_is_a_claim_review(site: BuiltSite) -> None:
    soup = site.page("curated")
    verdicts = soup.select(".kb-verdict")
    assert [v.get_text(" ", strip=True) for v in verdicts] == [
        "Verdict: half true (by Desk Checker, 2024-01-15)", "Verdict: false"]
    assert soup.select_one("#kb-claim-wells-dry .kb-verdict") is not None
    items = jsonld(soup)
    reviews = [item for item in items if item["@type"] == "ClaimReview"]
    claims = [item for item in items if item["@type"] == "Claim"]
    assert len(reviews) == 2
    # Case does not matter; the scale's spelling is published. No date, no datePublished.
    undated = next(r for r in reviews if r["@id"].endswith("kb-claim-undated-review-review"))
    assert undated["reviewRating"]["alternateName"] == "false"
    assert undated["reviewRating"]["ratingValue"] == 2
    assert "datePublished" not in undated and "author" not in undated
    assert undated["itemReviewed"]["appearance"] == []
    assert "firstAppearance" not in undated["itemReviewed"]
    reviews = [r for r in reviews if r is not undated]
    assert sorted(c["@id"].rsplit("#", 1)[1] for c in claims) == [
        "kb-claim-bad-verdict", "kb-claim-rates-up", "kb-claim-reviewer-only"]
    assert all("firstAppearance" not in c for c in claims)
    review = reviews[0]
    # "half true" is third of four on the project's scale, worst first.
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 3, "worstRating": 1,
                                      "bestRating": 4, "alternateName": "half true"}
    assert review["author"] == {"@type": "Person", "name": "Desk Checker"}
    assert review["datePublished"] == "2024-01-15"
    assert review["claimReviewed"] == "The wells ran dry."
    reviewed = review["itemReviewed"]
    assert reviewed["@type"] == "Claim"
    assert {a["url"] for a in reviewed["appearance"]} == {
        "https://kb.example.org/sources/graded-2021.html#p1",
        "https://kb.example.org/sources/older-2020.html#p1"}
    # The earliest by date (2020-03-01), not the first the claim lists.
    assert reviewed["firstAppearance"]["url"] == \
        "https://kb.example.org/sources/older-2020.html#p1"


def test_source_jsonld_names_the_archived_copy(site: BuiltSite) -> None:
    items = jsonld(site.page("sources/graded-2021"))
    article = next(item for item in items if item["@type"] == "NewsArticle")
    assert (article["url"], article["archivedAt"]) == (LIVE, ARCHIVE)


# -- the exports --

def test_kb_json_carries_the_new_fields_and_validates(site: BuiltSite) -> None:
    data = kb_json(site)
    schema = json.loads((site.outdir / "kb.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    sources = by_id(data["sources"])
    graded = sources["graded-2021"]
    assert (graded["reliability"], graded["credibility"], graded["assessment_note"],
            graded["archive_url"]) == ("B", 2, "Local paper with a corrections record.",
                                       ARCHIVE)
    assert graded["fields"] == DECLARED
    bad = sources["bad-values"]
    assert (bad["reliability"], bad["credibility"], bad["archive_url"]) == (None, None, None)
    assert bad["fields"] == dict.fromkeys(DECLARED)
    actors = by_id(data["actors"])
    assert (actors["mayor"]["wikidata"], actors["board"]["wikidata"],
            actors["plain"]["wikidata"]) == ("Q42", None, None)
    claims = by_id(data["claims"])
    assert (claims["wells-dry"]["verdict"], claims["wells-dry"]["reviewer"],
            claims["wells-dry"]["reviewed"]) == ("half true", "Desk Checker", "2024-01-15")
    for claim_id in ("rates-up", "bad-verdict", "reviewer-only"):
        assert (claims[claim_id]["verdict"], claims[claim_id]["reviewer"],
                claims[claim_id]["reviewed"]) == (None, None, None)


def test_schema_rejects_a_wrong_declared_value(site: BuiltSite) -> None:
    data = kb_json(site)
    schema = json.loads((site.outdir / "kb.schema.json").read_text(encoding="utf-8"))
    by_id(data["sources"])["graded-2021"]["fields"]["region"] = "east"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_sidecar_schema_beside_the_site_has_the_declared_fields(site: BuiltSite) -> None:
    schema = json.loads((site.outdir / "sidecar.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    raw = site.srcdir / "sources_raw"
    # Read as kb_ext reads a sidecar (dates stay text, as in YAML 1.2).
    good = yaml.load((raw / "graded.yaml").read_text(encoding="utf-8"), SidecarLoader)
    assert list(validator.iter_errors(good)) == []
    bad = yaml.load((raw / "bad.yaml").read_text(encoding="utf-8"), SidecarLoader)
    wrong = {error.path[0] for error in validator.iter_errors(bad) if error.path}
    # checked_on (2021-02-30) has a date's form: only kb_ext (and an editor
    # checking "format") knows the day does not exist.
    assert wrong == {"reliability", "credibility", "archive_url", "desk", "region",
                     "paywalled", "word_count"}
    checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert "checked_on" in {error.path[0] for error in checker.iter_errors(bad) if error.path}


def test_graphml_nodes_carry_the_assessment(site: BuiltSite) -> None:
    """Gephi and networkx users filter the network by grade, verdict or Wikidata id."""
    graph = nx.read_graphml(site.outdir / "data" / "kb.graphml")
    graded = graph.nodes["source:graded-2021"]
    assert (graded["reliability"], graded["credibility"], graded["archive_url"]) == (
        "B", 2, ARCHIVE)
    assert not {"reliability", "credibility", "archive_url"} & set(
        graph.nodes["source:bad-values"])
    assert graph.nodes["actor:mayor"]["wikidata"] == "Q42"
    assert "wikidata" not in graph.nodes["actor:plain"]
    assert graph.nodes["claim:wells-dry"]["verdict"] == "half true"
    assert "verdict" not in graph.nodes["claim:rates-up"]


def read_csv(site: BuiltSite, table: str) -> dict[str, dict[str, str]]:
    with open(site.outdir / "data" / f"{table}.csv", encoding="utf-8", newline="") as stream:
        return {row["id"]: row for row in csv.DictReader(stream)}


def test_csv_and_sqlite_columns(site: BuiltSite) -> None:
    sources = read_csv(site, "sources")
    graded = sources["graded-2021"]
    assert {k: graded[k] for k in ("reliability", "credibility", "archive_url", "desk",
                                   "paywalled", "checked_on", "word_count", "region")} == {
        "reliability": "B", "credibility": "2", "archive_url": ARCHIVE, "desk": "Metro",
        "paywalled": "1", "checked_on": "2024-01-10", "word_count": "17", "region": "north"}
    assert sources["bad-values"]["region"] == sources["bad-values"]["reliability"] == ""
    assert read_csv(site, "actors")["mayor"]["wikidata"] == "Q42"
    assert read_csv(site, "claims")["wells-dry"]["verdict"] == "half true"
    connection = sqlite3.connect(Path(site.outdir / "data" / "kb.sqlite"))
    try:
        rows = connection.execute(
            'SELECT reliability, credibility, paywalled, word_count, region FROM sources '
            "WHERE id = 'graded-2021'").fetchall()
        assert rows == [("B", 2, 1, 17, "north")]
        assert connection.execute("SELECT id, verdict, reviewer, reviewed FROM claims "
                                  "WHERE verdict IS NOT NULL ORDER BY id").fetchall() == [
            ("undated-review", "false", None, None),
            ("wells-dry", "half true", "Desk Checker", "2024-01-15")]
        assert connection.execute("SELECT id FROM actors WHERE wikidata = 'Q42'"
                                  ).fetchall() == [("mayor",)]
    finally:
        connection.close()


# -- bad configuration --

def test_bad_config_warns_once_per_entry_and_builds(build_root: Callable[..., BuiltSite]
                                                    ) -> None:
    built = build_root("assessed", confoverrides={
        "kb_sidecar_fields": {"Bad Name": "text", "title": "text", "score": "float",
                              "desk": "text"},
        "kb_verdict_scale": ["only one"]})
    config = built.warning_lines("[kb.config]")
    assert len(config) == 4, config
    assert any("'Bad Name'" in w for w in config)
    assert any("'title' is a built-in" in w for w in config)
    assert any("'score': type 'float'" in w for w in config)
    assert any("kb_verdict_scale must be a list of two or more" in w for w in config)
    assert all("conf.py:" in w for w in config)
    # Only "desk" is still declared: the others in the sidecars are unknown keys.
    data = kb_json(built)
    assert by_id(data["sources"])["graded-2021"]["fields"] == {"desk": "Metro"}
    unknown = [w for w in built.warning_lines("graded.yaml") if "unknown key" in w]
    assert len(unknown) == 4, unknown
    # The default scale replaces the bad one: "Half True" is not on it.
    assert any("'Half True' is not on kb_verdict_scale (false, misleading, unproven, "
               "mostly true, true)" in w for w in built.warning_lines("curated.md"))


def test_every_key_of_an_exported_source_is_reserved(build_root: Callable[..., BuiltSite]
                                                     ) -> None:
    """A declared field named like a key of kb.json's sources ("duplicates")
    would be a second column of that name in sources.csv, filled with the
    other's value: the build refuses it as a built-in name."""
    built = build_root("assessed", confoverrides={"kb_sidecar_fields": {"duplicates": "text"}})
    assert any("'duplicates' is a built-in" in w for w in built.warning_lines("[kb.config]"))
    exported = {key for source in kb_json(built)["sources"] for key in source}
    assert exported - KNOWN - RESERVED_FIELDS == set()


# -- incremental builds --

def test_edited_grade_and_verdict_build_as_a_full_build(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-assessed", srcdir)
    outdir = tmp_path / "html"
    sphinx_build(srcdir, outdir)
    edit(srcdir / "sources_raw" / "graded.yaml", "reliability: b", "reliability: C")
    edit(srcdir / "sources_raw" / "graded.yaml", "region: north", "region: south")
    edit(srcdir / "curated.md", ":verdict: Half True", ":verdict: true")
    sphinx_build(srcdir, outdir, fresh=False)
    sphinx_build(srcdir, tmp_path / "full")
    assert_same_exports(outdir, tmp_path / "full")
    graded = by_id(json.loads((outdir / "kb.json").read_text("utf-8"))["sources"])["graded-2021"]
    assert (graded["reliability"], graded["fields"]["region"]) == ("C", "south")
    soup = BeautifulSoup((outdir / "curated.html").read_text("utf-8"), "html.parser")
    review = next(item for item in jsonld(soup) if item["@type"] == "ClaimReview")
    assert review["reviewRating"]["ratingValue"] == 4
    card = BeautifulSoup((outdir / "sources" / "graded-2021.html").read_text("utf-8"),
                         "html.parser")
    assert card_rows(card)["Assessment"] == "C2 (fairly reliable; probably true)"
