"""kb.json's data as flat tables: the rows the CSV files and the SQLite
database hold.

Every table is made from kb.json's parsed data alone, so the CSV files, the
database and the GraphML agree with kb.json by construction, and an
incremental build (which keeps kb.json equal to a full build's) keeps them
equal too. List values (an actor's aliases, a claim's themes) are one cell
holding a JSON array, which pandas reads with ``json.loads`` and SQLite with
``json_each``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

#: bumped when a table or column is renamed or removed (adding one is compatible)
TABLES_VERSION = 1


class Column(NamedTuple):
    name: str
    type: str                #: SQLite type: TEXT, INTEGER (booleans are 0 / 1)
    references: str = ""     #: "table" whose id this column holds, for a foreign key
    key: bool = False        #: part of the primary key


class Table(NamedTuple):
    name: str
    columns: tuple[Column, ...]
    description: str


def _text(name: str, references: str = "", key: bool = False) -> Column:
    return Column(name, "TEXT", references, key)


def _int(name: str) -> Column:
    return Column(name, "INTEGER")


TABLES: tuple[Table, ...] = (
    Table("sources", (_text("id", key=True), _text("title"), _text("outlet"), _text("kind"),
                      _text("author"), _text("published"), _int("published_approximate"),
                      _text("url"), _text("language"), _text("retrieved"),
                      _text("perspective"), _text("sha256"), _int("words"), _text("page"),
                      _text("reliability"), _int("credibility"), _text("assessment_note"),
                      _text("archive_url")),
          "one row per source article; reliability and credibility are its Admiralty "
          "code, and the project's kb_sidecar_fields follow as columns of their own"),
    Table("passages", (_text("id", key=True), _text("source", "sources"), _int("number"),
                       _text("anchor"), _text("url"), _int("first_line"), _int("last_line"),
                       _text("text")),
          "one row per numbered paragraph of a source, with its text as shown"),
    Table("actors", (_text("id", key=True), _text("name"), _text("kind"), _text("aliases"),
                     _text("roles"), _text("description"), _text("page"), _text("wikidata")),
          "one row per actor; aliases and roles are JSON arrays"),
    Table("themes", (_text("id", key=True), _text("title"), _text("description"),
                     _text("page")),
          "one row per theme"),
    Table("claims", (_text("id", key=True), _text("statement"), _text("status"),
                     _text("themes"), _text("actors"), _text("events"), _text("page"),
                     _text("verdict"), _text("reviewer"), _text("reviewed")),
          "one row per claim; themes, actors and events are JSON arrays of ids; verdict, "
          "reviewer and reviewed are a fact-checker's rating, empty when none"),
    Table("positions", (_text("claim", "claims"), _text("source", "sources"),
                        _text("passage", "passages"), _text("cited"), _text("quote"),
                        _text("stance"), _int("verified"), _text("note")),
          "one row per position a source takes on a claim: cited is the passage as the "
          "claim cites it, source and passage are empty when it names none that exists; "
          "verified = its quote was found in the cited passage"),
    Table("mentions", (_text("actor", "actors"), _text("passage", "passages"),
                       _int("start"), _int("end"), _text("text")),
          "the first match of an actor's name in a passage: its span (character "
          "offsets in the passage's text, end excluded) and the words matched"),
    Table("duplicates", (_text("source", "sources"), _text("other", "sources"),
                         _int("shared"), _int("shorter")),
          "one row per source and another whose passages are the same text: shared "
          "passages of the pair's shorter source's hashed passages (both directions listed)"),
    Table("events", (_text("id", key=True), _text("title"), _text("date"), _text("end"),
                     _text("kind"), _text("place"), _text("actors"), _text("themes"),
                     _text("sources"), _text("description"), _text("page")),
          "one row per event; actors, themes and sources are JSON arrays of ids"),
)

Row = tuple[Any, ...]


def _declared_names(data: dict[str, Any]) -> list[str]:
    """The project's kb_sidecar_fields, as kb.json's sources carry them (every
    source carries every declared one)."""
    sources = data.get("sources") or [{}]
    return list(sources[0].get("fields", {}))


def _declared_column(name: str, data: dict[str, Any]) -> Column:
    values = [s["fields"].get(name) for s in data.get("sources", [])]
    whole = all(v is None or isinstance(v, int) for v in values)  # bool and int
    return Column(name, "INTEGER" if whole and any(v is not None for v in values) else "TEXT")


def tables_of(data: dict[str, Any]) -> tuple[Table, ...]:
    """TABLES, with the sources table given a column per declared sidecar field."""
    names = _declared_names(data)
    if not names:
        return TABLES
    sources = TABLES[0]
    extended = sources._replace(columns=(*sources.columns,
                                         *(_declared_column(n, data) for n in names)))
    return (extended, *TABLES[1:])


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def _plain(table: Table, items: list[dict[str, Any]]) -> Iterator[Row]:
    names = [column.name for column in table.columns]
    for item in items:
        # A declared sidecar field is in the source's "fields", not at its top level.
        values = {**item.get("fields", {}), **item}
        yield tuple(_cell(values.get(name)) for name in names)


def _passages(data: dict[str, Any]) -> Iterator[Row]:
    for source in data.get("sources", []):
        for passage in source["passages"]:
            first, last = passage["lines"]
            number = int(passage["anchor"].removeprefix("p")) \
                if passage["anchor"].removeprefix("p").isdigit() else None
            yield (passage["id"], source["id"], number, passage["anchor"], passage["url"],
                   first, last, passage["text"])


class Known(NamedTuple):
    """The ids of kb.json's sources and passages, which positions may cite."""

    sources: frozenset[str]
    passages: frozenset[str]


