"""The tables as CSV files: UTF-8 (no byte-order mark), a header row, RFC 4180
quoting and ``\\r\\n`` line ends, as the csv module writes them. An empty
value is an empty cell; booleans are 0 and 1, as in the SQLite database."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from .tables import TABLES, Row, Table


def csv_files(rows: dict[str, list[Row]], meta: list[Row],
              tables: tuple[Table, ...] = TABLES) -> Iterator[tuple[str, bytes]]:
    """(file name, its bytes), one file per table plus ``meta.csv``, made one
    at a time."""
    yield "meta.csv", _csv(("name", "value"), meta)
    for table in tables:
        yield f"{table.name}.csv", _csv([c.name for c in table.columns], rows[table.name])


def _csv(header: tuple[str, ...] | list[str], rows: list[Row]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
