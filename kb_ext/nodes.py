"""Custom doctree nodes and their writers.

Directives build neutral nodes; HTML gets ``<details>`` and ``<span>``
structure here, other builders fall back to rendering the children.

Three *compact* nodes hold as data what would otherwise be many small nodes
on every page of a large knowledge base (a source's provenance fields and
removed lines, an actor's list of thousands of sources): every transform,
pickle and writer walks each node, so fewer nodes is a faster build. HTML
writes them directly (escaped); other builders get them expanded into
ordinary docutils nodes by :class:`ExpandCompactNodes`.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform


class kb_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Filled from domain data on ``doctree-resolved`` (back-links, indexes)."""


class kb_details(nodes.General, nodes.Element):  # noqa: N801
    """A collapsed block; the first child is its summary."""


class kb_summary(nodes.General, nodes.TextElement):  # noqa: N801
    pass


class kb_pre(nodes.General, nodes.FixedTextElement):  # noqa: N801
    """Raw text shown exactly, as ``<pre>``, without syntax highlighting
    (Pygments would drop a leading U+FEFF, for one)."""


def _visit_pre(self: Any, node: kb_pre) -> None:
    self.body.append(self.starttag(node, "pre", ""))
    self.body.append(self.encode(node.astext()))
    self.body.append("</pre>\n")
    raise nodes.SkipNode


class kb_badge(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A small label such as a stance or a kind."""


def _visit_details(self: Any, node: kb_details) -> None:
    attributes = {"open": "open"} if node.get("open") else {}
    self.body.append(self.starttag(node, "details", "", **attributes))


def _depart_details(self: Any, node: kb_details) -> None:
    self.body.append("</details>\n")


def _visit_summary(self: Any, node: kb_summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def _depart_summary(self: Any, node: kb_summary) -> None:
    self.body.append("</summary>\n")


def _visit_badge(self: Any, node: kb_badge) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="kb-badge"))


def _depart_badge(self: Any, node: kb_badge) -> None:
    self.body.append("</span>")


def _visit_passthrough(self: Any, node: nodes.Element) -> None:
    pass


def _depart_passthrough(self: Any, node: nodes.Element) -> None:
    pass


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


class kb_fields(nodes.General, nodes.Element):  # noqa: N801
    """Labelled values, written like a docutils field list. Labels are
    attributes: they cost no nodes and stay out of the search index."""

    def expanded(self) -> nodes.field_list:
        fields = nodes.field_list(classes=self["classes"])
        for field in self.children:
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


#: A part of a line of :class:`kb_link_rows`: text, or (text, uri, classes) for a link.
RowPart = str | tuple[str, str, str]


class kb_link_rows(nodes.General, nodes.Element):  # noqa: N801
    """A bullet list whose lines (``rows``, tuples of :data:`RowPart`) are data.
    Only for lists kept out of the search index: its text is no node."""

    def expanded(self) -> nodes.bullet_list:
        items = nodes.bullet_list(classes=self["classes"])
        for row in self["rows"]:
            paragraph = nodes.paragraph()
            for part in row:
                if isinstance(part, str):
                    paragraph += nodes.Text(part)
                else:
                    text, uri, classes = part
                    paragraph += nodes.reference("", text, internal=True, refuri=uri,
                                                 classes=classes.split())
            items += nodes.list_item("", paragraph)
        return items


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
    # "simple", as docutils marks a list of one-paragraph items (html_compact_lists).
    compact = {"CLASS": "simple"} if self.settings.compact_lists else {}
    body = [self.starttag(node, "ul", **compact)]
    for row in node["rows"]:
        body.append("<li><p>")
        for part in row:
            if isinstance(part, str):
                body.append(self.encode(part))
            else:
                text, uri, classes = part
                body.append(f'<a class="{self.attval(classes + " reference internal")}" '
                            f'href="{self.attval(uri)}">{self.encode(text)}</a>')
        body.append("</p></li>\n")
    body.append("</ul>\n")
    self.body.extend(body)
    raise nodes.SkipNode


class ExpandCompactNodes(SphinxPostTransform):
    """Ordinary docutils nodes for builders other than HTML."""

    default_priority = 5

    def is_supported(self) -> bool:
        # The builder class, as SphinxPostTransform.is_supported itself reads it.
        return self.env._builder_cls.format != "html"

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(
                lambda n: isinstance(n, (kb_fields, kb_removed_lines, kb_link_rows)))):
            node.replace_self(node.expanded())


def setup_nodes(app: Sphinx) -> None:
    others = {name: (_visit_passthrough, _depart_passthrough)
              for name in ("latex", "text", "man", "texinfo")}
    app.add_node(kb_placeholder, html=(_skip, None), **{k: (_skip, None) for k in others})
    app.add_node(kb_details, html=(_visit_details, _depart_details), **others)
    app.add_node(kb_summary, html=(_visit_summary, _depart_summary), **others)
    app.add_node(kb_badge, html=(_visit_badge, _depart_badge), **others)
    app.add_node(kb_pre, html=(_visit_pre, None), **others)
    # Other builders never see the compact nodes (ExpandCompactNodes).
    app.add_node(kb_fields, html=(_visit_fields, _depart_fields))
    app.add_node(kb_field, html=(_visit_field, _depart_field))
    app.add_node(kb_removed_lines, html=(_visit_removed_lines, None))
    app.add_node(kb_link_rows, html=(_visit_link_rows, None))
    app.add_post_transform(ExpandCompactNodes)
