"""``python -m kb_ext fix-positions`` and the ``kbcheck`` builder of ``make check``.

The probe (tests/roots/test-quiet) cites the railings quote in p1 while only
p2 holds it; a reST page added here does the same. fix-positions shows both
moves as a diff and changes nothing; with ``--apply`` it rewrites exactly
those two lines, no raw article changes, and the next build no longer warns.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, ROOTS
from .pagetext import kb_warnings
from .test_quiet_warnings import EXPECTED, assert_expected, build

RST_PAGE = """:orphan:

Claims in reST
==============

.. kb:claim:: railings
   :statement: Only the railings were replaced.

   .. kb:position:: harbour-notes#p1
      :stance: supports

      only the railings of the pier were replaced
"""
MOVED = "only there: counted as evidence there; cite harbour-notes/p2"


def fix_positions(srcdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kb_ext", "fix-positions", str(srcdir), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture()
def probe(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-quiet", srcdir)
    # Written with Windows line endings, which fix-positions keeps.
    (srcdir / "claims-rst.rst").write_text(RST_PAGE, encoding="utf-8", newline="\r\n")
    return srcdir


def test_shows_then_applies_the_move(probe: Path) -> None:
    pages = {name: (probe / name).read_text(encoding="utf-8")
             for name in ("claims.md", "claims-rst.rst", "actors.md", "index.md")}
    raw = digests(probe / "sources_raw")

    shown = fix_positions(probe)
    assert shown.returncode == 0, shown.stderr
    changed = [line for line in shown.stdout.splitlines()
               if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))]
    assert changed == ["-   .. kb:position:: harbour-notes#p1",
                       "+   .. kb:position:: harbour-notes/p2",
                       "-:::{kb:position} harbour-notes/p1", "+:::{kb:position} harbour-notes/p2",
                       ], shown.stdout
    assert "--- a/claims.md" in shown.stdout and "--- a/claims-rst.rst" in shown.stdout
    assert "2 position(s) to rewrite; run with --apply" in shown.stdout
    # Shown only: nothing written.
    assert {n: (probe / n).read_text(encoding="utf-8") for n in pages} == pages

    applied = fix_positions(probe, "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "2 position(s) rewritten" in applied.stdout
    for name, before in pages.items():
        after = (probe / name).read_text(encoding="utf-8")
        differ = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
                  if a != b]
        expected = {"claims.md": [(":::{kb:position} harbour-notes/p1",
                                   ":::{kb:position} harbour-notes/p2")],
                    "claims-rst.rst": [("   .. kb:position:: harbour-notes#p1",
                                        "   .. kb:position:: harbour-notes/p2")]}
        assert differ == expected.get(name, []), name
    assert digests(probe / "sources_raw") == raw, "a raw article was changed"
    crlf = (probe / "claims-rst.rst").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") == RST_PAGE.count("\n")

    # The build agrees: the warning is gone, the others stay; nothing left to fix.
    _, warnings = build(probe, fresh=True)
    assert_expected(probe, warnings, [row for row in EXPECTED if MOVED not in row[3]])
    again = fix_positions(probe)
    assert "every position cites the passage that holds its quote" in again.stdout


def test_kbcheck_says_what_html_says_and_writes_no_page(probe: Path) -> None:
    (probe / "claims-rst.rst").unlink()
    _, html = build(probe, fresh=True)
    out = probe / "_check"
    for _ in range(2):  # first build, then a rebuild in which nothing changed
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "kbcheck", "--no-color", "-W",
             "--keep-going", "-q",
             str(probe), str(out)], cwd=REPO, capture_output=True, text=True, timeout=300,
            check=False)
        assert result.returncode == 1, "make check passes although there are kb warnings"
        checked = sorted(kb_warnings(result.stderr))
        assert checked == sorted(kb_warnings(html)), result.stderr
        assert not list(out.rglob("*.html")) and not (out / "kb.json").exists()


def test_a_position_in_an_included_file_is_warned_and_fixed_there(tmp_path: Path) -> None:
    """A claims file pulled into a page with ``{include}``: its positions' quote
    warnings point at their line of that file, and fix-positions rewrites it
    (the page's own file holds no such line)."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-quiet", srcdir)
    (srcdir / "claims.md").rename(srcdir / "claims-part.md")
    (srcdir / "claims.md").write_text(
        "---\norphan: true\n---\n# Claims\n\nIntroduction.\n\n```{include} claims-part.md\n```\n",
        encoding="utf-8")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        "exclude_patterns = [", 'exclude_patterns = ["claims-part.md", '), encoding="utf-8")
    part = (srcdir / "claims-part.md").read_text(encoding="utf-8").splitlines()
    line = part.index(":::{kb:position} harbour-notes/p1", 10) + 1  # the one to move
    _, warnings = build(srcdir, fresh=True)
    moved = [(location, message) for location, message, _kind in kb_warnings(warnings)
             if MOVED in message]
    assert moved == [(f"{srcdir / 'claims-part.md'}:{line}", moved[0][1])], warnings
    applied = fix_positions(srcdir, "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "1 position(s) rewritten" in applied.stdout
    fixed = (srcdir / "claims-part.md").read_text(encoding="utf-8").splitlines()
    assert fixed[line - 1] == ":::{kb:position} harbour-notes/p2"
