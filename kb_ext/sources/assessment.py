"""A source's assessment and the project's own sidecar fields.

The assessment is the Admiralty code (NATO AJP-2.1): ``reliability`` grades
the source (A–F), ``credibility`` the item (1–6). ``archive_url`` is a
snapshot on the Wayback Machine or archive.today. ``kb_sidecar_fields`` in
conf.py declares further fields, each ``text``, ``bool``, ``date``, ``int`` or
a list of allowed values; they are checked here like the built-in ones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

RELIABILITY = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources", 2: "probably true", 3: "possibly true",
    4: "doubtful", 5: "improbable", 6: "truth cannot be judged",
}
#: Hosts of the web archives an ``archive_url`` may name (and their subdomains).
ARCHIVE_HOSTS = ("web.archive.org", "archive.org", "archive.today", "archive.ph",
                 "archive.is", "archive.li", "archive.md", "archive.vn", "archive.fo")
ARCHIVE_URL = re.compile(r"^https?://([^\s/:?#]+)(?::\d+)?(?:[/?#]\S*)?\Z", re.IGNORECASE)
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*\Z")
SIMPLE_KINDS = ("text", "bool", "date", "int")

#: A declared field's kind: one of SIMPLE_KINDS, or a tuple of allowed values.
FieldKind = str | tuple[str, ...]


class ExtraValue(NamedTuple):
    """One value of a project-declared sidecar field, as validated."""

    name: str
    value: str | bool | int


def assessment_label(reliability: str, credibility: int) -> str:
    """"B2 (usually reliable; probably true)", or what of it is known."""
    code = f"{reliability}{credibility or ''}"
    words = [w for w in (RELIABILITY.get(reliability), CREDIBILITY.get(credibility)) if w]
    return f"{code} ({'; '.join(words)})"


def reliability_problem(value: Any) -> tuple[str, str]:
    """(the grade, "") or ("", what is wrong)."""
    if isinstance(value, str) and value.strip().upper() in RELIABILITY:
        return value.strip().upper(), ""
    return "", "is not an Admiralty source grade (one letter, A to F)"


def credibility_problem(value: Any) -> tuple[int, str]:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in CREDIBILITY:
        return value, ""
    return 0, "is not an Admiralty credibility (a whole number, 1 to 6)"


def archive_problem(value: Any) -> str:
    """"" for a snapshot URL on a known web archive, else what is wrong."""
    match = ARCHIVE_URL.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return "is not an http(s) URL"
    host = match.group(1).lower()
    if not any(host == known or host.endswith("." + known) for known in ARCHIVE_HOSTS):
        return "is not on the Wayback Machine or archive.today (" + \
            ", ".join(ARCHIVE_HOSTS) + ")"
    return ""


def _text(value: Any) -> tuple[Any, str]:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split()), ""
    return None, "expected a non-empty string"


def _bool(value: Any) -> tuple[Any, str]:
    return (value, "") if isinstance(value, bool) else (None, "expected true or false")


def _int(value: Any) -> tuple[Any, str]:
    if isinstance(value, int) and not isinstance(value, bool):
        return value, ""
    return None, "expected a whole number"


def _date(value: Any) -> tuple[Any, str]:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat(), ""
        except ValueError:
            pass
    return None, "expected a date YYYY-MM-DD"


CHECKS: dict[str, Callable[[Any], tuple[Any, str]]] = {
    "text": _text, "bool": _bool, "date": _date, "int": _int}


def check_extra(kind: FieldKind, value: Any) -> tuple[Any, str]:
    """(the value as kept, "") or (None, what is wrong) for a declared field."""
    if isinstance(kind, tuple):
        if isinstance(value, str) and value.strip() in kind:
            return value.strip(), ""
        return None, "expected one of " + ", ".join(repr(k) for k in kind)
    return CHECKS[kind](value)


def declared_fields(value: Any, reserved: set[str]) -> tuple[dict[str, FieldKind], list[str]]:
    """``kb_sidecar_fields`` as name -> kind, and a problem for each entry left out."""
    if not isinstance(value, dict):
        return {}, [f"must be a dict of field name to {', '.join(SIMPLE_KINDS)} or a list "
                    f"of allowed values, got {type(value).__name__}; ignored"]
    fields: dict[str, FieldKind] = {}
    problems = []
    for name, kind in value.items():
        if not isinstance(name, str) or not FIELD_NAME.fullmatch(name):
            problems.append(f"field name {name!r} must be a-z, 0-9 and '_', starting with "
                            "a letter; ignored")
        elif name in reserved:
            problems.append(f"field {name!r} is a built-in sidecar or export field; ignored")
        elif isinstance(kind, str) and kind in SIMPLE_KINDS:
            fields[name] = kind
        elif (isinstance(kind, list | tuple) and kind
              and all(isinstance(k, str) and k.strip() for k in kind)):
            fields[name] = tuple(dict.fromkeys(k.strip() for k in kind))
        else:
            problems.append(f"field {name!r}: type {kind!r} is not one of "
                            f"{', '.join(SIMPLE_KINDS)} or a non-empty list of strings; ignored")
    return fields, problems
