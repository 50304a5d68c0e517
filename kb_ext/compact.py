"""*Compact* nodes: as data, what would otherwise be many small nodes on
every page of a large knowledge base (a source's provenance fields, removed
lines and passage marks, actor lists, index tables, the matrix).

Every transform, pickle, writer and the search indexer walks each node, so
fewer nodes is a faster build. HTML writes them directly (every string
escaped), with the markup docutils would write for their expanded form
(tests/test_compat.py checks it byte for byte); lists and tables whose words
must be searchable keep them in one Text child the writer skips. Other
builders get them expanded into ordinary docutils nodes by
:class:`ExpandCompactNodes`. The parts of their lines and cells are in
:mod:`.compact_parts`, the table in :mod:`.compact_table`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ._compat import builder_format
from .compact_parts import RowPart, expand_parts, parts_html, with_search_text
from .compact_table import kb_table, visit_table
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
                paragraph = expand_parts(parts)
                paragraph["classes"] = classes.split()
                item += paragraph
            items += item
        return items


def link_rows(rows: Sequence[Sequence[RowPart] | Item], classes: list[str],
              searchable: bool) -> kb_link_rows:
    lines = [parts for row in rows for _classes, parts in _paragraphs(row)]
    return with_search_text(kb_link_rows(classes=classes, rows=list(rows)), lines, searchable)


class kb_mention_groups(nodes.General, nodes.Element):  # noqa: N801
    """An actor's quoted sources: ``groups`` of (heading line, snippet lines,
    "also in" line or empty), each line a sequence of :data:`RowPart`; a bullet
    list of items holding a paragraph, a list of snippets and maybe a paragraph."""

    def expanded(self) -> nodes.bullet_list:
        items = nodes.bullet_list(classes=self["classes"])
        for head, snippets, also in self["groups"]:
            item = nodes.list_item("", expand_parts(head))
            item += nodes.bullet_list("", *(nodes.list_item("", expand_parts(line))
                                            for line in snippets), classes=["kb-snippets"])
            if also:
                item += expand_parts(also)
            items += item
        return items


def mention_groups(groups: list[tuple[Sequence[RowPart], list[Sequence[RowPart]],
                                      Sequence[RowPart]]], classes: list[str]
                   ) -> kb_mention_groups:
    lines = [line for head, snippets, also in groups for line in (head, *snippets, also)]
    return with_search_text(kb_mention_groups(classes=classes, groups=groups), lines, True)


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
            + parts_html(self, parts) + end for classes, parts in row) + "</li>\n")
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
        body += [f"<li><p>{parts_html(self, head)}</p>\n", snippets_list]
        body.extend(f"<li><p>{parts_html(self, line)}</p></li>\n" for line in snippets)
        body.append("</ul>\n")
        if also:
            body.append(f"<p>{parts_html(self, also)}</p>\n")
        body.append("</li>\n")
    body.append("</ul>\n")
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
    app.add_node(kb_table, html=(visit_table, None))
    app.add_node(kb_mention_groups, html=(_visit_mention_groups, None))
    app.add_node(kb_passage, html=(_visit_passage, _depart_passage))
    app.add_post_transform(ExpandCompactNodes)
