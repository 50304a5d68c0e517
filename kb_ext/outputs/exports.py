"""The exports beside kb.json, written at ``build-finished``: the schemas
(``kb.schema.json``, ``sidecar.schema.json``), and in ``data/`` the CSV
tables, ``kb.graphml`` and ``kb.sqlite``.

All are made from kb.json's data (the file just written, or the same text
made in memory when ``kb_export_json`` is off), so they agree with it, and an
incremental build, which keeps kb.json equal to a full build's, keeps them
equal too. A build that changed nothing leaves them as they are; each file
is rewritten only when its bytes change (:func:`.files.write_if_changed`).
"""

from __future__ import annotations

import contextlib
import gc
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
from .kbjson import FORMAT_VERSION, export_lines
from .schema import KB_SCHEMA_FILE, SIDECAR_SCHEMA_FILE, kb_schema, schema_text, sidecar_schema
from .sqlite import sqlite_bytes
from .tables import TABLES, TABLES_VERSION, Row, table_rows, tables_of

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
    kb.json's ``data``, one at a time, so that a build holds one file's bytes
    at once (together several times kb.json's size); ``fields`` are the
    project's kb_sidecar_fields."""
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
    if sqlite:
        yield f"{DATA_DIR}/{SQLITE_FILE}", sqlite_bytes(rows, meta, tables)


def _kb_data(app: Sphinx) -> dict[str, Any]:
    """kb.json's data: the file written just before by write_export, or, when
    it is off or the file on disk is not kb.json as kb_ext writes it (edited by
    hand, cut short), the same text made from the domain."""
    path = Path(app.outdir) / "kb.json"
    if app.config.kb_export_json and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format_version") == FORMAT_VERSION:
                return data
        except (OSError, UnicodeError, ValueError):
            pass
    made: dict[str, Any] = json.loads(export_lines(app, None))
    return made


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
    tables = config.kb_export_csv or config.kb_export_graphml or config.kb_export_sqlite
    outdir = Path(app.outdir)
    with _without_cyclic_gc():
        files = export_files(_kb_data(app) if tables else {}, csv=config.kb_export_csv,
                             graphml=config.kb_export_graphml, sqlite=config.kb_export_sqlite,
                             fields=config.kb_sidecar_fields)
        for name, body in files:
            path = outdir / name
            if planned.get(path):
                path.parent.mkdir(parents=True, exist_ok=True)
                write_if_changed(path, body)
            del body  # not held while the next file is made
