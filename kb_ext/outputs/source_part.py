"""The exports' share that kb.json's sources alone decide, kept between builds.

At 10,000 sources the sources are nearly all of the exports: 95 MB of
passages, over half a million mentions, the passages' full-text index. An
edit of a claim, an actor or a theme changes none of that. So what the
sources give (the sources, passages, mentions and duplicates tables as CSV,
the same tables and the full-text index as a SQLite database, the sources'
GraphML nodes and their mention edges) is made into a folder in the doctree
folder, marked with the digest of kb.json's sources and of the code that
makes it, and a build whose sources have that digest takes it from there.
Full and incremental builds both assemble the exports from such a part
(:mod:`.exports`), so they give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any, NamedTuple

from . import csvfiles, graphml, sqlite, tables
from .files import write_if_changed
from .graphml import MentionEdge
from .sqlite import has_fts5, write_part
from .tables import SOURCE_TABLES, Known, known_ids, table_rows, tables_of

#: in the doctree folder
PART_DIR = "kb-exports-sources"
#: the part's digest and ids, written last: a part without it is made again
INDEX_FILE = "part.json"
DATABASE_FILE = "part.sqlite"
NODES_FILE = "graphml-nodes.txt"
EDGES_FILE = "graphml-mentions.json"
#: raised when what a part holds changes shape
FORMAT = 1
#: kb.json's sources list as export_text writes it: one source per line
_SOURCES = b'\n"sources": ['


class SourcePart(NamedTuple):
    folder: Path
    #: the sources' and passages' ids, which positions and edges may cite
    known: Known
    #: the sources' GraphML node lines
    nodes: list[str]
    mentions: list[MentionEdge]
    #: taken from an earlier build, not made by this one
    kept: bool = False

    @property
    def database(self) -> Path:
        return self.folder / DATABASE_FILE

    def csv(self, table: str) -> Path:
        return self.folder / f"{table}.csv"


def split_sources(text: bytes) -> tuple[bytes, bytes] | None:
    """kb.json's ``text`` as its sources' lines and the rest, whose sources
    list is empty; None when the text is not laid out as kb_ext writes it."""
    at = text.find(_SOURCES + b"\n")
    if at < 0:
        return (b"", text) if _SOURCES + b"]" in text else None
    start = at + len(_SOURCES) + 1
    end = text.find(b"\n]", start)  # no line of an object holds a line break
    if end < 0:
        return None
    return text[start:end], text[:at + len(_SOURCES)] + text[end + 1:]


@functools.cache
def _code_digest() -> str:
    digest = hashlib.sha256(f"{FORMAT} {has_fts5()}".encode())
    for module in (csvfiles, graphml, sqlite, tables):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


def current_part(folder: Path, lines: bytes) -> SourcePart:
    """The part for kb.json's sources ``lines`` (:func:`split_sources`): the
    one kept in ``folder`` when it was made from the same, else made there."""
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(lines)
    kept = _load(folder, digest.hexdigest())
    if kept is not None:
        return kept
    sources: list[dict[str, Any]] = json.loads(b"[" + lines + b"]")
    return make_part(folder, sources, digest.hexdigest())


def make_part(folder: Path, sources: list[dict[str, Any]], digest: str = "") -> SourcePart:
    """The part made from kb.json's ``sources`` into ``folder`` (emptied first)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    data = {"sources": sources}
    made = tuple(t for t in tables_of(data) if t.name in SOURCE_TABLES)
    rows = table_rows(data, made)
    for table in made:
        write_if_changed(folder / f"{table.name}.csv",
                         csvfiles.csv_bytes([c.name for c in table.columns], rows[table.name]))
    write_part(folder / DATABASE_FILE, rows, made)
    del rows
    known = known_ids(sources)
    part = SourcePart(folder, known, graphml.source_nodes(sources),
                      graphml.mention_edges(sources))
    (folder / NODES_FILE).write_text("\n".join(part.nodes), encoding="utf-8")
    (folder / EDGES_FILE).write_text(json.dumps(part.mentions, ensure_ascii=False),
                                     encoding="utf-8")
    index = {"digest": digest, "sources": sorted(known.sources),
             "passages": sorted(known.passages)}
    write_if_changed(folder / INDEX_FILE, json.dumps(index).encode("utf-8"))
    return part


def _load(folder: Path, digest: str) -> SourcePart | None:
    try:
        index = json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))
        files = [DATABASE_FILE, *(f"{name}.csv" for name in SOURCE_TABLES)]
        if index["digest"] != digest or not all((folder / name).is_file() for name in files):
            return None
        text = (folder / NODES_FILE).read_text(encoding="utf-8")
        edges = json.loads((folder / EDGES_FILE).read_text(encoding="utf-8"))
        return SourcePart(folder, Known(frozenset(index["sources"]), frozenset(index["passages"])),
                          text.split("\n") if text else [],
                          [MentionEdge(target, body) for target, body in edges], kept=True)
    except (OSError, ValueError, KeyError, TypeError):
        return None
