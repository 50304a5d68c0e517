"""Doctree nodes kb_ext adds and their writers.

Directives build neutral nodes; HTML gets ``<details>``, ``<span>`` and
``<pre>`` structure here, other builders fall back to rendering the
children. The compact nodes, which hold many small nodes' worth of content
as data, are in :mod:`.compact`.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


class kb_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Filled from domain data on ``doctree-resolved`` (back-links, indexes)."""


class kb_visual(nodes.General, nodes.Element):  # noqa: N801
    """A picture: its ``svg`` text (HTML only) and, as children, its text alternative."""


def _visit_visual(self: Any, node: kb_visual) -> None:
    self.body.append(self.starttag(node, "div", ""))
    if node.get("svg"):
        self.body.append(f'<div class="kb-visual-figure">{node["svg"]}</div>\n')


def _depart_visual(self: Any, node: kb_visual) -> None:
    self.body.append("</div>\n")


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


def badge(text: str, *classes: str) -> kb_badge:
    return kb_badge(text, text, classes=list(classes))


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


def setup_nodes(app: Sphinx) -> None:
    others: dict[str, Any] = {name: (_visit_passthrough, _depart_passthrough)
                              for name in ("latex", "text", "man", "texinfo")}
    skipped: dict[str, Any] = {k: (_skip, None) for k in others}
    app.add_node(kb_placeholder, html=(_skip, None), **skipped)
    app.add_node(kb_details, html=(_visit_details, _depart_details), **others)
    app.add_node(kb_visual, html=(_visit_visual, _depart_visual), **others)
    app.add_node(kb_summary, html=(_visit_summary, _depart_summary), **others)
    app.add_node(kb_badge, html=(_visit_badge, _depart_badge), **others)
    app.add_node(kb_pre, html=(_visit_pre, None), **others)
