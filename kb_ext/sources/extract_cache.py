"""A saved web page's extraction, kept between builds.

trafilatura is most of what a web page source costs to read, and its result
depends only on the page's bytes, the extractor and its libraries, and
kb_ext's settings for it. The result is kept in one JSON file per raw file
(named by its SHA-256) under the build's doctree folder, so a full rebuild
(``-E``) does not extract again. The raw HTML stays the evidence: the cache
is output, removed with the build, and a file that cannot be read is
extracted again. The extract lock (:mod:`.extract_lock`) still compares the
passages with those recorded, since the extractor's version is in the key.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

from ..knowledge import dates
from . import charset, clean, html, html_meta, html_text, ingest, sidecar
from .clean import REMOVED, Segment
from .html import EXTRACT_SETTINGS, LEFT_OUT, MIN_ARTICLE_WORDS, HtmlText, package_version
from .ingest import PAGE_KEYS, RawArticle

#: The folder beside imported pages where ``python -m kb_ext import`` keeps
#: each web page's extraction, made as a build makes it with every metadata
#: key read, so the first build over imported pages does not extract.
IMPORTED_DIR = ".kb-extracted"
#: Raised when the shape of a cache entry changes.
FORMAT = 2
#: trafilatura's own helpers: a new version of any of them may extract other text.
_LIBRARIES = ("htmldate", "justext", "lxml", "courlan")
#: kb_ext's modules that decide what :func:`.html.read_html` returns for given
#: bytes: their source is in the key, so a change to any of them (a new
#: kb_ext) extracts again without anyone remembering to raise a number. With
#: the decoding (ingest), date and language parsing (dates, sidecar) and the
#: word count (clean) it calls.
_CODE = (html, html_text, html_meta, charset, ingest, dates, sidecar, clean)


@functools.cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    for module in _CODE:
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


def _key() -> dict[str, Any]:
    # html.extractor_version is looked up when called: the extract lock's
    # tests stand in an upgrade by replacing it.
    libraries = {}
    for name in _LIBRARIES:
        try:
            libraries[name] = package_version(name)
        except ImportError:  # PackageNotFoundError: not installed, as part of the key
            libraries[name] = ""
    return {"format": FORMAT, "extractor": html.extractor_version(), "libraries": libraries,
            "code": _code_digest(), "settings": EXTRACT_SETTINGS, "min_words": MIN_ARTICLE_WORDS}


def _load(path: Path, key: dict[str, Any], need: frozenset[str], name: str
          ) -> tuple[HtmlText, list[tuple[int, str]], list[str]] | None:
    """The cached extraction, when it was made with this key and read at
    least the metadata asked for; None otherwise or when unreadable. The
    problems name the file as it is called now (``name``): the entry may be
    a copy's, or the page's before it was renamed."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry["key"] != key or not need <= set(entry["need"]):
            return None
        meta = {name: value for name, value in entry["meta"].items() if name in need}
        left_out = [Segment(REMOVED, line, (text,), LEFT_OUT) for line, text in entry["left_out"]]
        page = HtmlText(entry["text"], meta, left_out, entry["empty_reason"])
        written = str(entry["name"])
        problems = [(int(line), _renamed(str(message), written, name))
                    for line, message in entry["problems"]]
        return page, problems, [str(note) for note in entry["notes"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _renamed(message: str, written: str, name: str) -> str:
    # The file's name is in the problems read_html words (":func:`.html.read_html`").
    return message.replace(written, name) if written and written != name else message


def _store(path: Path, entry: dict[str, Any]) -> None:
    """Written whole or not at all: two processes of a ``-j`` build may write
    the same page (a page saved twice) at once."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return  # no cache this time: the next build extracts again
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            # ASCII escapes: a lone surrogate in the text survives the round trip.
            json.dump(entry, stream)
        os.replace(temporary, path)
    except (OSError, ValueError):  # a full disk, a value JSON cannot hold
        Path(temporary).unlink(missing_ok=True)


def read_html_cached(data: bytes, article: RawArticle, need: Collection[str],
                     folder: Path | None, imported: Path | None = None) -> HtmlText:
    """:func:`.html.read_html`, from the cache in ``folder`` or, failing that,
    the import's extractions in ``imported`` (read only), when either holds
    this page with this key; the problems and notes it gives are those of the
    first reading."""
    if folder is None or not article.sha256:
        return html.read_html(data, article, need)
    wanted = frozenset(need)
    key = _key()
    path = folder / f"{article.sha256}.json"
    name = article.path.name
    cached = _load(path, key, wanted, name)
    if cached is None and imported is not None:
        cached = _load(imported / path.name, key, wanted, name)
    if cached is not None:
        page, problems, notes = cached
        article.problems.extend(problems)
        article.notes.extend(notes)
        return page
    problems_before, notes_before = len(article.problems), len(article.notes)
    page = html.read_html(data, article, wanted)
    _store(path, {"key": key, "name": name, "need": sorted(wanted), "text": page.text,
                  "meta": page.meta,
                  "left_out": [(segment.start, segment.text) for segment in page.left_out],
                  "empty_reason": page.empty_reason,
                  "problems": article.problems[problems_before:],
                  "notes": article.notes[notes_before:]})
    return page


def keep_extraction(data: bytes, path: Path, folder: Path) -> Path:
    """Extract a web page as a build does, every metadata key read, into
    ``folder`` (the import's :data:`IMPORTED_DIR`); nothing when it is there.
    Returns the entry's path (absent when it could not be written)."""
    article = RawArticle(path, "", hashlib.sha256(data).hexdigest(), len(data))
    read_html_cached(data, article, PAGE_KEYS, folder)
    return folder / f"{article.sha256}.json"
