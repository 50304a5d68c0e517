"""Immutable records kept in the kb domain's data.

Every record carries the docname that contributed it, so clearing one
document is a single filter and merging parallel reads is a dict update.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..sources.assessment import ExtraValue


class SourceMeta(NamedTuple):
    """Validated sidecar metadata plus facts measured on the raw file."""

    id: str
    title: str
    outlet: str
    kind: str
    author: str
    published: str
    published_approximate: bool
    url: str
    language: str
    retrieved: str
    perspective: str
    raw_path: str
    sidecar_path: str
    sha256: str
    words: int
    removed_lines: int
    #: sha256 of the passages as published (ids and texts, in order): what
    #: mentions and quote checks depend on. A sidecar edit (a title that
    #: repeats a line drops it) can change it while ``sha256`` stays.
    passages_digest: str = ""
    #: the program that extracted the text ("trafilatura 2.3.1"), "" for a text file
    extractor: str = ""
    #: the fields taken from the file itself (a web page's or PDF's metadata)
    #: because the sidecar does not give them
    page_fields: tuple[str, ...] = ()
    #: sha256 of the passage texts alone, in order: what the extract lock compares
    extract_digest: str = ""
    #: the Admiralty code: source grade A-F, credibility 1-6 (0: not graded)
    reliability: str = ""
    credibility: int = 0
    assessment_note: str = ""
    #: a Wayback Machine or archive.today snapshot of ``url``
    archive_url: str = ""
    #: the project's declared sidecar fields (``kb_sidecar_fields``) that are set
    extra: tuple[ExtraValue, ...] = ()

    @property
    def date_label(self) -> str:
        """The date as shown: "n.d." when unknown, "~" when approximate."""
        return (self.published or "n.d.") + ("~" if self.published_approximate else "")


class SourceRecord(NamedTuple):
    docname: str
    node_id: str
    meta: SourceMeta
    passage_ids: tuple[str, ...]
    #: line of the page (or of its kb:source directive) that shows the source
    lineno: int = 0


class PassageRecord(NamedTuple):
    docname: str
    node_id: str
    source_id: str
    number: int
    text: str
    lines: tuple[int, int]
    #: the previous passage's last sentence runs on here: only lines the
    #: cleaner removed (an advertisement) lie between them, and it ends
    #: without a full stop. A quote may span the two.
    continues: bool = False


class ActorRecord(NamedTuple):
    docname: str
    node_id: str
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    description: str
    lineno: int
    #: the Wikidata item (a Q-number) that names the same actor, "" when none
    wikidata: str = ""


class ThemeRecord(NamedTuple):
    docname: str
    node_id: str
    id: str
    title: str
    description: str
    lineno: int = 0


class PositionRecord(NamedTuple):
    docname: str
    node_id: str
    claim_id: str
    source_id: str
    passage: str
    quote: str
    stance: str
    note: str
    #: line of the directive in ``path``
    lineno: int
    #: the file the position is written in (an included file, not its page's);
    #: "" when unknown, then the line is the page's
    path: str = ""

    @property
    def location(self) -> tuple[str | Path, int]:
        """Where warnings about it point: its file, or else its page, and line
        (a file as a Path: diagnostics.warn reads a string as a docname)."""
        return (Path(self.path) if self.path else self.docname, self.lineno)


class ClaimRecord(NamedTuple):
    docname: str
    node_id: str
    id: str
    statement: str
    status: str
    themes: tuple[str, ...]
    actors: tuple[str, ...]
    lineno: int
    events: tuple[str, ...] = ()
    #: a fact-checker's rating from ``kb_verdict_scale``, who gave it and when;
    #: "" when the claim has none (kb_ext itself never rates a claim)
    verdict: str = ""
    reviewer: str = ""
    reviewed: str = ""


class EventRecord(NamedTuple):
    """A dated happening (an election, a summit, a crackdown) that sources
    describe and claims name."""

    docname: str
    node_id: str
    id: str
    title: str
    date: str
    end: str
    kind: str
    place: str
    actors: tuple[str, ...]
    themes: tuple[str, ...]
    sources: tuple[str, ...]
    description: str
    lineno: int

    @property
    def date_label(self) -> str:
        return f"{self.date}–{self.end}" if self.end and self.end != self.date else self.date


class Placeholder(NamedTuple):
    """Generated content a page asks for: a view kind and its argument."""

    kind: str
    argument: str


class Reference(NamedTuple):
    """A link shown by the target's name, so its page changes with that name."""

    objtype: str
    target: str


STANCES = {
    "supports": "supports",
    "disputes": "disputes",
    "reports": "reports without endorsing",
    "qualifies": "qualifies",
}
CLAIM_STATUSES = ("disputed", "contested", "uncontested")
ACTOR_KINDS = ("person", "state", "organisation", "alliance", "company", "media", "other")
EVENT_KINDS = ("election", "referendum", "summit", "protest", "crackdown", "agreement",
               "military", "sanctions", "war", "other")
