"""Decoding a saved web page: the charset it declares, as browsers read it.

A byte order mark wins, then a declaration in the page's first bytes
(``<meta charset>``, an ``http-equiv`` Content-Type, an XML declaration),
then the detection kb_ext uses for text files (:mod:`.ingest`). A
declaration that names no known encoding, or that the bytes contradict
(declared UTF-8, not UTF-8), is reported and the detection decides.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from .ingest import RawArticle, decode_detected

#: Browsers look for a declaration in the first 1,024 bytes; saved pages put
#: long scripts first more often than the web did, so look a little further.
PRESCAN_BYTES = 8192
_DECLARATION = re.compile(
    rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)"
    rb"|<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
#: Labels the web reads as another encoding (WHATWG Encoding Standard): a
#: page declared Latin-1 or ASCII is Windows-1252, a superset.
_WEB_ALIASES = {"latin1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252",
                "iso8859-9": "cp1254", "tis-620": "cp874"}
_SHOWN = {"cp1252": "windows-1252", "cp1251": "windows-1251", "cp1250": "windows-1250",
          "koi8-r": "KOI8-R", "koi8-u": "KOI8-U", "utf-8": "UTF-8"}


class Declared(NamedTuple):
    label: str      # as written in the page
    codec: str      # Python's codec name, "" when unknown
    line: int


def shown_codec(codec: str) -> str:
    return _SHOWN.get(codec, codec.upper().replace("ISO8859", "ISO-8859"))


def declared_charset(data: bytes) -> Declared | None:
    """The charset the page declares in its first bytes, if any."""
    head = data[:PRESCAN_BYTES]
    match = _DECLARATION.search(head)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").strip().lower()
    try:
        codec = codecs.lookup(label).name
        # Python also knows codecs that are no text encodings (hex, base64, rot13):
        # bytes.decode refuses them with a LookupError, as it does unknown names.
        b"x".decode(codec, errors="replace")
    except LookupError:
        codec = ""
    except UnicodeError:
        pass  # a text codec that decodes nothing ('undefined'): said when decoding
    line = head.count(b"\n", 0, match.start()) + 1
    return Declared(label, _WEB_ALIASES.get(codec, codec), line)


def decode_html(data: bytes, article: RawArticle) -> str:
    """The page's text; how it was decoded goes to ``article.notes`` and, when
    the page's own signals were missing or wrong, to ``article.problems``."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            article.notes.append(f"decoded as {shown_codec(codec)} (byte order mark)")
            return data[len(bom):].decode(codec, errors="replace")
    declared = declared_charset(data)
    if declared is not None and declared.codec in ("utf-16-le", "utf-16-be", "utf-16"):
        declared = declared._replace(codec="utf-8")  # a page read as ASCII cannot be UTF-16
    if declared is not None and declared.codec == "utf-8":
        # UTF-8 with a few bad bytes, or no UTF-8 at all despite the page's
        # word: the detection says which, in one warning.
        before = len(article.problems)
        text = decode_detected(data, article)
        if len(article.problems) == before:
            article.notes.append(f"decoded as UTF-8 (declared by the page: {declared.label})")
        return text
    if declared is not None and declared.codec:
        try:
            text = data.decode(declared.codec)
        except UnicodeDecodeError as error:
            article.problems.append(
                (declared.line, f"the page declares charset {declared.label!r} but byte "
                                f"0x{data[error.start]:02x} at offset {error.start} is not "
                                f"{shown_codec(declared.codec)}; the encoding is detected "
                                "from the bytes instead"))
        except (UnicodeError, LookupError):  # a codec that cannot decode at all
            article.problems.append(
                (declared.line, f"the page declares charset {declared.label!r}, which cannot "
                                "be decoded; the encoding is detected from the bytes"))
        else:
            article.notes.append(f"decoded as {shown_codec(declared.codec)} (declared "
                                 f"by the page: {declared.label})")
            return text
    elif declared is not None:
        article.problems.append(
            (declared.line, f"the page declares charset {declared.label!r}, which is no "
                            "known encoding; the encoding is detected from the bytes"))
    text = decode_detected(data, article)
    if not article.notes:
        article.notes.append("read as UTF-8" if declared else "no charset declared; read as "
                             "UTF-8")
    return text
