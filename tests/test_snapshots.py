"""Snapshot tests: the built site's output, compared with reviewed snapshots.

One small site (``tests/roots/test-snapshot``: three articles, three actors, a
theme, two claims, one of whose positions quotes text its passage does not
hold, an index of each kind, the matrix, the overview, the network and the
timeline) is built once per session. Each test compares one page's main
content, or one machine-readable output, with the snapshot stored by syrupy
in ``tests/__snapshots__/test_snapshots.ambr``.

A change in output therefore fails here as a line diff. When the change is
intended, review the diff and accept it with::

    .venv/bin/python -m pytest tests/test_snapshots.py --snapshot-update

Pages are compared as the element with ``role="main"`` (the basic theme's
``div.body``), so theme furniture (navigation, search box, footer) is left
out, prettified by BeautifulSoup so that a change shows as changed lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from syrupy.assertion import SnapshotAssertion

from .conftest import BuiltSite

INDEX_KINDS = ("source", "actor", "theme", "claim")


@pytest.fixture(scope="session")
def site(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    return build_root("snapshot")


def machine_free(site: BuiltSite, text: str) -> str:
    """``text`` with the build's temporary folders replaced by placeholders.

    The pages hold no absolute path today (a source page names its raw file
    relative to ``kb_sources_dir``), but warnings carry the absolute path of
    the page they are about, and a page that ever showed one would otherwise
    differ from machine to machine and run to run instead of showing a
    reviewable diff. The assertion catches any other path under the session's
    temporary folder.
    """
    text = text.replace(str(site.outdir), "<outdir>").replace(str(site.srcdir), "<srcdir>")
    assert str(site.srcdir.parent) not in text
    return text


def main_content(site: BuiltSite, docname: str) -> str:
    main = site.page(docname).find(attrs={"role": "main"})
    assert main is not None, f"{docname}.html has no role=main element"
    return machine_free(site, main.prettify())


def jsonld(site: BuiltSite, docname: str) -> list[str]:
    scripts = site.page(docname).find_all("script", type="application/ld+json")
    assert scripts, f"{docname}.html has no JSON-LD"
    return [machine_free(site, json.dumps(json.loads(script.string), indent=1, sort_keys=True,
                                          ensure_ascii=False))
            for script in scripts]


# -- the fixture is what the snapshots claim it is -------------------------------------------

def test_fixture_has_an_unverified_position(site: BuiltSite) -> None:
    export = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    verified = [position["verified"] for claim in export["claims"]
                for position in claim["positions"]]
    assert False in verified and True in verified


def test_warnings(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    """Only the unverified quote warns; warnings name pages by absolute path."""
    assert machine_free(site, site.warnings).splitlines() == snapshot


# -- one page of each kind ---------------------------------------------------------------

def test_source_page(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    assert main_content(site, "sources/times") == snapshot


def test_actor_page(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    assert main_content(site, "actors") == snapshot


def test_theme_page(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    assert main_content(site, "themes") == snapshot


def test_claim_page(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    """Two verified positions and one whose quote is not in its passage."""
    assert main_content(site, "claims/bridge") == snapshot


@pytest.mark.parametrize("kind", INDEX_KINDS)
def test_index_page(site: BuiltSite, snapshot: SnapshotAssertion, kind: str) -> None:
    assert main_content(site, f"lists/{kind}") == snapshot


def test_matrix_page(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    assert main_content(site, "matrix") == snapshot


def test_overview_page(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    """The landing page: the overview and a citation of each object by name."""
    assert main_content(site, "index") == snapshot


def test_network_page(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    assert main_content(site, "network") == snapshot


def test_timeline_page(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    assert main_content(site, "timeline") == snapshot


# -- machine-readable output ---------------------------------------------------------------

def test_kb_json(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    export = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    assert machine_free(site, json.dumps(export, indent=1, sort_keys=True,
                                         ensure_ascii=False)) == snapshot


def test_inventory(site: BuiltSite, snapshot: SnapshotAssertion) -> None:
    """Every ``objects.inv`` entry: name, type, URI and display name."""
    entries = sorted((name, objtype, item.uri, item.display_name)
                     for objtype, items in site.inventory().items()
                     for name, item in items.items())
    assert [machine_free(site, " | ".join(entry)) for entry in entries] == snapshot


@pytest.mark.parametrize("docname", ["sources/times", "claims/bridge"])
def test_jsonld(site: BuiltSite, snapshot: SnapshotAssertion, docname: str) -> None:
    assert jsonld(site, docname) == snapshot
