"""A compact table: a header row and rows of cells held as data, written as
Sphinx's HTML writer lays out a table of one-paragraph cells
(:mod:`kb_ext.compact` registers it; tests/test_compat.py checks its HTML)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any

from docutils import nodes

from .compact_parts import RowPart, expand_parts, part_text, parts_html, with_search_text


class kb_table(nodes.General, nodes.Element):  # noqa: N801
    """A table with a header row (``headers``, each a string or a sequence of
    :data:`RowPart`) whose ``rows`` are data: each row a list of cells, each
    cell a sequence of :data:`RowPart`; ``row_ids``, when given, are the rows'
    ids; ``groups``, when given, a header row above it of (label, columns
    spanned) pairs."""

    def expanded(self) -> nodes.table:
        table = nodes.table(classes=self["classes"])
        headers = [_header_parts(h) for h in self["headers"]]
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(colspecs([" ".join(map(part_text, h)) for h in headers],
                              [[" ".join(map(part_text, cell)) for cell in row]
                               for row in self["rows"]]))
        head = nodes.thead()
        if self.get("groups"):
            row = nodes.row(classes=["kb-group-row"])
            for label, span in self["groups"]:
                entry = nodes.entry("", nodes.paragraph("", label))
                if span > 1:
                    entry["morecols"] = span - 1
                row += entry
            head += row
        head += nodes.row("", *(nodes.entry("", expand_parts(h)) for h in headers))
        group += head
        body = nodes.tbody()
        for cells, row_id in zip(self["rows"], self["row_ids"] or repeat(""), strict=False):
            body += nodes.row("", *(nodes.entry("", expand_parts(cell)) for cell in cells),
                              ids=[row_id] if row_id else [])
        group += body
        return table


def _header_parts(header: str | Sequence[RowPart]) -> Sequence[RowPart]:
    return (header,) if isinstance(header, str) else header


def colspecs(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[nodes.colspec]:
    """Columns as wide as their longest text, within limits: the text writer
    takes widths as characters, LaTeX as proportions."""
    widths = [len(header) for header in headers]
    for row in rows:
        widths = [max(width, len(text)) for width, text in zip(widths, row, strict=False)]
    return [nodes.colspec(colwidth=min(max(width, 3), 40)) for width in widths]


#: A header row above a table's column headers: (label, columns spanned) pairs.
Groups = Sequence[tuple[str, int]]


def table(headers: Sequence[str | Sequence[RowPart]], rows: list[list[Sequence[RowPart]]],
          classes: list[str], row_ids: Sequence[str] = (), searchable: bool = True,
          groups: Groups = ()) -> kb_table:
    lines = [[label for label, _span in groups], *map(_header_parts, headers),
             *(cell for cells in rows for cell in cells)]
    node = kb_table(classes=classes, headers=list(headers), rows=rows, row_ids=list(row_ids),
                    groups=list(groups))
    return with_search_text(node, lines, searchable)


def visit_table(self: Any, node: kb_table) -> None:
    if "colwidths-" in self.settings.table_style:
        # docutils then writes column widths or filters its classes: let it lay
        # out the ordinary table (a setting few sites use).
        node.expanded().walkabout(self)
        raise nodes.SkipNode
    # As Sphinx's HTML writer lays out a table of one-paragraph cells.
    style = self.settings.table_style.replace(",", " ").split()
    body = [self.starttag(node, "table", CLASS=" ".join(["docutils", *style, "align-default"])),
            "<thead>\n"]
    groups = node.get("groups") or ()
    if groups:
        body.append('<tr class="kb-group-row row-odd">')
        for label, span in groups:
            colspan = f' colspan="{span}"' if span > 1 else ""
            body.append(f'<th class="head"{colspan}><p>{self.encode(label)}</p></th>\n')
        body.append("</tr>\n")
    body.append('<tr class="row-even">' if groups else '<tr class="row-odd">')
    body.extend(f'<th class="head"><p>{parts_html(self, _header_parts(h))}</p></th>\n'
                for h in node["headers"])
    body.append("</tr>\n</thead>\n<tbody>\n")
    row_ids = node["row_ids"] or repeat("")
    # Rows are numbered on from the header rows, as Sphinx numbers a table's rows.
    first = 1 if groups else 0
    for number, (cells, row_id) in enumerate(zip(node["rows"], row_ids, strict=False)):
        row_class = "row-odd" if (number + first) % 2 else "row-even"
        body.append(f'<tr class="{row_class}" id="{self.attval(row_id)}">' if row_id
                    else f'<tr class="{row_class}">')
        body.extend(f"<td><p>{parts_html(self, cell)}</p></td>\n" for cell in cells)
        body.append("</tr>\n")
    body.append("</tbody>\n</table>\n")
    self.body.extend(body)
    raise nodes.SkipNode
