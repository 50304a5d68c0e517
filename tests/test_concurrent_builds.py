"""Two builds of one project into one output folder at once (two ``make
html`` in one checkout): both finish, the second waits for the first and
says so, and the site is the one a single build makes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from .conftest import ROOTS, sphinx_build
from .test_reproducible import assert_same_pages, copy_root, kb_json
from .test_reproducible import edit as replace


def _build(src: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "sphinx", "-b", "html", "--no-color",
                             str(src), str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_builds_at_once_both_finish_and_agree(tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src", ROOTS / "test-views")
    out = tmp_path / "html"
    first = sphinx_build(src, out)
    assert first.warnings == ""
    replace(src / "sources_raw" / "times.yaml", "title: Bridge closed", "title: The bridge shut")
    builds = [_build(src, out), _build(src, out)]
    results = [build.communicate(timeout=300) for build in builds]
    for build, (_stdout, stderr) in zip(builds, results, strict=True):
        assert build.returncode == 0, stderr
        assert "Traceback" not in stderr, stderr
    assert any("another build is writing" in stdout for stdout, _ in results), results
    reference = sphinx_build(copy_root(tmp_path / "ref", src), tmp_path / "reference")
    after = sphinx_build(src, out, fresh=False)
    assert_same_pages(reference, after)
    assert kb_json(after) == kb_json(reference)
    # Files kb_ext writes through a temporary name are readable by all, as before.
    mode = stat.S_IMODE(os.stat(out / "kb.json").st_mode)
    assert mode & stat.S_IROTH, oct(mode)
