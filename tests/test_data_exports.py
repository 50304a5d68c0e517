"""The exports beside the HTML, read back with the readers their users use:
kb.json against its JSON Schema (jsonschema), the CSV files (csv), the
network (networkx) and the database (sqlite3), on the seeds' site and on a
probe root (tests/roots/test-exports) whose expected rows are written out here.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest
from bs4 import NavigableString

from kb_ext.outputs import exports
from kb_ext.outputs.exports import export_files
from kb_ext.outputs.graphml import graphml_bytes
from kb_ext.outputs.sqlite import sqlite_bytes, write_part, write_sqlite
from kb_ext.outputs.tables import TABLES, table_rows, tables_of

from .conftest import BuiltSite

TABLE_NAMES = [table.name for table in TABLES]


@pytest.fixture(scope="module")
def probe(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    return build_root("exports")


@pytest.fixture(scope="module", params=["probe", "seeds"])
def site(request: pytest.FixtureRequest) -> BuiltSite:
    return request.getfixturevalue("probe" if request.param == "probe" else "kb_site")


def kb_json(site: BuiltSite) -> dict[str, Any]:
    return json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))


def read_csv(site: BuiltSite, table: str) -> list[dict[str, str]]:
    with open(site.outdir / "data" / f"{table}.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def cell(value: Any) -> str:
    """A kb.json value as the CSV file writes it."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return str(int(value))
    return "" if value is None else str(value)


# -- kb.json and its schema --

