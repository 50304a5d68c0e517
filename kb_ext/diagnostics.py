"""One logger and one helper so every kb_ext warning carries a ``kb.*`` type
and a location, which makes ``-W`` and ``suppress_warnings`` work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("kb_ext")

#: Warning subtypes, usable as ``suppress_warnings = ["kb.<subtype>"]``.
SUBTYPES = {
    "sidecar": "a source's metadata sidecar is missing, malformed or invalid",
    "source": "a raw article cannot be read cleanly (encoding, empty, BOM, CRLF; a web page "
              "with no article, truncated or not HTML; a PDF with no text layer, "
              "password-protected or corrupt), or a source page file cannot be written",
    "extract": "a web page's or PDF's passages differ from those its extract lock recorded "
               "(another extractor version), or the lock cannot be read or written",
    "duplicate": "two objects share one id",
    "ref": "a reference names no known object",
    "quote": "a quoted passage does not contain the quote, or a quote is missing or too short",
    "alias": "an alias is shared by two actors, is empty, has no letter or digit, or is only "
             "stop words",
    "directive": "a kb directive is used with invalid options",
    "config": "a kb_* configuration value is invalid",
}


def warn(subtype: str, message: str, location: Any = None) -> None:
    """Emit one ``kb.<subtype>`` warning.

    ``location`` is a docname, a ``(docname, line)`` tuple, a node, or a file
    outside the project as a :class:`~pathlib.Path` or ``(Path, line)``.
    Sphinx reads a string without a colon as a docname, so a file is always
    given as ``"path:line"`` (line 1 when the whole file is meant).
    """
    if isinstance(location, tuple) and isinstance(location[0], Path):
        path, line = location
        location = f"{path}:{line or 1}"
    elif isinstance(location, Path):
        location = f"{location}:1"
    logger.warning(message, type="kb", subtype=subtype, location=location)
