"""One logger and one helper so every kb_ext warning carries a ``kb.*`` type
and a location, which makes ``-W`` and ``suppress_warnings`` work.

Warnings are also *recorded* while a document is read and while the domain
is derived (:func:`recording`), so that a build that does not read the
document again, or does not derive again, can say them again
(:func:`replay`): a problem is reported on every build until it is fixed,
not only on the build that found it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from docutils import nodes
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
    "furniture": "the learnt furniture file (kb_furniture_file) cannot be read",
    "duplicate": "two objects share one id",
    "ref": "a reference names no known object (with the id meant, when it names an "
           "actor's alias, an object's name or an article's file name)",
    "quote": "a quoted passage does not contain the quote (and where it is instead), or a "
             "quote is missing or too short",
    "alias": "an alias is shared by two actors, is empty, has no letter or digit, or is only "
             "stop words",
    "directive": "a kb directive is used with invalid options",
    "config": "a kb_* configuration value is invalid",
}


class Recorded(NamedTuple):
    """A warning as given to :func:`warn`, kept to be said again."""

    subtype: str
    message: str
    #: a ``"file:line"`` string, a ``(docname, line)`` pair, a docname or None
    location: str | tuple[str, int | None] | None


#: the recorders active now, innermost last; each collects what is warned
_RECORDERS: list[tuple[list[Recorded], bool]] = []


def _storable(location: Any) -> str | tuple[str, int | None] | None:
    """The location in a form that pickles and prints the same again."""
    if isinstance(location, tuple) and isinstance(location[0], Path):
        path, line = location
        return f"{path}:{line or 1}"
    if isinstance(location, Path):
        return f"{location}:1"
    if isinstance(location, nodes.Node):
        return logging.get_node_location(location)
    if isinstance(location, tuple):
        return (str(location[0]), location[1])
    return location


def warn(subtype: str, message: str, location: Any = None) -> None:
    """Emit one ``kb.<subtype>`` warning.

    ``location`` is a docname, a ``(docname, line)`` tuple, a node, or a file
    outside the project as a :class:`~pathlib.Path` or ``(Path, line)``.
    Sphinx reads a string without a colon as a docname, so a file is always
    given as ``"path:line"`` (line 1 when the whole file is meant).
    """
    row = Recorded(subtype, message, _storable(location))
    quiet = False
    for rows, silent in _RECORDERS:
        rows.append(row)
        quiet = quiet or silent
    if not quiet:
        _emit(row)


def _emit(row: Recorded) -> None:
    logger.warning(row.message, type="kb", subtype=row.subtype, location=row.location)


@contextmanager
def recording(*, quiet: bool = False) -> Iterator[list[Recorded]]:
    """Collect the warnings given inside the block; ``quiet``: collect them
    without emitting them (they were said already this build)."""
    rows: list[Recorded] = []
    _RECORDERS.append((rows, quiet))
    try:
        yield rows
    finally:
        # By identity: two recorders holding equal lists must not be confused.
        stop_recording(rows)


def start_recording() -> list[Recorded]:
    """Like :func:`recording`, for a span between two Sphinx events; end it
    with :func:`stop_recording`."""
    rows: list[Recorded] = []
    _RECORDERS.append((rows, False))
    return rows


def stop_recording(rows: list[Recorded]) -> tuple[Recorded, ...]:
    for index, (active, _) in enumerate(_RECORDERS):
        if active is rows:
            del _RECORDERS[index]
            break
    return tuple(rows)


def replay(rows: Iterable[Recorded]) -> None:
    """Say recorded warnings again, each as it was first said."""
    for row in rows:
        _emit(row)
