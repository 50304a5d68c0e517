"""Separate an article's text from the scraped page around it.

Pure functions over lines. Every raw line ends up in exactly one segment, in
order, so nothing is lost: passages and headings are the article, comments
are readers' text kept apart, and ``removed`` segments are shown to the reader
with the rule that removed them. Rules are general page-shape rules (where a
line sits, how long it is, what it says), never per-file line numbers.
Segments keep the raw lines, but for an XML dump's items: a line holding an
item's title or text shows that text, without the XML around it.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from ..normalize import drop_invisible, for_quotes, plain
from .clean_kinds import (
    REPEAT_MIN_LINES,
    REPEATED_TEXT,
    chat_messages,
    code_lines,
    markup_lines,
    replies_start,
    table_rows,
    xml_lines,
)
from .clean_wrap import CONTINUED, TERMINAL, ends_open, goes_on, unwrap
from .rules import BOILERPLATE, COMMENT_MARKER, HEADER, RELATED

PASSAGE = "passage"
HEADING = "heading"
COMMENT = "comment"
REMOVED = "removed"
BLANK = "blank"

PROSE_WORDS = 20          # a line this long is certainly body text
SENTENCE_WORDS = 8        # a shorter sentence still counts as prose
HEADING_MAX_WORDS = 14
#: Punctuation that a row of menu entries lacks, in the scripts of the sources
#: (Arabic comma and semicolon, Armenian and CJK marks too).
PUNCTUATION = re.compile(r"[.,;:!?\"“”‘’'«»()„،؛؟։、，。：；！？「」]")


class Segment(NamedTuple):
    kind: str
    start: int                 # 1-based number of the first raw line
    lines: tuple[str, ...]
    reason: str = ""
    #: the last raw line of a passage whose lines are not all in a row (a
    #: sentence cut by an advertisement, :mod:`.cut_sentences`); 0: in a row
    last: int = 0

    @property
    def end(self) -> int:
        return self.last or self.start + len(self.lines) - 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


#: Chinese, Japanese and Korean characters: text with no spaces between its
#: words, where two characters count as one word.
CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _word_count(line: str) -> int:
    return len(line.split()) + len(CJK.findall(line)) // 2


def _is_prose(line: str) -> bool:
    n = _word_count(line)
    return n >= PROSE_WORDS or (n >= SENTENCE_WORDS and line.rstrip().endswith(TERMINAL))


def _match_rule(line: str, rules: list[tuple[re.Pattern[str], str, int]]) -> str | None:
    count = _word_count(line)
    for pattern, reason, max_words in rules:
        if count <= max_words and pattern.search(line):
            return reason
    return None


def _boilerplate_reason(line: str) -> str | None:
    return _match_rule(line, BOILERPLATE)


#: What stands between a breadcrumb and the headline ("News / Politics / ...",
#: "Exclusive: ...") and between the headline and a site name ("... | Site",
#: "... - Site"; dashes are "-" in ``for_quotes`` form). A hyphen counts only
#: with spaces around it, so "Putin-style" is one word.
_CRUMB_END = re.compile(r"(?:[|•·/›>:]|\s-)\s*$")
_SITE_START = re.compile(r"^\s*[|•·/]|^\s+-\s")
_WORD = re.compile(r"\w+")
#: A headline this long, repeated at the end of a line, is the headline even
#: after a breadcrumb without separators ("Home News <headline>").
LONG_HEADLINE_WORDS = 5
TITLE_EXTRA_WORDS = 4


def _repeats_title(norm: str, head: str) -> bool:
    """The line is the headline again, maybe with a site suffix or a
    breadcrumb prefix (``norm`` and ``head``: the line and the headline in
    ``for_quotes`` form). The headline inside a sentence is not: with the
    title "Putin", "Putin declined to comment." stays."""
    if not head:
        return False
    start = norm.find(head)
    while start != -1:
        before, after = norm[:start], norm[start + len(head):]
        words_after = len(_WORD.findall(after))
        extra = len(_WORD.findall(before)) + words_after
        # After the headline: nothing but punctuation, or a site name after a separator.
        ends = not words_after or bool(_SITE_START.match(after))
        # Before it: nothing, a breadcrumb ending in a separator, or (for a long
        # headline that ends the line) words ending at a space.
        begins = (not before.strip() or bool(_CRUMB_END.search(before))
                  or (not after and before[-1:].isspace()
                      and _word_count(head) >= LONG_HEADLINE_WORDS))
        if extra <= TITLE_EXTRA_WORDS and ends and begins:
            return True
        start = norm.find(head, start + 1)
    return False


NAME_LINE = re.compile(r"^[A-ZÀ-ÖØ-ÞА-Я][\w'’.-]+( [A-ZÀ-ÖØ-ÞА-Я][\w'’.-]+){1,3}$")


def _is_author_box(index: int, line: str, stripped: list[str]) -> bool:
    """A bio after the article that starts with a name shown just above it
    ("Jane Doe" / "Jane Doe is a fellow at ...")."""
    previous = [text for text in stripped[max(0, index - 6):index] if text][-3:]
    return any(NAME_LINE.match(text) and line.startswith(text + " ") for text in previous)


def _caseless(char: str) -> bool:
    """A letter of a script without capital letters."""
    return char.isalpha() and not char.isupper() and not char.islower()


def _capital_or_caseless(char: str) -> bool:
    """How a sentence starts: a capital, or any letter of a script without them."""
    return char.isupper() or _caseless(char)


def _headline_index(stripped: list[str], reasons: list[str | None], body_start: int) -> int:
    """With no title to compare, the line just above the article (past any
    byline or dateline) is its headline when it reads like one: a capital
    first, some lower-case words ("Putin and Lukashenko meet in Sochi"), not
    a row of capitalised menu entries. -1 when there is none."""
    for index in range(body_start - 1, -1, -1):
        line = stripped[index]
        if not line or line is CONTINUED or _match_rule(line, HEADER):
            continue
        words = line.split()
        # A script without capitals (Arabic, Hebrew, Chinese) cannot show the
        # capital-then-lower-case shape; its headline is taken as it stands.
        if (not reasons[index] and _looks_like_heading(line) and _word_count(line) > 1
                and (_caseless(line[0]) or line[0].isupper()
                     and any(word[0].islower() or _caseless(word[0]) for word in words[1:]))):
            return index
        return -1
    return -1


#: ...and the full stops and question marks of other scripts (Armenian,
#: Arabic and Urdu, Devanagari, Ethiopic, Burmese, Khmer, CJK).
SENTENCE_END = tuple(".!?…\"”»’“'։؟۔।॥።။។。！？．｡」』")
OPENING_QUOTES = "\"“„‘'«‹"
CLOSING_QUOTES = "\"”“’'»›)"
#: Furniture set inside an article's text; credits, footers and prompts end it.
IN_ARTICLE = {RELATED, "advertisement", "share buttons", "picture credit", "social media embed",
              "paywall notice", "gallery counter", "media player", "counter or rating widget",
              "reading time"}
CLOSING_MIN_WORDS = 3


def _closing_sentences_end(stripped: list[str], reasons: list[str | None], body_end: int,
                           comment_start: int) -> int:
    """The article's last line: short sentences right after the last full
    paragraph ("Lukashenko has not commented.") still belong to it; footer
    text begins at the first line that is not a sentence."""
    for index in range(body_end + 1, comment_start):
        line = stripped[index]
        if not line or line is CONTINUED:
            continue
        reason = reasons[index]
        if reason in IN_ARTICLE:
            continue
        if (reason or _word_count(line) < CLOSING_MIN_WORDS or not line.endswith(SENTENCE_END)
                or not _capital_or_caseless(line.lstrip(OPENING_QUOTES)[:1])
                or _is_author_box(index, line, stripped)):
            break
        body_end = index
    return body_end


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    return (_word_count(stripped) <= HEADING_MAX_WORDS
            # 'He said: "We are ready."' is a sentence, quote marks or not.
            and not stripped.rstrip(CLOSING_QUOTES).endswith((".", ",", ";", "…"))
            # a list item, in any of the marks lists are written with
            and not stripped.startswith(("-", "*", "•", "+", "–", "—", "·", "▪", "◦", "‣")))


def _is_menu_line(line: str) -> bool:
    """A row of navigation links or tags: several words, no punctuation."""
    return _word_count(line) >= 5 and not PUNCTUATION.search(line)


def classify(text: str, title: str = "") -> list[Segment]:
    """Split ``text`` (LF line endings) into segments covering every line."""
    lines = text.split("\n")
    # Rules see the line without invisible characters and markup, so a
    # zero-width space cannot hide a "Subscribe" button and "<p>...</p>" is a
    # paragraph; segments keep the raw lines.
    code = code_lines(lines)
    # Lines removed before the rules see them, with why: code, XML markup.
    removed = dict.fromkeys(code, "script or style")
    removed.update({i: why for i, why in markup_lines(lines).items() if i not in code})
    texts: dict[int, str] = {}
    xml = xml_lines(lines) or {}
    titles = {index for index, item in xml.items() if item.title}
    for index, item in xml.items():
        if item.reason:
            removed[index] = item.reason
        else:
            texts[index] = item.text
    stripped = unwrap(["" if index in removed
                        else texts.get(index) or plain(drop_invisible(line)).strip()
                        for index, line in enumerate(lines)])
    rows = table_rows(lines) | chat_messages(lines)
    # Each line's furniture rule, if any, found once for every use below.
    reasons = [_boilerplate_reason(line) if line else None for line in stripped]
    # The readers' comments open after some of the article: a cookie banner is
    # prose too, and a "147 comments" counter beside the share buttons above
    # the article would otherwise turn the whole article into comments.
    # A cookie banner is a long sentence too, but not where the article starts.
    prose = [i for i, line in enumerate(stripped) if _is_prose(line) and not reasons[i]]
    comment_start = len(lines)
    if prose:
        comment_start = next((i for i in range(prose[0] + 1, len(lines))
                              if COMMENT_MARKER.match(stripped[i])), comment_start)
        # A forum thread: the first post is the article, the replies comments.
        replies = replies_start(stripped, prose[0])
        if replies is not None:
            comment_start = min(comment_start, replies)
    body = [i for i in prose if i < comment_start]
    body_start = body[0] if body else 0
    long_lines = [i for i in body if _word_count(stripped[i]) >= PROSE_WORDS]
    body_end = long_lines[-1] if long_lines else comment_start - 1
    # The article ends with its last full sentence (not an author's bio) and
    # any short sentences right after it.
    closing = [i for i in body if i > body_end and not _is_author_box(i, stripped[i], stripped)]
    body_end = _closing_sentences_end(stripped, reasons, closing[-1] if closing else body_end,
                                      comment_start)

    kinds: list[tuple[str, str]] = []
    kept: set[str] = set()
    later = _LaterLines(stripped)
    head = for_quotes(title) if title else ""
    headline = -1 if title else _headline_index(stripped, reasons, body_start)
    for index, line in enumerate(stripped):
        if line is CONTINUED:
            kinds.append(kinds[-1])
            continue
        if not line and lines[index].strip():
            kinds.append((REMOVED, removed.get(index, "markup or invisible characters only")))
            continue
        kind = _classify_line(index, line, reasons[index], stripped, head, kept, later,
                              body_start, body_end, comment_start)
        if index in rows and index < comment_start and (
                kind[0] == HEADING or kind[1].startswith("footer")):
            kind = (PASSAGE, "")  # a table's row or chat message is citable, not a heading
        if index == headline or index in titles:
            kind = (HEADING, "")  # an XML item's title is one by its element
        if (kind[0] == HEADING and index > 0 and kinds[-1] == (REMOVED, RELATED)
                and stripped[index - 1]):
            kind = (REMOVED, RELATED)  # the headlines listed under "Related:"
        kinds.append(kind)
    _rejoin_cut_sentences(stripped, kinds)
    _mark_repeated_text(stripped, kinds)
    # An XML dump's item is shown as its text, never as the XML around it.
    shown = [texts.get(index, line) for index, line in enumerate(lines)] if texts else lines
    return _group(shown, kinds, [line is CONTINUED for line in stripped])


#: The reasons of lines that repeat earlier text.
_REPEATS = frozenset({"duplicate of an earlier line", "headline repeated"})


def _mark_repeated_text(stripped: list[str], kinds: list[tuple[str, str]]) -> None:
    """A run of repeated lines holding a sentence (blank lines aside) is the
    page's text again, as when a page was saved twice: one reason for it all."""
    run: list[int] = []
    for index, (kind, reason) in enumerate([*kinds, (PASSAGE, "")]):
        if kind == BLANK or stripped[index:index + 1] == [CONTINUED]:
            continue
        if kind == REMOVED and reason in _REPEATS:
            run.append(index)
            continue
        if len(run) >= REPEAT_MIN_LINES and any(_is_prose(stripped[i]) for i in run):
            for i in run:
                kinds[i] = (REMOVED, REPEATED_TEXT)
        run = []


