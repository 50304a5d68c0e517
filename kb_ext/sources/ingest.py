"""Reading raw articles: bytes to text, without ever writing to them.

Decoding is lossless where it can be. A file that is UTF-8 but for a few bad
bytes is read as UTF-8 with each bad sequence replaced by U+FFFD. A file in
another encoding (hardly any valid multi-byte UTF-8 in it) is read as
Windows-1251 or KOI8-R when its bytes look like Cyrillic text, otherwise as
Windows-1252, whose five undefined bytes are read as Latin-1 (which maps every
byte). Whatever had to be normalised (BOM, CRLF, bad bytes, another encoding)
is reported as notes shown on the page and as warnings.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
#: Sidecar keys a web page or PDF can give, in the order the card names them.
PAGE_KEYS = ("title", "author", "published", "outlet", "url", "language")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
#: Documents users bring that kb_ext cannot read: each is named in a warning,
#: never skipped silently.
UNREADABLE = {
    ".mhtml": "a single-file web archive (MHTML)", ".mht": "a single-file web archive (MHTML)",
    ".webarchive": "a Safari web archive", ".doc": "a Word document",
    ".docx": "a Word document", ".odt": "an OpenDocument text", ".rtf": "an RTF document",
    ".epub": "an EPUB book",
}
LATIN1_FALLBACK = "kb-latin1-fallback"


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error(LATIN1_FALLBACK, _latin1_fallback)


@dataclass
class RawArticle:
    path: Path
    text: str
    sha256: str
    size: int
    notes: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


#: Bytes that did not decode, as ``surrogateescape`` keeps them (U+DC80-U+DCFF).
_ESCAPED = re.compile("[\udc80-\udcff]+")
#: A file is UTF-8 with some bad bytes, not an 8-bit encoding, when it has at
#: least this many valid multi-byte characters per bad byte.
MOSTLY_UTF8 = 4
#: Lines named in a warning about bad bytes; more are counted, not listed.
LINES_NAMED = 5
#: Bytes of Cyrillic letters in Windows-1251 and KOI8-R (both put them at 0xC0-0xFF).
_HIGH_LETTERS = re.compile(rb"[\xc0-\xff]+")
_HIGH_BYTES = bytes(range(0xC0, 0x100))
_TOP_BYTES = bytes(range(0xE0, 0x100))


def _legacy_encoding(data: bytes) -> str:
    """The 8-bit encoding a file that is not UTF-8 is most likely in.
    Cyrillic text has its letters (bytes 0xC0-0xFF in Windows-1251 and KOI8-R)
    side by side in whole words; Western text has an accented letter here and
    there. Text is mostly lower case, 0xE0-0xFF in Windows-1251 and 0xC0-0xDF
    in KOI8-R."""
    letters = len(data) - len(data.translate(None, _HIGH_BYTES))
    in_words = sum(len(run) for run in _HIGH_LETTERS.findall(data) if len(run) > 1)
    if not letters or in_words * 2 < letters:
        return "cp1252"
    top = len(data) - len(data.translate(None, _TOP_BYTES))
    return "cp1251" if top * 2 >= letters else "koi8_r"


def _lines_named(lines: list[int]) -> str:
    """"line 3", "lines 3, 7", "lines 1, 2, 3, 4, 5 and 9 more"."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    more = len(lines) - LINES_NAMED
    return f"lines {', '.join(map(str, lines[:LINES_NAMED]))}" + (
        f" and {more} more" if more > 0 else "")


def _bad_lines(escaped: str) -> tuple[list[int], int]:
    """The lines holding bytes that are not UTF-8, and how many such bytes."""
    lines: list[int] = []
    line, position, count = 1, 0, 0
    for match in _ESCAPED.finditer(escaped):
        line += escaped.count("\n", position, match.start())
        position = match.start()
        count += match.end() - match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines, count


