"""The stance matrix: claims (rows) against the most cited sources (columns),
the sources grouped by outlet under a header row naming it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from docutils import nodes

from ..compact_parts import Link, RowPart, Span
from ..derive.evidence import source_sort_key
from .base import Context, View
from .render import Renderer, approximate_note, source_date
from .rows import ObjectLink, SourceRow, source_row

MATRIX_MAX_SOURCES = 40


class Mark(NamedTuple):
    stance: str
    docname: str
    node_id: str


class MatrixRow(NamedTuple):
    statement: str
    docname: str
    node_id: str
    status: str
    id: str
    #: per column, the claim's verified positions in that source
    cells: tuple[tuple[Mark, ...], ...]
    #: the events the claim names
    events: tuple[ObjectLink, ...]


class Matrix(NamedTuple):
    columns: list[SourceRow]
    rows: list[MatrixRow]
    omitted: int


def collect(ctx: Context, _argument: str) -> Matrix:
    domain, evidence = ctx.domain, ctx.evidence
    citations: dict[str, int] = {}
    for p in evidence.all_verified():
        if p.source_id in domain.sources:
            citations[p.source_id] = citations.get(p.source_id, 0) + 1
    # A readable table has a bounded number of columns: the most cited sources.
    shown = sorted(citations, key=lambda s: (-citations[s], s))[:MATRIX_MAX_SOURCES]
    # By outlet, so each outlet's sources stand together under its name.
    columns = sorted((domain.sources[s] for s in shown),
                     key=lambda s: (s.meta.outlet, *source_sort_key(s)))
    rows = []
    for claim in sorted(domain.claims.values(), key=lambda c: c.statement):
        verified = evidence.verified(claim.id)
        cells = tuple(tuple(Mark(p.stance, p.docname, p.node_id) for p in verified
                            if p.source_id == source.meta.id) for source in columns)
        events = tuple(ObjectLink(domain.events[e].title, domain.events[e].docname,
                                  domain.events[e].node_id)
                       for e in claim.events if e in domain.events)
        rows.append(MatrixRow(claim.statement, claim.docname, claim.node_id, claim.status,
                              claim.id, cells, events))
    return Matrix([source_row(s) for s in columns], rows, len(citations) - len(shown))


def _claim_cell(r: Renderer, row: MatrixRow) -> tuple[RowPart, ...]:
    link = r.row_link(row.docname, row.node_id, row.statement)
    if not row.events:
        return (link,)
    events: list[RowPart] = [" — "]
    for index, event in enumerate(row.events):
        if index:
            events.append(", ")
        events.append(r.row_link(event.docname, event.node_id, event.name))
    return (Span((link, Span(tuple(events), "kb-matrix-events"))),)


def _stances(r: Renderer, marks: tuple[Mark, ...]) -> tuple[RowPart, ...] | str:
    if not marks:
        return "—"
    return (Span(tuple(r.stance_link(m.stance, m.docname, m.node_id) for m in marks)),)


def _header(r: Renderer, column: SourceRow) -> tuple[RowPart, ...]:
    """A source's column: its date (the outlet is the group above), linking to it."""
    uri = r.target(column.docname, "")
    date = source_date(column)
    return (date,) if uri is None else (Link(date, uri, "kb-source-link", column.title),)


def _groups(columns: list[SourceRow]) -> list[tuple[str, int]]:
    groups: list[tuple[str, int]] = [("", 1)]  # over the claim column
    for column in columns:
        if len(groups) > 1 and groups[-1][0] == column.outlet:
            groups[-1] = (column.outlet, groups[-1][1] + 1)
        else:
            groups.append((column.outlet, 1))
    return groups


def render(r: Renderer, data: Matrix, _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    headers = ["Claim", *(_header(r, c) for c in data.columns)]
    # One compact table: at hundreds of claims, docutils nodes for every cell
    # were most of a claim edit's rebuild.
    rows: list[list[Sequence[RowPart] | str]] = [
        [_claim_cell(r, row), *(_stances(r, marks) for marks in row.cells)] for row in data.rows]
    legend = nodes.paragraph("", "Columns are sources, grouped by outlet, oldest first in "
                             "each outlet: ")
    if data.omitted:
        legend = nodes.paragraph("", f"Columns are the {len(data.columns)} most cited "
                                 f"sources ({data.omitted} more are cited; see each "
                                 "claim's page), grouped by outlet, oldest first in each "
                                 "outlet: ")
    for index, column in enumerate(data.columns):
        if index:
            legend += nodes.Text("; ")
        legend += r.source_link(column)
    return [legend, r.compact_table(headers, rows, ["kb-matrix"], groups=_groups(data.columns)),
            *approximate_note(data.columns)]


VIEW = View("matrix", collect, render, empty=lambda data: not data.rows)
