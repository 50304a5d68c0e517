"""The exports beside kb.json, written at ``build-finished``: the schemas
(``kb.schema.json``, ``sidecar.schema.json``), and in ``data/`` the CSV
tables, ``kb.graphml`` and ``kb.sqlite``.

All are made from kb.json's data (the file just written, or the same text
made in memory when ``kb_export_json`` is off), so they agree with it, and an
incremental build, which keeps kb.json equal to a full build's, keeps them
equal too. A build that changed nothing leaves them as they are; each file
is rewritten only when its bytes change (:func:`.files.write_if_changed`).
They are not made at all when what they are made from is what the files on
disk were made from: kb.json's text, the settings and the formats' versions,
whose digest is kept in the doctree folder (:data:`STAMP_FILE`). An edit that
changes no exported data (a guide page, a theme's prose) so costs a hash of
kb.json instead of every table.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..changes import env_changed
from ..sources.assessment import FieldKind
from .csvfiles import csv_files
from .files import write_if_changed
from .graphml import graphml_bytes
from .kbjson import FORMAT_VERSION, export_bytes
from .schema import KB_SCHEMA_FILE, SIDECAR_SCHEMA_FILE, kb_schema, schema_text, sidecar_schema
from .sqlite import sqlite_bytes, write_sqlite
from .tables import TABLES, TABLES_VERSION, Row, table_rows, tables_of

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
                 sqlite: bool = True, fields: dict[str, FieldKind] | None = None,
                 sqlite_to: Path | None = None) -> Iterator[tuple[str, bytes]]:
    """(path relative to the output folder, bytes) for every export made from
    kb.json's ``data``, one at a time, so that a build holds one file's bytes
    at once (together several times kb.json's size); ``fields`` are the
    project's kb_sidecar_fields. With ``sqlite_to``, the database is made
    there (:func:`.sqlite.write_sqlite`) instead of given as bytes."""
    yield KB_SCHEMA_FILE, schema_text(kb_schema(FORMAT_VERSION, fields)).encode("utf-8")
    yield SIDECAR_SCHEMA_FILE, schema_text(sidecar_schema(fields)).encode("utf-8")
    if not (csv or graphml or sqlite):
        return
    # The declared sidecar fields' columns, found by scanning every source: once.
    tables = tables_of(data)
    rows, meta = table_rows(data, tables), _meta(data)
    if csv:
        for name, body in csv_files(rows, meta, tables):
            yield f"{DATA_DIR}/{name}", body
    if graphml:
        yield f"{DATA_DIR}/{GRAPHML_FILE}", graphml_bytes(data, TABLES_VERSION)
    if sqlite and sqlite_to is not None:
        sqlite_to.parent.mkdir(parents=True, exist_ok=True)
        write_sqlite(sqlite_to, rows, meta, tables)
    elif sqlite:
        yield f"{DATA_DIR}/{SQLITE_FILE}", sqlite_bytes(rows, meta, tables)


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


def _kb_data(app: Sphinx, text: bytes) -> dict[str, Any]:
    """kb.json's data, from its ``text``, or, when that is not kb.json as
    kb_ext writes it (edited by hand, cut short), made from the domain."""
    try:
        data = json.loads(text)
        if isinstance(data, dict) and data.get("format_version") == FORMAT_VERSION:
            return data
    except (UnicodeError, ValueError):
        pass
    made: dict[str, Any] = json.loads(export_bytes(app, None))
    return made


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
    config = app.config
    text = _kb_text(app)
    stamp, digest = Path(app.doctreedir) / STAMP_FILE, _digest(app, text)
    with contextlib.suppress(OSError):
        if all(path.exists() for path in wanted_paths) and stamp.read_text() == digest:
            return  # made from the same kb.json and settings
    stamp.unlink(missing_ok=True)  # until every file is written
    tables = config.kb_export_csv or config.kb_export_graphml or config.kb_export_sqlite
    outdir = Path(app.outdir)
    with _without_cyclic_gc():
        data = _kb_data(app, text) if tables else {}
        del text  # the parsed data is all that is needed now
        database = outdir / DATA_DIR / SQLITE_FILE
        files = export_files(data, csv=config.kb_export_csv, graphml=config.kb_export_graphml,
                             sqlite=config.kb_export_sqlite, fields=config.kb_sidecar_fields,
                             sqlite_to=database if planned.get(database) else None)
        del data
        for name, body in files:
            path = outdir / name
            if planned.get(path):
                path.parent.mkdir(parents=True, exist_ok=True)
                write_if_changed(path, body)
            del body  # not held while the next file is made
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
