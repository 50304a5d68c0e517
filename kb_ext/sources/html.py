"""Saved web pages: the article text trafilatura extracts, the page's own
metadata, and the text blocks the extractor left out.

The raw HTML is never rendered: only the extracted text reaches the page, as
text. Every text block of the page that is not in the extracted text is
listed, with its line in the HTML file, so the reader sees what was dropped.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
from collections.abc import Collection
from importlib.metadata import version
from typing import Any, NamedTuple, TypedDict

import lxml.html
import trafilatura
from lxml import etree

from ..knowledge.dates import parse_date
from .charset import decode_html
from .clean import CJK, REMOVED, Segment
from .html_meta import declared_authors, page_author
from .html_text import article_text
from .ingest import PAGE_KEYS, RawArticle
from .sidecar import language_code

#: A page whose extracted article has fewer words is no article: a saved 404
#: page, a login wall, a cookie wall. Chinese, Japanese and Korean text has
#: no spaces between words: two of its characters count as a word.
MIN_ARTICLE_WORDS = 25
EXTRACTOR = "trafilatura"
LEFT_OUT = "left out by the extractor"
#: Elements whose text is never page text.
_SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "math", "select"}
_BLOCKS = {"address", "article", "aside", "blockquote", "body", "caption", "dd", "details",
           "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
           "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav",
           "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
           "thead", "tr", "ul", "br", "button", "label", "option"}
_SPACE = re.compile(r"\s+")
#: Share of characters that are control characters (not tab or line breaks)
#: above which a file is binary data, not a page.
BINARY_SHARE = 0.02
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TAG = re.compile(r"<\s*[a-zA-Z!/?]")
_URL = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[a-z]{2,3}([-_][a-z0-9]{2,8})*$", re.IGNORECASE)


class ExtractSettings(TypedDict):
    include_comments: bool
    include_tables: bool
    include_images: bool
    include_links: bool
    deduplicate: bool


#: How trafilatura is asked to extract: the article alone, tables as text.
#: Part of the extraction cache's key (:mod:`.extract_cache`).
EXTRACT_SETTINGS = ExtractSettings(include_comments=False, include_tables=True,
                                   include_images=False, include_links=False, deduplicate=False)
#: htmldate's settings when the sidecar gives the date: the page's date is
#: then never shown, and its extensive search (dateparser over the whole
#: text) was most of the metadata's cost. It does not change the text.
_NO_DATE_SEARCH = {"extensive_search": False, "original_date": True}


# trafilatura and its helpers log what they discard; kb_ext reports what
# matters itself, with the file's name, as kb.* warnings.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.ERROR)


@functools.cache
def package_version(name: str) -> str:
    """An installed package's version, looked up once per process (each
    look-up reads the installed packages' metadata)."""
    return version(name)


def extractor_version() -> str:
    return f"{EXTRACTOR} {package_version(EXTRACTOR)}"


class Block(NamedTuple):
    """One text block of the page (a paragraph, heading, list item, cell)."""

    line: int       # its line in the HTML file
    text: str       # whitespace collapsed


class HtmlText(NamedTuple):
    text: str                       # the extracted article, paragraphs apart
    meta: dict[str, str]            # title, author, published, outlet, url, language
    left_out: list[Segment]         # blocks not in the text, by HTML line
    empty_reason: str               # why there is no text, when there is none


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def page_blocks(root: Any) -> list[Block]:
    """The page's text blocks in document order: a block element's own text
    and that of its inline children, cut where a nested block starts."""
    blocks: list[Block] = []
    parts: list[str] = []
    line = [1]

    def flush() -> None:
        text = _collapse("".join(parts))
        if text:
            blocks.append(Block(line[0], text))
        parts.clear()

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() in _SKIPPED or not tag:  # comments, processing instructions
            if element.tail:
                parts.append(element.tail)
            return
        block = tag.lower() in _BLOCKS
        if block:
            flush()
        if not parts:
            line[0] = element.sourceline or line[0]
        parts.append(element.text or "")
        for child in element:
            walk(child)
        if block:
            flush()
        if element.tail:
            if not parts:
                line[0] = element.sourceline or line[0]
            parts.append(element.tail)

    walk(root)
    flush()
    return blocks


def _left_out(blocks: list[Block], text: str) -> list[Segment]:
    kept = _collapse(text)
    return [Segment(REMOVED, block.line, (block.text,), LEFT_OUT)
            for block in blocks if block.text not in kept]


def _metadata(document: Any, language: str, declared: list[str]) -> dict[str, str]:
    """What the page says about itself, checked as a sidecar's values are;
    ``declared``: the authors its metadata names."""
    found = {
        "title": getattr(document, "title", None),
        "author": page_author(str(getattr(document, "author", None) or ""), declared),
        "published": getattr(document, "date", None),
        "outlet": getattr(document, "sitename", None),
        "url": getattr(document, "url", None),
        "language": getattr(document, "language", None) or language,
    }
    meta = {key: _collapse(str(value)) for key, value in found.items() if value}
    if not parse_date(meta.get("published", "")):
        meta.pop("published", None)
    if not _URL.match(meta.get("url", "")):
        meta.pop("url", None)
    if not _LANGUAGE.match(meta.get("language", "")):
        meta.pop("language", None)
    if "language" in meta:  # as a sidecar's is stored: <html lang="EN"> is en
        meta["language"] = language_code(meta["language"])
    return {key: value for key, value in meta.items() if value}


