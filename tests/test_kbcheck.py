"""``make check`` (the ``kbcheck`` builder) on articles with problems of their own.

The probe is tests/roots/test-quiet plus two articles written here: one with
no sidecar, one whose sidecar has a date that is no date and a grade that is
no grade. Under ``kbcheck`` a generated source page records its source and
passages but builds none of the page (kb_ext/sources/page.py): the warnings
must still be those of an html build, serial and ``-j 2``, from scratch and
after an edit, and the page must really be left unbuilt.
"""

from __future__ import annotations

import gc
import io
import shutil
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
import sphinx.util.docutils
from docutils import nodes
from docutils.readers import standalone
from sphinx.application import Sphinx
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace, patch_docutils

from kb_ext import _compat
from kb_ext.compact import kb_passage

from .conftest import REPO, ROOTS
from .pagetext import kb_warnings
from .test_quiet_warnings import EXPECTED, assert_expected, build

#: The warnings of the two added articles: (file, line, type, words).
ADDED = [
    ("sources_raw/loose.txt", 1, "kb.sidecar",
     "no metadata sidecar (expected loose.yaml); not found: outlet, kind, published, language"),
    ("sources_raw/dredging.yaml", 5, "kb.sidecar", "published: '2021-13-45' is not a date"),
    ("sources_raw/dredging.yaml", 7, "kb.sidecar",
     "reliability: 'Z' is not an Admiralty source grade"),
]
#: After the edit p3 holds the quote claims.md:24 cites, no longer the one
#: claims.md:35 cites, and the date is one.
FIXED = ("claims.md", 24), ("sources_raw/dredging.yaml", 5)
BROKEN = ("claims.md", 35, "kb.quote", "quote not found in harbour-notes/p3: 'the dredging of "
          "the channel was paid for by the town'")


