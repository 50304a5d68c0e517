"""What an imported file says about itself, and the draft sidecar written from it.

A saved page's title, author, date and site are read by the build (from the
page itself), so for HTML the draft holds only what Zotero gives, the page's
declared language, and the URLs used to match Zotero entries. For text (and
PDF, whose text layer only pypdf could read) the first kept line is a
guessed title and the detected language a guessed language; guesses are
marked with a YAML comment the curator can see and the loader ignores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..sources.clean import HEADING, PASSAGE, classify
from ..sources.ingest import ARTICLE_SUFFIXES, PAGE_KEYS, decode
from ..sources.language import check_language
from ..sources.sidecar import LANGUAGE_TAG, REQUIRED, slugify

PAGE_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
IMPORTED_SUFFIXES = PAGE_SUFFIXES + PDF_SUFFIXES + ARTICLE_SUFFIXES
#: The keys a draft may hold, in the order a sidecar lists them.
DRAFT_KEYS = ("id", "title", "outlet", "kind", "author", "published", "language", "url",
              "retrieved")
#: How much of a saved page is scanned for its <html lang> and URLs.
HEAD_BYTES = 65_536
TITLE_CHARS = 120


class Field(NamedTuple):
    key: str
    value: str
    #: Where it came from, written as the line's comment ("guessed: ...").
    origin: str


class Inspected(NamedTuple):
    path: str
    sha256: str
    size: int
    kind: str                  # "html", "pdf" or "text"
    urls: tuple[str, ...]      # the page's own URLs, to match Zotero entries
    fields: tuple[Field, ...]
    error: str = ""


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return "html" if suffix in PAGE_SUFFIXES else "pdf" if suffix in PDF_SUFFIXES else "text"


class _Head(HTMLParser):
    """The <html lang>, canonical link, og:url and "saved from" comment of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html" and not self.lang:
            self.lang = values.get("lang", "") or values.get("xml:lang", "")
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.urls.append(values.get("href", ""))
        elif tag == "meta" and values.get("property", values.get("name", "")) in (
                "og:url", "twitter:url"):
            self.urls.append(values.get("content", ""))

    def handle_comment(self, data: str) -> None:
        # Browsers' "Save page": <!-- saved from url=(0044)https://... -->
        found = re.match(r"\s*saved from url=\(\d+\)(\S+)", data)
        if found:
            self.urls.append(found.group(1))


def _html(data: bytes) -> tuple[tuple[str, ...], list[Field]]:
    head = _Head()
    try:
        head.feed(data[:HEAD_BYTES].decode("utf-8", "replace"))
    except (AssertionError, ValueError):
        pass  # malformed markup: what was read so far stands
    urls = tuple(url.strip() for url in head.urls if url.strip().startswith(("http:", "https:")))
    lang = head.lang.strip().replace("_", "-")
    fields = [Field("language", lang, "from the page's <html lang>")] if (
        LANGUAGE_TAG.fullmatch(lang)) else []
    return urls, fields


def _text_fields(text: str) -> list[Field]:
    """A guessed title (the first line the cleaner keeps) and language."""
    segments = classify(text)
    fields: list[Field] = []
    first = next((line.strip() for s in segments if s.kind in (HEADING, PASSAGE)
                  for line in s.lines if line.strip()), "")
    if first:
        fields.append(Field("title", first[:TITLE_CHARS], "guessed: the first line of the text"))
    language = check_language(None, "\n".join(s.text for s in segments if s.kind == PASSAGE))
    if language.detected and language.language:
        fields.append(Field("language", language.language, "guessed: detected from the text"))
    return fields


def _pdf(path: Path) -> list[Field]:
    """Title, author and date from a PDF's metadata, and a first line."""
    import pypdf
    try:
        reader = pypdf.PdfReader(str(path))
        info: Mapping[str, Any] = reader.metadata or {}
        fields = [Field(key, str(info.get(name) or "").strip(), "guessed: the PDF's metadata")
                  for key, name in (("title", "/Title"), ("author", "/Author"))]
        created = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(info.get("/CreationDate") or ""))
        if created:
            fields.append(Field("published", "-".join(created.groups()),
                                "guessed: the PDF's creation date"))
        found = [f for f in fields if f.value]
        if not any(f.key == "title" for f in found) and reader.pages:
            found += [f for f in _text_fields(reader.pages[0].extract_text() or "")
                      if f.key == "title"]
        return found
    except Exception:  # noqa: BLE001 - any PDF the reader refuses: the build says why
        return []


def inspect(path_text: str) -> Inspected:
    """One file's hash and what it says about itself (runs in a worker process)."""
    path = Path(path_text)
    kind = kind_of(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Inspected(path_text, "", 0, kind, (), (), f"cannot read: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    urls: tuple[str, ...] = ()
    if kind == "html":
        urls, fields = _html(data)
    elif kind == "pdf":
        fields = _pdf(path)
    else:
        fields = _text_fields(decode(data, path).text)
    return Inspected(path_text, sha, len(data), kind, urls, tuple(fields))


def file_sha256(path_text: str) -> str:
    try:
        return hashlib.sha256(Path(path_text).read_bytes()).hexdigest()
    except OSError:
        return ""


def _scalar(value: str) -> str:
    """``value`` as one YAML scalar, quoted when YAML would read it otherwise."""
    dumped: str = yaml.safe_dump(" ".join(value.split()), allow_unicode=True,
                                 width=1_000_000)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def draft_sidecar(source_id: str, raw_name: str, kind: str, fields: list[Field],
                  today: dt.date) -> str:
    """The text of a draft sidecar: the fields found, each with its origin,
    and the required keys not found as comments to fill in."""
    found = {f.key: f for f in fields if f.value}
    lines = [f"# Draft sidecar for {raw_name}, written by 'python -m kb_ext import' on "
             f"{today.isoformat()}.",
             "# Check the values marked 'guessed' and fill in the keys left as comments."]
    values = {"id": Field("id", source_id, "from the file name"), **found}
    for key in DRAFT_KEYS:
        field = values.get(key)
        if field is not None:
            lines.append(f"{key}: {_scalar(field.value)}  # {field.origin}")
        elif key in REQUIRED:
            # A web page gives its title, author, date, site, URL and language;
            # only the curator knows its kind.
            left = ("not in Zotero; the build reads it from the page"
                    if kind == "html" and key in PAGE_KEYS else "not found; write it here")
            lines.append(f"# {key}:  ({left})")
    return "\n".join(lines) + "\n"


def source_id_for(name: str) -> str:
    return slugify(Path(name).stem)
