"""Postings (the documents a term is in) as the term files hold them.

Sphinx's own form is one document number or a sorted list of them. When it
is shorter, a term's postings are instead a base64 bitmap of all documents
(bit ``d % 8`` of byte ``d // 8``), as a JSON string: a term on most pages
then costs ``documents / 6`` bytes. The client (``static/kb-search-shards.js``,
``decode``) reads all three forms.
"""

from __future__ import annotations

import base64
from collections import deque
from itertools import repeat


def encode_postings(value: int | list[int], ndocs: int) -> int | list[int] | str:
    """Sphinx's postings (an int or a sorted list), or a base64 bitmap if shorter."""
    return encode_sized(value, ndocs)[0]


def encode_sized(value: int | list[int], ndocs: int) -> tuple[int | list[int] | str, int]:
    """:func:`encode_postings` and the size of its JSON in bytes."""
    if isinstance(value, int):
        return value, len(str(value))
    as_bitmap = 4 * -(-((ndocs + 7) // 8) // 3) + 2
    count = len(value)
    if 2 * count + 1 <= as_bitmap:  # a list of one-digit numbers could be shorter
        as_list = len(",".join(map(str, value))) + 2 if count else 1
        if as_bitmap >= as_list:
            return value, max(as_list, 2)
    # bit d % 8 of byte d // 8: a string of flags, highest document first, read as
    # a binary number (C loops only; this was the cost of the whole sharding step)
    flags = bytearray(b"0") * ndocs
    deque(map(flags.__setitem__, value, repeat(0x31)), maxlen=0)
    bits = int(flags[::-1] or b"0", 2).to_bytes((ndocs + 7) // 8, "little")
    return base64.b64encode(bits).decode("ascii"), as_bitmap


def decode_postings(value: int | list[int] | str) -> list[int]:
    """The sorted document numbers of an encoded postings value."""
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return list(value)
    bits = base64.b64decode(value)
    return [i * 8 + b for i, byte in enumerate(bits) for b in range(8) if byte >> b & 1]
