"""The CSV exports' own encoder gives the csv module's default writer's bytes
for any row of the cell types the tables hold (text with quotes, commas and
line breaks of every kind, whole numbers, floats, None), and the csv module
reads back what was written."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from kb_ext.outputs.csvfiles import csv_bytes

TEXT = st.text(alphabet=st.sampled_from(list('a ,"\r\n\'\tЖ€\u2028\x85;')) | st.characters(
    blacklist_categories=("Cs",)), max_size=12)
CELL = st.one_of(TEXT, st.integers(), st.floats(allow_nan=False), st.none(), st.booleans())
ROWS = st.lists(st.lists(CELL, min_size=1, max_size=5).map(tuple), max_size=6)


def csv_module(header: list[str], rows: list[tuple[object, ...]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@settings(max_examples=400, deadline=None)
@given(header=st.lists(TEXT, min_size=1, max_size=4), rows=ROWS)
def test_same_bytes_as_the_csv_module(header: list[str], rows: list[tuple[object, ...]]) -> None:
    assert csv_bytes(header, rows) == csv_module(header, rows)


def test_edge_cells_read_back() -> None:
    rows = [("a\r\nb", 'say "no"', ""), ("", None, 3), ("x,y", "\n", 1.5)]
    written = csv_bytes(["one", "two", "three"], rows)
    assert written == csv_module(["one", "two", "three"], rows)
    read = list(csv.reader(io.StringIO(written.decode("utf-8"), newline="")))
    assert read == [["one", "two", "three"], ["a\r\nb", 'say "no"', ""], ["", "", "3"],
                    ["x,y", "\n", "1.5"]]
    # A row of one empty cell stays a row (quoted), not a blank line.
    assert csv_bytes(["h"], [("",), (None,)]) == b'h\r\n""\r\n""\r\n'