def _rejoin_cut_sentences(stripped: list[str], kinds: list[tuple[str, str]]) -> None:
    """A short line without a full stop looks like a heading, but not when
    only removed lines (an advertisement) part it from a passage line that
    goes on in lower case: it is the start of that sentence, a passage."""
    for index, (kind, _) in enumerate(kinds):
        if kind != HEADING or not ends_open(stripped[index]):
            continue
        after = index + 1
        while after < len(kinds) and kinds[after][0] == REMOVED:
            after += 1
        if (after > index + 1 and after < len(kinds) and kinds[after][0] == PASSAGE
                and goes_on(stripped[after])):
            kinds[index] = (PASSAGE, "")


class _LaterLines:
    """Prefix look-ups over normalised lines ("is this teaser repeated below?")
    in logarithmic time, so a page of many teasers stays linear-ish."""

    def __init__(self, lines: list[str]):
        #: each line in ``for_quotes`` form, computed once for every rule
        self.normal = [for_quotes(line) if line else "" for line in lines]
        self.sorted = sorted((norm, index) for index, norm in enumerate(self.normal) if norm)

    def has_prefix_after(self, prefix: str, index: int) -> bool:
        position = bisect.bisect_left(self.sorted, (prefix, -1))
        while position < len(self.sorted) and self.sorted[position][0].startswith(prefix):
            if self.sorted[position][1] > index:
                return True
            position += 1
        return False


