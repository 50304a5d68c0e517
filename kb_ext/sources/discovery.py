"""Find the articles and give each a page ``sources/<id>``.

Runs on ``builder-inited``, before Sphinx looks for documents: it reads only
the sidecars' ids, settles duplicates, and writes one tiny stub page per
article into the Sphinx project: ``sources/<id>.kbsource``, which holds
nothing but the slug-safe id. kb_ext's own parser (:class:`.page.SourceStubParser`)
reads the article when it reads that page, and records the raw file and sidecar
as dependencies of that page alone. A stub is rewritten only when its content
changes, so unchanged articles are not re-read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.matching import Matcher

from ..config import sources_dir_is_set
from ..diagnostics import warn
from ..knowledge.domain import kb_domain
from .found import FoundSource, SidecarIds
from .ingest import UNREADABLE, find_articles
from .sidecar import (
    ID_PATTERN,
    SidecarLoader,
    find_sidecars,
    short_repr,
    slugify,
    yaml_text,
)

STUB_MARKER = "kb_generated: true"
#: Generated pages have a file type of their own, read by kb_ext's parser.
STUB_SUFFIX = ".kbsource"
STUB_FILETYPE = "kb_source"
PAGES_DIR = "sources"
#: Longest source id used as written. The id names the page file, the HTML
#: file, the doctree and the tooltip file; ids of 234 characters and more
#: made file names too long for the file system. A longer id is cut and ends
#: in a hash of the whole id.
MAX_ID_LENGTH = 100
_ID_HASH_CHARS = 12


def _sidecar_id(sidecar: Path | None) -> tuple[str | None, int]:
    """The sidecar's ``id`` and its line, or None when it has no usable id."""
    if sidecar is None:
        return None, 1
    try:
        text, _problems = yaml_text(sidecar.read_bytes().decode("utf-8-sig"))
        node = yaml.compose(text, Loader=SidecarLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None, 1
    found: tuple[str | None, int] = (None, 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:  # the last "id" wins, as when the sidecar is loaded
            if key.value == "id" and isinstance(value, yaml.ScalarNode) and value.value:
                text = str(value.value)
                found = (text if ID_PATTERN.fullmatch(text) else slugify(text),
                         key.start_mark.line + 1)
    return found


def _cached_sidecar_id(sidecar: Path | None, cache: SidecarIds, fresh: SidecarIds
                       ) -> tuple[str | None, int]:
    """``_sidecar_id``, re-parsed only when the file's size or mtime changed."""
    if sidecar is None:
        return None, 1
    try:
        stat = sidecar.stat()
    except OSError:
        return _sidecar_id(sidecar)
    key = str(sidecar)
    cached = cache.get(key)
    if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        fresh[key] = cached
        return cached[2], cached[3]
    source_id, line = _sidecar_id(sidecar)
    fresh[key] = (stat.st_mtime_ns, stat.st_size, source_id, line)
    return source_id, line


def fit_id(source_id: str) -> str:
    """``source_id``, or for one longer than :data:`MAX_ID_LENGTH` its first
    characters, ``-`` and 12 hex digits of its SHA-256: the same short id in
    every build, a different one for every long id."""
    if len(source_id) <= MAX_ID_LENGTH:
        return source_id
    digest = hashlib.sha256(source_id.encode("utf-8")).hexdigest()[:_ID_HASH_CHARS]
    return f"{source_id[:MAX_ID_LENGTH - _ID_HASH_CHARS - 1].rstrip('-')}-{digest}"


def _fitted(source_id: str, article: Path, sidecar: Path | None, line: int,
            from_sidecar: bool) -> str:
    """``fit_id``, with one warning where the long id was written."""
    fitted = fit_id(source_id)
    if fitted != source_id:
        where = "sidecar id" if from_sidecar else "file name"
        warn("sidecar" if from_sidecar else "source",
             f"source id {short_repr(source_id)} (from the {where}) has {len(source_id)} "
             f"characters, more than {MAX_ID_LENGTH} can name files; the article is "
             f"published as {fitted!r}, cite it by that id",
             location=(sidecar, line) if from_sidecar and sidecar else (article, 1))
    return fitted


def _target(link: Path) -> str:
    try:
        return str(Path(os.readlink(link)))
    except OSError:
        return "?"


def _outside(path: Path, folder: Path) -> Path | None:
    """Where ``path`` leads when it is a symbolic link out of ``folder``."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return None
    return None if target.is_relative_to(folder) else target


def _report_links(links: list[Path]) -> None:
    """A symbolic link to a folder is not followed, and a broken link is
    skipped: each says so in a warning."""
    for link in links:
        if link.is_dir():
            warn("source", f"{link.name} is a symbolic link to the folder {_target(link)}; "
                 "kb_ext does not follow links to folders, so no article in it is published",
                 location=(link, 1))
        else:
            warn("source", f"{link.name} is a symbolic link to {_target(link)}, which does not "
                 "exist; skipped", location=(link, 1))


def _report_outside(folder: Path, article: Path, sidecar: Path | None) -> None:
    """An article or sidecar linked from outside the sources folder is read
    from there, with a warning naming the link and its target."""
    for path, subtype in ((article, "source"), (sidecar, "sidecar")):
        target = _outside(path, folder) if path else None
        if path and target:
            warn(subtype, f"{path.name} is a symbolic link to {target}, outside "
                 f"kb_sources_dir ({folder}); it is read from there", location=(path, 1))


def discover(directory: Path, cache: SidecarIds | None = None,
             fresh: SidecarIds | None = None) -> list[FoundSource]:
    """Articles in ``directory`` with unique ids; duplicates warn and get a
    suffix from their file name so that no article is dropped. ``cache`` holds
    ids read by the previous build; ``fresh`` receives this build's."""
    found: list[FoundSource] = []
    taken: dict[str, Path] = {}
    cache = {} if cache is None else cache
    fresh = {} if fresh is None else fresh
    links: list[Path] = []
    unreadable: list[Path] = []
    articles = find_articles(directory, links, unreadable)
    _report_links(links)
    for path in unreadable:
        warn("source", f"{path.name} is {UNREADABLE[path.suffix.lower()]}, which kb_ext cannot "
             "read; it is not published. Save it beside as HTML (.html), PDF or text (.txt)",
             location=(path, 1))
    folder = directory.resolve()
    for article in articles:
        sidecars = find_sidecars(article)
        sidecar = sidecars[0] if sidecars else None
        for other in sidecars[1:]:
            warn("sidecar", f"{other.name} is not read: {article.name} already has the sidecar "
                 f"{sidecars[0].name} (merge them, or remove one)", location=(other, 1))
        _report_outside(folder, article, sidecar)
        source_id, line = _cached_sidecar_id(sidecar, cache, fresh)
        from_sidecar = source_id is not None
        source_id = _fitted(source_id or slugify(article.stem), article, sidecar, line,
                            from_sidecar)
        if source_id == "index":  # sources/index is the sources index page
            source_id = "index-source"
            warn("sidecar" if from_sidecar else "source",
                 "source id 'index' is the name of the sources index page; the article is "
                 "published as 'index-source', cite it by that id",
                 location=(sidecar, line) if from_sidecar and sidecar else (article, 1))
        if source_id in taken:
            unique = fit_id(f"{source_id}-{slugify(article.stem)}")
            n = 2
            while unique in taken:
                unique, n = fit_id(f"{source_id}-{slugify(article.stem)}-{n}"), n + 1
            warn("duplicate", f"source id {source_id!r} is already used by {taken[source_id]}; "
                 f"this article ({article.name}) is published as {unique!r}",
                 location=(sidecar or article, line))
            source_id = unique
        taken[source_id] = article
        found.append(FoundSource(source_id, str(article), str(sidecar or ""),
                                 f"{PAGES_DIR}/{source_id}"))
    return found


def stub_text(source_id: str) -> str:
    """A generated page file: read by :class:`.page.SourceStubParser`, never by
    a markup parser."""
    return (f"# The page of one source article, written by kb_ext; do not edit.\n"
            f"{STUB_MARKER}\nsource: {source_id}\n")


def stub_source_id(text: str) -> tuple[str | None, int]:
    """The source id a page file names, and its line."""
    for number, line in enumerate(text.splitlines(), start=1):
        key, colon, value = line.partition(":")
        if colon and key.strip() == "source" and value.strip():
            return value.strip(), number
    return None, 1


#: How many lines at the top of a page file may hold the marker.
HEADER_LINES = 5


def read_page_file(path: Path) -> str:
    """A page file's text as :func:`is_generated` reads it ('' when unreadable)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            return stream.read()
    except OSError:
        return ""


def is_generated(name: str, text: str) -> bool:
    """Whether kb_ext wrote this page file: the marker on a line of its own in
    the header of a ``.kbsource`` file, or in the front matter of an older
    ``.md`` stub. The marker further down (say, in an example) does not count."""
    lines = [line.strip() for line in text.splitlines()[:HEADER_LINES]]
    if name.endswith(STUB_SUFFIX):
        return STUB_MARKER in lines
    if name.endswith(".md") and lines[:1] == ["---"] and "---" in lines[1:]:
        return STUB_MARKER in lines[1:lines.index("---", 1)]
    return False


def write_stubs(srcdir: Path, found: list[FoundSource], page_suffixes: Iterable[str] = (".md",),
                excluded: Callable[[str], bool] = lambda docpath: False) -> None:
    """One page file per source in ``sources/``. Files kb_ext wrote (see
    :func:`is_generated`) for sources that are gone, or in an older format such
    as ``.md`` stubs, are removed; no other file is ever touched. An authored
    page ``sources/<id>`` with any of ``page_suffixes`` keeps its place: the
    source then has no page of its own, unless ``excluded`` says Sphinx skips
    that file (``exclude_patterns``, given the path relative to ``srcdir``)."""
    pages = srcdir / PAGES_DIR
    try:
        pages.mkdir(parents=True, exist_ok=True)
        existing = {entry.name for entry in os.scandir(pages) if entry.is_file()}
    except OSError as error:
        warn("source", f"cannot write the source pages: {error}", location=pages)
        return
    wanted = {f"{source.id}{STUB_SUFFIX}": source.id for source in found}
    authored = set()
    for name in existing - wanted.keys():
        if is_generated(name, read_page_file(pages / name)):
            _remove(pages / name)
        elif not excluded(f"{PAGES_DIR}/{name}"):
            authored.add(name)
    for name, source_id in wanted.items():
        path = pages / name
        current = read_page_file(path) if name in existing else None
        ours = current is None or is_generated(name, current)
        clash = next((f"{source_id}{suffix}" for suffix in page_suffixes
                      if f"{source_id}{suffix}" in authored), None)
        if clash is not None:
            warn("duplicate", f"{pages / clash} is an authored page, not generated; the "
                 f"source {source_id!r} has no page of its own", location=pages / clash)
            if current is not None and ours:
                _remove(path)  # two files for one page would leave Sphinx to pick one
            continue
        if not ours:
            warn("duplicate", f"{path} has no '{STUB_MARKER}' line, so kb_ext leaves it as it "
                 f"is and does not write the page of source {source_id!r}; delete the file to "
                 "have it generated again", location=path)
            continue
        text = stub_text(source_id)
        if current != text:
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as error:
                warn("source", f"cannot write the page of source {source_id!r}: {error}",
                     location=path)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError as error:
        warn("source", f"cannot remove a page file kb_ext wrote: {error}", location=path)


def on_builder_inited(app: Sphinx) -> None:
    directory = Path(app.confdir, app.config.kb_sources_dir).resolve()
    # A project that does not set kb_sources_dir and has no ../seeds uses kb_ext
    # for its roles only (citing a KB through intersphinx): nothing to say.
    if not directory.is_dir() and sources_dir_is_set(app.config):
        warn("config", f"kb_sources_dir {app.config.kb_sources_dir!r} is not a directory "
             f"({directory}); no sources are published")
    # Sidecar ids are cached in the environment by file size and mtime: an
    # incremental build then parses only the sidecars that changed.
    caches = kb_domain(app.env).caches
    fresh: SidecarIds = {}
    found = discover(directory, caches.sidecar_ids, fresh)
    caches.sidecar_ids = fresh
    write_stubs(Path(app.srcdir), found,
                [suffix for suffix in app.config.source_suffix if suffix != STUB_SUFFIX],
                Matcher(app.config.exclude_patterns))
    caches.found_sources = {source.docname: source for source in found}


def reassigned_pages(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                     removed: set[str]) -> list[str]:
    """``env-get-outdated``: source pages whose id now belongs to another raw
    file or sidecar (a new article taking an id): the page file and the files
    it depends on are unchanged, so Sphinx alone would keep the old article."""
    found = kb_domain(env).caches.found_sources
    moved = []
    for record in kb_domain(env).sources.values():
        entry = found.get(record.docname)
        if entry is not None and (entry.raw_path, entry.sidecar_path) != (
                record.meta.raw_path, record.meta.sidecar_path):
            moved.append(record.docname)
    return sorted(set(moved) - changed - removed)


def hide_page_file(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: Any) -> None:
    """A generated page's file only names its article, so it gets no "view
    source" link and no copy in ``_sources``; the provenance card names the raw
    file and its SHA-256."""
    if pagename in kb_domain(app.env).caches.found_sources and str(
            app.env.doc2path(pagename)).endswith(STUB_SUFFIX):
        context["sourcename"] = ""
