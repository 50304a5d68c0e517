"""Who agrees with whom: from verified positions on shared claims, which
sources (and outlets) take the same side and which opposite sides.

A source's side on a claim is the stance of its verified ``supports`` or
``disputes`` positions on it (one taking both sides, or only reporting or
qualifying, takes none). Two sources *agree* on a claim when both support
or both dispute it, and *disagree* when one supports what the other
disputes. The score of a pair is agreements minus disagreements over the
claims both take a side on; pages show both counts, not only the score. An
outlet's side on a claim is the one side its sources take (an outlet whose
sources take both sides is split there and not counted).

Two views: ``agreement`` (a page for the whole corpus: a matrix of outlets,
then every pair with its claims) and, on each source page, the top
:data:`TOP_PAIRS` sources it agrees and disagrees with most (collected by
:func:`source_pairs`, which reads only the claims the source cites), leaving
out the sources that are the same text as it (:mod:`kb_ext.derive.duplicates`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from docutils import nodes

from ..knowledge.records import PositionRecord
from .base import Context, View
from .render import Renderer
from .rows import ObjectLink

SIDES = ("supports", "disputes")
TOP_PAIRS = 5


class Pair(NamedTuple):
    """Two sources (or outlets) and the claims they agree and disagree on."""

    first: str
    second: str
    agreed: tuple[ObjectLink, ...]
    disagreed: tuple[ObjectLink, ...]

    @property
    def score(self) -> int:
        return len(self.agreed) - len(self.disagreed)


def sided_sources(positions: Iterable[PositionRecord], group: Mapping[str, str]
                  ) -> dict[str, tuple[str, frozenset[str]]]:
    """group -> (its one side on a claim, the sources that take it)."""
    taken: dict[str, set[str]] = {}
    by: dict[str, set[str]] = {}
    for position in positions:
        if position.stance in SIDES and position.source_id in group:
            name = group[position.source_id]
            taken.setdefault(name, set()).add(position.stance)
            by.setdefault(name, set()).add(position.source_id)
    return {name: (next(iter(found)), frozenset(by[name]))
            for name, found in taken.items() if len(found) == 1}


def _copied(these: frozenset[str], those: frozenset[str],
            copies: Callable[[str], set[str]]) -> bool:
    """Every source of ``these`` is the same text as one of ``those``."""
    return all(copies(source) & those for source in these)


def _claim_link(ctx: Context, claim_id: str) -> ObjectLink | None:
    claim = ctx.domain.claims.get(claim_id)
    return ObjectLink(claim.statement, claim.docname, claim.node_id) if claim else None


def pairs(ctx: Context, claim_ids: Iterable[str], group: Mapping[str, str],
          only: str = "", copies: Callable[[str], set[str]] | None = None) -> list[Pair]:
    """Every pair of groups taking a side on the same claims (with ``only``:
    the pairs including it), first and second in name order. With
    ``copies`` (source id -> the sources that are the same text), two groups
    do not agree on a claim when one's side rests only on copies of the
    other's sources: a reprint is not a second voice."""
    agreed: dict[tuple[str, str], list[ObjectLink]] = {}
    disagreed: dict[tuple[str, str], list[ObjectLink]] = {}
    for claim_id in sorted(claim_ids):
        link = _claim_link(ctx, claim_id)
        if link is None:
            continue
        taken = sided_sources(ctx.evidence.verified(claim_id), group)
        names = sorted(taken)
        # With ``only``, its pairs alone: linear in the claim's sources.
        couples = ([(min(only, n), max(only, n)) for n in names if n != only]
                   if only else [(a, b) for i, a in enumerate(names) for b in names[i + 1:]])
        if only and only not in taken:
            couples = []
        for first, second in couples:
            (side, these), (other, those) = taken[first], taken[second]
            if side == other and copies is not None and (
                    _copied(these, those, copies) or _copied(those, these, copies)):
                continue
            found = agreed if side == other else disagreed
            found.setdefault((first, second), []).append(link)
    return [Pair(a, b, tuple(sorted(agreed.get((a, b), ()))),
                 tuple(sorted(disagreed.get((a, b), ()))))
            for a, b in sorted(agreed.keys() | disagreed.keys())]


class SourcePair(NamedTuple):
    other: ObjectLink
    agreed: tuple[ObjectLink, ...]
    disagreed: tuple[ObjectLink, ...]


class SourceAgreement(NamedTuple):
    #: sources it agrees with, highest score first (ties: more agreements, then title)
    agrees: tuple[SourcePair, ...]
    disagrees: tuple[SourcePair, ...]