def test_kb_json_validates_against_the_published_schema(site: BuiltSite) -> None:
    schema = json.loads((site.outdir / "kb.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(kb_json(site), schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("spoil", [
    lambda d: d["sources"][0]["passages"][0].pop("text"),
    lambda d: d["sources"][0]["passages"][0]["mentions"][0].update(span=[3]),
    lambda d: d["claims"][0]["positions"][0].update(stance="agrees"),
    lambda d: d["actors"][0].update(aliases="Novak"),
    lambda d: d["sources"][0].update(extra=1),
    lambda d: d.update(format_version=99),
])
def test_schema_rejects_a_spoilt_kb_json(probe: BuiltSite, spoil: Callable[[Any], Any]) -> None:
    schema = json.loads((probe.outdir / "kb.schema.json").read_text(encoding="utf-8"))
    data = kb_json(probe)
    spoil(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_passage_text_is_the_text_its_page_shows(site: BuiltSite) -> None:
    for source in kb_json(site)["sources"]:
        page = site.page(source["page"].removesuffix(".html"))
        for passage in source["passages"]:
            shown = page.find(id=passage["anchor"])
            assert shown is not None, passage["id"]
            # the passage's own text, without its ¶ link and its "Cited by" note
            own = "".join(child for child in shown.children if isinstance(child, NavigableString))
            assert own.strip() == passage["text"].strip(), passage["id"]


def test_probe_mentions_are_the_names_in_the_text(probe: BuiltSite) -> None:
    found = [(passage["id"], m["actor"], passage["text"][slice(*m["span"])])
             for source in kb_json(probe)["sources"] for passage in source["passages"]
             for m in passage["mentions"]]
    assert found == [
        ("ledger-2021/p1", "novak", "Anna Novak"),
        ("ledger-2021/p2", "council", "Town Council"),
        ("ledger-2021/p2", "novak", "Mayor Novak"),
        ("post-2021/p1", "novak", "Новак"),
    ]


# -- CSV --

def test_probe_csv_rows(probe: BuiltSite) -> None:
    positions = [[r["claim"], r["source"], r["passage"], r["cited"], r["stance"], r["verified"],
                  r["note"]] for r in read_csv(probe, "positions")]
    assert positions == [
        ["wells-dry", "ledger-2021", "ledger-2021/p1", "ledger-2021/p1", "supports", "1", ""],
        ["wells-dry", "ledger-2021", "ledger-2021/p2", "ledger-2021/p2", "disputes", "0",
         "a quote the passage does not hold"],
        ["wells-dry", "ledger-2021", "", "ledger-2021/p9", "reports", "0", ""],
    ]
    passages = [[r["id"], r["source"], r["number"], r["first_line"], r["text"]]
                for r in read_csv(probe, "passages")]
    assert passages == [
        ["ledger-2021/p1", "ledger-2021", "1", "1", 'Anna Novak said on Monday, in the town '
         'hall, that the wells ran dry; "we knew," she added.'],
        ["ledger-2021/p2", "ledger-2021", "2", "3",
         'The Town Council denied it: Mayor Novak was "wrong".'],
        ["ledger-2021/p3", "ledger-2021", "3", "5", "Nothing else happened."],
        ["post-2021/p1", "post-2021", "1", "1", "Новак говорит, что воды нет."],
    ]
    assert [[r["actor"], r["passage"], r["start"], r["end"], r["text"]]
            for r in read_csv(probe, "mentions")] == [
        ["novak", "ledger-2021/p1", "0", "10", "Anna Novak"],
        ["council", "ledger-2021/p2", "4", "16", "Town Council"],
        ["novak", "ledger-2021/p2", "28", "39", "Mayor Novak"],
        ["novak", "post-2021/p1", "0", "5", "Новак"],
    ]
    (novak,) = [r for r in read_csv(probe, "actors") if r["id"] == "novak"]
    assert json.loads(novak["aliases"]) == ["Mayor Novak", "Новак"]
    (ledger,) = [r for r in read_csv(probe, "sources") if r["id"] == "ledger-2021"]
    assert ledger["title"] == 'Wells, "dry" & empty' and ledger["author"] == ""
    assert ledger["url"] == "https://example.org/ledger?a=1&b=2"
    assert [r["title"] for r in read_csv(probe, "events")] == ["Well <vote>"]
    raw = (probe.outdir / "data" / "sources.csv").read_bytes()
    assert raw.startswith(b"id,title,outlet,") and "Колодцы".encode() in raw


def test_csv_tables_equal_kb_json(site: BuiltSite) -> None:
    data = kb_json(site)
    passages = [(s["id"], p) for s in data["sources"] for p in s["passages"]]
    expected: dict[str, list[dict[str, str]]] = {
        # A source's declared sidecar fields (kb_sidecar_fields) are columns of their own.
        "sources": [{k: cell(v) for k, v in s.items() if k not in ("passages", "fields",
                                                                    "duplicates")}
                    | {k: cell(v) for k, v in s["fields"].items()} for s in data["sources"]],
        "duplicates": [{"source": s["id"], "other": d["source"], "shared": cell(d["shared"]),
                        "shorter": cell(d["shorter"])}
                       for s in data["sources"] for d in s["duplicates"]],
        "passages": [{"id": p["id"], "source": source, "number": p["anchor"][1:],
                      "anchor": p["anchor"], "url": p["url"], "first_line": cell(p["lines"][0]),
                      "last_line": cell(p["lines"][1]), "text": p["text"]}
                     for source, p in passages],
        "mentions": [{"actor": m["actor"], "passage": p["id"], "start": cell(m["span"][0]),
                      "end": cell(m["span"][1]), "text": p["text"][slice(*m["span"])]}
                     for _source, p in passages for m in p["mentions"]],
    }
    for name in ("actors", "themes", "events"):
        expected[name] = [{k: cell(v) for k, v in item.items()} for item in data[name]]
    expected["claims"] = [{k: cell(v) for k, v in c.items() if k != "positions"}
                          for c in data["claims"]]
    ids = {p["id"] for _s, p in passages}
    expected["positions"] = [
        {"claim": c["id"], "source": p["source"] if p["source"] in {s["id"] for s in
                                                                    data["sources"]} else "",
         "passage": p["passage"] if p["passage"] in ids else "", "cited": p["passage"],
         "quote": p["quote"], "stance": p["stance"], "verified": cell(p["verified"]),
         "note": cell(p["note"])} for c in data["claims"] for p in c["positions"]]
    assert sorted(expected) == sorted(TABLE_NAMES)
    for name in TABLE_NAMES:
        assert read_csv(site, name) == expected[name], name
    meta = {r["name"]: r["value"] for r in read_csv(site, "meta")}
    assert meta["format"] == "kb_ext" and meta["project"] == data["project"]


# -- GraphML --

def test_graphml_opens_in_networkx_with_typed_nodes_and_edges(site: BuiltSite) -> None:
    data = kb_json(site)
    graph = nx.read_graphml(site.outdir / "data" / "kb.graphml")
    assert graph.is_directed()
    expected_nodes = {f"{kind}:{item['id']}": label for kind, store, field in (
        ("source", "sources", "title"), ("actor", "actors", "name"),
        ("theme", "themes", "title"), ("claim", "claims", "statement"),
        ("event", "events", "title")) for item in data[store] for label in [item[field]]}
    assert {n: d["label"] for n, d in graph.nodes(data=True)} == expected_nodes
    assert {d["type"] for _n, d in graph.nodes(data=True)} <= {
        "source", "actor", "theme", "claim", "event"}
    positions = sorted((f"source:{p['source']}", f"claim:{c['id']}", p["stance"], p["verified"],
                        p["passage"]) for c in data["claims"] for p in c["positions"]
                       if f"source:{p['source']}" in expected_nodes)
    edges = sorted((u, v, d["stance"], d["verified"], d["passage"])
                   for u, v, d in graph.edges(data=True) if d["type"] == "position")
    assert edges == positions
    mentions = {(u, v): d["weight"] for u, v, d in graph.edges(data=True)
                if d["type"] == "mentions"}
    for source in data["sources"]:
        for actor in {m["actor"] for p in source["passages"] for m in p["mentions"]}:
            count = sum(any(m["actor"] == actor for m in p["mentions"])
                        for p in source["passages"])
            assert mentions[(f"source:{source['id']}", f"actor:{actor}")] == count


def test_probe_graphml_edges(probe: BuiltSite) -> None:
    graph = nx.read_graphml(probe.outdir / "data" / "kb.graphml")
    assert graph.nodes["event:well-vote"]["label"] == "Well <vote>"
    assert graph.nodes["theme:water"]["label"] == 'Water & "supply"'
    typed = sorted((u, v, d["type"]) for u, v, d in graph.edges(data=True)
                   if d["type"] != "position")
    assert typed == [
        ("claim:wells-dry", "actor:council", "about"),
        ("claim:wells-dry", "actor:novak", "about"),
        ("claim:wells-dry", "event:well-vote", "about"),
        ("claim:wells-dry", "theme:water", "about"),
        ("event:well-vote", "actor:council", "about"),
        ("event:well-vote", "theme:water", "about"),
        ("source:ledger-2021", "actor:council", "mentions"),
        ("source:ledger-2021", "actor:novak", "mentions"),
        ("source:ledger-2021", "event:well-vote", "describes"),
        ("source:post-2021", "actor:novak", "mentions"),
        ("source:post-2021", "event:well-vote", "describes"),
    ]
    assert b"<data key=\"label\">Well &lt;vote&gt;</data>" in \
        (probe.outdir / "data" / "kb.graphml").read_bytes()


def test_exports_are_the_same_bytes_from_the_same_data(probe: BuiltSite) -> None:
    first, second = dict(export_files(kb_json(probe))), dict(export_files(kb_json(probe)))
    assert first == second
    for name, body in first.items():
        assert (probe.outdir / name).read_bytes() == body, name


# -- SQLite --

def test_the_database_is_rewritten_only_when_its_bytes_change(probe: BuiltSite,
                                                               tmp_path: Path) -> None:
    """A build makes the database beside the old one and keeps the old file
    (and its timestamp) when the bytes are the same; no temporary file stays."""
    data = kb_json(probe)
    tables = tables_of(data)
    rows, meta = table_rows(data, tables), exports._meta(data)
    target, part = tmp_path / "kb.sqlite", tmp_path / "part.sqlite"
    write_part(part, rows, tables)
    assert write_sqlite(target, part, rows, meta, tables)
    assert target.read_bytes() == sqlite_bytes(rows, meta, tables)
    written = target.stat().st_mtime_ns
    assert not write_sqlite(target, part, rows, meta, tables)
    assert target.stat().st_mtime_ns == written
    rows["themes"] = rows["themes"][1:]
    assert write_sqlite(target, part, rows, meta, tables)
    assert target.read_bytes() == sqlite_bytes(rows, meta, tables)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.sqlite", "part.sqlite"]



def test_sqlite_has_the_tables_with_foreign_keys_and_full_text_search(site: BuiltSite) -> None:
    data = kb_json(site)
    connection = sqlite3.connect(site.outdir / "data" / "kb.sqlite")
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts = {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                  for name in TABLE_NAMES}
        passages = [p for s in data["sources"] for p in s["passages"]]
        assert counts == {
            "sources": len(data["sources"]), "passages": len(passages),
            "actors": len(data["actors"]), "themes": len(data["themes"]),
            "claims": len(data["claims"]), "events": len(data["events"]),
            "positions": sum(len(c["positions"]) for c in data["claims"]),
            "mentions": sum(len(p["mentions"]) for p in passages),
            "duplicates": sum(len(s["duplicates"]) for s in data["sources"])}
        references = {(name, row[3], row[2]) for name in TABLE_NAMES
                      for row in connection.execute(f'PRAGMA foreign_key_list("{name}")')}
        assert references == {
            ("passages", "source", "sources"), ("positions", "claim", "claims"),
            ("duplicates", "source", "sources"), ("duplicates", "other", "sources"),
            ("positions", "source", "sources"), ("positions", "passage", "passages"),
            ("mentions", "actor", "actors"), ("mentions", "passage", "passages")}
        word = passages[0]["text"].split()[0].strip(".,;:\"'")
        found = {row[0] for row in connection.execute(
            "SELECT passages.id FROM passages_fts JOIN passages "
            "ON passages.rowid = passages_fts.rowid WHERE passages_fts MATCH ?",
            (f'"{word}"',))}
        assert passages[0]["id"] in found
        # FTS5 matches whole words: every passage found holds the word as text
        assert found <= {p["id"] for p in passages if word.casefold() in p["text"].casefold()}
    finally:
        connection.close()


def test_probe_sqlite_rows(probe: BuiltSite) -> None:
    connection = sqlite3.connect(probe.outdir / "data" / "kb.sqlite")
    try:
        assert connection.execute(
            "SELECT passage, cited, verified FROM positions ORDER BY rowid").fetchall() == [
            ("ledger-2021/p1", "ledger-2021/p1", 1), ("ledger-2021/p2", "ledger-2021/p2", 0),
            (None, "ledger-2021/p9", 0)]
        assert connection.execute(
            "SELECT passages.id FROM passages_fts JOIN passages ON passages.rowid = "
            "passages_fts.rowid WHERE passages_fts MATCH 'wells' ").fetchall() == [
            ("ledger-2021/p1",)]
        assert connection.execute(
            "SELECT a.name, count(*) FROM mentions m JOIN actors a ON a.id = m.actor "
            "GROUP BY a.id ORDER BY a.id").fetchall() == [("Town Council", 1), ("Anna Novak", 3)]
        assert dict(connection.execute("SELECT name, value FROM meta"))["tables_version"] == "1"
        # Datasette's test for a table's search index (datasette.utils.detect_fts_sql)
        assert connection.execute(
            "SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE "
            "'%VIRTUAL TABLE%USING FTS%content=\"passages\"%'").fetchall() == [("passages_fts",)]
    finally:
        connection.close()


def test_exports_can_be_turned_off(build_root: Callable[..., BuiltSite]) -> None:
    site = build_root("exports", confoverrides={
        "kb_export_csv": False, "kb_export_graphml": False, "kb_export_sqlite": False})
    assert not (site.outdir / "data").exists() or not any((site.outdir / "data").iterdir())
    assert (site.outdir / "kb.json").is_file() and (site.outdir / "sidecar.schema.json").is_file()



def test_graphml_holds_hostile_text(tmp_path: Path) -> None:
    """Markup, quotes and characters XML cannot hold, in ids and labels."""
    hostile = 'a & b <c> "d" \'e\' ]]> \x00\x1b\ufffe end'
    data = {"sources": [{"id": 'x"><node id="y', "title": hostile, "outlet": "<o>",
                         "published": None, "kind": "k", "page": "p&q.html", "passages": []}],
            "actors": [], "themes": [], "claims": [], "events": []}
    path = tmp_path / "hostile.graphml"
    path.write_bytes(graphml_bytes(data, 1))
    graph = nx.read_graphml(path)
    assert list(graph.nodes) == ['source:x"><node id="y']
    node = graph.nodes['source:x"><node id="y']
    assert node["label"] == 'a & b <c> "d" \'e\' ]]> \ufffd\ufffd\ufffd end'
    assert node["outlet"] == "<o>" and node["url"] == "p&q.html"


def test_a_position_with_a_bad_stance_is_listed_unverified_and_validates(
        build_root: Callable[..., BuiltSite]) -> None:
    """The page lists it as not counted (kb.directive warned); kb.json lists
    it too, unverified, and still meets its schema."""
    def agrees(srcdir: Path) -> None:
        page = next(p for p in sorted(srcdir.rglob("*.md"))
                    if ":stance: supports" in p.read_text(encoding="utf-8"))
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(":stance: supports", ":stance: agrees", 1),
                        encoding="utf-8")

    built = build_root("exports", prepare=agrees)
    assert "'agrees' is not one of" in built.warnings
    data = kb_json(built)
    bad = [p for c in data["claims"] for p in c["positions"] if p["stance"] == "agrees"]
    assert len(bad) == 1 and bad[0]["verified"] is False
    schema = json.loads((built.outdir / "kb.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert [row["verified"] for row in read_csv(built, "positions")
            if row["stance"] == "agrees"] == ["0"]
