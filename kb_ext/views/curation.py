"""The curation report: what a curator of thousands of articles has missed.

Shown as ``curation.html`` and written as ``kb-curation.json``
(:mod:`kb_ext.outputs.curation`), unless ``kb_curation_report = False``. Four sections, each capped
and ranked most useful first:

(a) names that several sources use and no actor matches: runs of capitalised
    words in any script, grouped by their folded form, ranked by the number
    of sources, each with sample passages and a ``kb:actor`` block to paste;
(b) near-miss spellings of an actor's names: capitalised words no alias
    matches that fold (or transliterate) to within an edit or two of one;
(c) aliases too generic to be names: one two actors share, and aliases
    written without a capital that match in several sources;
(d) sources no claim cites, claims whose verified positions all take one
    side, and claims whose status disagrees with their stances.

The report is a suggestion list, never curated data: nothing in it reaches
an actor page, ``objects.inv`` or ``kb.json``. It depends on everything
(every passage, alias and position), so it is made again on every build
rather than tracked by dependency keys; see docs/guide/curation.md for its
cost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from docutils import nodes

from ..derive.mention_scan import matcher_for
from ..derive.mentions import AliasMatcher
from ..derive.names import WORD_MIN, NamesFound, Seen, deletions, distance, scan_names
from ..derive.spellings import has_cyrillic, latin_spellings
from ..knowledge.records import PassageRecord
from ..normalize import WORD, fold, unify
from ..sources.sidecar import slugify
from .base import Context, View
from .render import Renderer

#: entries shown per list; the report says how many there were in all
NAMES_MAX, MISSES_MAX, GENERIC_MAX, SOURCES_MAX, CLAIMS_MAX = 100, 100, 50, 100, 100
#: a name is suggested once this many sources use it
NAME_SOURCES_MIN = 2
#: a near miss may be one edit per this many letters from an alias, at most two
LETTERS_PER_EDIT = 5

class Sample(NamedTuple):
    source_id: str
    passage_id: str
    number: int
    docname: str
    anchor: str


class NameRow(NamedTuple):
    name: str
    spellings: tuple[str, ...]
    sources: int
    samples: tuple[Sample, ...]
    block: str


class NearMiss(NamedTuple):
    spelling: str
    actor_id: str
    actor_name: str
    docname: str
    node_id: str
    alias: str
    sources: int
    samples: tuple[Sample, ...]
    line: str


class GenericAlias(NamedTuple):
    alias: str
    actor_ids: tuple[str, ...]
    reason: str
    sources: int


class SourceRef(NamedTuple):
    source_id: str
    title: str
    docname: str


class ClaimRef(NamedTuple):
    claim_id: str
    statement: str
    docname: str
    node_id: str
    status: str
    stances: tuple[str, ...]


class Listed(NamedTuple):
    """The first entries of one list, and how many there were."""

    rows: tuple[Any, ...]
    total: int


class Report(NamedTuple):
    names: Listed
    near_misses: Listed
    generic: Listed
    uncited: Listed
    one_sided: Listed
    disagreeing: Listed


def _sample(ctx: Context, passage: PassageRecord) -> Sample:
    return Sample(passage.source_id, passage.node_id and f"{passage.source_id}/{passage.node_id}",
                  passage.number, passage.docname, passage.node_id)


def _unmatched(matcher: AliasMatcher, seen: dict[str, Seen]) -> Iterator[tuple[str, Seen]]:
    for key, entry in seen.items():
        spelling = entry.spellings.most_common(1)[0][0]
        if not matcher.find(spelling, entry.declined):
            yield key, entry


def _block(name: str, spellings: Iterable[str]) -> str:
    slug = slugify(name, fallback="actor")
    others = [s for s in spellings if s != name]
    lines = [f":::{{kb:actor}} {slug}", f":name: {name}", ":kind: other"]
    if others:
        lines.append(":aliases: " + "; ".join(others))
    return "\n".join([*lines, ":::"])


def _names(ctx: Context, matcher: AliasMatcher, found: NamesFound) -> Listed:
    candidates = []
    for _key, entry in _unmatched(matcher, {k: v for k, v in found.names.items()
                                            if v.sources >= NAME_SOURCES_MIN}):
        spellings = tuple(s for s, _n in entry.spellings.most_common(5))
        candidates.append((spellings, entry))
    candidates.sort(key=lambda c: (-c[1].sources, -len(c[0][0].split()), c[0][0]))
    shown = candidates[:NAMES_MAX]
    found.add_samples((entry for _spellings, entry in shown), ctx.domain.passages)
    rows = tuple(NameRow(spellings[0], spellings, entry.sources,
                         tuple(_sample(ctx, p) for p in entry.samples),
                         _block(spellings[0], spellings)) for spellings, entry in shown)
    return Listed(rows, len(candidates))

def _near_misses(ctx: Context, matcher: AliasMatcher, found: NamesFound) -> Listed:
    # Every capitalised word of an alias (a name's, not "services" of "security
    # services"), and the Latin spellings of Cyrillic ones.
    index: dict[str, list[tuple[str, str, str]]] = {}
    actors = ctx.domain.actors
    for actor in (actors[key] for key in sorted(actors)):  # the first alias found is named
        for alias in (actor.name, *actor.aliases):
            for form in {alias, *latin_spellings(alias)}:
                for word in WORD.findall(unify(form)):
                    folded = word.casefold()
                    if len(folded) >= WORD_MIN and word[0].isupper() and not word.isupper():
                        for key in deletions(folded):
                            index.setdefault(key, []).append((folded, actor.id, alias))
    written = {form for forms in index.values() for form, _a, _b in forms}
    rows: dict[tuple[str, str], NearMiss] = {}
    entries: dict[tuple[str, str], Seen] = {}
    for key, entry in _unmatched(matcher, found.words):
        forms = {key}
        spelling = entry.spellings.most_common(1)[0][0]
        if has_cyrillic(spelling):
            from anyascii import anyascii
            forms.add(fold(anyascii(spelling)))
        if not forms.isdisjoint(written):
            continue  # a word of a longer alias, alone (Светлана of Светлана Тихановская)
        for form in forms:
            for deleted in deletions(form):
                for alias_word, actor_id, alias in index.get(deleted, ()):
                    edits = distance(form, alias_word)
                    if (not 0 < edits <= min(2, len(alias_word) // LETTERS_PER_EDIT)
                            or form.startswith(alias_word) or alias_word.startswith(form)):
                        continue  # too far, or another form of the word (Georgian, State)
                    actor = ctx.domain.actors[actor_id]
                    entries[spelling, actor_id] = entry
                    rows.setdefault((spelling, actor_id), NearMiss(
                        spelling, actor_id, actor.name, actor.docname, actor.node_id, alias,
                        entry.sources, (), ":aliases: " + "; ".join((*actor.aliases, spelling))))
    ranked = sorted(rows.values(), key=lambda r: (-r.sources, r.actor_id, r.spelling))
    shown = ranked[:MISSES_MAX]
    found.add_samples((entries[r.spelling, r.actor_id] for r in shown), ctx.domain.passages,
                      words=True)
    return Listed(tuple(r._replace(samples=tuple(
        _sample(ctx, p) for p in entries[r.spelling, r.actor_id].samples)) for r in shown),
        len(ranked))


def _generic(ctx: Context, matcher: AliasMatcher) -> Listed:
    rows = [GenericAlias(c.alias, (c.kept_by, c.dropped_from),
                         "is an alias of two actors; it names the first only", 0)
            for c in matcher.collisions]
    for actor in ctx.domain.actors.values():
        lower = {fold(a) for a in (actor.name, *actor.aliases) if a == a.lower() and
                 any(ch.isalpha() for ch in a)}
        if not lower:
            continue
        sources: Counter[str] = Counter()
        for found in ctx.evidence.mentions_of(actor.id).values():
            for mention in found:
                text = unify(ctx.domain.passages[mention.passage_id].text[
                    mention.start:mention.end])
                if text.casefold() in lower and text == text.lower():
                    sources[text.casefold()] += 1
                    break
        rows.extend(GenericAlias(alias, (actor.id,), "is written without a capital, as a "
                                 "common phrase is, and matches in that form", count)
                    for alias, count in sources.items() if count >= NAME_SOURCES_MIN)
    rows.sort(key=lambda r: (-len(r.actor_ids), -r.sources, r.alias))
    return Listed(tuple(rows[:GENERIC_MAX]), len(rows))


def collect_claims(ctx: Context) -> tuple[Listed, Listed, Listed]:
    """The report's last three lists: uncited sources and claims whose stances
    say too little or disagree with their status."""
    domain = ctx.domain
    cited = {p.source_id for p in domain.positions.values()}
    uncited = sorted((SourceRef(s.meta.id, s.meta.title, s.docname)
                      for s in domain.sources.values() if s.meta.id not in cited),
                     key=lambda s: s.source_id)
    one_sided, disagreeing = [], []
    for claim in sorted(domain.claims.values(), key=lambda c: c.id):
        stances = tuple(sorted(p.stance for p in ctx.evidence.verified(claim.id)))
        row = ClaimRef(claim.id, claim.statement, claim.docname, claim.node_id, claim.status,
                       stances)
        opposed = "supports" in stances and "disputes" in stances
        if claim.status == "disputed" and not opposed:
            disagreeing.append(row)
        elif claim.status == "uncontested" and opposed:
            disagreeing.append(row)
        elif claim.status == "contested" and len(stances) > 1 and len(set(stances)) == 1:
            one_sided.append(row)
    return (Listed(tuple(uncited[:SOURCES_MAX]), len(uncited)),
            Listed(tuple(one_sided[:CLAIMS_MAX]), len(one_sided)),
            Listed(tuple(disagreeing[:CLAIMS_MAX]), len(disagreeing)))


def collect_names(ctx: Context) -> tuple[Listed, Listed, Listed]:
    """The report's first three lists, read from the sources' words, the
    actors and their mentions only: no claim or position (an edit of a claim
    keeps them, outputs/curation.py)."""
    matcher = matcher_for(dict(ctx.domain.actors))
    # In id order: the store's own order depends on which pages this build re-read,
    # and samples and ties would differ between an incremental and a full build.
    sources = ctx.domain.sources
    caches = ctx.domain.caches
    found = scan_names((sources[key] for key in sorted(sources)), ctx.domain.passages,
                       caches.names)
    caches.names = found.scans
    return (_names(ctx, matcher, found), _near_misses(ctx, matcher, found),
            _generic(ctx, matcher))


def collect(ctx: Context, _argument: str) -> Report:
    return Report(*collect_names(ctx), *collect_claims(ctx))


# -- the page ---------------------------------------------------------------

def _section(title: str, listed: Listed, what: str, *body: nodes.Node) -> nodes.section:
    section = nodes.section(ids=[slugify(title)])
    section += nodes.title(title, title)
    shown = len(listed.rows)
    count = (f"{listed.total} {what}" + (f"; the first {shown} are shown." if shown < listed.total
                                         else "."))
    section += nodes.paragraph(count, count, classes=["kb-curation-count"])
    section.extend(body)
    return section


def _in(count: int) -> str:
    return f" in {count} source{'s' if count != 1 else ''}"


def _samples(r: Renderer, samples: tuple[Sample, ...]) -> list[nodes.Node]:
    parts: list[nodes.Node] = [nodes.Text(" — in ")]
    for n, sample in enumerate(samples):
        if n:
            parts.append(nodes.Text(", "))
        parts.append(r.link(sample.docname, sample.anchor,
                            f"{sample.source_id} ¶{sample.number}"))
    return parts


def _items(rows: Iterable[list[nodes.Node]], classes: str) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=[classes])
    for row in rows:
        items += nodes.list_item("", *row)
    return items


def _name_item(r: Renderer, row: NameRow) -> list[nodes.Node]:
    head = nodes.paragraph("", "", nodes.strong("", row.name),
                           nodes.Text(_in(row.sources)), *_samples(r, row.samples))
    return [head, nodes.literal_block(row.block, row.block, language="md")]


def _miss_item(r: Renderer, row: NearMiss) -> list[nodes.Node]:
    head = nodes.paragraph("", "", nodes.strong("", row.spelling),
                           nodes.Text(f"{_in(row.sources)}, close to {row.alias!r} of "),
                           r.link(row.docname, row.node_id, row.actor_name),
                           *_samples(r, row.samples))
    return [head, nodes.literal_block(row.line, row.line, language="md")]


def _claim_item(r: Renderer, row: ClaimRef) -> list[nodes.Node]:
    stances = ", ".join(row.stances) or "none"
    return [nodes.paragraph("", "", r.link(row.docname, row.node_id, row.statement),
                            nodes.Text(f" — status {row.status}; verified stances: {stances}"))]


def render(r: Renderer, report: Report, _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    intro = ("Suggestions for the curator, made from every source on each build. None of "
             "them is curated data: they appear on no actor page, in no index, in neither "
             "objects.inv nor kb.json. Switch the page off for publishing with "
             "kb_curation_report = False.")
    generic = _items(([nodes.paragraph("", "", nodes.strong("", row.alias), nodes.Text(
        f" ({', '.join(row.actor_ids)}) {row.reason}"
        + (_in(row.sources) if row.sources else "")))]
        for row in report.generic.rows), "kb-curation-generic")
    uncited = _items(([nodes.paragraph("", "", r.link(row.docname, "", row.title),
                                       nodes.Text(f" ({row.source_id})"))]
                      for row in report.uncited.rows), "kb-curation-uncited")
    return [
        nodes.paragraph(intro, intro),
        _section("Names no actor matches", report.names, "names in several sources match no "
                 "actor", _items((_name_item(r, row) for row in report.names.rows),
                                 "kb-curation-names")),
        _section("Near-miss spellings", report.near_misses, "words are close to an actor's "
                 "alias", _items((_miss_item(r, row) for row in report.near_misses.rows),
                                 "kb-curation-misses")),
        _section("Aliases too generic", report.generic, "aliases may be too generic", generic),
        _section("Sources cited by no claim", report.uncited, "sources are cited by no claim",
                 uncited),
        _section("Claims from one side only", report.one_sided, "contested claims have "
                 "verified positions of one stance only",
                 _items((_claim_item(r, row) for row in report.one_sided.rows),
                        "kb-curation-one-sided")),
        _section("Status and stances disagree", report.disagreeing, "claims have a status "
                 "their verified stances do not bear out (disputed without opposing "
                 "positions, or uncontested with them)",
                 _items((_claim_item(r, row) for row in report.disagreeing.rows),
                        "kb-curation-disagreeing")),
    ]


VIEW = View("curation", collect, render)
