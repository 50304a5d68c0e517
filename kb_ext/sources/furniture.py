"""Furniture learnt from the corpus: lines one outlet repeats on its pages.

Sources of one outlet (the same URL host, or else the same sidecar
``outlet`` name) repeat their site's furniture, in any language: a passage or heading
whose text (in ``for_quotes`` form) the cleaner kept on at least
``MIN_PAGES`` pages of an outlet, and on at least ``MIN_SHARE`` of that
outlet's pages, is site furniture, listed with the removed lines as
"repeated on N pages of this outlet".

Passage numbers are citations, so the learnt set is *frozen*: it is written
to a file in the Sphinx project (``kb_furniture_file``, default
``kb-furniture.json``) by an explicit command, ``python -m kb_ext
learn-furniture``, which the curator runs, reviews (the file lists the lines
as text) and commits, like the extract lock. The build only reads it. Adding
an article therefore changes no other page's passages or anchors until the
curator learns again, and a full build, an incremental one and ``-j 2``
read the same file. Learning at build time instead would renumber older
pages whenever a new article of their outlet repeats one of their lines.

Learning is linear in the corpus: each article is cleaned once and its
kept lines hashed into a per-outlet count. A candidate line that occurs in
the project's authored pages (the quotes of positions and claims) is never
learnt, so a quoted line is never removed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..diagnostics import warn
from ..knowledge.domain import kb_domain
from ..normalize import for_quotes, plain, url_host
from .clean import HEADING, PASSAGE, REMOVED, Segment

FORMAT = 1
DEFAULT_FILE = "kb-furniture.json"
#: A line is furniture when an outlet repeats it on this many pages at least ...
MIN_PAGES = 3
#: ... and on at least this share of the outlet's pages (a line on 3 of 500
#: pages is a repeated sentence, not the site's chrome).
MIN_SHARE = 0.1
#: Authored pages searched for quotes a learnt line must not remove.
AUTHORED_SUFFIXES = (".md", ".rst", ".txt")


class Learnt(NamedTuple):
    """One outlet's learnt furniture: normalised line → pages it is on."""

    pages: int
    lines: dict[str, int]


def outlet_key(outlet: str, url: str) -> str:
    """The URL's host without www, or else the outlet name (case-folded): a
    host is spelt one way, a name in a sidecar ("Bay News", "Bay News
    Online") not always."""
    return url_host(url).casefold() or outlet.strip().casefold()


def line_key(segment: Segment) -> str:
    """A kept segment's text as compared across pages (a hard-wrapped passage
    as one line)."""
    return for_quotes(plain(" ".join(line.strip() for line in segment.lines)))


def kept_keys(segments: Iterable[Segment]) -> set[str]:
    return {key for s in segments if s.kind in (PASSAGE, HEADING) and (key := line_key(s))}


def learn(pages: Iterable[tuple[str, list[Segment]]], quotes: Iterable[str] = ()
          ) -> dict[str, Learnt]:
    """Outlet key → learnt furniture, from each page's outlet key and
    segments; a line holding one of ``quotes`` (``for_quotes`` form) is
    never learnt."""
    counts: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for outlet, segments in pages:
        if not outlet:
            continue
        totals[outlet] += 1
        counts.setdefault(outlet, Counter()).update(kept_keys(segments))
    quoted = list(quotes)
    learnt: dict[str, Learnt] = {}
    for outlet, counter in sorted(counts.items()):
        total = totals[outlet]
        lines = {key: n for key, n in sorted(counter.items())
                 if n >= MIN_PAGES and n >= MIN_SHARE * total
                 and not any(quote in key for quote in quoted)}
        if lines:
            learnt[outlet] = Learnt(total, lines)
    return learnt


#: The opening of a position in MyST (``:::{kb:position} id``) or reST.
_POSITION = re.compile(r"^\s*(?P<fence>:{3,}|`{3,})\{kb:position\}"
                       r"|^(?P<indent>\s*)\.\. kb:position::")
_OPTION = re.compile(r"^\s*:[\w-]+:")


def position_quotes(text: str) -> list[str]:
    """The quotes of the ``kb:position`` directives in one authored page."""
    quotes: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        opened = _POSITION.match(lines[index])
        index += 1
        if not opened:
            continue
        body: list[str] = []
        fence = opened.group("fence")
        while index < len(lines):
            line = lines[index]
            if fence and line.strip().startswith(fence[0] * 3) and not line.strip()[3:].strip():
                break
            if not fence and line.strip() and not line.startswith(opened.group("indent") + " "):
                break
            if not _OPTION.match(line):
                body.append(line)
            index += 1
        quote = for_quotes(" ".join(" ".join(body).split()))
        if quote:
            quotes.append(quote)
    return quotes


