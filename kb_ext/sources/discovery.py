"""Find the articles and give each a page ``sources/<id>``.

Runs on ``builder-inited``, before Sphinx looks for documents: it reads only
the sidecars' ids, settles duplicates, and writes one tiny stub page per
article into the Sphinx project. Stubs contain nothing but the generated,
slug-safe id; the article text is read later by the ``kb:source`` directive,
which records the raw file and sidecar as dependencies of that page alone.
A stub is rewritten only when its content changes, so unchanged articles are
not re-read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from sphinx.application import Sphinx

from ..diagnostics import warn
from .ingest import find_articles
from .sidecar import ID_PATTERN, SidecarLoader, find_sidecar, slugify

STUB_MARKER = "kb_generated: true"
PAGES_DIR = "sources"


@dataclass(frozen=True)
class FoundSource:
    id: str
    raw_path: str
    sidecar_path: str
    docname: str


def _sidecar_id(sidecar: Path | None) -> tuple[str | None, int]:
    """The sidecar's ``id`` and its line, or None when it has no usable id."""
    if sidecar is None:
        return None, 1
    try:
        node = yaml.compose(sidecar.read_bytes().decode("utf-8-sig"), Loader=SidecarLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None, 1
    found: tuple[str | None, int] = (None, 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:  # the last "id" wins, as when the sidecar is loaded
            if key.value == "id" and isinstance(value, yaml.ScalarNode) and value.value:
                text = str(value.value)
                found = (text if ID_PATTERN.match(text) else slugify(text),
                         key.start_mark.line + 1)
    return found


SidecarIds = dict[str, tuple[int, int, str | None, int]]


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


def discover(directory: Path, cache: SidecarIds | None = None,
             fresh: SidecarIds | None = None) -> list[FoundSource]:
    """Articles in ``directory`` with unique ids; duplicates warn and get a
    suffix from their file name so that no article is dropped. ``cache`` holds
    ids read by the previous build; ``fresh`` receives this build's."""
    found: list[FoundSource] = []
    taken: dict[str, Path] = {}
    cache = {} if cache is None else cache
    fresh = {} if fresh is None else fresh
    for article in find_articles(directory):
        sidecar = find_sidecar(article)
        source_id, line = _cached_sidecar_id(sidecar, cache, fresh)
        source_id = source_id or slugify(article.stem)
        if source_id == "index":
            source_id = "index-source"
        if source_id in taken:
            unique = f"{source_id}-{slugify(article.stem)}"
            n = 2
            while unique in taken:
                unique, n = f"{source_id}-{slugify(article.stem)}-{n}", n + 1
            warn("duplicate", f"source id {source_id!r} is already used by {taken[source_id]}; "
                 f"this article is published as {unique!r}",
                 location=(sidecar or article, line))
            source_id = unique
        taken[source_id] = article
        found.append(FoundSource(source_id, str(article), str(sidecar or ""),
                                 f"{PAGES_DIR}/{source_id}"))
    return found


def stub_text(source_id: str) -> str:
    return f"---\norphan: true\n{STUB_MARKER}\n---\n\n```{{kb:source}} {source_id}\n```\n"


def write_stubs(srcdir: Path, found: list[FoundSource], suffix: str = ".md") -> None:
    pages = srcdir / PAGES_DIR
    pages.mkdir(parents=True, exist_ok=True)
    wanted = {f"{source.id}{suffix}": stub_text(source.id) for source in found}
    for path in pages.glob(f"*{suffix}"):
        if path.name not in wanted and STUB_MARKER in path.read_text(encoding="utf-8",
                                                                     errors="replace"):
            path.unlink()
    for name, text in wanted.items():
        path = pages / name
        current = path.read_text(encoding="utf-8", errors="replace") if path.exists() else None
        if current is not None and STUB_MARKER not in current:
            warn("duplicate", f"{path} is an authored page, not generated; the source "
                 f"{name.removesuffix(suffix)!r} has no page of its own", location=str(path))
        elif current != text:
            path.write_text(text, encoding="utf-8")


def on_builder_inited(app: Sphinx) -> None:
    directory = Path(app.confdir, app.config.kb_sources_dir).resolve()
    if not directory.is_dir():
        warn("config", f"kb_sources_dir {app.config.kb_sources_dir!r} is not a directory "
             f"({directory}); no sources are published")
    # Sidecar ids are cached in the environment by file size and mtime: an
    # incremental build then parses only the sidecars that changed.
    fresh: SidecarIds = {}
    found = discover(directory, getattr(app.env, "kb_sidecar_ids", {}), fresh)
    app.env.kb_sidecar_ids = fresh
    write_stubs(Path(app.srcdir), found)
    app.env.kb_found_sources = {source.docname: source for source in found}
