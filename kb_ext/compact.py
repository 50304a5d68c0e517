"""*Compact* nodes: as data, what would otherwise be many small nodes on
every page of a large knowledge base (a source's provenance fields, removed
lines and passage marks, actor lists, index tables, the matrix).

Every transform, pickle, writer and the search indexer walks each node, so
fewer nodes is a faster build. HTML writes them directly (every string
escaped), with the markup docutils would write for their expanded form
(tests/test_compat.py checks it byte for byte); lists and tables whose words
must be searchable keep them in one Text child the writer skips. Other
builders get them expanded into ordinary docutils nodes by
:class:`ExpandCompactNodes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any, NamedTuple, TypeVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ._compat import builder_format
from .nodes import kb_pre


class kb_passage(nodes.paragraph):  # noqa: N801
    """A passage or comment of a source: a paragraph whose link to itself
    (``mark``, e.g. "¶3", titled ``mark_title``) is attributes, not two more
    nodes on each of the ~14 passages of every source page."""

    def expanded(self) -> nodes.paragraph:
        paragraph = nodes.paragraph(ids=self["ids"], classes=self["classes"])
        paragraph += nodes.reference("", self["mark"], refuri="#" + self["ids"][0],
                                     classes=["kb-anchor"], reftitle=self["mark_title"])
        paragraph.extend(child.deepcopy() for child in self.children)
        return paragraph


def _visit_passage(self: Any, node: kb_passage) -> None:
    anchor, title = self.attval(node["ids"][0]), self.attval(node["mark_title"])
    self.body.append(self.starttag(node, "p", ""))
    self.body.append(f'<a class="kb-anchor reference external" href="#{anchor}" title="{title}">'
                     f'{self.encode(node["mark"])}</a>')


def _depart_passage(self: Any, node: kb_passage) -> None:
    self.body.append("</p>\n")


class kb_fields(nodes.General, nodes.Element):  # noqa: N801
    """Labelled values, written like a docutils field list. Labels are
    attributes: they cost no nodes and stay out of the search index."""

    def expanded(self) -> nodes.field_list:
        fields = nodes.field_list(classes=self["classes"])
        for field in self.children:
            assert isinstance(field, kb_field)
            body = nodes.field_body("", nodes.paragraph("", "", *field.deepcopy().children))
            fields += nodes.field("", nodes.field_name("", field["label"]), body)
        return fields


class kb_field(nodes.Part, nodes.TextElement):  # noqa: N801
    """One value of :class:`kb_fields`, labelled by its ``label`` attribute."""


class kb_removed_lines(nodes.General, nodes.Element):  # noqa: N801
    """Raw lines removed by cleaning, as ``lines``: (label, text) pairs, each
    shown as a caption and the exact text."""

    def expanded(self) -> nodes.bullet_list:
        items = nodes.bullet_list(classes=self["classes"])
        for label, text in self["lines"]:
            items += nodes.list_item("", nodes.paragraph("", label),
                                     kb_pre("", text, classes=["kb-removed-text"]))
        return items


class Link(NamedTuple):
    """A link in a compact node's line or cell; its text may be a badge."""

    text: str | Span
    uri: str
    classes: str = ""
    title: str = ""


class Span(NamedTuple):
    """Text, or parts, in an inline element of a compact node's line or cell:
    a badge, a quote with its link and note (``tag`` "span" or "em"), or an
    abbreviation (``tag`` "abbr") explained by ``title``."""

    content: str | tuple[RowPart, ...]
    classes: str = ""
    tag: str = "span"
    title: str = ""


#: A part of a line of :class:`kb_link_rows` or of a cell of :class:`kb_table`.
RowPart = str | Link | Span


def badge_part(text: str, *classes: str) -> Span:
    """The same badge as a part of a compact node's line or cell (the badge
    writer adds the class ``kb-badge``)."""
    return Span(text, " ".join([*classes, "kb-badge"]))

_INLINE = {"span": nodes.inline, "em": nodes.emphasis, "abbr": nodes.abbreviation}


def _part_text(part: RowPart) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Link):
        return part.text if isinstance(part.text, str) else _part_text(part.text)
    content = part.content
    return content if isinstance(content, str) else " ".join(map(_part_text, content))


def _expand_part(part: RowPart) -> nodes.Node:
    if isinstance(part, str):
        return nodes.Text(part)
    if isinstance(part, Link):
        inner = (nodes.Text(part.text) if isinstance(part.text, str)
                 else _expand_part(part.text))
        link = nodes.reference("", "", inner, internal=True, refuri=part.uri,
                               classes=part.classes.split())
        if part.title:
            link["reftitle"] = part.title
        return link
    children = ([nodes.Text(part.content)] if isinstance(part.content, str)
                else [_expand_part(inner) for inner in part.content])
    node = _INLINE[part.tag]("", "", *children, classes=part.classes.split())
    if part.tag == "abbr" and part.title:
        node["explanation"] = part.title
    return node


