"""Remove the page files a build generated, and nothing else:
``python -m kb_ext.sources.clean_pages docs`` (``make clean`` runs it).

A file in ``<project>/sources/`` is removed when :func:`.discovery.is_generated`
says kb_ext wrote it, the test the build itself uses before it removes a page
file: the marker line in a ``.kbsource`` file's header or an older ``.md``
stub's front matter. An authored page with the marker further down stays.
Names are handled as paths, never split on blanks, so a file called
``z Makefile .kbsource`` is that one file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .discovery import PAGES_DIR, is_generated, read_page_file


def generated_pages(srcdir: Path) -> list[Path]:
    """The files in ``srcdir/sources/`` that kb_ext wrote (see write_stubs)."""
    pages = srcdir / PAGES_DIR
    try:
        entries = sorted(os.scandir(pages), key=lambda entry: entry.name)
    except OSError:
        return []
    return [pages / entry.name for entry in entries
            if entry.is_file() and is_generated(entry.name, read_page_file(pages / entry.name))]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m kb_ext.sources.clean_pages <sphinx source folder>",
              file=sys.stderr)
        return 2
    failed = 0
    removed = generated_pages(Path(args[0]))
    for path in removed:
        try:
            path.unlink()
        except OSError as error:
            print(f"cannot remove {path}: {error}", file=sys.stderr)
            failed += 1
    print(f"removed {len(removed) - failed} generated page file(s) from "
          f"{Path(args[0]) / PAGES_DIR}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
