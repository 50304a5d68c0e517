"""Sidecar metadata: the YAML file next to each article.

Schema (documented in docs/guide/sources.md)::

    id: short-slug            required, [a-z0-9-]
    title: str                required
    outlet: str               required
    kind: str                 required (news report, opinion/analysis, ...)
    published: date           required: YYYY-MM-DD, YYYY-MM or YYYY
    language: str             required, ISO 639-1 code (or a BCP 47 tag, en-GB)
    author: str               optional
    published_approximate: bool  optional, true when the date is inferred
    url: http(s) URL          optional
    retrieved: date           optional, YYYY-MM-DD
    perspective: str          optional, neutral note on the outlet
    reliability: str          optional, Admiralty source grade, one letter A-F
    credibility: int          optional, Admiralty credibility of the item, 1-6
    assessment_note: str      optional, why the source was graded so
    archive_url: http(s) URL  optional, a Wayback Machine or archive.today snapshot
    keep_lines, remove_lines: [12, "40-42"]       optional, the curator's corrections
    keep_patterns, remove_patterns: [regex, ...]  to the cleaning (see curate.py)

Further fields are the project's own, declared in ``kb_sidecar_fields``
(:mod:`.assessment`), and checked by their declared type.

Validation never raises: every problem becomes one ``kb.sidecar`` problem
with its line, and the field falls back to a default so the page still builds.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .assessment import (
    ExtraValue,
    FieldKind,
    archive_problem,
    check_extra,
    credibility_problem,
    reliability_problem,
)
from .controls import shown

SIDECAR_SUFFIXES = (".yaml", ".yml")
# Anchored with \Z, not "$": "$" also matches before a final newline, and an id
# "trail\n" (YAML's "id: |") named a page file with a newline in it. With \Z
# the patterns are whole-value checks with match() and fullmatch() alike.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
DATE_PATTERN = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?\Z")
REQUIRED = ("id", "title", "outlet", "kind", "published", "language")
STRING_FIELDS = ("id", "title", "outlet", "kind", "author", "language", "perspective", "url",
                 "assessment_note")
#: The Admiralty code and the archived copy (:mod:`.assessment`).
ASSESSMENT_FIELDS = ("reliability", "credibility", "archive_url")
DATE_FIELDS = ("published", "retrieved")
BOOL_FIELDS = ("published_approximate",)
#: Kept as written and checked by :mod:`.curate`, which knows the article's lines.
CURATION_FIELDS = ("keep_lines", "remove_lines", "keep_patterns", "remove_patterns")
KNOWN = (set(STRING_FIELDS) | set(DATE_FIELDS) | set(BOOL_FIELDS) | set(CURATION_FIELDS)
         | set(ASSESSMENT_FIELDS))


@dataclass
class Sidecar:
    """Sidecar values after validation, with the problems found."""

    path: Path | None
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)
    #: Required keys the sidecar does not have (reported by the page, which
    #: knows what the text itself supplies, such as a detected language).
    missing: tuple[str, ...] = ()
    #: the project's declared fields (``kb_sidecar_fields``) that hold a valid value
    extra: tuple[ExtraValue, ...] = ()

    def get(self, key: str, default: Any = "") -> Any:
        return self.values.get(key, default)

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


def slugify(text: str, fallback: str = "source") -> str:
    """An id of a-z, 0-9 and '-' for ``text``, letters of other scripts
    transliterated as the curation report's suggested ids are (anyascii):
    "минск" is "minsk", "Straße" "strasse", not "source" and "stra-e"."""
    from anyascii import anyascii  # imported when an id needs it: most are ids already

    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")
    return slug or fallback


def find_sidecars(article: Path) -> list[Path]:
    """The sidecars beside the article, in the order of SIDECAR_SUFFIXES: the
    first is read; any other (``a.yml`` beside ``a.yaml``) is not."""
    candidates = (article.with_suffix(suffix) for suffix in SIDECAR_SUFFIXES)
    return [candidate for candidate in candidates if candidate.is_file()]


#: Characters YAML does not allow in a document (as PyYAML's reader checks).
YAML_FORBIDDEN = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                            "\U00010000-\U0010FFFF]")


def _picture(match: re.Match[str]) -> str:
    """A C0 control or DEL as its control picture; any other character YAML
    refuses (C1 controls, U+FFFE) as U+FFFD."""
    character = match.group()
    visible = shown(character)
    return visible if visible != character else "\ufffd"


def yaml_text(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with the characters YAML refuses (NUL, escape, other controls)
    shown as symbols, so one such character does not reject the whole
    sidecar; and a problem for each line that held one."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = sorted({f"U+{ord(c):04X}" for c in YAML_FORBIDDEN.findall(line)})
        if found:
            problems.append((number, f"character {', '.join(found)} is not allowed in YAML; "
                                     "read as a symbol (write it as an escape such as "
                                     "\"\\x1b\" in a quoted value)"))
    return (YAML_FORBIDDEN.sub(_picture, text) if problems else text), problems


def _date_text(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and DATE_PATTERN.fullmatch(value.strip()):
        text = value.strip()
        if len(text) == 10:
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                return None
        return text
    return None


# libyaml's parser when PyYAML has it: the pure-Python one dominated reading
# 250 sidecars in profiles (3.8 s of a 75 s build).
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SidecarLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit timestamps: dates stay text and are
    validated here, so an impossible date (2021-02-30) is a warning, not an error."""


SidecarLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlist = _REPR.maxdict = 4
_REPR.maxlevel = 2


def short_repr(value: Any) -> str:
    """A bounded repr: a warning must stay one readable line (think of a
    YAML alias bomb)."""
    return _REPR.repr(value)



def _compose(text: str, problems: list[tuple[int, str]]) -> tuple[Any, dict[str, int]]:
    """Load YAML and remember the line of each top-level key; a key given
    twice is a problem (YAML silently keeps the last value). The text is parsed
    once: the data is constructed from the node tree the lines come from."""
    loader = SidecarLoader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            name, line = str(key.value), key.start_mark.line + 1
            if name in lines:
                problems.append((line, f"duplicate key {short_repr(name)} (first on line "
                                       f"{lines[name]}); the last value is used"))
            lines[name] = line
    return data, lines


def _tagged_line(text: str) -> int:
    """The line of the first explicit ``!!`` tag, where conversion fails."""
    for number, line in enumerate(text.splitlines(), start=1):
        if "!!" in line:
            return number
    return 1


def load_sidecar(path: Path | None, fields: dict[str, FieldKind] | None = None) -> Sidecar:
    """Read and validate one sidecar; a missing path yields an empty sidecar.
    ``fields`` are the project's declared ones (``kb_sidecar_fields``)."""
    sidecar = Sidecar(path)
    if path is None:
        return sidecar
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        sidecar.problems.append((1, f"cannot read sidecar: {exc}"))
        return sidecar
    text, forbidden = yaml_text(text)
    sidecar.problems.extend(forbidden)
    try:
        data, sidecar.lines = _compose(text, sidecar.problems)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        sidecar.problems.append((line, f"malformed YAML: {problem}"))
        return sidecar
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        # An explicit tag whose value does not convert (``!!int 2021-08``):
        # PyYAML's constructors raise these, not YAMLError.
        line = _tagged_line(text)
        sidecar.problems.append((line, f"a YAML tag's value cannot be converted "
                                       f"({type(exc).__name__}: {short_repr(str(exc))}); "
                                       "write the value without the tag"))
        return sidecar
    if data is None:
        sidecar.problems.append((1, "sidecar is empty"))
        return sidecar
    if not isinstance(data, dict):
        sidecar.problems.append((1, f"sidecar must be a mapping, not {type(data).__name__}"))
        return sidecar
    _validate(sidecar, data, fields or {})
    return sidecar


LANGUAGE_TAG = re.compile(r"^([a-z]{2,3})(-[a-z0-9]{2,8})*\Z", re.IGNORECASE)


def _language(sidecar: Sidecar, line: int, value: str) -> str:
    """A language code (``en``, or a BCP 47 tag such as ``en-GB``), its first
    part in lower case; anything else is kept as written, with a problem."""
    if not LANGUAGE_TAG.fullmatch(value):
        sidecar.problems.append((line, f"language: {short_repr(value)} is not a language code "
                                       "(ISO 639-1 such as 'en', or a tag such as 'en-GB'); "
                                       "kept as written"))
        return shown(value)
    return language_code(value)


