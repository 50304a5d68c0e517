"""Compact JSON, as every file under ``_kb_search/`` is written, and its size.

One encoder serves every file and every size (``json.dumps`` with options
builds a new encoder per call); it is the C encoder, as ``json.dumps`` would
use. Keys are sorted and there is no whitespace, so the same data always
gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)

#: ``data`` as compact JSON text.
dumps = _ENCODER.encode


def size(data: Any) -> int:
    """Bytes of ``data`` as compact UTF-8 JSON."""
    text = _ENCODER.encode(data)
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def str_size(text: str) -> int:
    """Bytes of ``text`` as a JSON string, without encoding it when it needs no escapes."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return len(text) + 2
    return size(text)
