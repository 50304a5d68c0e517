"""Each page's passages, as a small file the search page reads for a result.

A source result shows the passage that matched and links to its anchor.
Fetching the page to find it would cost its whole HTML (about 40 KB for a
source page), too much for the sharded index's first-query budget, so when a
page is indexed (:mod:`.feed`) its passages, elements with the class
``kb-passage`` and an id outside the ``kb-comments`` section, are written to
``_kb_passages/<docname>.json.gz`` (gzip: a source's text is about 10 KB of
JSON and a third of that compressed; the client inflates it with the
browser's ``DecompressionStream``)::

    {"p": [[anchor, text], ...], "m": [line, ...]}

``text`` is the passage's own words (not the "Cited by" notes kb_ext adds to
it); ``m`` holds the lines of the page's "Actors mentioned" list (an actor's
name and the spellings it is also written in), which the client uses when the
query matched the page only there. A page without passages has no file; a
page no longer built loses its file when the build finishes.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

from docutils import nodes

from ..outputs.files import write_if_changed
from .encoding import dumps

PASSAGE_DIR = "_kb_passages"
SUFFIX = ".json.gz"
PASSAGE = "kb-passage"
SKIPPED = "kb-cited-by"     # notes inside a passage that are not its words
OUTSIDE = "kb-comments"     # a section whose passages are not the article's
MENTIONED = "kb-actors-mentioned"


def _words(node: nodes.Element) -> str:
    text = "".join(child.astext() for child in node.children
                   if not (isinstance(child, nodes.Element) and SKIPPED in child["classes"]))
    return " ".join(text.split())


def passages_of(doctree: nodes.document) -> dict[str, Any] | None:
    """The file's data for a page, or None when it has no passages."""
    found: list[list[str]] = []
    mentioned: list[str] = []
    # One walk in document order, into neither a passage nor the comments.
    stack: list[nodes.Node] = [doctree]
    while stack:
        node = stack.pop()
        if not isinstance(node, nodes.Element):
            continue
        classes = node["classes"]
        if PASSAGE in classes and isinstance(node, nodes.paragraph):
            if node["ids"]:
                found.append([node["ids"][0], _words(node)])
            continue
        if MENTIONED in classes:
            mentioned.extend(line.strip() for line in node.astext().split("\n") if line.strip())
            continue
        if OUTSIDE not in classes:
            stack.extend(reversed(node.children))
    if not found:
        return None
    return {"p": found, "m": mentioned}


def path_of(outdir: Path, docname: str) -> Path:
    return outdir / PASSAGE_DIR / f"{docname}{SUFFIX}"


def write_passages(outdir: Path, docname: str, doctree: nodes.document) -> None:
    data = passages_of(doctree)
    target = path_of(outdir, docname)
    if data is None:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    # mtime 0: the same passages give the same bytes (reproducible builds)
    write_if_changed(target, gzip.compress(dumps(data).encode("utf-8"), 9, mtime=0))


def remove_stale(outdir: Path, docnames: set[str]) -> int:
    """Remove the files of pages not in ``docnames``: how many."""
    root = outdir / PASSAGE_DIR
    removed = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            docname = path.relative_to(root).as_posix().removesuffix(SUFFIX)
            if not name.endswith(SUFFIX) or docname not in docnames:
                path.unlink()
                removed += 1
    return removed
