"""The exports beside kb.json, written at ``build-finished``: the schemas
(``kb.schema.json``, ``sidecar.schema.json``), and in ``data/`` the CSV
tables, ``kb.graphml`` and ``kb.sqlite``.

All are made from kb.json's data (the file just written, or the same text
made in memory when ``kb_export_json`` is off), so they agree with it, and an
incremental build, which keeps kb.json equal to a full build's, keeps them
equal too. What kb.json's sources alone decide (nearly all of the bytes) is
kept between builds as a part (:mod:`.source_part`) that an edit leaving the
sources as they were (a claim, an actor) takes as it is; full and
incremental builds assemble the files from a part the same way. A build
that changed nothing leaves the files as they are; each file is rewritten
only when its bytes change (:func:`.files.write_if_changed`). They are not
made at all when what they are made from is what the files on disk were
made from: kb.json's text, the settings and the formats' versions, whose
digest is kept in the doctree folder (:data:`STAMP_FILE`). An edit that
changes no exported data (a guide page, a theme's prose) so costs a hash of
kb.json instead of every table.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.util import logging

from ..changes import env_changed
from ..sources.assessment import FieldKind
from .csvfiles import csv_bytes
from .files import install, write_if_changed
from .graphml import assembled
from .kbjson import FORMAT_VERSION, export_bytes
from .schema import KB_SCHEMA_FILE, SIDECAR_SCHEMA_FILE, kb_schema, schema_text, sidecar_schema
from .source_part import PART_DIR, SourcePart, current_part, make_part, split_sources
from .sqlite import write_sqlite
from .tables import SOURCE_TABLES, TABLES, TABLES_VERSION, Known, Row, table_rows

logger = logging.getLogger(__name__)

#: in the doctree folder: the digest of what the exports on disk were made from
STAMP_FILE = "kb-exports.digest"
DATA_DIR = "data"
GRAPHML_FILE = "kb.graphml"
SQLITE_FILE = "kb.sqlite"


def _meta(data: dict[str, Any]) -> list[Row]:
    return [("format", "kb_ext"), ("kb_json_format_version", str(FORMAT_VERSION)),
            ("project", data.get("project") or ""), ("tables_version", str(TABLES_VERSION))]


def planned_files(app: Sphinx) -> dict[Path, bool]:
    """Every file this module writes -> whether this build's settings want it."""
    outdir, config = Path(app.outdir), app.config
    data = outdir / DATA_DIR
    csv_names = ["meta.csv", *(f"{table.name}.csv" for table in TABLES)]
    return {outdir / KB_SCHEMA_FILE: bool(config.kb_export_json),
            outdir / SIDECAR_SCHEMA_FILE: True,
            **{data / name: bool(config.kb_export_csv) for name in csv_names},
            data / GRAPHML_FILE: bool(config.kb_export_graphml),
            data / SQLITE_FILE: bool(config.kb_export_sqlite)}


def export_files(data: dict[str, Any], *, csv: bool = True, graphml: bool = True,
                 sqlite: bool = True, fields: dict[str, FieldKind] | None = None
                 ) -> Iterator[tuple[str, bytes]]:
    """(path relative to the output folder, bytes) for every export made from
    kb.json's ``data``, one at a time, as a build makes them; ``fields`` are
    the project's kb_sidecar_fields."""
    with tempfile.TemporaryDirectory() as folder:
        part = make_part(Path(folder) / "part", data.get("sources", []))
        curated = {**data, "sources": []}
        rows = table_rows(curated, _CURATED, part.known)  # for the CSV files and the database
        for name, body in _files(curated, part, rows, csv=csv, graphml=graphml, fields=fields):
            yield name, body.read_bytes() if isinstance(body, Path) else body
        if sqlite:
            database = Path(folder) / SQLITE_FILE
            _write_database(database, curated, part, rows)
            yield f"{DATA_DIR}/{SQLITE_FILE}", database.read_bytes()


def _files(curated: dict[str, Any], part: SourcePart, rows: dict[str, list[Row]], *,
           csv: bool, graphml: bool,
           fields: dict[str, FieldKind] | None) -> Iterator[tuple[str, bytes | Path]]:
    """Every export but the database, from kb.json's ``curated`` data (its
    sources list empty) and the sources' ``part``: bytes, or the part's file
    that is the export as it is."""
    yield KB_SCHEMA_FILE, schema_text(kb_schema(FORMAT_VERSION, fields)).encode("utf-8")
    yield SIDECAR_SCHEMA_FILE, schema_text(sidecar_schema(fields)).encode("utf-8")
    if csv:
        yield f"{DATA_DIR}/meta.csv", csv_bytes(("name", "value"), _meta(curated))
        for table in TABLES:
            name = f"{DATA_DIR}/{table.name}.csv"
            if table.name in SOURCE_TABLES:
                yield name, part.csv(table.name)
            else:
                yield name, csv_bytes([c.name for c in table.columns], rows[table.name])
    if graphml:
        yield f"{DATA_DIR}/{GRAPHML_FILE}", assembled(
            curated, TABLES_VERSION, part.nodes, sorted(part.known.sources), part.mentions)


