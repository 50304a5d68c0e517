"""The tables as one SQLite database, with foreign keys, for Datasette,
``sqlite3`` or pandas' ``read_sql``; ``passages_fts`` is an FTS5 index over
the passages' text (external content: the text is stored once).

The database is made afresh from the rows in two steps, each one
transaction: the tables the sources alone give (:func:`write_part`, kept
between builds by :mod:`.source_part`), then a copy of those with the rest
added (:func:`write_sqlite`). A full build and an incremental one take the
same steps, so the same rows give the same bytes.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from .files import same_bytes, temporary_beside
from .tables import SOURCE_TABLES, TABLES, Row, Table


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
    """The database file's bytes, made as a build makes it (:func:`write_part`,
    then :func:`write_sqlite`)."""
    with tempfile.TemporaryDirectory() as folder:
        part, target = Path(folder) / "part.sqlite", Path(folder) / "kb.sqlite"
        write_part(part, rows, tables, fts)
        write_sqlite(target, part, rows, meta, tables)
        return target.read_bytes()


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = OFF")  # a file of its own, written once
    connection.execute("PRAGMA synchronous = OFF")
    return connection


def write_part(path: Path, rows: dict[str, list[Row]], tables: tuple[Table, ...] = TABLES,
               fts: bool = True) -> None:
    """A database of the tables made from the sources alone (SOURCE_TABLES),
    their indexes and the passages' full-text index: nearly all of the
    database at 10,000 sources, and what an edit of a claim leaves as it was."""
    path.unlink(missing_ok=True)
    connection = _connect(path)
    try:
        connection.execute("BEGIN")
        _add_tables(connection, rows, [t for t in tables if t.name in SOURCE_TABLES])
        if fts and has_fts5():
            # content="passages" spelled so: Datasette finds a table's FTS index by it.
            connection.execute('CREATE VIRTUAL TABLE passages_fts USING fts5(text, '
                               'content="passages", content_rowid="rowid")')
            connection.execute("INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')")
        connection.execute("COMMIT")
    finally:
        connection.close()


def write_sqlite(target: Path, part: Path, rows: dict[str, list[Row]], meta: list[Row],
                 tables: tuple[Table, ...] = TABLES) -> bool:
    """The database made at ``target``: a copy of ``part`` (:func:`write_part`)
    with the meta table and the other tables added, unless the file there
    already holds exactly these bytes (it keeps its timestamp, as
    :func:`.files.write_if_changed` keeps other files'); True if it was
    written. Made under a temporary name of this process's own in the same
    folder, so a reader never sees half a database, and never read back into
    memory."""
    with temporary_beside(target) as temporary:
        shutil.copyfile(part, temporary)
        connection = _connect(temporary)
        try:
            connection.execute("BEGIN")
            connection.execute('CREATE TABLE "meta" ("name" TEXT PRIMARY KEY, "value" TEXT)')
            connection.executemany('INSERT INTO "meta" VALUES (?, ?)', meta)
            _add_tables(connection, rows, [t for t in tables if t.name not in SOURCE_TABLES])
            connection.execute("COMMIT")
        finally:
            connection.close()
        if same_bytes(temporary, target):
            temporary.unlink()
            return False
        temporary.replace(target)
    return True


def _add_tables(connection: sqlite3.Connection, rows: dict[str, list[Row]],
                tables: list[Table]) -> None:
    for table in tables:  # in TABLES' order, referenced tables first
        connection.execute(_create(table))
        marks = ", ".join("?" * len(table.columns))
        connection.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', rows[table.name])
    for table in tables:
        for column in table.columns:
            if column.references:  # the lookups Datasette's facets and joins make
                connection.execute(f'CREATE INDEX "{table.name}_{column.name}" '
                                   f'ON "{table.name}" ("{column.name}")')
