"""Derived data: mentions, citations and reverse indexes, computed once after
reading from the whole domain, never stored per document.

``env-get-updated`` recomputes it, checks positions (source, passage, quote),
and returns every page whose generated content changed: each placeholder's
content is first *collected* as plain data, and a digest of that data per page
is compared with the previous build's. Rendering uses only the collected data,
so an incremental build writes exactly what a full build would.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .changes import env_changed
from .diagnostics import warn
from .domain import display_name
from .mentions import AliasMatcher
from .models import PositionRecord
from .normalize import as_written, for_quotes, quote_in
from .spellings import DECLINING_LANGUAGES

MAX_SNIPPETS_PER_SOURCE = 3
Mention = tuple[str, str, int, int]


@dataclass
class Derived:
    #: actor id -> source id -> [(passage anchor, passage id, start, end)], the
    #: first match per passage; snippets are cut only for what a page shows.
    mentions: dict[str, dict[str, list[Mention]]] = field(default_factory=dict)
    #: source id -> {actor id: number of passages mentioning it}
    source_actors: dict[str, dict[str, int]] = field(default_factory=dict)
    positions_by_claim: dict[str, list[PositionRecord]] = field(default_factory=dict)
    positions_by_passage: dict[str, list[PositionRecord]] = field(default_factory=dict)
    claims_by_actor: dict[str, list[str]] = field(default_factory=dict)
    claims_by_theme: dict[str, list[str]] = field(default_factory=dict)
    valid_positions: set[tuple[str, str]] = field(default_factory=set)
    #: claim id -> the positions whose quote was found in the cited passage:
    #: only these count as evidence (stances, matrix, JSON-LD)
    verified_by_claim: dict[str, list[PositionRecord]] = field(default_factory=dict)
    #: docname -> [(objtype, id)] of sources and claims, for per-page JSON-LD
    objects_by_doc: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def kb_data(env: BuildEnvironment) -> dict[str, Any]:
    return env.domains["kb"].data


def source_sort_key(record: Any) -> tuple[str, str]:
    return (record.meta.published or "9999", record.meta.id)


def _matcher(data: dict[str, Any]) -> AliasMatcher:
    actors = sorted(data["actors"].values(), key=lambda a: (a.docname, a.lineno, a.id))
    return AliasMatcher({a.id: (a.name, *a.aliases) for a in actors})


def _scan_mentions(env: BuildEnvironment, data: dict[str, Any], matcher: AliasMatcher,
                   derived: Derived) -> None:
    """Scan every passage once; matches (spans, not text) are cached per source
    by text hash and matcher fingerprint, so an incremental build rescans only
    what changed and the pickled environment stays small."""
    cache: dict[str, tuple[str, str, list[tuple[str, str, int, int]]]] = getattr(
        env, "kb_mention_cache", {})
    fresh: dict[str, tuple[str, str, list[tuple[str, str, int, int]]]] = {}
    for source_id, source in data["sources"].items():
        # Declined names are looked for in text in a language that declines them.
        declined = (source.meta.language or "").partition("-")[0] in DECLINING_LANGUAGES
        fingerprint = f"{matcher.fingerprint}:{declined}"
        cached = cache.get(source_id)
        if cached and cached[0] == source.meta.sha256 and cached[1] == fingerprint:
            found = cached[2]
        else:
            found = []
            for passage_id in source.passage_ids:
                passage = data["passages"].get(passage_id)
                if passage is None:
                    continue
                for actor_id, start, end in matcher.find(passage.text, declined):
                    found.append((actor_id, passage_id, start, end))
        fresh[source_id] = (source.meta.sha256, fingerprint, found)
        counts: dict[str, int] = {}
        for actor_id, passage_id, start, end in found:
            by_source = derived.mentions.setdefault(actor_id, {}).setdefault(source_id, [])
            if not by_source or by_source[-1][1] != passage_id:
                anchor = data["passages"][passage_id].node_id
                by_source.append((anchor, passage_id, start, end))
                counts[actor_id] = counts.get(actor_id, 0) + 1
        derived.source_actors[source_id] = counts
    env.kb_mention_cache = fresh


def _locate_quote(data: dict[str, Any], position: PositionRecord) -> str:
    """Where a quote really is in the cited source, or the closest text."""
    source = data["sources"][position.source_id]
    quote = for_quotes(position.quote)
    best: tuple[int, str, str] = (0, "", "")
    for passage_id in source.passage_ids:
        passage = data["passages"][passage_id]
        # Compared folded, shown with the source's own capitals: the user
        # copies the quote from the page again.
        shown = as_written(passage.text)
        text = shown.casefold()
        if quote_in(quote, text):
            return f"the quote is in {passage_id} (raw line {passage.lines[0]})"
        match = difflib.SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(
            0, len(text), 0, len(quote))
        if match.size > best[0]:
            start = max(0, match.a - match.b)
            excerpt = shown if len(shown) == len(text) else text  # casefold may change lengths
            best = (match.size, passage_id, excerpt[start:start + len(quote) + 20])
    if best[0]:
        return f"closest text is in {best[1]}: {best[2]!r}"
    return "no similar text in that source"


def _check_position(data: dict[str, Any], position: PositionRecord) -> bool:
    location = (position.docname, position.lineno)
    source = data["sources"].get(position.source_id)
    if source is None:
        warn("ref", f"position on claim {position.claim_id!r} cites unknown source "
             f"{position.source_id!r}", location=location)
        return False
    passage_id = f"{position.source_id}/{position.passage}"
    passage = data["passages"].get(passage_id)
    if passage is None:
        hint = (f"; {_locate_quote(data, position)}" if position.quote else "")
        warn("ref", f"position on claim {position.claim_id!r} cites unknown passage "
             f"{passage_id!r} ({len(source.passage_ids)} passages in that source){hint}",
             location=location)
        return False
    if position.quote and not quote_in(for_quotes(position.quote), for_quotes(passage.text)):
        warn("quote", f"quote not found in {passage_id}: {position.quote[:80]!r}; "
             f"{_locate_quote(data, position)}", location=location)
        return False
    return True


def derive(env: BuildEnvironment) -> Derived:
    data = kb_data(env)
    derived = Derived()
    matcher = _matcher(data)
    for collision in matcher.collisions:
        actor = data["actors"][collision.dropped_from]
        warn("alias", f"alias {collision.alias!r} of actor {collision.dropped_from!r} is already "
             f"an alias of {collision.kept_by!r}; it is only matched for {collision.kept_by!r}",
             location=(actor.docname, actor.lineno))
    _scan_mentions(env, data, matcher, derived)
    positions = sorted(data["positions"].values(), key=lambda p: (p.claim_id, p.node_id))
    sources = data["sources"]
    # Quotes found last build in an unchanged source need not be searched again;
    # failures are not cached, so their warnings repeat until fixed.
    verified: set[tuple[str, ...]] = getattr(env, "kb_verified_quotes", set())
    still_verified: set[tuple[str, ...]] = set()
    for position in positions:
        source = sources.get(position.source_id)
        key = (position.source_id, position.passage, position.quote,
               source.meta.sha256 if source else "")
        if (source and key in verified) or _check_position(data, position):
            still_verified.add(key)
            derived.valid_positions.add((position.docname, position.node_id))
        derived.positions_by_claim.setdefault(position.claim_id, []).append(position)
        passage_id = f"{position.source_id}/{position.passage}"
        derived.positions_by_passage.setdefault(passage_id, []).append(position)
    env.kb_verified_quotes = still_verified
    for claim_id, claim_positions in derived.positions_by_claim.items():
        claim_positions.sort(key=lambda p: (
            source_sort_key(sources[p.source_id]) if p.source_id in sources else ("9999", ""),
            p.node_id))
        derived.verified_by_claim[claim_id] = [
            p for p in claim_positions if (p.docname, p.node_id) in derived.valid_positions]
    by_actor: dict[str, list[str]] = defaultdict(list)
    by_theme: dict[str, list[str]] = defaultdict(list)
    for claim in sorted(data["claims"].values(), key=lambda c: c.id):
        for actor_id in claim.actors:
            by_actor[actor_id].append(claim.id)
        for theme_id in claim.themes:
            by_theme[theme_id].append(claim.id)
    for objtype in ("source", "claim"):
        for object_id, record in data[objtype + "s"].items():
            derived.objects_by_doc.setdefault(record.docname, []).append((objtype, object_id))
    derived.claims_by_actor = dict(by_actor)
    derived.claims_by_theme = dict(by_theme)
    # Kept in the environment (small: one pair per position) for the pictures
    # and tooltips, which read it on builds that derive nothing.
    env.kb_valid_positions = frozenset(derived.valid_positions)
    return derived


def verified_data(env: BuildEnvironment) -> dict[str, Any]:
    """The kb data with only the positions whose quote was found in the cited
    passage: what pictures and tooltips show as evidence."""
    data = kb_data(env)
    valid = getattr(env, "kb_valid_positions", None)
    if valid is None:  # an environment saved before the set was kept
        valid = derive(env).valid_positions
    return {**data, "positions": {key: p for key, p in data["positions"].items()
                                  if (p.docname, p.node_id) in valid}}


def derived_for(app: Sphinx) -> Derived:
    """This build's derived data, computed on first use when env-get-updated
    had no reason to (nothing was read)."""
    derived: Derived | None = getattr(app, "kb_derived", None)
    if derived is None:
        derived = app.kb_derived = derive(app.env)
    return derived


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    from .collect import collect

    data = kb_data(env)
    if not env_changed(app) and data["digests"]:
        return []  # same domain data, same derived data: no page's back-links changed
    derived = derive(env)
    # On the application, not the environment: derived data is recomputed every
    # build, and keeping it out of the pickle keeps incremental builds cheap.
    app.kb_derived = derived
    previous: dict[str, str] = data["digests"]
    digests: dict[str, str] = {}
    # Kept on the application, not the pickled environment: the page writers
    # render exactly this data instead of collecting it a second time.
    collected: dict[tuple[str, str], Any] = {}
    app.kb_collected = collected
    domain = env.domains["kb"]
    for docname in data["placeholders"].keys() | data["references"].keys():
        content: list[Any] = []
        for placeholder in data["placeholders"].get(docname, ()):
            if placeholder not in collected:
                collected[placeholder] = collect(env, derived, *placeholder)
            content.append(collected[placeholder])
        # Links shown by name: their text and target come from the linked object.
        for objtype, target in data["references"].get(docname, ()):
            record = domain.lookup(objtype, target)
            content.append((objtype, target, record and (
                record.docname, record.node_id, display_name(objtype, record, data))))
        digests[docname] = hashlib.sha256(repr(content).encode()).hexdigest()
    data["digests"] = digests
    changed = [doc for doc, digest in digests.items() if previous.get(doc) != digest]
    return sorted(set(changed) & set(env.all_docs))
