"""A claim page's positions table: every position, verified or not; an
unverified one is shown with a note and no link to the passage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from docutils import nodes

from ..compact import RowPart, Span
from ..knowledge.records import STANCES, PositionRecord
from .base import Context, View
from .render import Renderer, approximate_note, source_date
from .rows import SourceRow, source_row

UNVERIFIED_NOTE = ("Quote not found in the cited passage: not counted in stance totals, "
                   "the matrix, pictures or exports.")


class PositionRow(NamedTuple):
    node_id: str
    source: SourceRow
    stance: str
    stance_label: str
    quote: str
    #: the cited passage's anchor; "" when the quote is not verified there
    anchor: str
    note: str
    number: int


def position_row(ctx: Context, position: PositionRecord) -> PositionRow:
    domain = ctx.domain
    source = domain.sources.get(position.source_id)
    valid = ctx.evidence.is_verified(position)
    source_part = (source_row(source) if source else
                   SourceRow("", False, "", "", position.source_id, "", "", 0,
                             position.source_id))
    passage = domain.passages.get(f"{position.source_id}/{position.passage}")
    note = position.note
    if not valid:  # the build warned (kb.quote or kb.ref); the reader is told too
        note = UNVERIFIED_NOTE + (f" {note}" if note else "")
    return PositionRow(position.node_id, source_part, position.stance, STANCES[position.stance],
                       position.quote, passage.node_id if passage and valid else "", note,
                       passage.number if passage else 0)


def collect(ctx: Context, claim_id: str) -> list[PositionRow]:
    return [position_row(ctx, p) for p in ctx.evidence.positions(claim_id)]


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
        rows.append([(r.source_cell(source) if source.docname else source.title,),
                     (source_date(source),), source.kind, (r.stance_part(row.stance),),
                     (Span(tuple(quote_parts), "kb-quote"),)])
        ids.append(row.node_id)
    return [r.rubric("Positions"),
            r.compact_table(["Source", "Date", "Kind", "Stance", "Quote"], rows,
                            ["kb-positions"], ids),
            *approximate_note([row.source for row in data])]


VIEW = View("claim", collect, render)
