"""What every view's render step shares: links relative to the page being
written, rubrics, tables, badges and cards, built as docutils nodes."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from sphinx.builders import Builder
from sphinx.errors import NoUri

from ..compact import Compact
from ..compact_parts import Link, RowPart, Span, badge_part
from ..compact_table import Groups, table
from ..knowledge.records import STANCES
from ..nodes import badge
from .rows import ClaimRow, SourceRow

#: What "~" after a date means, wherever it is shown.
APPROXIMATE = "approximate date (the source does not say exactly when it was published)"


def date_part(published: str, approximate: bool = False) -> Span:
    """A date that never breaks across lines (at its hyphens, or before its
    "~"); "~" is an abbreviation whose title says what it means."""
    if not approximate:
        return Span(published or "n.d.", "kb-date")
    return Span((published or "n.d.", Span("~", "kb-approx", "abbr", APPROXIMATE)), "kb-date")


def source_date(row: SourceRow) -> Span:
    return date_part(row.published, row.approximate)


def date_node(row: SourceRow) -> nodes.inline:
    """:func:`source_date` as docutils nodes, for a paragraph of ordinary nodes."""
    node = nodes.inline("", row.published or "n.d.", classes=["kb-date"])
    if row.approximate:
        node += nodes.abbreviation("", "~", explanation=APPROXIMATE, classes=["kb-approx"])
    return node


def approximate_note(rows: Sequence[SourceRow]) -> list[nodes.Node]:
    """A visible legend for "~", under a list that shows an approximate date."""
    if not any(row.approximate for row in rows):
        return []
    note = nodes.paragraph(classes=["kb-legend"])
    note += nodes.abbreviation("", "~", explanation=APPROXIMATE, classes=["kb-approx"])
    note += nodes.Text(" after a date marks an " + APPROXIMATE + ".")
    return [note]


class Renderer:
    def __init__(self, builder: Builder, fromdocname: str):
        self.builder = builder
        self.fromdocname = fromdocname
        self._uris: dict[str, str] = {}

    def relative_uri(self, docname: str) -> str:
        """Cached per page: back-link lists link the same pages many times."""
        if not docname:
            return ""
        if docname not in self._uris:
            self._uris[docname] = self.builder.get_relative_uri(self.fromdocname, docname)
        return self._uris[docname]

    def target(self, docname: str, anchor: str) -> str | None:
        """The link to ``anchor`` on ``docname`` from this page; None when the
        builder has no URI for it (e.g. LaTeX, for a page outside the document)."""
        try:
            uri = self.relative_uri(docname)
        except NoUri:
            return None
        return uri + "#" + anchor if anchor else uri

    def link(self, docname: str, anchor: str, child: nodes.Node | str,
             title: str = "", classes: Sequence[str] = ()) -> nodes.Element:
        if isinstance(child, str):
            child = nodes.Text(child)
        uri = self.target(docname, anchor)
        if uri is None:
            return nodes.inline("", "", child, classes=list(classes))
        ref = nodes.reference("", "", child, internal=True, refuri=uri, classes=list(classes))
        if title:
            ref["reftitle"] = title
        return ref

    @staticmethod
    def rubric(text: str) -> nodes.rubric:
        return nodes.rubric(text, text, classes=["kb-backlinks-heading"])

    def uri(self, docname: str, anchor: str) -> str:
        """``target``, or "" where the builder has no URI for the page."""
        return self.target(docname, anchor) or ""

    def source_link(self, row: SourceRow) -> nodes.Element:
        return self.link(row.docname, "", row.title, classes=["kb-source-link"])

    def stance(self, stance: str, docname: str = "", anchor: str = "") -> nodes.Node:
        node = badge(stance, "kb-stance", f"kb-stance-{stance}")
        node["reftitle"] = STANCES[stance]
        return self.link(docname, anchor, node, STANCES[stance]) if docname else node

    def stance_link(self, stance: str, docname: str, anchor: str) -> RowPart:
        """A stance badge linking to a position, as a part of a compact row."""
        uri = self.target(docname, anchor)
        part = self.stance_part(stance)
        return part if uri is None else Link(part, uri, "", STANCES[stance])

    @staticmethod
    def stance_part(stance: str) -> Span:
        return badge_part(stance, "kb-stance", f"kb-stance-{stance}")

    def claim_list(self, claims: Sequence[ClaimRow]) -> nodes.bullet_list:
        items = nodes.bullet_list(classes=["kb-claim-list"])
        for claim in claims:
            paragraph = nodes.paragraph()
            paragraph += badge(claim.status, "kb-status", f"kb-status-{claim.status}")
            paragraph += nodes.Text(" ")
            paragraph += self.link(claim.docname, claim.node_id, claim.statement)
            items += nodes.list_item("", paragraph)
        return items

    def compact(self, node: Compact) -> nodes.Element:
        """Compact nodes are written by the HTML writer; other builders get
        ordinary nodes (filled after post-transforms, which would expand them)."""
        return node if self.builder.format == "html" else node.expanded()

    def row_link(self, docname: str, anchor: str, text: str, classes: str = "",
                  title: str = "") -> RowPart:
        uri = self.target(docname, anchor)
        return text if uri is None else Link(text, uri, classes, title)

    def source_cell(self, row: SourceRow) -> RowPart:
        return self.row_link(row.docname, "", row.title, "kb-source-link")

    def compact_table(self, headers: Sequence[str | Sequence[RowPart]],
                      rows: list[list[Sequence[RowPart] | str]], classes: Sequence[str] = (),
                      row_ids: Sequence[str] = (), groups: Groups = ()) -> nodes.Element:
        """The table in a box of its own that scrolls sideways when the table is
        wider than the page (a phone), its first column kept in view (kb.css)."""
        cells = [[(cell,) if isinstance(cell, str) else cell for cell in row] for row in rows]
        node = self.compact(table(headers, cells, ["kb-table", *classes], row_ids,
                                  groups=groups))
        return nodes.container("", node, classes=["kb-table-scroll"])

    @staticmethod
    def card(title: str, *children: nodes.Node) -> nodes.container:
        header = nodes.container("", nodes.paragraph("", title), classes=["sd-card-header"])
        body = nodes.container("", *children, classes=["sd-card-body"])
        card = nodes.container("", header, body,
                               classes=["sd-card", "sd-shadow-sm", "sd-h-100", "kb-card"])
        return nodes.container("", card, classes=["sd-col", "sd-d-flex-column", "kb-col"])
