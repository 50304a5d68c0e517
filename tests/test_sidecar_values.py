"""Sidecar string values with control characters (YAML escapes such as "\\0"
and "\\x1b"): shown as their Unicode control pictures everywhere, like article
text, with one ``kb.sidecar`` problem per field at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb_ext.sources.controls import CONTROL_PICTURES
from kb_ext.sources.sidecar import load_sidecar

RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def write(tmp_path: Path, **fields: str) -> Path:
    values = {"id": "ctl", "title": '"Title"', "outlet": "Outlet", "kind": "news report",
              "published": "2022-01-01", "language": "en"} | fields
    path = tmp_path / "ctl.yaml"
    path.write_text("".join(f"{key}: {value}\n" for key, value in values.items()),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("field", "line"), [("title", 2), ("outlet", 3), ("kind", 4)])
@pytest.mark.parametrize(("written", "shown"), [
    ('"Harbour\\0 news"', "Harbour\u2400 news"),
    ('"\\x1b[31mRed\\x1b[0m"', "\u241b[31mRed\u241b[0m"),
    ('"bell\\a and del\\x7f and cr\\r."', "bell\u2407 and del\u2421 and cr\u240d."),
])
def test_control_characters_are_shown_as_symbols_with_one_problem(
        tmp_path: Path, field: str, line: int, written: str, shown: str) -> None:
    sidecar = load_sidecar(write(tmp_path, **{field: written}))
    assert sidecar.get(field) == shown
    assert sidecar.get(field) == sidecar.get(field).translate(CONTROL_PICTURES)
    assert len(sidecar.problems) == 1, sidecar.problems
    problem_line, message = sidecar.problems[0]
    assert problem_line == line and message.startswith(f"{field}: "), sidecar.problems
    assert "control character" in message and "U+" in message


def test_every_string_value_is_free_of_raw_controls(tmp_path: Path) -> None:
    sidecar = load_sidecar(write(tmp_path, author='"A\\0"', perspective='"P\\x1b"',
                                 language='"en\\x01"', url='"https://example.org/\\x00"'))
    assert not any(RAW_CONTROLS.search(value) for value in sidecar.values.values()
                   if isinstance(value, str)), sidecar.values
    assert "url" not in sidecar.values  # a URL with a control character is no URL
    lines = sorted(line for line, _ in sidecar.problems)
    assert lines == [6, 7, 8, 9], sidecar.problems  # one per field


def test_tabs_and_newlines_inside_values_are_left_alone(tmp_path: Path) -> None:
    sidecar = load_sidecar(write(tmp_path, title='"Two\\tcolumns"'))
    assert sidecar.get("title") == "Two\tcolumns" and sidecar.problems == []
