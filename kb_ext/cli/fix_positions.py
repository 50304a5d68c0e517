"""``python -m kb_ext fix-positions [docs-dir] [--apply]``: cite the passage
that holds the quote.

A position whose quote is not in the cited passage but in exactly one other
passage of its source counts there, with a ``kb.quote`` warning
(:mod:`kb_ext.derive.quotes`). This command rewrites the passage id of each
such position in the curated page that holds it, and nowhere else: it shows
the change as a unified diff, and writes it only with ``--apply``.

Where each quote is comes from a real build: the project is read with the
``kbcheck`` builder into a temporary folder, so the passages are the ones a
build publishes (same cleaning, same ids) and nothing is written to the
project's output. Only the position's own line (the directive's argument) is
changed, and only when it still reads as the build saw it.
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from ..knowledge.domain import kb_domain
from ..state import KnowledgeBase


class Fix(NamedTuple):
    """One position's argument to rewrite."""

    path: Path
    #: 1-based line of the directive (its argument is on it)
    line: int
    source_id: str
    cited: str
    holder: str


def find_fixes(docs: Path) -> tuple[list[Fix], str]:
    """The positions to move, found by a ``kbcheck`` build of ``docs``, and
    the build's warnings."""
    warnings = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="kb-fix-positions-") as out, \
            patch_docutils(docs), docutils_namespace():
        app = Sphinx(str(docs), str(docs), out, str(Path(out) / "doctrees"), "kbcheck",
                     status=io.StringIO(), warning=warnings, freshenv=True)
        app.build()
        evidence = KnowledgeBase(app).evidence()
        domain = kb_domain(app.env)
        fixes = []
        for (docname, node_id), holder in sorted(evidence.moved.items()):
            position = domain.positions.get((docname, node_id))
            if position is None:
                continue
            # The file it is written in: an included file, not its page.
            path = Path(position.path) if position.path else Path(app.env.doc2path(docname))
            fixes.append(Fix(path, position.lineno, position.source_id, position.passage,
                             holder))
    return fixes, warnings.getvalue()


def _argument(fix: Fix) -> re.Pattern[str]:
    """The position's argument as written: ``<source>``, ``<source>/<cited>``
    or ``<source>#<cited>``, right after the directive's name."""
    cited = rf"[/#]{re.escape(fix.cited)}" if fix.cited else r"(?:[/#])?"
    return re.compile(rf"(kb:position\}}?(?:::)?\s+){re.escape(fix.source_id)}{cited}(?=\s*$)")


def rewrite(text: str, fixes: list[Fix]) -> tuple[str, list[str]]:
    """``text`` with each fix's line rewritten; the fixes whose line no longer
    reads as the build saw it are left, and named."""
    lines = text.splitlines(keepends=True)
    skipped = []
    for fix in fixes:
        index = fix.line - 1
        line = lines[index] if 0 <= index < len(lines) else ""
        new, count = _argument(fix).subn(rf"\g<1>{fix.source_id}/{fix.holder}", line, count=1)
        if count:
            lines[index] = new
        else:
            skipped.append(f"{fix.path}:{fix.line}: not changed (the line is not "
                           f"'kb:position {fix.source_id}/{fix.cited}')")
    return "".join(lines), skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kb_ext fix-positions",
        description="Cite the passage that holds each position's quote, when it is the only "
                    "passage of its source that does. Shows a diff; writes with --apply.")
    parser.add_argument("docs", nargs="?", default="docs", type=Path,
                        help="the Sphinx project (the folder holding conf.py); default: docs")
    parser.add_argument("--apply", action="store_true", help="write the changes shown")
    args = parser.parse_args(argv)
    docs = args.docs.resolve()
    if not (docs / "conf.py").is_file():
        print(f"{args.docs}: no conf.py there", file=sys.stderr)
        return 2
    fixes, _ = find_fixes(docs)
    if not fixes:
        print("fix-positions: every position cites the passage that holds its quote")
        return 0
    by_file: dict[Path, list[Fix]] = {}
    for fix in fixes:
        by_file.setdefault(fix.path, []).append(fix)
    problems = []
    for path, file_fixes in sorted(by_file.items()):
        # newline="": a CRLF page keeps its line endings, only the fixed lines change.
        with path.open(encoding="utf-8", newline="") as file:
            old = file.read()
        new, skipped = rewrite(old, file_fixes)
        problems += skipped
        shown = path.relative_to(docs) if path.is_relative_to(docs) else path
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            f"a/{shown}", f"b/{shown}"))
        if args.apply and new != old:
            with path.open("w", encoding="utf-8", newline="") as file:
                file.write(new)
    for problem in problems:
        print(problem, file=sys.stderr)
    moved = len(fixes) - len(problems)
    print(f"fix-positions: {moved} position(s) "
          + ("rewritten" if args.apply else "to rewrite; run with --apply to write them"))
    return 1 if problems else 0