def source_pairs(ctx: Context, source_id: str) -> SourceAgreement:
    """For a source page: the sources it agrees and disagrees with most."""
    domain, evidence = ctx.domain, ctx.evidence
    source = domain.sources.get(source_id)
    if source is None:
        return SourceAgreement((), ())
    claims = {p.claim_id for passage_id in source.passage_ids
              for p in evidence.citing(passage_id) if p.stance in SIDES}
    # A source that is the same text agrees by being a copy: left out.
    copies = {d.source_id for d in evidence.duplicates_of(source_id)}
    others = {p.source_id for c in claims for p in evidence.verified(c)} - copies
    group = {s: s for s in others if s in domain.sources}
    found = []
    for pair in pairs(ctx, claims, group, only=source_id):
        other = domain.sources[pair.second if pair.first == source_id else pair.first]
        found.append((pair.score, SourcePair(
            ObjectLink(other.meta.title, other.docname, ""), pair.agreed, pair.disagreed)))
    agrees = sorted((p for s, p in found if s > 0),
                    key=lambda p: (-(len(p.agreed) - len(p.disagreed)), -len(p.agreed), p.other))
    disagrees = sorted((p for s, p in found if s < 0),
                       key=lambda p: (len(p.agreed) - len(p.disagreed), -len(p.disagreed),
                                      p.other))
    return SourceAgreement(tuple(agrees[:TOP_PAIRS]), tuple(disagrees[:TOP_PAIRS]))


def outlet_of(outlet: str) -> str:
    return outlet or "(no outlet)"


class Corpus(NamedTuple):
    outlets: tuple[str, ...]
    pairs: tuple[Pair, ...]


def collect(ctx: Context, _argument: str) -> Corpus:
    domain = ctx.domain
    group = {s: outlet_of(r.meta.outlet) for s, r in domain.sources.items()}
    claims = {p.claim_id for p in ctx.evidence.all_verified() if p.stance in SIDES}
    copies: dict[str, set[str]] = {}

    def copies_of(source_id: str) -> set[str]:
        if source_id not in copies:
            copies[source_id] = {d.source_id for d in ctx.evidence.duplicates_of(source_id)}
        return copies[source_id]

    found = tuple(pairs(ctx, claims, group, copies=copies_of))
    outlets = tuple(sorted({name for pair in found for name in (pair.first, pair.second)}))
    return Corpus(outlets, found)


def pair_anchor(first: str, second: str) -> str:
    return nodes.make_id(f"kb-agreement-{first}-{second}")


def claim_links(r: Renderer, label: str, claims: tuple[ObjectLink, ...]) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=["kb-agreement-claims"])
    paragraph += nodes.Text(f"{label} ({len(claims)}): ")
    for index, claim in enumerate(claims):
        if index:
            paragraph += nodes.Text("; ")
        paragraph += r.link(claim.docname, claim.node_id, claim.name,
                            classes=["kb-claim-link"])
    return paragraph


def _cell(r: Renderer, by_pair: dict[tuple[str, str], Pair], row: str, column: str
          ) -> nodes.entry:
    entry = nodes.entry()
    pair = by_pair.get((min(row, column), max(row, column)))
    if row == column or pair is None:
        entry += nodes.paragraph("", "—")
        return entry
    text = f"+{len(pair.agreed)} / −{len(pair.disagreed)}"
    entry += nodes.paragraph("", "", r.link(r.fromdocname, pair_anchor(pair.first, pair.second),
                                            text, f"score {pair.score:+d}"))
    return entry


def _matrix(r: Renderer, data: Corpus) -> nodes.table:
    by_pair = {(p.first, p.second): p for p in data.pairs}
    group = nodes.tgroup(cols=len(data.outlets) + 1)
    group += [nodes.colspec(colwidth=1) for _ in range(len(data.outlets) + 1)]
    head = nodes.row()
    head += nodes.entry("", nodes.paragraph("", "Outlet"))
    for outlet in data.outlets:
        head += nodes.entry("", nodes.paragraph("", outlet))
    group += nodes.thead("", head)
    body = nodes.tbody()
    for outlet in data.outlets:
        row = nodes.row()
        row += nodes.entry("", nodes.paragraph("", outlet))
        for column in data.outlets:
            row += _cell(r, by_pair, outlet, column)
        body += row
    group += body
    return nodes.table("", group, classes=["kb-table", "kb-agreement-matrix"])


def render(r: Renderer, data: Corpus, _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    if not data.pairs:
        return [nodes.paragraph("", "No two outlets take a side on the same claim yet.")]
    legend = nodes.paragraph("", "Each cell: claims the two outlets agree on (+) and "
                             "disagree on (−); it links to the claims below.")
    listing = nodes.bullet_list(classes=["kb-agreement-pairs"])
    for pair in sorted(data.pairs, key=lambda p: (-p.score, p.first, p.second)):
        item = nodes.list_item(ids=[pair_anchor(pair.first, pair.second)])
        item += nodes.paragraph("", f"{pair.first} and {pair.second}: score {pair.score:+d}")
        if pair.agreed:
            item += claim_links(r, "Agree on", pair.agreed)
        if pair.disagreed:
            item += claim_links(r, "Disagree on", pair.disagreed)
        listing += item
    return [legend, nodes.container("", _matrix(r, data), classes=["kb-table-scroll"]),
            r.rubric("Pairs of outlets"), listing]


VIEW = View("agreement", collect, render, empty=lambda data: not data.pairs)