def _expand_parts(parts: Sequence[RowPart]) -> nodes.paragraph:
    return nodes.paragraph("", "", *map(_expand_part, parts))


CompactNode = TypeVar("CompactNode", bound=nodes.Element)


def _searchable(node: CompactNode, lines: Iterable[Sequence[RowPart]],
                searchable: bool) -> CompactNode:
    """Give ``node`` one Text child holding its words, for the search index
    (the HTML writer skips it); without it the node adds nothing to the index."""
    if searchable:
        node.append(nodes.Text("\n".join(" ".join(_part_text(p) for p in line)
                                          for line in lines)))
    return node


class Item(NamedTuple):
    """A line of :class:`kb_link_rows` that is several paragraphs, each
    (classes, parts)."""

    paragraphs: tuple[tuple[str, Sequence[RowPart]], ...]


def _paragraphs(row: Sequence[RowPart] | Item) -> tuple[tuple[str, Sequence[RowPart]], ...]:
    return row.paragraphs if isinstance(row, Item) else (("", row),)


class kb_link_rows(nodes.General, nodes.Element):  # noqa: N801
    """A bullet list whose lines (``rows``, sequences of :data:`RowPart`, or
    :class:`Item`) are data."""

    def expanded(self) -> nodes.bullet_list:
        items = nodes.bullet_list(classes=self["classes"])
        for row in self["rows"]:
            item = nodes.list_item()
            for classes, parts in _paragraphs(row):
                paragraph = _expand_parts(parts)
                paragraph["classes"] = classes.split()
                item += paragraph
            items += item
        return items


def link_rows(rows: Sequence[Sequence[RowPart] | Item], classes: list[str],
              searchable: bool) -> kb_link_rows:
    lines = [parts for row in rows for _classes, parts in _paragraphs(row)]
    return _searchable(kb_link_rows(classes=classes, rows=list(rows)), lines, searchable)


class kb_mention_groups(nodes.General, nodes.Element):  # noqa: N801
    """An actor's quoted sources: ``groups`` of (heading line, snippet lines,
    "also in" line or empty), each line a sequence of :data:`RowPart`; a bullet
    list of items holding a paragraph, a list of snippets and maybe a paragraph."""

    def expanded(self) -> nodes.bullet_list:
        items = nodes.bullet_list(classes=self["classes"])
        for head, snippets, also in self["groups"]:
            item = nodes.list_item("", _expand_parts(head))
            item += nodes.bullet_list("", *(nodes.list_item("", _expand_parts(line))
                                            for line in snippets), classes=["kb-snippets"])
            if also:
                item += _expand_parts(also)
            items += item
        return items


