"""The extracted article as text: trafilatura's tree, with the tables that
only lay out a page opened into their paragraphs.

trafilatura writes a table row as one line, its cells between ``|``. Many
saved pages (LWN, Tumblr themes, older Japanese and Chinese sites) put the
whole article in one cell of a layout table, so the article became one
passage of thousands of words between pipes. A row with a cell holding two
blocks or more, or a heading, list, quote or table, is layout: its cells'
blocks become the article's paragraphs. Other rows are data and stay one
line each (a CMS wraps each cell's text in a paragraph); rows with no
text and the ``|---|`` rule trafilatura adds under a header row are dropped,
as they are not in the page. A code block's lines, up to a blank line, are
one paragraph.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from trafilatura.xml import xmltotxt

from .clean_kinds import TABLE_RULE

#: Elements of trafilatura's tree that are blocks of their own.
_BLOCKS = frozenset({"p", "head", "list", "quote", "table", "code", "figure"})
#: A blank line inside a code block: where one of its paragraphs ends.
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: A table row with no text in any cell.
EMPTY_ROW = re.compile(r"^\|[|\s]*$")


def _is_preformatted(block: Any) -> bool:
    """A code block, or a ``<pre>`` without code (trafilatura makes it a
    quote with the text as it stands): lines inside one element."""
    if block.tag == "quote" and len(block):
        return False  # a blockquote's paragraphs are blocks of their own
    return "\n" in "".join(block.itertext()).strip()


#: Elements that a data table's cell does not hold: a cell holding one lays
#: out the page.
_LAYOUT_BLOCKS = frozenset({"head", "table", "list", "quote"})


def _is_layout_row(row: Any) -> bool:
    """A row of a table that lays out the page: a cell holds a heading, a
    list, a quote or a table, or two blocks or more. One paragraph in each
    cell is still a data table (CMS tables wrap each cell's text in <p>)."""
    for cell in row.iterchildren("cell"):
        blocks = [child for child in cell if child.tag in _BLOCKS]
        if len(blocks) > 1 or any(block.tag in _LAYOUT_BLOCKS for block in blocks):
            return True
    return False


def _paragraph(text: str) -> Any:
    element = etree.Element("p")
    element.text = text
    return element


def _cell_blocks(cell: Any) -> list[Any]:
    """A layout cell's content as blocks: its loose text and the text after
    each child become paragraphs of their own."""
    blocks = [_paragraph(cell.text)] if (cell.text or "").strip() else []
    for child in list(cell):
        tail, child.tail = child.tail, None
        blocks.append(child)
        if (tail or "").strip():
            blocks.append(_paragraph(tail))
    return blocks


def _unwrap(table: Any) -> None:
    """Put a layout table's content in its place: its layout rows' cells
    opened into blocks, runs of data rows kept as smaller tables."""
    replacement: list[Any] = []
    data_rows: list[Any] = []
    for row in table.iterchildren("row"):
        if not _is_layout_row(row):
            data_rows.append(row)
            continue
        if data_rows:
            replacement.append(etree.Element("table"))
            replacement[-1].extend(data_rows)
            data_rows = []
        for cell in row.iterchildren("cell"):
            replacement.extend(_cell_blocks(cell))
    if data_rows:
        replacement.append(etree.Element("table"))
        replacement[-1].extend(data_rows)
    if (table.tail or "").strip():
        replacement.append(_paragraph(table.tail))
    parent = table.getparent()
    position = parent.index(table)
    parent.remove(table)
    for offset, block in enumerate(replacement):
        parent.insert(position + offset, block)


def article_text(document: Any) -> str:
    """The article's text, one paragraph a line, as trafilatura gives it for
    a page without layout tables."""
    body = getattr(document, "body", None)
    text: str = getattr(document, "text", None) or ""
    if body is None or not text:
        return text
    # Innermost first: an opened inner table leaves blocks in its outer cell.
    layout = [table for table in body.iter("table")
              if any(_is_layout_row(row) for row in table.iterchildren("row"))]
    for table in reversed(layout):
        _unwrap(table)
    # A code block's lines, up to a blank line, are one passage: line by line,
    # each line was a paragraph (SELECT / FROM), and repeated ones were
    # removed as duplicates. Blank lines still part paragraphs: a whole RFC
    # saved in one <pre> is its paragraphs, not one passage.
    code = [block for block in body.iter("code", "quote") if _is_preformatted(block)]
    for block in code:
        paragraphs = _BLANK_LINE.split("".join(block.itertext()))
        for child in list(block):
            block.remove(child)
        block.text = "\n".join(" ".join(part.split()) for part in paragraphs if part.strip())
    if layout or code:
        text = xmltotxt(body, include_formatting=False)
    return "\n".join(line for line in text.split("\n")
                     if not TABLE_RULE.match(line.strip()) and not EMPTY_ROW.match(line.strip()))
