"""Page kinds whose shape the line rules of :mod:`.clean` misread.

Each function looks at the whole page once and names lines for
:func:`.clean.classify` to treat specially: the markup and metadata of an
RSS/Atom or other XML dump (its items' titles and text are the article), a
subtitle file's cue numbers and timings (markup around a transcript), the
rows of a table, tab-separated or between pipes (citable text, not
headings), where a forum thread's replies begin (reader comments, not the
outlet's passages), the messages of a chat export (each citable), and runs
of repeated text (a page saved twice).
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

from ..normalize import plain

# -- XML dumps ----------------------------------------------------------------

#: How an XML dump opens: a declaration or a feed's root element.
_XML_START = re.compile(r"^\s*(<\?xml\b|<rss\b|<feed\b|<rdf:RDF\b|<urlset\b)", re.IGNORECASE)
#: One element on one line: ``<name attrs>text</name>``, or a tag alone.
_ELEMENT = re.compile(r"^\s*<(?P<name>[\w:.-]+)(?P<attrs>[^<>]*)>(?P<text>.*)</(?P=name)\s*>\s*$",
                      re.DOTALL)
_TAG_ONLY = re.compile(r"^\s*(<[^<>]+>\s*)+$")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
#: A CDATA section's opening or end alone: a section over several lines.
_CDATA_MARK = re.compile(r"<!\[CDATA\[|\]\]>")
_ANY_TAG = re.compile(r"<[^<>]+>")
#: Elements whose text is an item's title, and those holding its text.
XML_TITLES = frozenset({"title"})
XML_TEXT = frozenset({"description", "content", "content:encoded", "summary", "text", "body"})
XML_ITEMS = frozenset({"item", "entry"})
XML_MARKUP = "XML markup"
XML_METADATA = "feed metadata (link, date, id, author, category)"


class XmlLine(NamedTuple):
    """What an XML dump's line shows: its text (``""``: nothing) and, when
    nothing, why."""

    text: str
    reason: str
    #: an item's title: a heading, whatever the line rules would make of it
    title: bool = False


def _xml_text(value: str) -> str:
    return html.unescape(_ANY_TAG.sub(" ", _CDATA_MARK.sub("", value)))


def _text_of(value: str) -> str:
    """An element's text as a feed reader shows it: outside CDATA, the XML's
    own tags dropped and its entities decoded (``&amp;`` is ``&``); then,
    since an item's title or text may be HTML (an RSS description, an Atom
    ``type="html"`` title: ``&amp;amp;`` is ``&``), HTML tags and entities."""
    # split() gives the text between CDATA sections at even places, their contents at odd.
    value = "".join(piece if index % 2 else _xml_text(piece)
                    for index, piece in enumerate(_CDATA.split(value)))
    return " ".join(_ANY_TAG.sub(" ", plain(value)).split())


def xml_lines(lines: list[str]) -> dict[int, XmlLine] | None:
    """For a page that is an XML dump, each markup line's replacement: an
    item's title or text as plain text, everything else (tags, the channel's
    own title, links, dates, ids) removed. None for any other page."""
    first = next((line for line in lines if line.strip()), "")
    if not _XML_START.match(first):
        return None
    result: dict[int, XmlLine] = {}
    in_item = False
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        element = _ELEMENT.match(line)
        if element:
            name = element.group("name").lower()
            text = _text_of(element.group("text"))
            if in_item and name in XML_TITLES | XML_TEXT and text:
                result[index] = XmlLine(text, "", name in XML_TITLES)
            else:
                result[index] = XmlLine("", XML_METADATA)
            continue
        if _TAG_ONLY.match(line):
            names = {tag.strip("</>").split()[0].lower() for tag in re.findall(r"<[^<>]+>", line)
                     if tag.strip("</>")}
            if names & XML_ITEMS:
                in_item = not line.strip().startswith("</")
            result[index] = XmlLine("", XML_MARKUP)
            continue
        # Text inside a multi-line element: the item's text, without its tags.
        result[index] = XmlLine(_text_of(line), "" if in_item else XML_METADATA)
        if not result[index].text:
            result[index] = XmlLine("", XML_MARKUP)
    return result


# -- tables: tab-separated, or written with pipes ------------------------------

TABLE_MIN_ROWS = 2
#: A row written with pipes, ``| a | b |``: a Markdown table's, or a web
#: page's table as the extractor writes it.
PIPE_ROW = re.compile(r"^\|(?:[^|]*\|){2,}$")
#: The ``|---|:---:|`` rule under a pipe table's header row: markup, no text.
TABLE_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")
TABLE_MARKUP = "table rule (markup)"


def table_rules(lines: list[str]) -> set[int]:
    """Lines that are only a pipe table's rule."""
    return {index for index, line in enumerate(lines) if TABLE_RULE.match(line.strip())}


def table_rows(lines: list[str]) -> set[int]:
    """Lines of a table: two cells or more, between tabs or pipes, on each
    of at least ``TABLE_MIN_ROWS`` lines in a row. A web page's rows come a
    blank line apart (each is a paragraph), so blank lines do not end a run
    of pipe rows."""
    rows: set[int] = set()
    run: list[int] = []
    for index, line in enumerate(lines):
        cells = [cell for cell in line.split("\t") if cell.strip()]
        if ("\t" in line and len(cells) >= 2) or PIPE_ROW.match(line.strip()):
            run.append(index)
            continue
        if not line.strip() and run and PIPE_ROW.match(lines[run[-1]].strip()):
            continue
        if len(run) >= TABLE_MIN_ROWS:
            rows.update(run)
        run = []
    if len(run) >= TABLE_MIN_ROWS:
        rows.update(run)
    return rows


