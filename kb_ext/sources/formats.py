"""One entry point for every kind of source file: text, saved web page, PDF.

:func:`read_source` returns the text the cleaner reads, and beside it what a
page needs to show how that text was obtained: the extractor and its
version, the metadata the file gives about itself, the lines removed before
cleaning (a PDF's running headers) and the text an extractor left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from .clean import BLANK, REMOVED, Segment, classify
from .ingest import HTML_SUFFIXES, PAGE_KEYS, PDF_SUFFIXES, RawArticle, read_article

#: The folder, in the build's doctree folder, of web pages' extractions
#: kept between builds (:mod:`.extract_cache`).
EXTRACT_CACHE = "kb-extract-cache"


@dataclass
class SourceText:
    article: RawArticle
    #: "trafilatura 2.3.1", "pypdf 7.1.0"; "" for a text file
    extractor: str = ""
    #: metadata the file gives about itself, by sidecar key
    meta: dict[str, str] = field(default_factory=dict)
    #: 0-based line of ``article.text`` → the rule removing it before cleaning
    removed: dict[int, str] = field(default_factory=dict)
    #: text an extractor left out, by line of the raw file
    left_out: list[Segment] = field(default_factory=list)
    #: what the page says when there is no text
    empty_reason: str = ""


def _read_bytes(path: Path) -> tuple[RawArticle, bytes | None]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        article = RawArticle(path, "", "", 0)
        article.problems.append((1, f"cannot read article: {exc}"))
        return article, None
    return RawArticle(path, "", hashlib.sha256(data).hexdigest(), len(data)), data


def read_source(path: Path, need: Collection[str] | None = None,
                cache: Path | None = None) -> SourceText:
    """The file at ``path`` as text for the cleaner; never raises on bad input.
    ``need``: the metadata keys to read from a web page (default all);
    ``cache``: the folder of web pages' extractions kept between builds
    (the import's, beside the page, is read too)."""
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES + PDF_SUFFIXES:
        return SourceText(read_article(path))
    article, data = _read_bytes(path)
    if data is None:
        return SourceText(article, empty_reason="This file cannot be read.")
    if suffix in HTML_SUFFIXES:
        from .extract_cache import IMPORTED_DIR, read_html_cached
        from .html import extractor_version

        page = read_html_cached(data, article, PAGE_KEYS if need is None else need, cache,
                                path.parent / IMPORTED_DIR)
        article.text = page.text
        return SourceText(article, extractor_version(), page.meta, {}, page.left_out,
                          page.empty_reason)
    from .pdf import extractor_version as pdf_version
    from .pdf import read_pdf

    report = read_pdf(data, article)
    article.text = report.text
    if report.pages:
        article.notes.append(f"{report.pages} PDF page{'s' if report.pages > 1 else ''}")
    return SourceText(article, pdf_version(), report.meta, report.removed, [],
                      report.empty_reason)


def blank_removed(text: str, removed: dict[int, str]) -> str:
    """``text`` with the lines removed before cleaning left blank."""
    if not removed:
        return text
    lines = text.split("\n")
    for index in removed:
        lines[index] = ""
    return "\n".join(lines)


def mark_removed(segments: list[Segment], text: str, removed: dict[int, str]
                 ) -> list[Segment]:
    """The cleaner's segments of :func:`blank_removed` text, with the blanked
    lines shown again as removed, each run with its rule."""
    if not removed:
        return segments
    lines = text.split("\n")
    result: list[Segment] = []
    for segment in segments:
        if segment.kind != BLANK:
            result.append(segment)
            continue
        run: list[str] = []
        run_start, run_kind = segment.start, ("", "")
        for index in range(segment.start - 1, segment.end):
            kind = (REMOVED, removed[index]) if index in removed else (BLANK, "")
            if run and kind != run_kind:
                result.append(Segment(run_kind[0], run_start, tuple(run), run_kind[1]))
                run = []
            if not run:
                run_start, run_kind = index + 1, kind
            run.append(lines[index])
        if run:
            result.append(Segment(run_kind[0], run_start, tuple(run), run_kind[1]))
    return result


def cleaned_segments(source: SourceText, title: str) -> list[Segment]:
    """The cleaner's segments of a source's text, the lines removed before
    cleaning (a PDF's running headers) shown as removed: as the build cleans
    it, before learnt furniture and the curator's corrections, so that
    learning furniture and the page-kinds bench read what the build reads."""
    text = blank_removed(source.article.text, source.removed)
    return mark_removed(classify(text, title), source.article.text, source.removed)
