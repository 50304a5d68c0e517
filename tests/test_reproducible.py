"""Reproducible output: a full build, a parallel build and an incremental build
after a sequence of edits produce the same site; with SOURCE_DATE_EPOCH two
full builds are byte-identical; an edit re-writes only the pages it affects.

Uses the small root ``tests/roots/test-repro`` (three articles, three actors,
two claims in two files, a theme, source and claim indexes and the matrix).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.search import js_index

from .conftest import ROOTS, BuiltSite, sphinx_build

ROOT = ROOTS / "test-repro"


def copy_root(destination: Path, source: Path = ROOT) -> Path:
    """A copy of a project without generated stubs (``sources/*.md``)."""
    shutil.copytree(source, destination,
                    ignore=lambda d, names: set(names) if Path(d).name == "sources" else set())
    return destination


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def written(status: str) -> set[str]:
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def read(status: str) -> set[str]:
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status))


# -- the edits, applied in order, with an incremental build after each ----------

def add_article(src: Path) -> None:
    (src / "sources_raw" / "notes.txt").write_text(
        "Council notes\n\nThe councillors voted to rebuild the bridge by 2021, and Mayor Brennan "
        "promised that the work would start in the spring.\n", encoding="utf-8")
    (src / "sources_raw" / "notes.yaml").write_text(
        "id: notes\ntitle: Council notes\noutlet: Riverton Council\nkind: minutes\n"
        "published: 2019-09\nlanguage: en\n", encoding="utf-8")


def change_article(src: Path) -> None:
    edit(src / "sources_raw" / "gazette.txt", "Critics of Mayor Brennan say",
         "Critics of the mayor say")


def delete_article(src: Path) -> None:
    (src / "sources_raw" / "radio.txt").unlink()
    (src / "sources_raw" / "radio.yaml").unlink()


def change_quote(src: Path) -> None:
    edit(src / "claims" / "bridge.md", "the old bridge was closed to traffic in March 2019",
         "closed to traffic in March 2019 after engineers found cracks")


def rename_alias(src: Path) -> None:
    edit(src / "actors.md", ":aliases: town council; councillors",
         ":aliases: town council; council members")


def change_statement(src: Path) -> None:
    """Not only the claim page: every page linking to the claim shows its statement."""
    edit(src / "claims" / "ferry.md", ":statement: A ferry replaced the bridge",
         ":statement: A ferry service replaced the bridge")


def retitle_article(src: Path) -> None:
    """A sidecar edit: the title is the link text of every reference to the source."""
    edit(src / "sources_raw" / "times.yaml", "title: Bridge closed",
         "title: Riverton bridge closed")


EDITS: list[Callable[[Path], None]] = [add_article, change_article, delete_article,
                                       change_quote, rename_alias, change_statement,
                                       retitle_article]


@dataclass
class Sequence:
    incremental: BuiltSite
    reference: BuiltSite
    parallel: BuiltSite
    steps: dict[str, BuiltSite] = field(default_factory=dict)
    #: step -> docnames whose HTML or words in the search index differ from before the step
    changed: dict[str, set[str]] = field(default_factory=dict)


def search_terms(outdir: Path) -> dict[str, frozenset[str]]:
    """docname -> the terms Sphinx's search index lists it under (a page's
    words for the index can change while its HTML does not: the aliases of
    the actors a source names)."""
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    # kb_ext's search client comes first, then Sphinx's own index, unchanged.
    index = js_index.loads(text[text.rindex("Search.setIndex("):])
    terms: dict[str, set[str]] = {name: set() for name in index["docnames"]}
    for kind in ("terms", "titleterms"):
        for term, docs in index[kind].items():
            for doc in [docs] if isinstance(docs, int) else docs:
                terms[index["docnames"][doc]].add(f"{kind}:{term}")
    return {name: frozenset(found) for name, found in terms.items()}


def snapshot(outdir: Path) -> dict[str, object]:
    terms = search_terms(outdir)
    return {name: (path.read_text(encoding="utf-8"), terms.get(name))
            for path in outdir.rglob("*.html")
            if ".doctrees" not in path.parts and path.parent.name != "_static"
            for name in [path.relative_to(outdir).with_suffix("").as_posix()]}


@pytest.fixture(scope="module")
def sequence(tmp_path_factory: pytest.TempPathFactory) -> Sequence:
    base = tmp_path_factory.mktemp("repro")
    src = copy_root(base / "src")
    out = base / "incremental"
    first = sphinx_build(src, out)
    assert first.warnings == "", first.warnings
    steps, changed = {}, {}
    for step in EDITS:
        before = snapshot(out)
        step(src)
        steps[step.__name__] = sphinx_build(src, out, fresh=False)
        after = snapshot(out)
        changed[step.__name__] = {doc for doc in after if before.get(doc) != after[doc]}
    final = steps[EDITS[-1].__name__]
    reference = sphinx_build(copy_root(base / "ref-src", src), base / "reference")
    parallel = sphinx_build(copy_root(base / "par-src", src), base / "parallel", parallel=2)
    return Sequence(final, reference, parallel, steps, changed)


def html_pages(site: BuiltSite) -> dict[str, Path]:
    return {path.relative_to(site.outdir).as_posix(): path
            for path in site.outdir.rglob("*.html") if ".doctrees" not in path.parts}


def normalised(path: Path) -> str:
    """Page HTML with trailing whitespace dropped (the only allowed difference)."""
    return "\n".join(line.rstrip() for line in path.read_text(encoding="utf-8").splitlines())


def assert_same_pages(reference: BuiltSite, other: BuiltSite, stale: set[str] = frozenset()
                      ) -> None:
    expected, got = html_pages(reference), html_pages(other)
    assert set(got) - set(expected) <= stale, sorted(set(got) ^ set(expected))
    assert set(expected) <= set(got), sorted(set(expected) - set(got))
    differ = [name for name in sorted(expected)
              if normalised(expected[name]) != normalised(got[name])]
    assert not differ, f"pages differ from a fresh full build: {differ}"


def inventory(site: BuiltSite) -> dict[str, dict[str, tuple[str, ...]]]:
    return {objtype: {name: (item.project_name, item.project_version, item.uri,
                             item.display_name)
                      for name, item in items.items()}
            for objtype, items in site.inventory().items()}


def kb_json(site: BuiltSite) -> object | None:
    path = site.outdir / "kb.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def test_reference_build_is_the_final_state(sequence: Sequence) -> None:
    sources = set(inventory(sequence.reference)["kb:source"])
    assert sources == {"times", "gazette", "notes"}
    # The deleted article was cited by a claim: the one expected warning.
    assert "radio" in sequence.reference.warnings and "kb.ref" in sequence.reference.warnings


def test_incremental_build_matches_full_build(sequence: Sequence) -> None:
    # Sphinx never deletes output files; the deleted article's old page may stay.
    assert_same_pages(sequence.reference, sequence.incremental, stale={"sources/radio.html"})


def test_parallel_build_matches_serial_build(sequence: Sequence) -> None:
    # Sphinx reports parallel chunks as "first .. last".
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", sequence.parallel.status)
    assert "kb.ref" in sequence.parallel.warnings
    assert_same_pages(sequence.reference, sequence.parallel)


def test_stale_page_of_deleted_article_is_unreachable(sequence: Sequence) -> None:
    for name, path in html_pages(sequence.incremental).items():
        if name != "sources/radio.html":
            assert "radio.html" not in path.read_text(encoding="utf-8"), name
    assert "radio" not in inventory(sequence.incremental)["kb:source"]
    searchindex = (sequence.incremental.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert '"sources/radio"' not in searchindex


def test_inventories_match(sequence: Sequence) -> None:
    reference = inventory(sequence.reference)
    assert inventory(sequence.incremental) == reference
    assert inventory(sequence.parallel) == reference


def test_kb_json_matches(sequence: Sequence) -> None:
    reference = kb_json(sequence.reference)
    assert kb_json(sequence.incremental) == reference
    assert kb_json(sequence.parallel) == reference


def test_evidence_files_match(sequence: Sequence) -> None:
    reference = evidence_files(sequence.reference)
    assert evidence_files(sequence.incremental) == reference
    assert evidence_files(sequence.parallel) == reference


def test_each_edit_rereads_only_what_changed(sequence: Sequence) -> None:
    steps = sequence.steps
    assert read(steps["add_article"].status) == {"sources/notes"}
    assert read(steps["change_article"].status) == {"sources/gazette"}
    assert read(steps["delete_article"].status) == set()
    assert read(steps["change_quote"].status) == {"claims/bridge"}
    assert read(steps["rename_alias"].status) == {"actors"}
    assert read(steps["change_statement"].status) == {"claims/ferry"}
    assert read(steps["retitle_article"].status) == {"sources/times"}


@pytest.mark.parametrize("step", [edit.__name__ for edit in EDITS])
def test_each_edit_rewrites_only_pages_that_change(sequence: Sequence, step: str) -> None:
    """Every page written by an incremental build differs from before, in its
    HTML or its words in the search index: no needless re-writes (missing ones
    show as differences from the full build)."""
    assert written(sequence.steps[step].status) <= sequence.changed[step]


def test_claim_quote_edit_rewrites_only_the_claim_page(sequence: Sequence) -> None:
    # The quote appears on the claim page only; the cited passage's "Cited by"
    # note shows the claim's statement and stance, which did not change.
    assert written(sequence.steps["change_quote"].status) == {"claims/bridge"}


def test_alias_rename_rewrites_pages_whose_mentions_change(sequence: Sequence) -> None:
    # "councillors" is no longer an alias: gazette and notes lose a council
    # mention; times keeps the council's aliases for the search index;
    # the actor page changes; the claims do not.
    assert written(sequence.steps["rename_alias"].status) == {
        "actors", "sources/gazette", "sources/notes", "sources/times"}


def test_renamed_claim_and_source_update_every_link_to_them(sequence: Sequence) -> None:
    """``about`` only links to the claim and the source: their link texts are
    the claim's statement and the source's title, so it must be re-written."""
    assert "about" in written(sequence.steps["change_statement"].status)
    assert "about" in written(sequence.steps["retitle_article"].status)


def test_unchanged_rebuild_does_nothing(tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src")
    sphinx_build(src, tmp_path / "html")
    again = sphinx_build(src, tmp_path / "html", fresh=False)
    assert (read(again.status), written(again.status)) == (set(), set())


# -- one claim edit, on its own --------------------------------------------------

def test_claim_edit_incremental_matches_full_and_rewrites_only_affected(
        tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src")
    out = tmp_path / "incremental"
    assert sphinx_build(src, out).warnings == ""
    edit(src / "claims" / "ferry.md", ":stance: reports\na ferry replaced it",
         ":stance: supports\na ferry replaced it")
    incremental = sphinx_build(src, out, fresh=False)
    assert incremental.warnings == ""
    assert read(incremental.status) == {"claims/ferry"}
    # The stance shows on the claim page, on the cited passage of "times"
    # ("Cited by"), in the claim index (stance counts), in the matrix and on
    # the theme page (stances per source); "radio" supports the claim too, so
    # its "Agrees most with" now names "times".
    assert written(incremental.status) == {"claims/ferry", "sources/times", "index", "matrix",
                                           "themes", "sources/radio"}
    radio = BeautifulSoup((incremental.outdir / "sources" / "radio.html").read_text(
        encoding="utf-8"), "html.parser")
    assert "Bridge closed" in [a.get_text() for a in radio.select(
        "ul.kb-agreement-sources a.kb-source-link")]
    full = sphinx_build(copy_root(tmp_path / "full-src", src), tmp_path / "full")
    assert_same_pages(full, incremental)
    assert inventory(incremental) == inventory(full)
    assert kb_json(incremental) == kb_json(full)


# -- SOURCE_DATE_EPOCH -------------------------------------------------------------

def output_files(site: BuiltSite) -> dict[str, bytes]:
    return {path.relative_to(site.outdir).as_posix(): path.read_bytes()
            for path in sorted(site.outdir.rglob("*"))
            if path.is_file() and ".doctrees" not in path.parts}


def test_source_date_epoch_builds_are_byte_identical(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = sphinx_build(copy_root(tmp_path / "one"), tmp_path / "one-html")
    two = sphinx_build(copy_root(tmp_path / "two"), tmp_path / "two-html")
    first, second = output_files(one), output_files(two)
    assert "objects.inv" in first and "index.html" in first
    assert set(first) == set(second)
    differ = sorted(name for name in first if first[name] != second[name])
    assert not differ, f"not byte-identical: {differ}"


def evidence_files(site: BuiltSite) -> dict[str, str]:
    folder = site.outdir / "_static" / "kb-evidence"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.js"))}


def test_build_interrupted_after_reading_is_made_good_by_the_next(tmp_path: Path) -> None:
    """Sphinx saves the environment before writing (and deletes it only when
    the build raises an Exception): a build that reads an edit and is then
    interrupted (Ctrl-C) must not leave kb.json and tooltip data behind for good."""
    src = copy_root(tmp_path / "src")
    out = tmp_path / "html"
    sphinx_build(src, out)
    retitle_article(src)

    def interrupt(app: Sphinx, exception: Exception | None) -> None:
        raise KeyboardInterrupt

    def interrupt_first(app: Sphinx) -> None:
        app.connect("build-finished", interrupt, priority=100)

    with pytest.raises(KeyboardInterrupt):
        sphinx_build(src, out, fresh=False, setup=interrupt_first)
    after = sphinx_build(src, out, fresh=False)
    assert read(after.status) == set()  # nothing left to read: the edit was read before
    reference = sphinx_build(copy_root(tmp_path / "ref-src", src), tmp_path / "reference")
    assert "Riverton bridge closed" in json.dumps(kb_json(after))
    assert kb_json(after) == kb_json(reference)
    assert evidence_files(after) == evidence_files(reference)
