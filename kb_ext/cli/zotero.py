"""Zotero exports read into sidecar values: CSL-JSON ("Export Collection →
CSL JSON") and RIS.

Each entry keeps the line it starts on, so a message can name it, and the
keys it can be matched by: its URL, and the file names of its attachments
(RIS ``L1``/``L2``/``L4``; in CSL-JSON a ``file`` or ``attachments`` field,
which Zotero's own CSL export leaves out, so there the URL matches).
A file that cannot be read as either format raises :class:`ZoteroError`
with its line; nothing is imported then, so nothing is half-filled.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from ..sources.sidecar import DATE_PATTERN, LANGUAGE_TAG


class ZoteroError(Exception):
    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


class ZoteroEntry(NamedTuple):
    path: Path
    line: int
    label: str                          # its title (or key), for messages
    urls: tuple[str, ...]               # normalised, see url_key
    files: tuple[str, ...]              # attachment file names, lower case
    values: tuple[tuple[str, str], ...]  # sidecar key → value, in sidecar order

    @property
    def where(self) -> str:
        return f"{self.path.name} line {self.line}"


#: Zotero's item types (CSL and RIS) as a sidecar's ``kind``.
KINDS = {
    "article-newspaper": "news report", "NEWS": "news report",
    "article-magazine": "magazine article", "MGZN": "magazine article",
    "article-journal": "journal article", "JOUR": "journal article",
    "report": "report", "RPRT": "report",
    "post-weblog": "blog post", "BLOG": "blog post",
    "webpage": "web page", "ELEC": "web page",
    "interview": "interview", "speech": "speech",
}
#: Language names Zotero users type instead of codes.
LANGUAGE_NAMES = {
    "english": "en", "russian": "ru", "belarusian": "be", "ukrainian": "uk", "polish": "pl",
    "german": "de", "french": "fr", "spanish": "es", "lithuanian": "lt", "latvian": "lv",
    "estonian": "et", "italian": "it", "czech": "cs", "slovak": "sk",
    "русский": "ru", "беларуская": "be", "українська": "uk", "polski": "pl", "deutsch": "de",
}


def url_key(url: str) -> str:
    """A URL as matching compares it: no scheme, ``www.``, fragment or final
    slash, host in lower case (http and https, with or without www, are one page)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").removeprefix("www.")
    if not host:
        return ""
    path = parts.path.rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


def file_key(reference: str) -> str:
    """The file name an attachment reference ends in (a path, ``file://`` or
    ``internal-pdf://`` URL), lower case."""
    reference = unquote(reference.strip()).removeprefix("file://")
    reference = reference.split("://", 1)[-1]
    name = PureWindowsPath(reference).name if "\\" in reference else PurePosixPath(reference).name
    return name.lower()


def _date(parts: Any) -> str | None:
    """CSL ``date-parts`` ([[2021, 8, 20]]) as YYYY-MM-DD, YYYY-MM or YYYY."""
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        return None
    try:
        numbers = [int(str(part)) for part in parts[0][:3]]
    except ValueError:
        return None
    text = "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    return text if DATE_PATTERN.fullmatch(text) else None


def _date_text(text: str) -> str | None:
    """A RIS or raw date ("2021/08/20/", "2021///", "2021-08-20 10:00") as a sidecar date."""
    found = re.match(r"\s*(\d{4})(?:[-/](\d{1,2})?(?:[-/](\d{1,2}))?)?", text)
    if not found:
        return None
    numbers = [int(part) for part in found.groups() if part]
    return _date([numbers])


def _language(text: str) -> str | None:
    text = text.strip()
    if LANGUAGE_TAG.fullmatch(text):
        first, _, rest = text.partition("-")
        return first.lower() + (f"-{rest}" if rest else "")
    return LANGUAGE_NAMES.get(text.lower())


def _person(person: Any) -> str:
    if isinstance(person, dict):
        if person.get("literal"):
            return str(person["literal"]).strip()
        return " ".join(str(person[k]).strip() for k in ("given", "family") if person.get(k))
    return str(person).strip()


def _values(title: str, authors: list[str], date: str | None, outlet: str, url: str,
            language: str, kind: str, retrieved: str | None) -> tuple[tuple[str, str], ...]:
    found = {
        "title": title.strip(),
        "outlet": outlet.strip(),
        "kind": KINDS.get(kind.strip(), ""),
        "author": ", ".join(a for a in authors if a),
        "published": date or "",
        "language": _language(language) or "",
        "url": url.strip() if re.match(r"^https?://\S+$", url.strip(), re.I) else "",
        "retrieved": retrieved or "",
    }
    return tuple((key, value) for key, value in found.items() if value)


