"""A claim page's positions table: every position, verified or not. An
unverified one is marked so nobody takes it for evidence: its stance badge
says "unverified" (class ``kb-stance-unverified``), the quote has no link to
the passage, and a notice says why, kept apart from the curator's note."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from docutils import nodes

from ..compact_parts import RowPart, Span, badge_part
from ..knowledge.records import STANCES, PositionRecord
from .base import Context, View
from .render import Renderer, approximate_note, source_date
from .rows import SourceRow, source_row

UNVERIFIED_NOTE = ("Quote not found in the cited passage: not counted in stance totals, "
                   "the matrix, pictures or exports.")
INVALID_STANCE_NOTE = ("Stance {stance!r} is not one of {stances}: not counted in stance "
                       "totals, the matrix, pictures or exports.")


class PositionRow(NamedTuple):
    node_id: str
    source: SourceRow
    stance: str
    stance_label: str
    quote: str
    #: the anchor of the passage holding the quote; "" when the quote is not verified
    anchor: str
    #: the curator's note
    note: str
    number: int
    verified: bool = True
    #: why the position is not evidence ("" when it is)
    notice: str = ""
    #: the earliest dated verified position: the claim's first appearance
    first: bool = False
    #: ids of the sources that are the same text as this one's (derive/duplicates.py)
    same_text: tuple[str, ...] = ()


def position_row(ctx: Context, position: PositionRecord) -> PositionRow:
    domain = ctx.domain
    source = domain.sources.get(position.source_id)
    valid = ctx.evidence.is_verified(position)
    source_part = (source_row(source) if source else
                   SourceRow("", False, "", "", position.source_id, "", "", 0,
                             position.source_id))
    passage = domain.passages.get(f"{position.source_id}/{position.passage}")
    notice = ""
    if not valid:  # the build warned (kb.quote, kb.ref or kb.directive); the reader is told too
        notice = (INVALID_STANCE_NOTE.format(stance=position.stance, stances=", ".join(STANCES))
                  if position.stance not in STANCES else UNVERIFIED_NOTE)
    return PositionRow(position.node_id, source_part, position.stance,
                       STANCES.get(position.stance, position.stance),
                       position.quote, passage.node_id if passage and valid else "",
                       position.note, passage.number if passage else 0, valid, notice)


def collect(ctx: Context, claim_id: str) -> list[PositionRow]:
    return through_time(ctx, [position_row(ctx, p) for p in ctx.evidence.positions(claim_id)])


# A claim through time: positions come oldest source first (derive/evidence.py);
# the first dated verified one is its first appearance.

def through_time(ctx: Context, rows: list[PositionRow]) -> list[PositionRow]:
    first = next((i for i, row in enumerate(rows) if row.verified and row.source.published),
                 None)
    return [row._replace(first=index == first, same_text=tuple(
                d.source_id for d in ctx.evidence.duplicates_of(row.source.id)))
            if row.verified else row for index, row in enumerate(rows)]


STANCE_TOTALS = {"supports": "supporting", "disputes": "disputing", "reports": "reporting",
                 "qualifies": "qualifying"}


def _one_text(rows: list[PositionRow]) -> tuple[int, int]:
    """(positions whose source is the same text as another's among ``rows``,
    how many such texts). Two positions of one source are not two texts."""
    groups: dict[str, str] = {}
    for row in rows:  # the sources of ``rows`` joined by "same text as"
        root = groups.setdefault(row.source.id, row.source.id)
        for other in row.same_text:
            if other in groups and groups[other] != root:
                old = groups[other]
                groups = {s: (root if g == old else g) for s, g in groups.items()}
    members: dict[str, set[str]] = {}
    for source_id, group in groups.items():
        members.setdefault(group, set()).add(source_id)
    shared = {group for group, sources in members.items() if len(sources) > 1}
    return sum(1 for row in rows if groups[row.source.id] in shared), len(shared)


def stance_totals(data: list[PositionRow]) -> nodes.paragraph | None:
    """"2 supporting, of which 2 rest on one text; 1 disputing"."""
    parts = []
    for stance, label in STANCE_TOTALS.items():
        rows = [row for row in data if row.verified and row.stance == stance]
        if not rows:
            continue
        text = f"{len(rows)} {label}"
        shared, texts = _one_text(rows)
        if shared:
            text += f", of which {shared} rest on {'one text' if texts == 1 else f'{texts} texts'}"
        parts.append(text)
    return nodes.paragraph("", "; ".join(parts), classes=["kb-stance-totals"]) if parts else None


def first_mark(row: PositionRow) -> list[RowPart]:
    return [" ", badge_part("first appearance", "kb-first-appearance")] if row.first else []


def render(r: Renderer, data: list[PositionRow], _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    if not data:
        return [nodes.paragraph("", "No positions recorded yet.")]
    rows: list[list[Sequence[RowPart] | str]] = []
    ids = []
    for row in data:
        source = row.source
        quote_text = f"“{row.quote}”"
        quote_parts: list[RowPart] = [
            r.row_link(source.docname, row.anchor, quote_text, "kb-quote-link",
                       f"{source.title}, ¶{row.anchor[1:]}") if row.anchor else quote_text]
        if row.note:
            quote_parts.append(Span(f" — {row.note}", tag="em"))
        if row.notice:
            quote_parts.append(Span(f" {row.notice}", "kb-unverified-notice"))
        stance = (r.stance_part(row.stance) if row.verified else
                  badge_part(f"{row.stance or 'no stance'} · unverified", "kb-stance",
                             "kb-stance-unverified"))
        rows.append([(r.source_cell(source) if source.docname else source.title,),
                     (source_date(source), *first_mark(row)), source.kind, (stance,),
                     (Span(tuple(quote_parts), "kb-quote"),)])
        ids.append(row.node_id)
    totals = stance_totals(data)
    return [r.rubric("Positions"), *([totals] if totals else []),
            r.compact_table(["Source", "Date", "Kind", "Stance", "Quote"], rows,
                            ["kb-positions"], ids),
            *approximate_note([row.source for row in data])]


VIEW = View("claim", collect, render)
