"""JSON Schemas (draft 2020-12) for ``kb.json`` and for sidecars.

Both are generated, so they cannot drift from what they describe: the curated
types' fields come from the object-type table and their records' type hints,
a sidecar's from the field tables and patterns of
:mod:`kb_ext.sources.sidecar` (its docstring's field list gives the
descriptions). ``python -m kb_ext.outputs.schema FOLDER`` writes both files
(the copies in docs/guide/schemas/ are made so, and a test compares them).
"""

from __future__ import annotations

import json
import re
import sys
import typing
from pathlib import Path
from typing import Any

from ..knowledge import records
from ..knowledge.records import STANCES
from ..knowledge.types import OBJECT_TYPES
from ..sources import sidecar
from ..sources.assessment import ARCHIVE_HOSTS, CREDIBILITY, RELIABILITY, FieldKind

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KB_SCHEMA_FILE = "kb.schema.json"
SIDECAR_SCHEMA_FILE = "sidecar.schema.json"

STRING = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
WHOLE = {"type": "integer", "minimum": 0}
IDS = {"type": "array", "items": STRING}


def _obj(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    """An object with exactly these properties, all required (kb.json always
    writes every field, null when empty)."""
    schema: dict[str, Any] = {"type": "object"}
    if description:
        schema["description"] = description
    schema.update(properties=properties, required=sorted(properties),
                  additionalProperties=False)
    return schema


def _field_schema(name: str, hint: Any) -> dict[str, Any]:
    if name == "description":
        return STRING  # descriptions stay strings, even empty (kbjson._curated)
    if typing.get_origin(hint) is tuple:
        return IDS
    if hint is int:
        return WHOLE
    if hint is bool:
        return {"type": "boolean"}
    return TEXT_OR_NULL  # an empty text is written as null


def _curated(objtype: str) -> dict[str, Any]:
    record = getattr(records, f"{objtype.capitalize()}Record")
    hints = typing.get_type_hints(record)
    properties: dict[str, Any] = {"id": STRING, "page": STRING}
    for name in OBJECT_TYPES[objtype].exported:
        properties[name] = _field_schema(name, hints[name])
    return properties


def _declared(kind: FieldKind, in_sidecar: bool) -> dict[str, Any]:
    """A declared field's value (``kb_sidecar_fields``): in kb.json null when unset."""
    if isinstance(kind, tuple):
        schema: dict[str, Any] = {"enum": list(kind)}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "int":
        schema = {"type": "integer"}
    elif kind == "date":
        # A pattern cannot know February has no 30th: "format" lets an editor that
        # checks formats say so (kb_ext itself always does).
        schema = {"type": "string", "format": "date",
                  "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}
    else:
        schema = {"type": "string", "pattern": r"\S"}
    if not in_sidecar:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def kb_schema(format_version: int, fields: dict[str, FieldKind] | None = None
              ) -> dict[str, Any]:
    """``fields``: the project's ``kb_sidecar_fields`` (none by default)."""
    mention = _obj({"actor": STRING,
                    "span": {"type": "array", "items": WHOLE, "minItems": 2, "maxItems": 2,
                             "description": "character offsets in text, end excluded"}},
                   "the first match of an actor's name or alias in the passage")
    passage = _obj({
        "id": {"type": "string", "description": "<source id>/p<N>"},
        "anchor": STRING, "url": STRING,
        "lines": {"type": "array", "items": {"type": "integer", "minimum": 1},
                  "minItems": 2, "maxItems": 2,
                  "description": "first and last line in the raw file"},
        "text": {"type": "string", "description": "as its page shows it"},
        "mentions": {"type": "array", "items": mention}})
    duplicate = _obj({
        "source": STRING,
        "shared": {"type": "integer", "minimum": 1,
                   "description": "passages of the shorter source the other holds too"},
        "shorter": {"type": "integer", "minimum": 1,
                    "description": "hashed passages of the pair's shorter source"}})
    source = _obj({
        "id": STRING, "title": STRING, "outlet": STRING, "kind": STRING,
        "author": TEXT_OR_NULL, "published": TEXT_OR_NULL,
        "published_approximate": {"type": "boolean"}, "url": TEXT_OR_NULL,
        "language": TEXT_OR_NULL, "retrieved": TEXT_OR_NULL, "perspective": TEXT_OR_NULL,
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                   "description": "of the raw file"},
        "words": WHOLE, "page": STRING,
        "passages": {"type": "array", "items": passage},
        "reliability": {"enum": [*RELIABILITY, None],
                        "description": "Admiralty source grade"},
        "credibility": {"enum": [*CREDIBILITY, None],
                        "description": "Admiralty credibility of the item"},
        "assessment_note": TEXT_OR_NULL, "archive_url": TEXT_OR_NULL,
        "fields": _obj({name: _declared(kind, False) for name, kind in (fields or {}).items()},
                       "the project's kb_sidecar_fields"),
        "duplicates": {"type": "array", "items": duplicate,
                       "description": "sources whose passages are the same text"}})
    position = _obj({
        "source": STRING, "passage": STRING, "quote": STRING,
        "stance": {"type": "string", "description": f"one of {', '.join(sorted(STANCES))} "
                   "when verified; an unverified position keeps the stance as written"},
        "note": TEXT_OR_NULL,
        "verified": {"type": "boolean",
                     "description": "counted as evidence: the quote is in the passage and "
                                    "the stance is one of the four"}})
    # The page lists a position with another stance as not counted (the
    # directive warned); kb.json lists it the same way, unverified.
    position |= {"if": {"properties": {"verified": {"const": True}}},
                 "then": {"properties": {"stance": {"enum": sorted(STANCES)}}}}
    claim = _curated("claim") | {"positions": {"type": "array", "items": position}}
    lists = {"sources": source, "actors": _obj(_curated("actor")),
             "themes": _obj(_curated("theme")), "claims": _obj(claim),
             "events": _obj(_curated("event"))}
    properties: dict[str, Any] = {
        "format": {"const": "kb_ext"},
        "format_version": {"const": format_version,
                           "description": "bumped on incompatible changes"},
        "project": STRING,
        **{name: {"type": "array", "items": item} for name, item in lists.items()}}
    return {"$schema": DRAFT, "$id": KB_SCHEMA_FILE, "title": "kb.json of a kb_ext site",
            **_obj(properties)}


def _ecma(pattern: re.Pattern[str]) -> str:
    """A Python pattern as JSON Schema's (ECMA 262) regular expression:
    ``\\Z`` becomes ``$``, and a case-insensitive pattern spells both cases."""
    text = pattern.pattern.replace(r"\Z", "$")
    if pattern.flags & re.IGNORECASE:
        text = text.replace("a-z", "a-zA-Z")
    return text


def _sidecar_descriptions() -> dict[str, str]:
    """field -> its line in sidecar.py's docstring field list."""
    found = re.findall(r"^    (\w+): (.+)$", sidecar.__doc__ or "", re.MULTILINE)
    return {name: " ".join(text.split()) for name, text in found}


def sidecar_schema(fields: dict[str, FieldKind] | None = None) -> dict[str, Any]:
    """``fields``: the project's ``kb_sidecar_fields`` (none by default)."""
    non_empty = {"type": "string", "pattern": r"\S"}
    date = {"anyOf": [{"type": "string", "pattern": _ecma(sidecar.DATE_PATTERN)},
                      {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    special: dict[str, dict[str, Any]] = {
        "id": {"type": "string", "pattern": _ecma(sidecar.ID_PATTERN)},
        "language": {"type": "string", "pattern": _ecma(sidecar.LANGUAGE_TAG)},
        "url": {"type": "string", "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/]+"},
        "archive_url": {"type": "string", "pattern": _archive_pattern()},
        "reliability": {"type": "string", "pattern": "^[A-Fa-f]$"},
        "credibility": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 6},
                                  {"type": "string", "pattern": "^[1-6]$"}]},
    }
    # The curator's corrections (sources/curate.py): raw line numbers or "40-42"
    # ranges, and regular expressions.
    line_list = {"type": "array", "items": {"anyOf": [
        {"type": "integer", "minimum": 1},
        {"type": "string", "pattern": r"^\s*\d+\s*(?:[-–]\s*\d+\s*)?$"}]}}
    pattern_list = {"type": "array", "items": non_empty}
    descriptions = _sidecar_descriptions()
    properties: dict[str, Any] = {}
    for name in sorted(sidecar.KNOWN):
        if name in special:
            schema = dict(special[name])
        elif name in sidecar.DATE_FIELDS:
            schema = dict(date)
        elif name in sidecar.BOOL_FIELDS:
            schema = {"type": "boolean"}
        elif name in sidecar.STRING_FIELDS:
            schema = dict(non_empty)
        elif name in sidecar.CURATION_FIELDS:
            schema = dict(pattern_list if name.endswith("_patterns") else line_list)
        else:
            schema = {}  # a field whose type this generator does not know: any value
        if name in descriptions:
            schema["description"] = descriptions[name]
        properties[name] = schema
    for name, kind in (fields or {}).items():
        properties[name] = _declared(kind, True) | {"description": "declared in conf.py"}
    return {"$schema": DRAFT, "$id": SIDECAR_SCHEMA_FILE,
            "title": "kb_ext source sidecar (the YAML file beside an article)",
            "type": "object", "properties": properties,
            "required": list(sidecar.REQUIRED), "additionalProperties": False}


def _archive_pattern() -> str:
    hosts = "|".join(re.escape(host) for host in ARCHIVE_HOSTS)
    return rf"^[Hh][Tt][Tt][Pp][Ss]?://([^\s/:?#]+\.)?({hosts})(:\d+)?([/?#]\S*)?$"


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    from .kbjson import FORMAT_VERSION

    # A project with its own kb_sidecar_fields gets its schemas written beside
    # its HTML by every build (exports.py); these are the default config's.
    folder = Path(argv[0]) if argv else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / KB_SCHEMA_FILE).write_text(schema_text(kb_schema(FORMAT_VERSION)), "utf-8")
    (folder / SIDECAR_SCHEMA_FILE).write_text(schema_text(sidecar_schema()), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
