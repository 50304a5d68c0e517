"""Two definitions of one id: the same one is used whatever the read order.

Of two definitions, the one in the document whose name sorts first is used
(in one document, the earlier); the other warns once (kb.duplicate) at its own
line, naming the one used, and is kept aside: when the used one is deleted,
the other takes its place without a clean build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from kb_ext.knowledge.domain import KbDomain
from kb_ext.knowledge.records import ActorRecord

from .conftest import BuiltSite, sphinx_build
from .test_reproducible import assert_same_pages, copy_root, edit, kb_json

# A second mayor, in a page that sorts after actors.md, and a duplicate claim
# that sorts before claims/ferry.md and names another actor than it does.
PEOPLE = """---
orphan: true
---
# People

:::{kb:actor} mayor
:name: Mayor Brennan of Riverton
:kind: person
:aliases: the mayor
:::
"""
CLAIMS_A = """---
orphan: true
---
# Another ferry claim

::::{kb:claim} ferry-replaced
:statement: A ferry ran instead of the bridge
:status: contested
:actors: mayor

:::{kb:position} times/p2
:stance: supports
a ferry replaced it for the rest of the year
:::
::::
"""


def add_duplicates(src: Path) -> None:
    (src / "people.md").write_text(PEOPLE, encoding="utf-8")
    (src / "claims" / "a-ferry.md").write_text(CLAIMS_A, encoding="utf-8")


def normal_warnings(site: BuiltSite) -> list[str]:
    return sorted(line.replace(str(site.srcdir), "<src>") for line in site.warning_lines())


def same_site(expected: BuiltSite, got: BuiltSite) -> None:
    # Sphinx never deletes output: a deleted page's old HTML may stay.
    assert_same_pages(expected, got, stale={"claims/a-ferry.html", "people.html"})
    assert kb_json(got) == kb_json(expected)


def test_serial_and_parallel_builds_choose_the_same_definition(tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src")
    add_duplicates(src)
    serial = sphinx_build(src, tmp_path / "serial")
    duplicates = serial.warning_lines("kb.duplicate")
    assert len(duplicates) == 2, serial.warnings
    mayor = next(line for line in duplicates if "'mayor'" in line)
    # At the definition not used, naming the one used, file and line.
    assert mayor.startswith(f"{src / 'people.md'}:6: WARNING"), mayor
    assert "actors.md:6" in mayor
    claim = next(line for line in duplicates if "'ferry-replaced'" in line)
    assert claim.startswith(f"{src / 'claims' / 'ferry.md'}:"), claim
    assert "claims/a-ferry.md:6" in claim
    assert actor_names(serial)["mayor"] == "Mayor Ada Brennan"
    # The ignored claim's positions are ignored with it.
    claims = {c["id"]: c for c in kb_json(serial)["claims"]}
    assert [p["stance"] for p in claims["ferry-replaced"]["positions"]] == ["supports"]
    for run in range(2):
        parallel = sphinx_build(copy_root(tmp_path / f"par-src-{run}", src),
                                tmp_path / f"parallel-{run}", parallel=2)
        same_site(serial, parallel)
        assert normal_warnings(parallel) == normal_warnings(serial)


def actor_names(site: BuiltSite) -> dict[str, str]:
    return {a["id"]: a["name"] for a in kb_json(site)["actors"]}


MAYOR = (":::{kb:actor} mayor\n:name: Mayor Ada Brennan\n:kind: person\n"
         ":aliases: Brennan; Mayor Brennan; A. Brennan\n:::\n")


def incremental_steps(tmp_path: Path, steps: list[Callable[[Path], object]]
                      ) -> list[tuple[dict[str, str], str]]:
    """Each step then an incremental build, equal to a full build of the same
    files: the actors' names and the warnings after each."""
    src = copy_root(tmp_path / "src")
    add_duplicates(src)
    out = tmp_path / "incremental"
    sphinx_build(src, out)
    built = []
    for number, step in enumerate(steps):
        step(src)
        incremental = sphinx_build(src, out, fresh=False)
        full = sphinx_build(copy_root(tmp_path / f"full-src-{number}", src),
                            tmp_path / f"full-{number}")
        same_site(full, incremental)
        built.append((actor_names(incremental), incremental.warnings))
    return built