#: the tables made from kb.json's curated objects (the others are the part's)
_CURATED = tuple(table for table in TABLES if table.name not in SOURCE_TABLES)


def _write_database(target: Path, curated: dict[str, Any], part: SourcePart,
                    rows: dict[str, list[Row]]) -> bool:
    return write_sqlite(target, part.database, rows, _meta(curated), _CURATED)


def _kb_text(app: Sphinx) -> bytes:
    """kb.json's bytes: the file written just before by write_export, or the
    same text made from the domain when it is off or missing."""
    path = Path(app.outdir) / "kb.json"
    if app.config.kb_export_json:
        try:
            return path.read_bytes()
        except OSError:
            pass
    return export_bytes(app, None)


def _digest(app: Sphinx, text: bytes) -> str:
    """What the exports are made from: kb.json's text, the settings that shape
    them, the formats' versions, and the output folder they were written to."""
    from .. import __version__
    config = app.config
    settings = json.dumps([__version__, FORMAT_VERSION, TABLES_VERSION, str(app.outdir),
                           bool(config.kb_export_csv), bool(config.kb_export_graphml),
                           bool(config.kb_export_sqlite), config.kb_sidecar_fields],
                          sort_keys=True, default=repr)
    digest = hashlib.sha256(settings.encode())
    digest.update(text)
    return digest.hexdigest()


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """kb.json's parsed data and the rows made from it are millions of small
    containers without cycles, freed by reference counting; while they are
    made, the cyclic collector would walk the whole build's heap (the
    environment, every record) again and again for nothing. Measured with
    N=1,000's kb.json beside six loaded environments: 1.54 -> 0.86 s CPU."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html":
        return
    planned = planned_files(app)
    for path, wanted in planned.items():
        if not wanted:
            path.unlink(missing_ok=True)  # turned off: no stale copy beside the site
    wanted_paths = [path for path, wanted in planned.items() if wanted]
    if all(path.exists() for path in wanted_paths) and not env_changed(app):
        return  # made from domain data only, which this build did not change
    text = _kb_text(app)
    stamp, digest = Path(app.doctreedir) / STAMP_FILE, _digest(app, text)
    with contextlib.suppress(OSError):
        if all(path.exists() for path in wanted_paths) and stamp.read_text() == digest:
            logger.info("kb_ext: data exports unchanged (kb.json and the settings are)")
            return  # made from the same kb.json and settings
    stamp.unlink(missing_ok=True)  # until every file is written
    with _without_cyclic_gc():
        written, part = _write_files(app, text, planned)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
    kept = ("; the sources' tables as the last build made them" if part.kept else
            "" if part is _NO_PART else "; the sources' tables made again")
    logger.info("kb_ext: data exports: %d of %d files rewritten%s", written,
                len(wanted_paths), kept)


#: no sources' part: when no table is exported, only the schemas are written
_NO_PART = SourcePart(Path(), Known(frozenset(), frozenset()), [], [])


def _split(app: Sphinx, text: bytes) -> tuple[bytes, dict[str, Any]]:
    """kb.json's sources' lines and the rest of its data; when the file is not
    kb.json as kb_ext writes it (edited by hand, cut short), both made from
    the domain."""
    split = split_sources(text)
    if split is not None:
        try:
            curated = json.loads(split[1])
            if isinstance(curated, dict) and curated.get("format_version") == FORMAT_VERSION:
                return split[0], curated
        except (UnicodeError, ValueError):
            pass
    lines, rest = cast("tuple[bytes, bytes]", split_sources(export_bytes(app, None)))
    made: dict[str, Any] = json.loads(rest)
    return lines, made


def _write_files(app: Sphinx, text: bytes, planned: dict[Path, bool]
                 ) -> tuple[int, SourcePart]:
    """The files, made and written: how many were rewritten, and the part
    they were made from."""
    config, outdir = app.config, Path(app.outdir)
    written = 0
    curated: dict[str, Any] = {}
    part = _NO_PART
    if config.kb_export_csv or config.kb_export_graphml or config.kb_export_sqlite:
        lines, curated = _split(app, text)
        del text
        part = current_part(Path(app.doctreedir) / PART_DIR, lines)
        del lines
    rows = table_rows(curated, _CURATED, part.known)  # for the CSV files and the database
    for name, body in _files(curated, part, rows, csv=config.kb_export_csv,
                             graphml=config.kb_export_graphml, fields=config.kb_sidecar_fields):
        path = outdir / name
        if planned.get(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            written += (install(body, path) if isinstance(body, Path)
                        else write_if_changed(path, body))
        del body  # not held while the next file is made
    database = outdir / DATA_DIR / SQLITE_FILE
    if planned.get(database) and part is not _NO_PART:
        database.parent.mkdir(parents=True, exist_ok=True)
        written += _write_database(database, curated, part, rows)
    return written, part