def known_ids(sources: list[dict[str, Any]]) -> Known:
    return Known(frozenset(source["id"] for source in sources),
                 frozenset(p["id"] for source in sources for p in source["passages"]))


def _positions(data: dict[str, Any], known: Known) -> Iterator[Row]:
    # A position may cite what does not exist (warned as kb.ref): it is kept,
    # with its foreign keys empty, so the database's references all hold.
    sources, passages = known
    for claim in data.get("claims", []):
        for p in claim["positions"]:
            yield (claim["id"], p["source"] if p["source"] in sources else None,
                   p["passage"] if p["passage"] in passages else None, p["passage"],
                   p["quote"], p["stance"], int(p["verified"]), p["note"])


def _mentions(data: dict[str, Any]) -> Iterator[Row]:
    for source in data.get("sources", []):
        for passage in source["passages"]:
            for mention in passage["mentions"]:
                start, end = mention["span"]
                yield (mention["actor"], passage["id"], start, end, passage["text"][start:end])


def _duplicates(data: dict[str, Any]) -> Iterator[Row]:
    for source in data.get("sources", []):
        for duplicate in source.get("duplicates", []):
            yield (source["id"], duplicate["source"], duplicate["shared"], duplicate["shorter"])


#: The tables made from kb.json's sources alone (:mod:`.source_part`).
SOURCE_TABLES = frozenset({"sources", "passages", "mentions", "duplicates"})


def table_rows(data: dict[str, Any], tables: tuple[Table, ...], known: Known | None = None
               ) -> dict[str, list[Row]]:
    """table name -> its rows, in kb.json's order (sorted by id); ``tables``
    are :func:`tables_of` ``data``, or some of them. ``known``: the sources
    and passages positions may cite, when ``data`` does not hold the sources."""
    rows: dict[str, list[Row]] = {}
    for table in tables:
        if table.name == "passages":
            rows[table.name] = list(_passages(data))
        elif table.name == "positions":
            rows[table.name] = list(_positions(data, known or known_ids(data.get("sources", []))))
        elif table.name == "mentions":
            rows[table.name] = list(_mentions(data))
        elif table.name == "duplicates":
            rows[table.name] = list(_duplicates(data))
        else:
            rows[table.name] = list(_plain(table, data.get(table.name, [])))
    return rows
