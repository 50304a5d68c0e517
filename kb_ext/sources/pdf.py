"""PDF reports: the text layer pypdf reads, without the pages' furniture.

Each page's text follows the one before it, so a sentence cut by a page
break is joined again as the cleaner joins wrapped lines. Lines that
stand at the top or bottom of most pages (running headers and footers,
compared with their digits masked so "Page 3" matches "Page 4") and bare
page numbers are marked for removal with their rule: the cleaner sees a blank
line there (so a paragraph is not joined across a running header), and the
page lists them with the other removed lines.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from importlib.metadata import version
from typing import Any, NamedTuple

from .ingest import RawArticle

EXTRACTOR = "pypdf"
#: Lines at each end of a page that may be a running header or footer.
EDGE_LINES = 2
#: A line at the edge of at least this share of the pages (and of two pages
#: at least) is a running header or footer.
REPEATED_SHARE = 0.5
HEADER_RULE = "page header or footer (repeated on {n} of {pages} pages)"
NUMBER_RULE = "page number"
_PAGE_NUMBER = re.compile(
    r"^\W{0,3}(?:page|p\.|seite|strona|страница|старонка|стр\.)?\s*\d{1,4}"
    r"(?:\s*(?:/|of|von|z|из|з)\s*\d{1,4})?\W{0,3}$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_FILE_TITLE = re.compile(r"^(microsoft (word|powerpoint)|untitled)|\.(docx?|pdf|indd|tex)$",
                         re.IGNORECASE)


def extractor_version() -> str:
    return f"{EXTRACTOR} {version(EXTRACTOR)}"


class PdfText(NamedTuple):
    text: str
    removed: dict[int, str]     # 0-based line index → the rule that removes it
    meta: dict[str, str]
    empty_reason: str
    pages: int


def _key(line: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub(" ", line).strip().casefold())


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the first and last non-blank lines of one page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def furniture(pages: list[list[str]]) -> list[dict[int, str]]:
    """Per page, the lines (by index on the page) that are running headers,
    footers or page numbers, with their rule."""
    edges = [_edges(lines) for lines in pages]
    counts = Counter(key for lines, found in zip(pages, edges, strict=True)
                     for key in {_key(lines[i]) for i in found})
    needed = max(2, int(len(pages) * REPEATED_SHARE + 0.999))
    marked: list[dict[int, str]] = []
    for lines, found in zip(pages, edges, strict=True):
        rules: dict[int, str] = {}
        for index in found:
            line = lines[index].strip()
            if _PAGE_NUMBER.match(line):
                rules[index] = NUMBER_RULE
            elif counts[_key(line)] >= needed:
                rules[index] = HEADER_RULE.format(n=counts[_key(line)], pages=len(pages))
        marked.append(rules)
    return marked


def _metadata(reader: Any) -> dict[str, str]:
    """Title, author and date from the PDF's document information, when they
    look like the report's own (not "Microsoft Word - draft3.docx")."""
    try:
        info = reader.metadata
    except Exception:  # noqa: BLE001 - a broken info dictionary is no reason to fail
        return {}
    if not info:
        return {}
    meta: dict[str, str] = {}
    title = _SPACE.sub(" ", str(info.title or "")).strip()
    if title and not _FILE_TITLE.search(title):
        meta["title"] = title
    author = _SPACE.sub(" ", str(info.author or "")).strip()
    if author:
        meta["author"] = author
    try:
        created = info.creation_date
    except Exception:  # noqa: BLE001 - an unreadable date is left out
        created = None
    if created is not None:
        meta["published"] = created.date().isoformat()
    return meta


def _open(data: bytes, name: str, article: RawArticle) -> tuple[Any, str]:
    """A reader for the file, or None and why there is no text."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            article.problems.append(
                (1, f"{name} is password-protected; its text cannot be read (save an "
                    "unprotected copy beside it)"))
            return None, "This PDF is password-protected: kb_ext cannot read its text."
        len(reader.pages)
        return reader, ""
    except DependencyError:
        # AES encryption needs the cryptography package, which kb_ext does not require.
        article.problems.append(
            (1, f"{name} is encrypted with AES, which pypdf reads only with the "
                "'cryptography' package installed; its text is not shown"))
        return None, "This PDF is encrypted: kb_ext cannot read its text."
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        what = f"{type(error).__name__}: {str(error)[:200]}"
        article.problems.append((1, f"{name} cannot be read as a PDF ({what}); no text is "
                                    "shown"))
        return None, f"This file cannot be read as a PDF ({type(error).__name__})."


def read_pdf(data: bytes, article: RawArticle) -> PdfText:
    """The text layer of a PDF; problems go to ``article.problems``."""
    name = article.path.name
    # pypdf logs its repairs of damaged files; kb_ext reports what matters itself.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader, reason = _open(data, name, article)
    if reader is None:
        return PdfText("", {}, {}, reason, 0)
    pages: list[list[str]] = []
    failed: list[int] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one damaged page must not lose the others
            failed.append(number)
            text = ""
        pages.append([_SPACE.sub(" ", line).strip() for line in text.splitlines()])
    if failed:
        article.problems.append((1, f"{name}: the text of page(s) "
                                    f"{', '.join(map(str, failed))} cannot be read; skipped"))
    if not any(line for lines in pages for line in lines):
        article.problems.append(
            (1, f"{name} has no text layer ({len(pages)} pages of images: a scan?); no text "
                "is shown. Run OCR on it (e.g. ocrmypdf) and put the result beside it"))
        return PdfText("", {}, _metadata(reader), "This PDF has no text layer (it is a scan "
                       "or made of images), so there is no text to show.", len(pages))
    marked = furniture(pages)
    lines: list[str] = []
    removed: dict[int, str] = {}
    for page_lines, rules in zip(pages, marked, strict=True):
        for index, line in enumerate(page_lines):
            if index in rules:
                removed[len(lines)] = rules[index]
            lines.append(line)
    return PdfText("\n".join(lines), removed, _metadata(reader), "", len(pages))
