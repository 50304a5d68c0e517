"""The collector thresholds kb_ext raises for a build (kb_ext/collector.py) are
in force while pages are written and are the caller's own again afterwards,
also when the build fails."""

from __future__ import annotations

import gc
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.application import Sphinx

from kb_ext.collector import BUILD_THRESHOLDS

from .conftest import ROOTS, sphinx_build

CALLER = (701, 11, 12)   # not Python's default, so a reset to the default is caught


@pytest.fixture
def caller_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*CALLER)
    yield
    gc.set_threshold(*before)


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOTS / "test-kb", tmp_path / "src")
    return tmp_path / "src"


def _recording(seen: list[tuple[int, ...]], fail: bool = False) -> Any:
    def on_resolved(app: Sphinx, doctree: Any, docname: str) -> None:
        seen.append(gc.get_threshold())
        if fail:
            raise RuntimeError("a handler fails mid-write")

    def setup(app: Sphinx) -> None:
        app.connect("doctree-resolved", on_resolved)
    return setup


def test_thresholds_are_raised_while_writing_and_restored(tmp_path: Path,
                                                          caller_thresholds: None) -> None:
    seen: list[tuple[int, ...]] = []
    site = sphinx_build(_copy(tmp_path), tmp_path / "html", setup=_recording(seen))
    assert (site.outdir / "index.html").is_file()
    assert seen and set(seen) == {BUILD_THRESHOLDS}
    assert gc.get_threshold() == CALLER


def test_thresholds_are_restored_when_the_build_fails(tmp_path: Path,
                                                      caller_thresholds: None) -> None:
    seen: list[tuple[int, ...]] = []
    with pytest.raises(Exception, match="a handler fails mid-write"):
        sphinx_build(_copy(tmp_path), tmp_path / "html", setup=_recording(seen, fail=True))
    assert seen == [BUILD_THRESHOLDS]
    assert gc.get_threshold() == CALLER


def test_thresholds_are_raised_before_the_environment_is_loaded(
        tmp_path: Path, caller_thresholds: None, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _copy(tmp_path)
    sphinx_build(project, tmp_path / "html")
    seen: list[tuple[int, ...]] = []
    load = pickle.load

    def recording_load(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(getattr(file, "name", "")).endswith("environment.pickle"):
            seen.append(gc.get_threshold())
        return load(file, *args, **kwargs)

    monkeypatch.setattr(pickle, "load", recording_load)
    site = sphinx_build(project, tmp_path / "html", fresh=False)
    assert "loading pickled environment" in site.status
    assert seen == [BUILD_THRESHOLDS]
    assert gc.get_threshold() == CALLER


def test_an_application_never_built_does_not_change_what_is_restored(
        tmp_path: Path, caller_thresholds: None) -> None:
    project = _copy(tmp_path)
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    with patch_docutils(project), docutils_namespace():
        Sphinx(str(project), str(project), str(tmp_path / "unused"),
               str(tmp_path / "unused" / ".doctrees"), "html", status=None, warning=None)
    assert gc.get_threshold() == BUILD_THRESHOLDS   # made, never built
    sphinx_build(project, tmp_path / "html")
    assert gc.get_threshold() == CALLER


def test_what_the_build_holds_is_frozen_while_writing_and_freed_after(
        tmp_path: Path, caller_thresholds: None) -> None:
    frozen: list[int] = []

    def setup(app: Sphinx) -> None:
        app.connect("doctree-resolved", lambda *_args: frozen.append(gc.get_freeze_count()))

    before = gc.get_freeze_count()
    sphinx_build(_copy(tmp_path), tmp_path / "html", setup=setup)
    # The environment and what reading made are out of the collector's walks...
    assert frozen and min(frozen) > before + 10_000
    # ...until the build ends: a process that builds again can free them.
    assert gc.get_freeze_count() == 0
