"""The parts of a compact node's line or cell (text, links, inline spans),
written as the markup docutils would write for them, or expanded into
ordinary docutils nodes (:mod:`kb_ext.compact`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from docutils import nodes
from docutils.writers.html5_polyglot import HTMLTranslator


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
    cls = type(self)
    if (getattr(cls, "encode", None) is _DOCUTILS_ENCODE
            and getattr(cls, "attval", None) is _DOCUTILS_ATTVAL
            and not getattr(self, "in_mailto", False)):
        table = self.special_characters
        return _plain_parts_html(table, _needs_encoding(table), parts)
    return _translator_parts_html(self, parts)


def _translator_parts_html(self: Any, parts: Sequence[RowPart]) -> str:
    """:func:`parts_html` with the translator's own ``encode`` and ``attval``."""
    html = []
    for part in parts:
        if isinstance(part, str):
            html.append(self.encode(part))
        elif isinstance(part, Link):
            classes = f"{part.classes} reference internal".lstrip()
            title = f' title="{self.attval(part.title)}"' if part.title else ""
            html.append(f'<a class="{self.attval(classes)}" href="{self.attval(part.uri or "#")}"'
                        f'{title}>{_translator_parts_html(self, (part.text,))}</a>')
        else:
            tag = part.tag if part.tag in ("em", "abbr") else "span"
            classes = f' class="{self.attval(part.classes)}"' if part.classes else ""
            if tag == "abbr" and part.title:
                classes += f' title="{self.attval(part.title)}"'
            inner = (self.encode(part.content) if isinstance(part.content, str)
                     else _translator_parts_html(self, part.content))
            html.append(f"<{tag}{classes}>{inner}</{tag}>")
    return "".join(html)


# docutils' own escaping, as Sphinx's HTML writers inherit it: ``encode``
# translates the characters of ``special_characters``, ``attval`` first turns
# these control characters into spaces. Compact nodes write over two million
# strings at 10,000 sources, nearly all with nothing to escape; the same result
# is had without translating each one character by character.
_DOCUTILS_ENCODE = HTMLTranslator.encode
_DOCUTILS_ATTVAL = HTMLTranslator.attval
_ATTVAL_SPACES = re.compile("[\n\r\t\v\f]")
_SEARCHES: dict[int, tuple[dict[int, str], Callable[[str], object]]] = {}


def _needs_encoding(table: dict[int, str]) -> Callable[[str], object]:
    """A search for any character ``table`` translates."""
    kept = _SEARCHES.get(id(table))
    if kept is None or kept[0] is not table:
        kept = _SEARCHES[id(table)] = (
            table, re.compile("[" + re.escape("".join(map(chr, table))) + "]").search)
    return kept[1]


def _plain_parts_html(table: dict[int, str], special: Callable[[str], object],
                      parts: Sequence[RowPart]) -> str:
    """:func:`parts_html` for a translator escaping as docutils does."""
    def attval(text: str) -> str:
        if not text.isprintable():
            text = _ATTVAL_SPACES.sub(" ", text)
        return text.translate(table) if special(text) else text

    html = []
    for part in parts:
        if isinstance(part, str):
            html.append(part.translate(table) if special(part) else part)
        elif isinstance(part, Link):
            classes = f"{part.classes} reference internal".lstrip()
            title = f' title="{attval(part.title)}"' if part.title else ""
            html.append(f'<a class="{attval(classes)}" href="{attval(part.uri or "#")}"'
                        f'{title}>{_plain_parts_html(table, special, (part.text,))}</a>')
        else:
            tag = part.tag if part.tag in ("em", "abbr") else "span"
            classes = f' class="{attval(part.classes)}"' if part.classes else ""
            if tag == "abbr" and part.title:
                classes += f' title="{attval(part.title)}"'
            content = part.content
            inner = ((content.translate(table) if special(content) else content)
                     if isinstance(content, str)
                     else _plain_parts_html(table, special, content))
            html.append(f"<{tag}{classes}>{inner}</{tag}>")
    return "".join(html)
