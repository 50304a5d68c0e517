"""What one build computes that the next can reuse, kept with the
environment (pickled): small facts that spare re-reading or re-scanning
what did not change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..sources.found import FoundSource, SidecarIds
from .records import PositionRecord

if TYPE_CHECKING:
    from ..derive.names import SourceNames
    from ..views.curation import Report


class Mention(NamedTuple):
    """An actor named in a passage: the span of its first match there."""

    passage_id: str
    start: int
    end: int


class ScannedSource(NamedTuple):
    """A source's mentions as last scanned, with what they depend on (the
    passages as published, :attr:`.SourceMeta.passages_digest`, and the
    matcher): for each actor named, the first match in each passage naming
    it, in order."""

    passages_digest: str
    fingerprint: str
    mentions: dict[str, tuple[Mention, ...]]


#: (source id, passage, quote, digest of the source's passages as published,
#: whether the passage joins the one before and the one after) of a quote found
#: in its passage: the passages' ids, texts and joins, not the raw file, decide
#: (a sidecar title that repeats a line drops it and renumbers the passages)
QuoteKey = tuple[str, str, str, str, tuple[bool, bool]]


@dataclass
class EnvCaches:
    sidecar_ids: SidecarIds = field(default_factory=dict)
    #: docname of a source page -> the article it shows (this build's discovery)
    found_sources: dict[str, FoundSource] = field(default_factory=dict)
    scanned: dict[str, ScannedSource] = field(default_factory=dict)
    verified_quotes: set[QuoteKey] = field(default_factory=set)
    #: source id -> (its passages_digest, the hashes of its passages, derive/duplicates.py)
    hashed: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    #: source id -> its capitalised names and words as last scanned (derive/names.py)
    names: dict[str, SourceNames] = field(default_factory=dict)
    #: the curation report collected after the last reading (outputs/curation.py)
    curation: Report | None = None
    #: its lists made from the sources' words, and what collecting them read
    curation_names: KeptCollect | None = None
    #: (whether a build has looked, the furniture file's mtime or None when absent)
    furniture_state: tuple[bool, int | None] = (False, None)


class KeptCollect(NamedTuple):
    """Something collected as views are (:mod:`kb_ext.views.tracking`), kept
    with the dependency keys it read, to be reused while none changes."""

    reads: frozenset[str]
    value: Any


class ViewDigest(NamedTuple):
    """A placeholder's collected content as last built: its digest, and the
    dependency keys its collect step read (:mod:`kb_ext.views.tracking`)."""

    digest: str
    reads: frozenset[str]


class DocContents(NamedTuple):
    """What one document contributes: (type, id) -> record, and its positions
    by node id."""

    objects: dict[tuple[str, str], Any]
    positions: dict[str, PositionRecord]