def authored_quotes(folder: Path, skip: Path | None = None) -> list[str]:
    """The quotes of positions in the project's authored pages (``skip``:
    the sources folder, whose text is no quote)."""
    quotes: list[str] = []
    for path in sorted(folder.rglob("*")):
        if (path.suffix.lower() not in AUTHORED_SUFFIXES or not path.is_file()
                or (skip is not None and path.is_relative_to(skip))
                or any(part.startswith((".", "_")) for part in path.relative_to(folder).parts)):
            continue
        try:
            quotes += position_quotes(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeError):
            continue
    return quotes


def dump(learnt: dict[str, Learnt]) -> str:
    data = {"format": FORMAT, "min_pages": MIN_PAGES, "min_share": MIN_SHARE,
            "outlets": {outlet: {"pages": entry.pages, "lines": entry.lines}
                        for outlet, entry in learnt.items()}}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


class FurnitureFile(NamedTuple):
    learnt: dict[str, Learnt]
    problem: str  # why the file could not be read, or ""


_cache: dict[str, tuple[int, FurnitureFile]] = {}


def read_file(path: Path) -> FurnitureFile:
    """The learnt furniture in ``path`` ({} when absent), read once per
    process while the file is unchanged."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return FurnitureFile({}, "")
    cached = _cache.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        learnt = {str(outlet): Learnt(int(entry["pages"]),
                                      {str(k): int(v) for k, v in entry["lines"].items()})
                  for outlet, entry in data["outlets"].items()}
        result = FurnitureFile(learnt, "")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        result = FurnitureFile({}, f"{type(error).__name__}: {error}")
    _cache[str(path)] = (mtime, result)
    return result


def reason(pages: int) -> str:
    return f"repeated on {pages} pages of this outlet"


def remove_learnt(segments: list[Segment], entry: Learnt | None) -> list[Segment]:
    """``segments`` with the outlet's learnt lines shown as removed."""
    if not entry:
        return segments
    result = []
    for segment in segments:
        pages = entry.lines.get(line_key(segment)) if segment.kind in (PASSAGE, HEADING) else None
        result.append(segment._replace(kind=REMOVED, reason=reason(pages)) if pages else segment)
    return result


def learnt_for(env: BuildEnvironment, outlet: str, url: str) -> Learnt | None:
    """This outlet's entry in the project's furniture file; the page depends
    on the file, so learning again rebuilds the pages it changes."""
    setting = env.config.kb_furniture_file
    if not setting:
        return None
    path = Path(env.srcdir, setting)
    if not path.is_file():
        return None
    env.note_dependency(str(path))
    # An unreadable file is said once per build (_say_unreadable), not here:
    # a warning while reading is kept with the page that happened to be read first.
    return read_file(path).learnt.get(outlet_key(outlet, url))


def _say_unreadable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On every build, before reading: the file cannot be read."""
    setting = env.config.kb_furniture_file
    path = Path(env.srcdir, setting)
    if not setting or not path.is_file():
        return
    found = read_file(path)
    if found.problem:
        warn("furniture", f"the learnt furniture file cannot be read ({found.problem}); no "
             "learnt lines removed. Write it again with python -m kb_ext learn-furniture",
             location=(path, 1))


def _file_state(env: BuildEnvironment) -> int | None:
    """The furniture file's mtime, or None when there is none."""
    setting = env.config.kb_furniture_file
    try:
        return Path(env.srcdir, setting).stat().st_mtime_ns if setting else None
    except OSError:
        return None


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    """Every source page when the furniture file appeared, went or changed
    since the last build: a page read while there was no file has no
    dependency on it to notice its arrival."""
    state = _file_state(env)
    caches = kb_domain(env).caches
    known, previous = caches.furniture_state
    caches.furniture_state = (True, state)
    if not known or previous == state:
        return []
    pages = {record.docname for record in kb_domain(env).sources.values()}
    return sorted(pages - changed - removed)


def setup_furniture(app: Sphinx) -> None:
    app.connect("env-get-outdated", _outdated)
    app.connect("env-before-read-docs", _say_unreadable)
