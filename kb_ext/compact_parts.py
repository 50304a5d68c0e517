"""The parts of a compact node's line or cell (text, links, inline spans),
written as the markup docutils would write for them, or expanded into
ordinary docutils nodes (:mod:`kb_ext.compact`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from docutils import nodes


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

INLINE = {"span": nodes.inline, "em": nodes.emphasis, "abbr": nodes.abbreviation}


def part_text(part: RowPart) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Link):
        return part.text if isinstance(part.text, str) else part_text(part.text)
    content = part.content
    return content if isinstance(content, str) else " ".join(map(part_text, content))


def expand_part(part: RowPart) -> nodes.Node:
    if isinstance(part, str):
        return nodes.Text(part)
    if isinstance(part, Link):
        inner = (nodes.Text(part.text) if isinstance(part.text, str)
                 else expand_part(part.text))
        link = nodes.reference("", "", inner, internal=True, refuri=part.uri,
                               classes=part.classes.split())
        if part.title:
            link["reftitle"] = part.title
        return link
    children = ([nodes.Text(part.content)] if isinstance(part.content, str)
                else [expand_part(inner) for inner in part.content])
    node = INLINE[part.tag]("", "", *children, classes=part.classes.split())
    if part.tag == "abbr" and part.title:
        node["explanation"] = part.title
    return node


def expand_parts(parts: Sequence[RowPart]) -> nodes.paragraph:
    return nodes.paragraph("", "", *map(expand_part, parts))


CompactNode = TypeVar("CompactNode", bound=nodes.Element)


def with_search_text(node: CompactNode, lines: Iterable[Sequence[RowPart]],
                searchable: bool) -> CompactNode:
    """Give ``node`` one Text child holding its words, for the search index
    (the HTML writer skips it); without it the node adds nothing to the index."""
    if searchable:
        node.append(nodes.Text("\n".join(" ".join(part_text(p) for p in line)
                                          for line in lines)))
    return node


def parts_html(self: Any, parts: Sequence[RowPart]) -> str:
    """The markup docutils writes for these parts in a paragraph, every string escaped."""
    html = []
    for part in parts:
        if isinstance(part, str):
            html.append(self.encode(part))
        elif isinstance(part, Link):
            classes = f"{part.classes} reference internal".lstrip()
            title = f' title="{self.attval(part.title)}"' if part.title else ""
            html.append(f'<a class="{self.attval(classes)}" href="{self.attval(part.uri or "#")}"'
                        f'{title}>{parts_html(self, (part.text,))}</a>')
        else:
            tag = part.tag if part.tag in ("em", "abbr") else "span"
            classes = f' class="{self.attval(part.classes)}"' if part.classes else ""
            if tag == "abbr" and part.title:
                classes += f' title="{self.attval(part.title)}"'
            inner = (self.encode(part.content) if isinstance(part.content, str)
                     else parts_html(self, part.content))
            html.append(f"<{tag}{classes}>{inner}</{tag}>")
    return "".join(html)
