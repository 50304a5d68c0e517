"""``python -m kb_ext learn-furniture [docs-dir]``: learn each outlet's
repeated lines and write them to the project's furniture file.

Every article in ``kb_sources_dir`` is read and cleaned as the build does
(without the curator's corrections), and the lines an outlet repeats are
written to ``kb_furniture_file`` (see :mod:`kb_ext.sources.furniture`),
for the curator to review and commit. The build only reads that file, so
passage numbers change only when this command is run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sphinx.config import eval_config_file
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from ..config import DEFAULTS
from ..sources.clean import Segment
from ..sources.formats import cleaned_segments, read_source
from ..sources.furniture import authored_quotes, dump, learn, outlet_key
from ..sources.ingest import find_articles
from ..sources.page_meta import merged
from ..sources.sidecar import find_sidecars, load_sidecar


def page_segments(path: Path) -> tuple[str, list[Segment]]:
    """One article's outlet key and segments, as the build cleans it."""
    source = read_source(path)
    sidecars = find_sidecars(path)
    sidecar, _ = merged(load_sidecar(sidecars[0] if sidecars else None), source)
    return (outlet_key(sidecar.get("outlet"), sidecar.get("url")),
            cleaned_segments(source, sidecar.get("title")))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb_ext learn-furniture",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?", default="docs", type=Path,
                        help="the Sphinx project (with conf.py); default: docs")
    args = parser.parse_args(argv)
    docs: Path = args.docs.resolve()  # conf.py is run from its own folder
    conf = docs / "conf.py"
    if not conf.is_file():
        print(f"no conf.py in {args.docs}", file=sys.stderr)
        return 2
    try:
        settings = eval_config_file(conf, Tags())
    except ConfigError as error:
        print(f"{conf} cannot be read: {error}", file=sys.stderr)
        return 2
    sources = (docs / settings.get("kb_sources_dir", DEFAULTS["kb_sources_dir"])).resolve()
    name = settings.get("kb_furniture_file", DEFAULTS["kb_furniture_file"])
    if not name:
        print("kb_furniture_file is empty in conf.py: nothing to write", file=sys.stderr)
        return 2
    articles = find_articles(sources)
    learnt = learn((page_segments(path) for path in articles),
                   authored_quotes(docs, skip=sources))
    target = docs / name
    target.write_text(dump(learnt), encoding="utf-8")
    lines = sum(len(entry.lines) for entry in learnt.values())
    print(f"read {len(articles)} article(s); learnt {lines} repeated line(s) of "
          f"{len(learnt)} outlet(s); wrote {target}")
    return 0