def _classify_line(index: int, line: str, reason: str | None, stripped: list[str], head: str,
                   kept: set[str], later: _LaterLines, body_start: int, body_end: int,
                   comment_start: int) -> tuple[str, str]:
    """One line's kind; ``reason`` is the furniture rule it matches, if any."""
    if not line:
        return BLANK, ""
    if index >= comment_start:
        if _is_prose(line) and not reason:
            return COMMENT, ""
        return REMOVED, reason or "comment metadata (author, date)"
    if reason:
        return REMOVED, reason
    if _repeats_title(later.normal[index], head):
        return REMOVED, "headline repeated"
    if index < body_start:
        reason = "navigation or tag list" if _is_menu_line(line) else _match_rule(line, HEADER)
        if reason:
            return REMOVED, reason
    if index > body_end:
        if not _is_prose(line):
            return REMOVED, "footer: byline, credits or site text after the article"
        if _is_author_box(index, line, stripped):
            return REMOVED, "author box"
    key = later.normal[index]
    if key in kept:
        return REMOVED, "duplicate of an earlier line"
    if line.endswith(("...", "…")):
        prefix = for_quotes(line.rstrip(".… "))
        if prefix and later.has_prefix_after(prefix, index):
            return REMOVED, "teaser repeated in full below"
    kept.add(key)
    if _looks_like_heading(line) and not _is_prose(line):
        return HEADING, ""
    return PASSAGE, ""


def _group(lines: list[str], kinds: list[tuple[str, str]], continued: list[bool]
           ) -> list[Segment]:
    """Runs of lines of one kind and reason become one segment. Each run's lines
    are gathered in a list and made a tuple once: growing a tuple line by line
    copied it every time (300,000 blank lines took a minute)."""
    segments: list[Segment] = []
    run: list[str] = []
    start, kind, reason = 0, "", ""
    for index, (line, (line_kind, line_reason)) in enumerate(zip(lines, kinds, strict=True)):
        if run and line_kind == kind and line_reason == reason and (
            kind in (REMOVED, BLANK) or (kind in (PASSAGE, COMMENT) and continued[index])
        ):
            run.append(line)
            continue
        if run:
            segments.append(Segment(kind, start + 1, tuple(run), reason))
        run, start, kind, reason = [line], index, line_kind, line_reason
    if run:
        segments.append(Segment(kind, start + 1, tuple(run), reason))
    return segments
