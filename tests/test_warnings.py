"""Warnings behave as in Sphinx: the real docs build clean under ``-n -W``,
``suppress_warnings`` silences one ``kb.*`` type (or all of them) and leaves
the rest, and ``-W`` fails a build exactly when a warning is left."""

from __future__ import annotations

import io
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
