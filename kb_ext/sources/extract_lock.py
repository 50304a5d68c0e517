"""Passage numbers of extracted sources do not change silently.

A web page's or PDF's passages come from an extractor (trafilatura, pypdf);
a new version of it may split the same raw file into other passages, and a
citation ``<id>/p7`` would then point at another paragraph. kb_ext detects
this and warns (``kb.extract``) rather than freezing the extracted text: the
raw file stays the only evidence, and nothing beside it can go stale.

The lock file (``kb_extract_lock``, in the Sphinx project) records, per raw
file's SHA-256, the extractor that read it and a digest of its passages.
The build only reads it; ``-D kb_extract_lock_update=1`` writes it from the
sources of that build. A source whose raw file is in the lock but whose
passages now differ gives one warning naming both extractor versions. An
upgraded extractor also makes the next incremental build read the
extracted sources again, so the check runs without a clean build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..diagnostics import warn
from ..knowledge.domain import kb_domain
from ..knowledge.records import SourceMeta
from .ingest import HTML_SUFFIXES

LOCK_FORMAT = 1
DEFAULT_LOCK = "kb-extract-lock.json"


class LockEntry(NamedTuple):
    file: str
    extractor: str
    passages: int
    digest: str


class LockFile(NamedTuple):
    #: entries by raw SHA-256
    entries: dict[str, LockEntry]
    problem: str  # why the file could not be read, or ""


_cache: dict[str, tuple[int, LockFile]] = {}


def lock_path(srcdir: str | Path, setting: str) -> Path | None:
    return Path(srcdir, setting) if setting else None


def read_lock(path: Path) -> LockFile:
    """The lock ({} when absent or unreadable), read once per process while
    the file is unchanged; a problem is said by :func:`_say_unreadable`."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return LockFile({}, "")
    cached = _cache.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1]
    entries: dict[str, LockEntry] = {}
    problem = ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        for sha, entry in data["sources"].items():
            entries[sha] = LockEntry(str(entry["file"]), str(entry["extractor"]),
                                     int(entry["passages"]), str(entry["digest"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        entries, problem = {}, f"{type(error).__name__}: {error}"
    _cache[str(path)] = (mtime, LockFile(entries, problem))
    return _cache[str(path)][1]


def _say_unreadable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On every build, before reading, once: a warning while reading would be
    kept with the page that happened to be read first, and said twice (or
    not at all) once other pages are read."""
    path = lock_path(env.srcdir, env.config.kb_extract_lock)
    if path is None or not path.is_file():
        return
    problem = read_lock(path).problem
    if problem:
        warn("extract", f"the extract lock cannot be read ({problem}); passage numbers are "
             "not checked. Write it again with -D kb_extract_lock_update=1",
             location=(path, 1))


def check_extraction(env: BuildEnvironment, meta: SourceMeta, passages: int) -> None:
    """Warn when this raw file was locked with other passages."""
    path = lock_path(env.srcdir, env.config.kb_extract_lock)
    if path is None or not path.is_file():
        return
    env.note_dependency(str(path))  # a rewritten lock re-checks the pages it names
    entry = read_lock(path).entries.get(meta.sha256)
    if entry is None or entry.digest == meta.extract_digest:
        return
    how = (f"{entry.extractor} gave {entry.passages} passages, {meta.extractor} now gives "
           f"{passages}" if entry.extractor != meta.extractor else
           f"{passages} passages now, {entry.passages} when locked, with the same "
           f"extractor ({meta.extractor}): kb_ext's cleaning, the sidecar's title or the "
           "curator's corrections changed")
    warn("extract", f"the passages of {Path(meta.raw_path).name} differ from those recorded "
         f"in {path.name} ({how}): citations of {meta.id}/p<N> may now point at other "
         "text. Check them, then accept the new passages with -D kb_extract_lock_update=1",
         location=(Path(meta.raw_path), 1))


def _write_lock(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not app.config.kb_extract_lock_update:
        return
    path = lock_path(app.srcdir, app.config.kb_extract_lock)
    if path is None:
        warn("config", "kb_extract_lock_update is set but kb_extract_lock is empty; no "
             "lock written")
        return
    domain = kb_domain(app.env)
    entries = {}
    for record in domain.sources.values():
        meta = record.meta
        if meta.extractor:
            entries[meta.sha256] = {
                "file": Path(meta.raw_path).name, "extractor": meta.extractor,
                "passages": len(record.passage_ids), "digest": meta.extract_digest}
    text = json.dumps({"format": LOCK_FORMAT, "sources": dict(sorted(entries.items()))},
                      indent=1, ensure_ascii=False) + "\n"
    try:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    except OSError as error:
        warn("extract", f"cannot write the extract lock: {error}", location=(path, 1))


def current_extractor(raw_path: str) -> str:
    if Path(raw_path).suffix.lower() in HTML_SUFFIXES:
        from .html import extractor_version
        return extractor_version()
    from .pdf import extractor_version as pdf_version
    return pdf_version()


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    """Extracted sources read by another extractor version than installed now."""
    versions: dict[str, str] = {}
    stale = []
    for record in kb_domain(env).sources.values():
        meta = record.meta
        if not meta.extractor:
            continue
        suffix = Path(meta.raw_path).suffix.lower()
        if suffix not in versions:
            versions[suffix] = current_extractor(meta.raw_path)
        if versions[suffix] != meta.extractor:
            stale.append(record.docname)
    return sorted(set(stale) - changed - removed)


def setup_extract_lock(app: Any) -> None:
    app.add_config_value("kb_extract_lock", DEFAULT_LOCK, "env", types=[str])
    app.add_config_value("kb_extract_lock_update", False, "", types=[bool])
    app.connect("env-get-outdated", _outdated)
    app.connect("env-before-read-docs", _say_unreadable)
    app.connect("build-finished", _write_lock)