# -- subtitles ------------------------------------------------------------------

#: A subtitle cue's timing (SubRip, WebVTT): ``00:00:01,000 --> 00:00:04,200``.
CUE_TIMING = re.compile(r"^(\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}\s+-->\s+(\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}"
                        r"(\s.*)?$")
SUBTITLE_MARKUP = "subtitle cue number or timing (markup)"
CUE_MIN = 2


def subtitle_lines(lines: list[str]) -> set[int]:
    """A subtitle file's markup: each cue's timing, the number above it and
    a WebVTT header; its text lines are the transcript. Empty unless the
    page has ``CUE_MIN`` timings or more."""
    timings = [i for i, line in enumerate(lines) if CUE_TIMING.match(line.strip())]
    if len(timings) < CUE_MIN:
        return set()
    markup = set(timings)
    for index in timings:
        if index > 0 and lines[index - 1].strip().isdigit():
            markup.add(index - 1)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].strip().startswith("WEBVTT"):
        markup.add(first)
    return markup


# -- chat exports ---------------------------------------------------------------

#: A message of a chat export: its time, then who wrote it and a colon
#: ("[12.03.24 09:14:02] Anna: ...", "3/12/24, 9:15 AM - Lena: ...").
CHAT_MESSAGE = re.compile(
    r"^\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+\d{1,2}:\d{2}(:\d{2})?(\s?[APap]\.?[Mm]\.?)?\]?"
    r"\s*[-–]?\s*[^:\n]{1,80}:\s")
CHAT_MIN_MESSAGES = 3


def chat_messages(lines: list[str]) -> set[int]:
    """The messages of a chat export (three or more): each is citable text,
    however short ("👍", "[Photo]"), not a heading and not a footer."""
    found = {index for index, line in enumerate(lines) if CHAT_MESSAGE.match(line.strip())}
    return found if len(found) >= CHAT_MIN_MESSAGES else set()


#: A separator line: three or more of one mark, spaced or not ("---", "* * *",
#: "=====", a Markdown thematic break): no text to cite.
SEPARATOR = re.compile(r"^([-*_=~#•·])(\s*\1){2,}$")
SEPARATOR_MARKUP = "separator line (markup)"


_CODE_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)
_CODE_ELEMENT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE)


def code_lines(lines: list[str]) -> set[int]:
    """Lines of ``<script>`` and ``<style>`` elements left in a scraped page:
    a block over several lines, or a line holding nothing else (an element
    inside a sentence leaves the sentence to the other rules)."""
    inside: set[int] = set()
    closing = ""
    for index, line in enumerate(lines):
        if closing:
            inside.add(index)
            if closing in line.lower():
                closing = ""
            continue
        opened = _CODE_OPEN.search(line)
        if not opened:
            continue
        name = opened.group(1).lower()
        if f"</{name}" not in line[opened.end():].lower():
            closing = f"</{name}"  # the element goes on below
            inside.add(index)
        elif not plain(_CODE_ELEMENT.sub("", line)).strip():
            inside.add(index)
    return inside


def markup_lines(lines: list[str]) -> dict[int, str]:
    """Lines that are a format's markup, with why: a separator line, a pipe
    table's rule, a subtitle file's cue numbers and timings."""
    found = {index: SEPARATOR_MARKUP for index, line in enumerate(lines)
             if SEPARATOR.match(line.strip())}
    found.update(dict.fromkeys(table_rules(lines), TABLE_MARKUP))
    found.update(dict.fromkeys(subtitle_lines(lines), SUBTITLE_MARKUP))
    return found


# -- forum threads ------------------------------------------------------------

#: A post's header in a forum thread ("Posted by seagull » Mon Jun 03 ...",
#: "Re: <subject>", "seagull wrote:", "#2").
POST_HEADER = re.compile(
    r"^(posted by|post by|geschrieben von|автор сообщения|сообщение)\b|^#\d+$"
    r"|^(re|aw|отв|odp)\s*:\s*\S", re.IGNORECASE)
REPLY_OPENING = re.compile(r"^(re|aw|отв|odp)\s*:\s*\S", re.IGNORECASE)
POST_MIN_HEADERS = 2


def replies_start(stripped: list[str], first_prose: int) -> int | None:
    """Where a forum thread's replies begin: the second post's header (or
    the "Re: …" line just above it), after the first post's text. None when
    the page has fewer than two post headers."""
    headers = [i for i, line in enumerate(stripped) if line and POST_HEADER.match(line)]
    if len(headers) < POST_MIN_HEADERS:
        return None
    later = [i for i in headers if i > first_prose]
    if not later:
        return None
    start = later[0]
    # "Re: subject" then "Posted by …": the reply starts at the "Re:" line.
    if start > 0 and REPLY_OPENING.match(stripped[start - 1] or ""):
        start -= 1
    return start


# -- a page saved twice ---------------------------------------------------------

REPEATED_TEXT = "repeated text (the page saved twice)"
REPEAT_MIN_LINES = 2