@pytest.fixture()
def probe(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-quiet", srcdir)
    raw = srcdir / "sources_raw"
    (raw / "loose.txt").write_text(
        "Tide tables\n\nThe tide tables for the harbour were printed in March.\n",
        encoding="utf-8")
    (raw / "dredging.txt").write_text(
        "Dredging notes\n\nThe channel was dredged in May, the board said.\n", encoding="utf-8")
    (raw / "dredging.yaml").write_text(
        "id: dredging\ntitle: Dredging notes\noutlet: Harbour Courier\nkind: news report\n"
        "published: 2021-13-45\nlanguage: en\nreliability: Z\n", encoding="utf-8")
    (srcdir / "typeset.md").write_text('---\norphan: true\n---\n# Typeset\n\n'
                                       'The board said "no" -- twice.\n', encoding="utf-8")
    return srcdir


def check(srcdir: Path, *options: str) -> tuple[int, str]:
    """``sphinx-build -b kbcheck -W --keep-going`` as ``make check`` runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "kbcheck", "--no-color", "-W",
         "--keep-going", "-q", *options,
         str(srcdir), str(srcdir / "_check")], cwd=REPO, capture_output=True, text=True,
        timeout=300, check=False)
    return result.returncode, result.stderr


def edit(srcdir: Path) -> None:
    article = srcdir / "sources_raw" / "harbour.txt"
    text = article.read_text(encoding="utf-8")
    edited = text.replace("According to the minutes, the dredging of the channel was paid",
                          "According to the minutes, the board denied every word of the report")
    assert edited != text
    article.write_text(edited, encoding="utf-8")
    sidecar = srcdir / "sources_raw" / "dredging.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("2021-13-45", "2021-11-05"),
                       encoding="utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_check_says_what_html_says(probe: Path, jobs: int) -> None:
    _, html = build(probe, fresh=True, parallel=jobs if jobs > 1 else 0)
    status, checked = check(probe, "-j", str(jobs))
    assert status == 1, "make check passes although there are kb warnings"
    assert sorted(kb_warnings(checked)) == sorted(kb_warnings(html)), checked
    assert_expected(probe, checked, EXPECTED + ADDED)
    assert not list((probe / "_check").rglob("*.html"))


def test_incremental_check_follows_an_edit(probe: Path) -> None:
    check(probe)
    edit(probe)
    _, checked = check(probe)
    _, again = check(probe)  # nothing changed: still said
    _, html = build(probe, fresh=True)
    expected = [row for row in EXPECTED + ADDED if (row[0], row[1]) not in FIXED] + [BROKEN]
    assert len(expected) == len(EXPECTED + ADDED) - 1
    for warnings in (checked, again):
        assert sorted(kb_warnings(warnings)) == sorted(kb_warnings(html)), warnings
        assert_expected(probe, warnings, expected)


def _read_doctrees(srcdir: Path, builder: str, doctrees: Path) -> dict[str, nodes.document]:
    """An in-process build of ``srcdir``: each document as Sphinx read it
    (at ``doctree-read``, after every transform, before it would be pickled)."""
    read: dict[str, nodes.document] = {}

    def keep(app: Sphinx, doctree: nodes.document) -> None:
        read[app.env.docname] = doctree.deepcopy()

    nocolor()
    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(str(srcdir), str(srcdir), str(srcdir / "_out" / builder), str(doctrees),
                     builder, status=io.StringIO(), warning=io.StringIO(), freshenv=True)
        app.connect("doctree-read", keep, priority=900)
        app.build()
    return read


def test_check_builds_no_source_page(probe: Path) -> None:
    built = _read_doctrees(probe, "html", probe / "_build" / "doctrees")
    checked = _read_doctrees(probe, "kbcheck", probe / "_check" / ".doctrees")
    html, page = built["sources/harbour-notes"], checked["sources/harbour-notes"]
    # SmartQuotes is off for the check only: a curated page keeps its typing.
    typed = [doctrees["typeset"].astext().splitlines()[-1] for doctrees in (built, checked)]
    assert typed == ["The board said \u201cno\u201d \u2013 twice.", 'The board said "no" -- twice.']
    # Four paragraphs, the last cut by an advertisement: three passages.
    assert len(list(html.findall(kb_passage))) == 3
    assert not list(page.findall(kb_passage))
    titles = [t.astext() for doc in (html, page) for t in doc.findall(nodes.title)]
    assert titles == ["Notes from the harbour"] * 2
    # No doctree is written by the check (none is ever read back), only the environment.
    assert sorted(p.name for p in (probe / "_check" / ".doctrees").rglob("*.doctree")) == []
    assert (probe / "_check" / ".doctrees" / "environment.pickle").is_file()
    assert (probe / "_build" / "doctrees" / "sources" / "harbour-notes.doctree").is_file()


@pytest.mark.parametrize("jobs", [1, 2])
def test_html_after_a_check_in_one_doctree_folder_reads_again(probe: Path, jobs: int) -> None:
    """A check and then an html build with one doctree folder: the html build
    reads again what the check read (it left no doctree, and a source page's
    would be its title only) and writes the pages an html build alone writes."""
    shared, alone = probe / "_shared", probe / "_alone"
    options = ("-j", str(jobs))
    assert check(probe, "-d", str(shared), *options)[0] == 1

    def html(doctrees: Path, out: Path) -> dict[str, str]:
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", *options,
                        "-d", str(doctrees), str(probe), str(out)], cwd=REPO,
                       capture_output=True, text=True, timeout=300, check=True)
        return {str(page.relative_to(out)): page.read_text(encoding="utf-8")
                for page in sorted(out.rglob("*.html"))}

    after_check = html(shared, probe / "_html-shared")
    assert after_check == html(alone, probe / "_html-alone")
    assert after_check["sources/harbour-notes.html"].count('class="kb-passage') == 3
    # A check after the html build reads nothing again and still says every warning.
    _, again = check(probe, "-d", str(shared), *options)
    assert "reading sources" not in again
    assert_expected(probe, again, EXPECTED + ADDED)


def test_reused_settings_are_fresh_for_each_document() -> None:
    """The private function ``_compat.reuse_document_settings`` wraps is there,
    and each document gets settings of its own from the one parser."""
    assert _compat.reuse_document_settings(), \
        "_compat.reuse_document_settings: sphinx.util.docutils._get_settings is gone"
    wrapped = sphinx.util.docutils._get_settings
    assert getattr(wrapped, "kb_reused", False)
    first = wrapped(standalone.Reader, defaults={"env": None, "report_level": 4})
    second = wrapped(standalone.Reader, defaults={"env": None, "report_level": 4})
    assert first is not second and first.report_level == second.report_level == 4
    first.report_level = 1
    assert wrapped(standalone.Reader, defaults={"env": None, "report_level": 4}).report_level == 4


class _Env:
    """Stands in for an environment: the defaults hold one."""


def test_reused_settings_keep_no_earlier_environment_alive() -> None:
    """A process that builds many projects keeps one environment through the
    cached parsers, not each one it read."""
    assert _compat.reuse_document_settings()
    wrapped = sphinx.util.docutils._get_settings
    earlier = _Env()
    gone = weakref.ref(earlier)
    wrapped(standalone.Reader, defaults={"env": earlier, "report_level": 4})
    del earlier
    later = _Env()
    assert wrapped(standalone.Reader, defaults={"env": later, "report_level": 3}).report_level == 3
    gc.collect()
    assert gone() is None


def test_myst_scratch_document_is_a_fresh_document() -> None:
    """MyST's ``make_document`` is still there to replace, and the replacement
    gives what docutils' own defaults give, a new document each time."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser as RSTParser
    from myst_parser.mdit_to_docutils import base

    assert _compat.skip_myst_scratch_document(), \
        "_compat.skip_myst_scratch_document: myst_parser's base.make_document is gone"
    assert getattr(base.make_document, "kb_reused", False)
    first, second = base.make_document(), base.make_document("page.md")
    assert first is not second and first.settings is not second.settings
    assert second["source"] == "page.md"
    expected = vars(get_default_settings(RSTParser))
    # new_document gives each document a DependencyList of its own (compared by identity).
    assert first.settings.record_dependencies is not second.settings.record_dependencies
    assert ({k: v for k, v in vars(first.settings).items() if k != "record_dependencies"}
            == {k: v for k, v in expected.items() if k != "record_dependencies"})