def mention_groups(groups: list[tuple[Sequence[RowPart], list[Sequence[RowPart]],
                                      Sequence[RowPart]]], classes: list[str]
                   ) -> kb_mention_groups:
    lines = [line for head, snippets, also in groups for line in (head, *snippets, also)]
    return _searchable(kb_mention_groups(classes=classes, groups=groups), lines, True)


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
        group.extend(colspecs([" ".join(map(_part_text, h)) for h in headers],
                              [[" ".join(map(_part_text, cell)) for cell in row]
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
        head += nodes.row("", *(nodes.entry("", _expand_parts(h)) for h in headers))
        group += head
        body = nodes.tbody()
        for cells, row_id in zip(self["rows"], self["row_ids"] or repeat(""), strict=False):
            body += nodes.row("", *(nodes.entry("", _expand_parts(cell)) for cell in cells),
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
    return _searchable(node, lines, searchable)


def _visit_fields(self: Any, node: kb_fields) -> None:
    self.body.append(self.starttag(node, "dl", CLASS="field-list simple"))


def _depart_fields(self: Any, node: kb_fields) -> None:
    self.body.append("</dl>\n")


def _visit_field(self: Any, node: kb_field) -> None:
    parity = "field-odd" if node.parent.index(node) % 2 == 0 else "field-even"
    self.body.append(f'<dt class="{parity}">{self.encode(node["label"])}'
                     f'<span class="colon">:</span></dt>\n<dd class="{parity}"><p>')


def _depart_field(self: Any, node: kb_field) -> None:
    self.body.append("</p>\n</dd>\n")


def _visit_removed_lines(self: Any, node: kb_removed_lines) -> None:
    body = [self.starttag(node, "ul")]
    for label, text in node["lines"]:
        body.append(f'<li><p>{self.encode(label)}</p>\n'
                    f'<pre class="kb-removed-text">{self.encode(text)}</pre>\n</li>\n')
    body.append("</ul>\n")
    self.body.extend(body)
    raise nodes.SkipNode


def _parts_html(self: Any, parts: Sequence[RowPart]) -> str:
    """The markup docutils writes for these parts in a paragraph, every string escaped."""
    html = []
    for part in parts:
        if isinstance(part, str):
            html.append(self.encode(part))
        elif isinstance(part, Link):
            classes = f"{part.classes} reference internal".lstrip()
            title = f' title="{self.attval(part.title)}"' if part.title else ""
            html.append(f'<a class="{self.attval(classes)}" href="{self.attval(part.uri or "#")}"'
                        f'{title}>{_parts_html(self, (part.text,))}</a>')
        else:
            tag = part.tag if part.tag in ("em", "abbr") else "span"
            classes = f' class="{self.attval(part.classes)}"' if part.classes else ""
            if tag == "abbr" and part.title:
                classes += f' title="{self.attval(part.title)}"'
            inner = (self.encode(part.content) if isinstance(part.content, str)
                     else _parts_html(self, part.content))
            html.append(f"<{tag}{classes}>{inner}</{tag}>")
    return "".join(html)


def _visit_link_rows(self: Any, node: kb_link_rows) -> None:
    rows = [_paragraphs(row) for row in node["rows"]]
    # "simple", as docutils marks a list of one-paragraph items (html_compact_lists);
    # a paragraph alone in its item ends without a line break, as docutils writes it.
    simple = self.settings.compact_lists and all(len(row) <= 1 for row in rows)
    body = [self.starttag(node, "ul", **({"CLASS": "simple"} if simple else {}))]
    for row in rows:
        end = "</p>" if len(row) == 1 else "</p>\n"
        body.append("<li>" + "".join(
            (f'<p class="{self.attval(classes)}">' if classes else "<p>")
            + _parts_html(self, parts) + end for classes, parts in row) + "</li>\n")
    body.append("</ul>\n")
    self.body.extend(body)
    raise nodes.SkipNode


def _visit_mention_groups(self: Any, node: kb_mention_groups) -> None:
    # As docutils writes the nested lists: the outer list is "simple" while no
    # item has an "also" line; the snippet lists are, unless the outer one is.
    compact = self.settings.compact_lists
    outer = compact and not any(also for _head, _snippets, also in node["groups"])
    simple = {"CLASS": "simple"} if outer else {}
    snippets_list = ('<ul class="kb-snippets simple">\n' if compact and not outer
                     else '<ul class="kb-snippets">\n')
    body = [self.starttag(node, "ul", **simple)]
    for head, snippets, also in node["groups"]:
        body += [f"<li><p>{_parts_html(self, head)}</p>\n", snippets_list]
        body.extend(f"<li><p>{_parts_html(self, line)}</p></li>\n" for line in snippets)
        body.append("</ul>\n")
        if also:
            body.append(f"<p>{_parts_html(self, also)}</p>\n")
        body.append("</li>\n")
    body.append("</ul>\n")
    self.body.extend(body)
    raise nodes.SkipNode


def _visit_table(self: Any, node: kb_table) -> None:
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
    body.extend(f'<th class="head"><p>{_parts_html(self, _header_parts(h))}</p></th>\n'
                for h in node["headers"])
    body.append("</tr>\n</thead>\n<tbody>\n")
    row_ids = node["row_ids"] or repeat("")
    # Rows are numbered on from the header rows, as Sphinx numbers a table's rows.
    first = 1 if groups else 0
    for number, (cells, row_id) in enumerate(zip(node["rows"], row_ids, strict=False)):
        row_class = "row-odd" if (number + first) % 2 else "row-even"
        body.append(f'<tr class="{row_class}" id="{self.attval(row_id)}">' if row_id
                    else f'<tr class="{row_class}">')
        body.extend(f"<td><p>{_parts_html(self, cell)}</p></td>\n" for cell in cells)
        body.append("</tr>\n")
    body.append("</tbody>\n</table>\n")
    self.body.extend(body)
    raise nodes.SkipNode


COMPACT_NODES = (kb_fields, kb_removed_lines, kb_link_rows, kb_table, kb_passage,
                 kb_mention_groups)
#: a node the HTML writer writes directly; other builders get ``expanded()``
Compact = (kb_fields | kb_removed_lines | kb_link_rows | kb_table | kb_passage
           | kb_mention_groups)


class ExpandCompactNodes(SphinxPostTransform):
    """Ordinary docutils nodes for builders other than HTML."""

    default_priority = 5

    def is_supported(self) -> bool:
        # The builder class, as SphinxPostTransform.is_supported itself reads it.
        return builder_format(self.env) != "html"

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Element)):
            if isinstance(node, COMPACT_NODES):
                node.replace_self(node.expanded())


def setup_compact(app: Sphinx) -> None:
    # Other builders never see the compact nodes (ExpandCompactNodes).
    app.add_node(kb_fields, html=(_visit_fields, _depart_fields))
    app.add_node(kb_field, html=(_visit_field, _depart_field))
    app.add_node(kb_removed_lines, html=(_visit_removed_lines, None))
    app.add_node(kb_link_rows, html=(_visit_link_rows, None))
    app.add_node(kb_table, html=(_visit_table, None))
    app.add_node(kb_mention_groups, html=(_visit_mention_groups, None))
    app.add_node(kb_passage, html=(_visit_passage, _depart_passage))
    app.add_post_transform(ExpandCompactNodes)