def _decode_text(data: bytes, article: RawArticle) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    lines, bad = _bad_lines(escaped)
    # Characters of two to four bytes that did decode: many in a UTF-8 file,
    # few in an 8-bit encoding, where bytes over 0x7F seldom form such
    # sequences (but "é€€" in Windows-1252 is one).
    multibyte = len(escaped) - len(escaped.encode("ascii", "ignore")) - bad
    if multibyte >= MOSTLY_UTF8 * bad:
        where = _lines_named(lines)
        what = f"{bad} byte{'s' if bad > 1 else ''} on {where}"
        article.notes.append(f"not valid UTF-8: {what} shown as \ufffd (U+FFFD); the rest "
                             "is UTF-8")
        article.problems.append(
            (lines[0], f"not valid UTF-8: {what}, replaced by U+FFFD; the rest of the file "
                       "is read as UTF-8"))
        return data.decode("utf-8", errors="replace")
    encoding = _legacy_encoding(data)
    # Undefined bytes of the 8-bit encoding are kept as the Latin-1 control
    # characters of the same value, so no byte is lost.
    text = data.decode(encoding, errors=LATIN1_FALLBACK)
    shown = {"koi8_r": "KOI8-R"}.get(encoding, encoding)
    first = _ESCAPED.search(escaped)
    byte = ord(first.group()[0]) - 0xDC00 if first else 0
    article.notes.append(
        f"not valid UTF-8 (first bad byte on line {lines[0]}); decoded as {shown}")
    article.problems.append(
        (lines[0], f"not valid UTF-8 (byte 0x{byte:02x} on line {lines[0]}, hardly any "
                   f"UTF-8 in the file): the whole file is decoded as {shown}"))
    return text


def decode_detected(data: bytes, article: RawArticle) -> str:
    """``data`` decoded as UTF-8 or, when it is not, in the encoding its bytes
    suggest; what was done goes to the article's notes and problems."""
    return _decode_text(data, article)


def decode(data: bytes, path: Path) -> RawArticle:
    article = RawArticle(path, "", hashlib.sha256(data).hexdigest(), len(data))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        article.notes.append("UTF-8 byte order mark removed")
        article.problems.append((1, "byte order mark (BOM) at start of file; removed"))
    text = _decode_text(data, article)
    if "\r" in text:
        crlf = text.count("\r\n")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        what = "CRLF" if crlf else "CR"
        article.notes.append(f"{what} line endings normalised to LF")
        article.problems.append((1, f"{what} line endings; normalised to LF"))
    if not text.strip():
        article.problems.append((1, "article is empty"))
    article.text = text
    return article


def read_article(path: Path) -> RawArticle:
    try:
        data = path.read_bytes()
    except OSError as exc:
        article = RawArticle(path, "", "", 0)
        article.problems.append((1, f"cannot read article: {exc}"))
        return article
    return decode(data, path)


def _saved_page_assets(path: Path, directory: Path) -> bool:
    """Whether ``path`` is in the ``<name>_files`` folder a browser's "Save
    page" writes beside ``<name>.html`` (frames, ads): part of that page."""
    for folder in path.relative_to(directory).parents:
        name = folder.name
        if name.endswith("_files") and any(
                (directory / folder.parent / (name[:-6] + suffix)).is_file()
                for suffix in HTML_SUFFIXES):
            return True
    return False


def find_articles(directory: Path, links: list[Path] | None = None,
                  unreadable: list[Path] | None = None) -> list[Path]:
    """Article files in ``directory`` (recursively), in a stable order.
    Symbolic links to folders are not followed, and broken links to articles
    are not articles: they are added to ``links`` for the caller to report.
    The files a browser saved with a page (``page_files/``) are not articles.
    Documents of a kind kb_ext cannot read go to ``unreadable``."""
    if not directory.is_dir():
        return []
    articles = []
    for path in directory.rglob("*"):
        # Hidden files and folders (.git, the import's .kb-extracted) are not sources.
        if any(part.startswith(".") for part in path.relative_to(directory).parts):
            continue
        if path.is_file():
            if path.suffix.lower() in ARTICLE_SUFFIXES and not (
                    path.suffix.lower() in HTML_SUFFIXES
                    and _saved_page_assets(path, directory)):
                articles.append(path)
            elif unreadable is not None and path.suffix.lower() in UNREADABLE:
                unreadable.append(path)
        elif links is not None and path.is_symlink() and (
                path.is_dir() or path.suffix.lower() in ARTICLE_SUFFIXES):
            links.append(path)
    if links is not None:
        links.sort()
    if unreadable is not None:
        unreadable.sort()
    return sorted(articles)
