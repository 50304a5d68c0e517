"""Reading raw articles: bytes to text, without ever writing to them.

Decoding is lossless where it can be: UTF-8 first, then Windows-1252, then
Latin-1 (which maps every byte). Whatever had to be normalised (BOM, CRLF,
encoding fallback) is reported as notes shown on the page and as warnings.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".md", ".text")
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


def _first_bad_line(data: bytes, error: UnicodeDecodeError) -> int:
    return data[: error.start].count(b"\n") + 1


def decode(data: bytes, path: Path) -> RawArticle:
    article = RawArticle(path, "", hashlib.sha256(data).hexdigest(), len(data))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        article.notes.append("UTF-8 byte order mark removed")
        article.problems.append((1, "byte order mark (BOM) at start of file; removed"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _first_bad_line(data, exc)
        # Windows-1252 is the usual culprit; its five undefined bytes are kept
        # as the Latin-1 control characters of the same value, so no byte is lost.
        encoding = "cp1252"
        text = data.decode(encoding, errors=LATIN1_FALLBACK)
        article.notes.append(
            f"not valid UTF-8 (first bad byte on line {line}); decoded as {encoding}")
        article.problems.append(
            (line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); decoded as {encoding}"))
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


def find_articles(directory: Path) -> list[Path]:
    """Article files in ``directory`` (recursively), in a stable order."""
    if not directory.is_dir():
        return []
    return sorted(
        path for path in directory.rglob("*")
        if path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES
        and not path.name.startswith(".")
    )
