"""The sidecar JSON Schema agrees with kb_ext's own sidecar check, and the
copies of both schemas in docs/guide/schemas/ are the generated ones."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from kb_ext.outputs.kbjson import FORMAT_VERSION
from kb_ext.outputs.schema import kb_schema, schema_text, sidecar_schema
from kb_ext.sources.sidecar import SidecarLoader, load_sidecar

from .conftest import REPO

VALIDATOR = jsonschema.Draft202012Validator(sidecar_schema())
GOOD = """id: ledger-2021
title: Wells run dry
outlet: The Ledger
kind: news report
published: 2021-05-03
language: en
"""


def schema_errors(text: str) -> list[str]:
    """What an editor using the schema reports (YAML read as kb_ext reads it:
    dates stay text, as in YAML 1.2)."""
    return [error.message for error in VALIDATOR.iter_errors(yaml.load(text, SidecarLoader))]


def kb_problems(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "probe.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_sidecar(path)
    # Missing required keys are warned by the page (which may find them in the
    # text itself), not by the sidecar check; for a text article they are problems.
    return [message for _line, message in loaded.problems] + list(loaded.missing)


def test_every_seed_sidecar_validates() -> None:
    sidecars = sorted((REPO / "seeds").glob("*.yaml"))
    assert sidecars
    for path in sidecars:
        assert schema_errors(path.read_text(encoding="utf-8")) == [], path.name


@pytest.mark.parametrize("text", [
    GOOD,
    GOOD + "author: A. Writer\nurl: https://example.org/a\nretrieved: 2021-06-01\n",
    GOOD.replace("2021-05-03", "2021") + "published_approximate: true\n",
    GOOD.replace("2021-05-03", "2021-05").replace("en\n", "en-GB\n"),
    GOOD + "perspective: a local weekly\nurl: HTTP://EXAMPLE.ORG\n",
    GOOD + "keep_lines: [3, '7-9']\nremove_patterns: ['^Advertisement$']\n",
])
def test_good_sidecars_pass_both(text: str, tmp_path: Path) -> None:
    assert schema_errors(text) == []
    assert kb_problems(text, tmp_path) == []


@pytest.mark.parametrize("text", [
    GOOD.replace("id: ledger-2021\n", ""),                       # required key missing
    GOOD.replace("ledger-2021", "Ledger_2021"),                  # id not a slug
    GOOD.replace("2021-05-03", "2021-13-01"),                    # no month 13
    GOOD.replace("2021-05-03", "May 2021"),                      # not a date
    GOOD.replace("2021-05-03", "２０２１-05-03"),                  # full-width digits
    GOOD.replace("language: en", "language: english"),          # not a language code
    GOOD + "url: ftp://example.org/a\n",                         # not http(s)
    GOOD + "autor: A. Writer\n",                                 # unknown key
    GOOD + "published_approximate: yes please\n",                # not a boolean
    GOOD.replace("title: Wells run dry", "title: ''"),           # empty text
    GOOD.replace("title: Wells run dry", "title: 5"),            # not text
    "- id: a list, not a mapping\n",
])
def test_bad_sidecars_fail_both(text: str, tmp_path: Path) -> None:
    assert schema_errors(text), text
    assert kb_problems(text, tmp_path), text


def test_docs_copies_are_the_generated_schemas() -> None:
    """Regenerate with: .venv/bin/python -m kb_ext.outputs.schema docs/guide/schemas"""
    folder = REPO / "docs" / "guide" / "schemas"
    assert (folder / "kb.schema.json").read_text(encoding="utf-8") == \
        schema_text(kb_schema(FORMAT_VERSION))
    assert (folder / "sidecar.schema.json").read_text(encoding="utf-8") == \
        schema_text(sidecar_schema())


def test_data_page_lists_every_table_and_column() -> None:
    """docs/guide/data.md's table of tables names each column, in order."""
    from kb_ext.outputs.tables import TABLES

    page = (REPO / "docs" / "guide" / "data.md").read_text(encoding="utf-8")
    for table in TABLES:
        columns = ", ".join(f"`{column.name}`" for column in table.columns)
        assert f"| `{table.name}` | {columns} |" in page, table.name