def test_deleting_the_used_actor_falls_back_to_the_other(tmp_path: Path) -> None:
    deleted, restored, alone = incremental_steps(tmp_path, [
        lambda src: edit(src / "actors.md", MAYOR, ""),
        lambda src: edit(src / "actors.md", ":::{kb:actor} council", MAYOR +
                         "\n:::{kb:actor} council"),
        lambda src: (src / "people.md").unlink(),
    ])
    assert deleted[0]["mayor"] == "Mayor Brennan of Riverton"  # was: no mayor
    assert "'mayor'" not in deleted[1]
    assert restored[0]["mayor"] == "Mayor Ada Brennan"
    assert "'mayor': this definition is ignored" in restored[1]
    assert alone[0]["mayor"] == "Mayor Ada Brennan"


def test_deleting_the_used_claim_falls_back_to_the_other(tmp_path: Path) -> None:
    incremental_steps(tmp_path, [
        lambda src: (src / "claims" / "a-ferry.md").unlink(),
        lambda src: (src / "claims" / "a-ferry.md").write_text(CLAIMS_A, encoding="utf-8"),
    ])


def test_the_choice_does_not_depend_on_merge_order() -> None:
    def record(docname: str, line: int) -> ActorRecord:
        return ActorRecord(docname, "kb-actor-x", "x", docname, "person", (), (), "", line)

    def chunk(*records: ActorRecord) -> dict[str, Any]:
        data: dict[str, Any] = {"sources": {}, "passages": {}, "actors": {}, "themes": {},
                                "claims": {}, "events": {}, "positions": {},
                                "placeholders": {}, "references": {}, "shadowed": {}}
        for one in records:  # as the process reading them recorded them
            if "x" in data["actors"]:
                data["shadowed"].setdefault(one.docname, []).append(("actor", "x", one))
            else:
                data["actors"]["x"] = one
        return data

    def merged(*chunks: tuple[list[str], dict[str, Any]]) -> KbDomain:
        domain = KbDomain(SimpleNamespace(domaindata={}))  # type: ignore[arg-type]
        for docnames, data in chunks:
            domain.merge_domaindata(docnames, data)
        return domain

    first = (["b", "c"], chunk(record("c", 9), record("b", 7)))
    second = (["a"], chunk(record("a", 3)))
    one, two = merged(first, second), merged(second, first)
    assert one.actors["x"].docname == two.actors["x"].docname == "a"
    assert {d: sorted(e) for d, e in one.shadowed.items()} == {
        d: sorted(e) for d, e in two.shadowed.items()}
    # The used one goes: the next in order comes back, in either domain.
    for domain in (one, two):
        domain.clear_doc("a")
        assert domain.actors["x"].docname == "b"
        domain.clear_doc("b")
        assert domain.actors["x"].docname == "c" and not domain.shadowed


def test_passage_hashes_are_kept_by_the_passages_digest() -> None:
    """An edit hashes only the sources whose passages changed; a source whose
    passages digest changed is hashed again, never served its old hashes."""
    from kb_ext.derive.duplicates import hashes_of, source_hashes
    from kb_ext.knowledge.records import PassageRecord, SourceMeta, SourceRecord

    text = "one two three four five six seven eight nine"

    def source(source_id: str, digest: str, body: str
               ) -> tuple[SourceRecord, dict[str, PassageRecord]]:
        docname = f"sources/{source_id}"
        passage = PassageRecord(docname, "p1", source_id, 1, body, (1, 1))
        meta = SourceMeta(source_id, source_id, "", "", "", "", False, "", "en", "", "", "",
                          "", "", 9, 0, passages_digest=digest)
        return (SourceRecord(docname, "", meta, (f"{source_id}/p1",)),
                {f"{source_id}/p1": passage})

    record, passages = source("a", "d1", text)
    hashes, kept = hashes_of({"a": record}, passages, {})
    assert hashes["a"] == source_hashes(record, passages) and len(hashes["a"]) == 1
    # Same digest: the kept hashes are used as they are, without hashing.
    marker = frozenset({"kept"})
    again, _ = hashes_of({"a": record}, passages, {"a": ("d1", marker)})
    assert again["a"] is marker
    # Another digest (the text changed): hashed again.
    edited, edited_passages = source("a", "d2", text + " ten")
    fresh, kept = hashes_of({"a": edited}, edited_passages, kept)
    assert fresh["a"] == source_hashes(edited, edited_passages) != hashes["a"]
    assert kept["a"][0] == "d2"