def language_code(tag: str) -> str:
    """A language tag as kb_ext stores it: its first part in lower case (``EN-gb`` → ``en-gb``)."""
    first, _, rest = tag.replace("_", "-").partition("-")
    return first.lower() + (f"-{rest}" if rest else "")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _visible(sidecar: Sidecar, key: str, line: int, value: str) -> str:
    """``value`` as shown (control characters as their control pictures:
    YAML's "\\0" and "\\x1b" would reach titles and indexes as raw U+0000 and
    U+001B), with one problem for a field that had any."""
    visible = shown(value)
    if visible != value:
        found = sorted({char for char, picture in zip(value, visible, strict=True)
                        if char != picture})
        count = sum(value.count(char) for char in found)
        listed = ", ".join(f"U+{ord(char):04X} as {shown(char)}" for char in found[:4])
        sidecar.problems.append(
            (line, f"{key}: {count} control character{'s' if count > 1 else ''} shown as "
                   f"symbols ({listed}{', ...' if len(found) > 4 else ''})"))
    return visible


def _extra(sidecar: Sidecar, data: dict[Any, Any], fields: dict[str, FieldKind]) -> None:
    """The declared fields' values, in the order of their declaration."""
    kept = []
    for name, kind in fields.items():
        if name in data:
            value, problem = check_extra(kind, data[name])
            if problem:
                sidecar.problems.append((sidecar.line(name), f"{name}: {problem}, got "
                                         f"{short_repr(data[name])}; ignored"))
            else:
                kept.append(ExtraValue(name, shown(value) if isinstance(value, str) else value))
    sidecar.extra = tuple(kept)


def _assessment(sidecar: Sidecar, key: str, line: int, value: Any) -> None:
    kept: Any
    if key == "reliability":
        kept, problem = reliability_problem(value)
    elif key == "credibility":
        kept, problem = credibility_problem(value)
    else:
        problem = archive_problem(value)
        kept = "" if problem else value.strip()
    if problem:
        sidecar.problems.append((line, f"{key}: {short_repr(value)} {problem}; ignored"))
    else:
        sidecar.values[key] = kept


def _validate(sidecar: Sidecar, data: dict[Any, Any], fields: dict[str, FieldKind]) -> None:
    _extra(sidecar, data, fields)
    for key, value in data.items():
        key = str(key)
        line = sidecar.line(key)
        if key in fields:
            continue
        if key not in KNOWN:
            known = ", ".join(sorted(KNOWN | set(fields)))
            sidecar.problems.append((line, f"unknown key {short_repr(key)} (known: {known})"))
        elif key in DATE_FIELDS:
            text = _date_text(value)
            if text is None:
                sidecar.problems.append((line, f"{key}: {short_repr(value)} is not a date "
                                               "(use YYYY-MM-DD, YYYY-MM or YYYY)"))
            else:
                sidecar.values[key] = text
        elif key in CURATION_FIELDS:
            sidecar.values[key] = value
        elif key in ASSESSMENT_FIELDS:
            _assessment(sidecar, key, line, value)
        elif key in BOOL_FIELDS:
            if isinstance(value, bool):
                sidecar.values[key] = value
            else:
                sidecar.problems.append(
                    (line, f"{key}: expected true or false, got {short_repr(value)}"))
        elif not isinstance(value, str) or not value.strip():
            sidecar.problems.append(
                (line, f"{key}: expected a non-empty string, got {type(value).__name__}"))
        elif key == "id" and not ID_PATTERN.fullmatch(value):
            sidecar.problems.append(
                (line, f"id: {short_repr(value)} must use only a-z, 0-9 and '-'; using "
                 f"{short_repr(slugify(value))}"))
            sidecar.values[key] = slugify(value)
        elif key == "url" and (not re.match(r"^https?://[^\s/]+", value.strip(), re.I)
                               or _CONTROL.search(value)):
            sidecar.problems.append(
                (line, f"url: {short_repr(value)} is not an http(s) URL; ignored"))
        elif key == "language":
            sidecar.values[key] = _language(sidecar, line, value.strip())
        else:
            sidecar.values[key] = _visible(sidecar, key, line, value.strip())
    sidecar.missing = tuple(key for key in REQUIRED if key not in data)
