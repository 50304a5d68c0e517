"""How a saved page's bytes become text: the page's own declaration, a BOM,
or kb_ext's detection, with what the reader is told (notes) and warned of."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_ext.sources.charset import decode_html
from kb_ext.sources.ingest import RawArticle

CASES = [
    # (bytes, text shown, notes, warnings)
    (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>\xcc\xe8\xed'
     b'\xf1\xea</p>', "Минск", ["decoded as windows-1251 (declared by the page: windows-1251)"],
     []),
    (b"<meta charset='KOI8-R'><p>\xed\xc9\xce\xd3\xcb</p>", "Минск",
     ["decoded as KOI8-R (declared by the page: koi8-r)"], []),
    (b'<meta http-equiv=content-type content="text/html;charset=iso-8859-2"><p>Mi\xf1sk \xb1'
     b'\xea\xb3</p>', "Mińsk ąęł", ["decoded as ISO-8859-2 (declared by the page: iso-8859-2)"],
     []),
    # Latin-1 as the web reads it: Windows-1252, so 0x93/0x94 are quotes.
    (b'<meta charset="iso-8859-1"><p>\x93quoted\x94</p>', "\u201cquoted\u201d",
     ["decoded as windows-1252 (declared by the page: iso-8859-1)"], []),
    (b"\xef\xbb\xbf<p>\xd0\x9c\xd1\x96\xd0\xbd\xd1\x81\xd0\xba</p>", "Мінск",
     ["decoded as UTF-8 (byte order mark)"], []),
    (b'\xff\xfe<\x00p\x00>\x00\x1c\x04\x38\x04<\x00/\x00p\x00>\x00', "Ми",
     ["decoded as UTF-16-LE (byte order mark)"], []),
    (b"<p>plain ascii</p>", "plain ascii", ["no charset declared; read as UTF-8"], []),
    # Declared UTF-8 with one bad byte: UTF-8 all the same, one warning.
    (b'<meta charset="utf-8"><p>caf\xc3\xa9 \xc3\xa9t\xc3\xa9 na\xc3\xafve \xc3\xbc \xff</p>',
     "café été naïve ü \ufffd", ["not valid UTF-8: 1 byte on line 1 shown as \ufffd (U+FFFD); "
                                 "the rest is UTF-8"],
     ["not valid UTF-8: 1 byte on line 1, replaced by U+FFFD; the rest of the file is read "
      "as UTF-8"]),
    (b'<meta charset="x-klingon"><p>plain</p>', "plain", ["read as UTF-8"],
     ["the page declares charset 'x-klingon', which is no known encoding; the encoding is "
      "detected from the bytes"]),
    # Codecs Python knows that are no text encodings, and one that decodes nothing.
    (b'<meta charset="hex"><p>plain</p>', "plain", ["read as UTF-8"],
     ["the page declares charset 'hex', which is no known encoding; the encoding is "
      "detected from the bytes"]),
    (b'<meta charset="undefined"><p>plain</p>', "plain", ["read as UTF-8"],
     ["the page declares charset 'undefined', which cannot be decoded; the encoding is "
      "detected from the bytes"]),
    (b'<meta charset="windows-1251"><p>\x98</p>', None, None,
     ["the page declares charset 'windows-1251' but byte 0x98 at offset 32 is not "
      "windows-1251; the encoding is detected from the bytes instead"]),
]


@pytest.mark.parametrize(("data", "shown", "notes", "warnings"), CASES)
def test_decoding(data: bytes, shown: str | None, notes: list[str] | None,
                  warnings: list[str]) -> None:
    article = RawArticle(Path("page.html"), "", "", len(data))
    text = decode_html(data, article)
    if shown is not None:
        assert shown in text
    if notes is not None:
        assert article.notes == notes
    assert [message for _line, message in article.problems][:len(warnings)] == warnings