def _first(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def _csl_entry(path: Path, line: int, item: Any) -> ZoteroEntry:
    if not isinstance(item, dict):
        raise ZoteroError(path, line, f"a CSL-JSON entry must be an object, not "
                                      f"{type(item).__name__}")
    issued = item.get("issued") or {}
    date = None
    if isinstance(issued, dict):
        date = _date(issued.get("date-parts")) or _date_text(str(issued.get("raw", "")))
    accessed = item.get("accessed") or {}
    retrieved = _date(accessed.get("date-parts")) if isinstance(accessed, dict) else None
    if retrieved and len(retrieved) != 10:
        retrieved = None  # a sidecar's retrieved is a whole day
    people = item.get("author") or []
    if isinstance(people, (str, dict)):  # one name written alone, not in a list
        people = [people]
    if not isinstance(people, list):
        raise ZoteroError(path, line, f"a CSL-JSON entry's author must be a list of names, "
                                      f"not {type(people).__name__}")
    authors = [_person(p) for p in people if p]
    url = _first(item.get("URL"))
    files = [part for part in re.split(r";", _first(item.get("file"))) if part.strip()]
    files += [str(a.get("path", "")) for a in item.get("attachments") or []
              if isinstance(a, dict) and a.get("path")]
    title = _first(item.get("title"))
    return ZoteroEntry(path, line, title or str(item.get("id", "untitled")),
                       tuple(k for k in [url_key(url)] if k),
                       tuple(file_key(f) for f in files if file_key(f)),
                       _values(title, authors, date, _first(item.get("container-title")), url,
                               _first(item.get("language")), _first(item.get("type")),
                               retrieved))


def read_csl_json(path: Path, text: str) -> list[ZoteroEntry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ZoteroError(path, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})"
                          ) from None
    start = 0
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data, start = data["items"], text.index('"items"')
    if not isinstance(data, list):
        raise ZoteroError(path, 1, "a CSL-JSON export is a list of entries")
    # The line each entry starts on: decode the list's elements one by one.
    decoder, entries, index = json.JSONDecoder(), [], text.index("[", start) + 1
    for item in data:
        while text[index] in " \t\r\n,":
            index += 1
        line = text.count("\n", 0, index) + 1
        _value, index = decoder.raw_decode(text, index)
        entries.append(_csl_entry(path, line, item))
    return entries


RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def read_ris(path: Path, text: str) -> list[ZoteroEntry]:
    entries: list[ZoteroEntry] = []
    record: dict[str, list[str]] | None = None
    start, last = 0, ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        found = RIS_LINE.match(line)
        if not found:
            if not line.strip():
                continue
            if record is None:
                raise ZoteroError(path, number, f"not a RIS line (expected 'TY  - ' to start "
                                                f"a record): {line[:60]!r}")
            record[last][-1] += " " + line.strip()  # a value wrapped onto the next line
            continue
        tag, value = found.group(1), (found.group(2) or "").strip()
        if tag == "TY":
            if record is not None:
                raise ZoteroError(path, start, "RIS record has no 'ER  - ' line before the "
                                               f"next record (line {number})")
            record, start = {"TY": [value]}, number
        elif record is None:
            raise ZoteroError(path, number, f"RIS tag {tag} outside a record (a record "
                                            "starts with 'TY  - ')")
        elif tag == "ER":
            entries.append(_ris_entry(path, start, record))
            record = None
        else:
            record.setdefault(tag, []).append(value)
            last = tag
    if record is not None:
        raise ZoteroError(path, start, "RIS record has no 'ER  - ' line (the file ends first)")
    if not entries:
        raise ZoteroError(path, 1, "no RIS records (a record starts with 'TY  - ')")
    return entries


def _ris_entry(path: Path, line: int, record: dict[str, list[str]]) -> ZoteroEntry:
    def first(*tags: str) -> str:
        return next((record[t][0] for t in tags if record.get(t)), "")

    title = first("TI", "T1")
    url = first("UR")
    date = _date_text(first("DA", "PY", "Y1"))
    retrieved = _date_text(first("Y2"))
    files = [f for tag in ("L1", "L2", "L4") for f in record.get(tag, [])]
    return ZoteroEntry(path, line, title or "untitled",
                       tuple(k for k in [url_key(url)] if k),
                       tuple(file_key(f) for f in files if file_key(f)),
                       _values(title, record.get("AU", []) + record.get("A1", []), date,
                               first("T2", "JO", "JF", "JA"), url, first("LA"), first("TY"),
                               retrieved if retrieved and len(retrieved) == 10 else None))


def load_zotero(path: Path) -> list[ZoteroEntry]:
    """The entries of a CSL-JSON or RIS export, told apart by their first character."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ZoteroError(path, 1, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise ZoteroError(path, line, "not UTF-8 text") from None
    opening = text.lstrip()[:1]
    if opening in ("[", "{") or path.suffix.lower() == ".json":
        return read_csl_json(path, text)
    return read_ris(path, text)


class ZoteroIndex:
    """Entries by attachment file name and by URL; remembers which were used."""

    def __init__(self, entries: list[ZoteroEntry]) -> None:
        self.entries = entries
        self.by_file: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        for number, entry in enumerate(entries):
            for name in entry.files:
                self.by_file.setdefault(name, number)
            for key in entry.urls:
                self.by_url.setdefault(key, number)
        self.used: set[int] = set()

    def match(self, file_name: str, urls: tuple[str, ...]) -> ZoteroEntry | None:
        number = self.by_file.get(file_name.lower())
        if number is None:
            number = next((self.by_url[key] for key in map(url_key, urls) if key in self.by_url),
                          None)
        if number is None:
            return None
        self.used.add(number)
        return self.entries[number]

    def unmatched(self) -> list[ZoteroEntry]:
        return [entry for n, entry in enumerate(self.entries) if n not in self.used]
