"""Warnings behave as in Sphinx: the real docs build clean under ``-n -W``,
``suppress_warnings`` silences one ``kb.*`` type (or all of them) and leaves
the rest, and ``-W`` fails a build exactly when a warning is left."""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from .conftest import ROOTS, BuiltSite, copy_project
from .pagetext import kb_warnings
from .test_bad_input import prepare_small

# Every kb.* type the bad-input root produces (kb.directive and kb.config have
# no case there); test_bad_input.py checks each warning itself.
BAD_INPUT_TYPES = {"kb.sidecar", "kb.source", "kb.duplicate", "kb.ref", "kb.quote", "kb.alias"}


def build(srcdir: Path, outdir: Path, *, fail_on_warning: bool = False,
          **confoverrides: Any) -> tuple[int, str]:
    """An in-process build like ``sphinx-build [-W]``: (status code, warnings)."""
    warning = io.StringIO()
    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(str(srcdir), str(srcdir), str(outdir), str(outdir / ".doctrees"), "html",
                     confoverrides=confoverrides, status=io.StringIO(), warning=warning,
                     freshenv=True, warningiserror=fail_on_warning)
        app.build()
    return app.statuscode, warning.getvalue()


@pytest.fixture(scope="module")
def bad_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("warnings") / "src"
    shutil.copytree(ROOTS / "test-badinput", srcdir)
    prepare_small(srcdir)
    return srcdir


