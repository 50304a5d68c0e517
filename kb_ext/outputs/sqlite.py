"""The tables as one SQLite database, with foreign keys, for Datasette,
``sqlite3`` or pandas' ``read_sql``; ``passages_fts`` is an FTS5 index over
the passages' text (external content: the text is stored once).

The database is made afresh from the rows, in one transaction, in a
temporary file, so the same rows give the same bytes. A build makes it
beside the one it replaces (:func:`write_sqlite`), so its hundreds of
megabytes at 10,000 sources are never read back into memory to be written
again.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from .tables import TABLES, Row, Table


def _create(table: Table) -> str:
    columns = [f'"{c.name}" {c.type}' for c in table.columns]
    keys = [c.name for c in table.columns if c.key]
    if keys:
        columns.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in keys) + ")")
    columns += [f'FOREIGN KEY ("{c.name}") REFERENCES "{c.references}" ("id")'
                for c in table.columns if c.references]
    return f'CREATE TABLE "{table.name}" (' + ", ".join(columns) + ")"


def has_fts5() -> bool:
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


def sqlite_bytes(rows: dict[str, list[Row]], meta: list[Row],
                 tables: tuple[Table, ...] = TABLES, fts: bool = True) -> bytes:
    """The database file's bytes."""
    handle, name = tempfile.mkstemp(suffix=".sqlite")
    os.close(handle)
    path = Path(name)
    try:
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            _fill(connection, rows, meta, tables, fts)
        finally:
            connection.close()
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def write_sqlite(target: Path, rows: dict[str, list[Row]], meta: list[Row],
                 tables: tuple[Table, ...] = TABLES, fts: bool = True) -> bool:
    """The database made at ``target``, unless the file there already holds
    exactly these bytes (it keeps its timestamp, as :func:`.files.write_if_changed`
    keeps other files'); True if it was written. Made under a temporary name
    of this process's own in the same folder, so a reader never sees half a
    database."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.kbtmp")
    try:
        temporary.unlink(missing_ok=True)
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            _fill(connection, rows, meta, tables, fts)
        finally:
            connection.close()
        if same_bytes(temporary, target):
            temporary.unlink()
            return False
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def same_bytes(one: Path, other: Path) -> bool:
    """Whether two files hold the same bytes, read a megabyte at a time."""
    try:
        if one.stat().st_size != other.stat().st_size:
            return False
        with one.open("rb") as first, other.open("rb") as second:
            while True:
                block = first.read(1 << 20)
                if block != second.read(1 << 20):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def _fill(connection: sqlite3.Connection, rows: dict[str, list[Row]], meta: list[Row],
          tables: tuple[Table, ...], fts: bool) -> None:
    connection.execute("PRAGMA journal_mode = OFF")  # a temporary file, written once
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("BEGIN")
    connection.execute('CREATE TABLE "meta" ("name" TEXT PRIMARY KEY, "value" TEXT)')
    connection.executemany('INSERT INTO "meta" VALUES (?, ?)', meta)
    for table in tables:  # in TABLES' order, referenced tables first
        connection.execute(_create(table))
        marks = ", ".join("?" * len(table.columns))
        connection.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', rows[table.name])
    for table in tables:
        for column in table.columns:
            if column.references:  # the lookups Datasette's facets and joins make
                connection.execute(f'CREATE INDEX "{table.name}_{column.name}" '
                                   f'ON "{table.name}" ("{column.name}")')
    if fts and has_fts5():
        # content="passages" spelled so: Datasette finds a table's FTS index by it.
        connection.execute('CREATE VIRTUAL TABLE passages_fts USING fts5(text, '
                           'content="passages", content_rowid="rowid")')
        connection.execute("INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')")
    connection.execute("COMMIT")