def _language(root: Any) -> str:
    """``<html lang>``, else a Content-Language or ``og:locale`` meta tag."""
    if root is None:
        return ""
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        return str(lang)
    for meta in root.iter("meta"):
        name = (meta.get("http-equiv") or meta.get("property") or "").lower()
        if name in ("content-language", "og:locale") and meta.get("content"):
            return str(meta.get("content")).split(",")[0]
    return ""


def _parse(text: str) -> Any:
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        # An XML declaration in a decoded string, or nothing but whitespace.
        try:
            return lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))
        except (etree.ParserError, ValueError):
            return None


def _binary(data: bytes) -> str:
    """Why the raw bytes are no text at all (an image or archive named .html), or ''."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ""
    controls = len(_CONTROL_BYTES.findall(data))
    # A few stray NUL bytes occur in real saved pages; an image has many.
    if controls > BINARY_SHARE * max(len(data), 1):
        return f"binary data: {controls:,} control bytes in {len(data):,}"
    return ""


_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s>]+)", re.IGNORECASE)


def _shell(root: Any) -> str:
    """What a page with no article holds instead, when it is only a shell
    around another page: a frameset, or a redirect (``<meta http-equiv=refresh>``)
    saved before it was followed; '' otherwise."""
    if next(root.iter("frameset"), None) is not None:
        frames = [str(f.get("src")) for f in root.iter("frame", "iframe") if f.get("src")]
        inside = f" ({', '.join(frames[:3])}{', …' if len(frames) > 3 else ''})" if frames else ""
        return f"a frameset: its text is in the pages it frames{inside}; save those instead"
    for meta in root.iter("meta"):
        if str(meta.get("http-equiv") or "").lower() == "refresh":
            found = _REFRESH_URL.search(str(meta.get("content") or ""))
            if found:
                return f"only a redirect to {found.group(1)}; save that page instead"
    return ""


def _paragraphs(text: str) -> str:
    """trafilatura's lines are paragraphs: a blank line between them, so the
    cleaner never joins two of them."""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def read_html(data: bytes, article: RawArticle, need: Collection[str] = PAGE_KEYS) -> HtmlText:
    """Decode and extract a saved page; problems go to ``article.problems``.
    Only the metadata keys in ``need`` are read (those the sidecar does not
    give): the text is the same whichever are asked for."""
    name = article.path.name
    why = _binary(data)
    text = "" if why else decode_html(data, article)
    if not why and not _TAG.search(text):
        why = "no HTML tags"
    if "\x00" in text:  # lxml refuses them; they are no text anyway
        article.notes.append(f"{text.count(chr(0))} NUL characters ignored")
        text = text.replace("\x00", "")
    if why:
        article.problems.append((1, f"{name} is not an HTML page ({why}); no text is shown"))
        return HtmlText("", {}, [], f"This file is not an HTML page ({why}).")
    root = _parse(text)
    if root is None:
        article.problems.append((1, f"{name} could not be parsed as HTML; no text is shown"))
        return HtmlText("", {}, [], "This file could not be parsed as HTML.")
    tail = text[-2048:].lower()
    if "</html" not in tail and "</body" not in tail:
        article.problems.append(
            (text.count("\n") + 1, f"{name} ends before </body> and </html>: the saved page "
                                   "may be truncated; the text up to the cut is shown"))
    blocks = page_blocks(root)
    language = _language(root)
    try:
        # The decoded text, not the tree: trafilatura parses it its own way
        # (given lxml's tree, it found nothing on a page where the text gives
        # 1,462 words, careelite.de in its evaluation set).
        document = trafilatura.bare_extraction(
            text, with_metadata=bool(need),
            date_extraction_params=None if "published" in need else _NO_DATE_SEARCH,
            **EXTRACT_SETTINGS)
    except Exception as error:  # noqa: BLE001 - an extractor bug must not stop the build
        article.problems.append((1, f"{EXTRACTOR} failed on {name} ({type(error).__name__}: "
                                    f"{error}); no text is shown"))
        document = None
    extracted = _paragraphs(article_text(document))
    # The declared authors are looked for (every <meta>, every JSON-LD script)
    # only when the page's author is asked for.
    page_meta = _metadata(document, language,
                          declared_authors(root) if "author" in need else [])
    meta = {key: value for key, value in page_meta.items() if key in need}
    words = len(extracted.split()) + len(CJK.findall(extracted)) // 2
    reason = ""
    if words < MIN_ARTICLE_WORDS:
        # A saved 404 page's "Sorry, we couldn't find that page" is no passage
        # to cite: every block is listed as left out, and the page says why.
        found = f"only {words} word{'' if words == 1 else 's'}" if words else "no text"
        shell = _shell(root)
        why = (f"the file is {shell}." if shell
               else "a saved error page, login wall or cookie wall?")
        article.problems.append(
            (1, f"{EXTRACTOR} found no article in {name} ({found}): {why} No passages are "
                "published; the page's text blocks are listed as left out"))
        reason = (f"The extractor found no article in this page ({found}), so it has no "
                  "passages; the page's text is listed at the end as left out."
                  + (f" The file is {shell}." if shell else ""))
        extracted = ""
    return HtmlText(extracted, meta, _left_out(blocks, extracted), reason)