@pytest.fixture(scope="module")
def unsuppressed(bad_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Counter[str]:
    status, warnings = build(bad_src, tmp_path_factory.mktemp("unsuppressed"))
    assert status == 0
    return types(warnings)


def types(warnings: str) -> Counter[str]:
    return Counter(kind for _, _, kind in kb_warnings(warnings))


def test_real_docs_have_no_warnings(kb_site: BuiltSite) -> None:
    assert kb_site.warnings == ""
    for path in kb_site.outdir.rglob("*.html"):
        page = kb_site.page(path.relative_to(kb_site.outdir).with_suffix("").as_posix())
        assert not page.select(".system-message, .problematic"), path


def test_real_docs_pass_nitpicky_w(tmp_path: Path) -> None:
    """``make html`` runs ``sphinx-build -n``: the docs must stay clean under ``-n -W``."""
    srcdir = copy_project(tmp_path)
    status, warnings = build(srcdir, tmp_path / "html", fail_on_warning=True, nitpicky=True)
    assert warnings == "" and status == 0, warnings


def test_bad_input_warns_with_every_kb_type(unsuppressed: Counter[str]) -> None:
    assert set(unsuppressed) == BAD_INPUT_TYPES
    assert unsuppressed["kb.quote"] == 1


def test_suppressing_kb_quote_leaves_the_others(bad_src: Path, tmp_path: Path,
                                                unsuppressed: Counter[str]) -> None:
    status, warnings = build(bad_src, tmp_path / "html", suppress_warnings=["kb.quote"])
    expected = unsuppressed.copy()
    del expected["kb.quote"]
    assert types(warnings) == expected, warnings
    assert "quote not found" not in warnings


def test_suppressing_kb_silences_every_kb_warning(bad_src: Path, tmp_path: Path) -> None:
    status, warnings = build(bad_src, tmp_path / "html", suppress_warnings=["kb"])
    assert warnings == "" and status == 0


def test_w_fails_on_kb_warnings_unless_suppressed(bad_src: Path, tmp_path: Path) -> None:
    status, warnings = build(bad_src, tmp_path / "strict", fail_on_warning=True)
    assert status != 0 and "kb.quote" in warnings
    status, warnings = build(bad_src, tmp_path / "quiet", fail_on_warning=True,
                             suppress_warnings=["kb"])
    assert status == 0, warnings


# -- mistakes in kb directives: one kb.* warning each, at its line; the object kept -----

MISTAKES_MD = """---
orphan: true
---
# Mistakes

:::{kb:actor} Big Actor
:name: Big Actor
:kind: person
:colour: red
:aliases: (; .*; ++; the; a; Big A
:::

::::{kb:claim} big claim
:statement: Something big.
:stance: wrong

:::{kb:position} river-2019
:stance: supports
the old bridge was closed to traffic
:::
::::
"""
MISTAKES_RST = """:orphan:

Mistakes in reST
================

.. kb:actor:: Rst Actor
   :name: Rst Actor
   :colour: blue
   :aliases: ++; Rsty
"""
#: (file, line, kb type, words the message holds)
EXPECTED = [
    ("mistakes.md", 6, "kb.directive", "id 'Big Actor' must use only a-z, 0-9 and '-'; using "
                                       "'big-actor'"),
    ("mistakes.md", 9, "kb.directive", "kb:actor has no option :colour:"),
    ("mistakes.md", 10, "kb.alias", "alias '(' of actor 'big-actor' has no letter or digit"),
    ("mistakes.md", 10, "kb.alias", "alias '.*' of actor 'big-actor' has no letter or digit"),
    ("mistakes.md", 10, "kb.alias", "alias '++' of actor 'big-actor' has no letter or digit"),
    ("mistakes.md", 10, "kb.alias", "alias 'the' of actor 'big-actor' is only common words"),
    ("mistakes.md", 10, "kb.alias", "alias 'a' of actor 'big-actor' is only common words"),
    ("mistakes.md", 13, "kb.directive", "id 'big claim' must use only"),
    ("mistakes.md", 15, "kb.directive", "kb:claim has no option :stance:"),
    ("mistakes.md", 17, "kb.directive", "kb:position 'river-2019' names no passage (use "
                                        "<source-id>/p<N>); the quote is in river-2019/p2"),
    ("mistakes-rst.rst", 6, "kb.directive", "id 'Rst Actor' must use only"),
    ("mistakes-rst.rst", 8, "kb.directive", "kb:actor has no option :colour:"),
    ("mistakes-rst.rst", 9, "kb.alias", "alias '++' of actor 'rst-actor' has no letter or digit"),
]


def test_directive_mistakes_warn_once_each_at_their_line(build_root) -> None:
    def prepare(srcdir: Path) -> None:
        (srcdir / "mistakes.md").write_text(MISTAKES_MD, encoding="utf-8")
        (srcdir / "mistakes-rst.rst").write_text(MISTAKES_RST, encoding="utf-8")

    site = build_root("kb", prepare=prepare)
    found = kb_warnings(site.warnings)
    assert len(site.warnings.strip().splitlines()) == len(EXPECTED), site.warnings
    assert len(found) == len(EXPECTED), site.warnings
    for name, line, kind, words in EXPECTED:
        where = f"{site.srcdir / name}:{line}"
        assert any(location == where and kind == found_kind and words in message
                   for location, message, found_kind in found), (name, line, words,
                                                                  site.warnings)
    # The objects are kept, with their other options and their position.
    inventory = site.inventory()
    assert {"big-actor", "rst-actor"} <= set(inventory["kb:actor"])
    export = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    actors = {a["id"]: a for a in export["actors"]}
    assert actors["big-actor"]["kind"] == "person"
    assert actors["big-actor"]["aliases"] == ["Big A"]
    assert actors["rst-actor"]["aliases"] == ["Rsty"]
    claims = {c["id"]: c for c in export["claims"]}
    assert claims["big-claim"]["statement"] == "Something big."
    # No passage named, but the quote is in exactly one: it counts there.
    assert [(p["passage"], p["verified"]) for p in claims["big-claim"]["positions"]] == [
        ("river-2019/p2", True)]
    # 'the' and 'a' were refused: the actor is named in no source.
    big = site.page("mistakes").find(id="kb-actor-big-actor")
    assert "No source mentions this actor." in big.get_text(" ")
