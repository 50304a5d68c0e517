"""Separate an article's text from the scraped page around it.

Pure functions over lines. Every raw line ends up in exactly one segment, in
order, so nothing is lost: passages and headings are the article, comments
are readers' text kept apart, and ``removed`` segments are shown to the reader
with the rule that removed them. Rules are general page-shape rules (where a
line sits, how long it is, what it says), never per-file line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from ..normalize import for_quotes

PASSAGE = "passage"
HEADING = "heading"
COMMENT = "comment"
REMOVED = "removed"
BLANK = "blank"

PROSE_WORDS = 20          # a line this long is certainly body text
SENTENCE_WORDS = 8        # a shorter sentence still counts as prose
HEADING_MAX_WORDS = 14
BOILERPLATE_MAX_WORDS = 25
TERMINAL = tuple(".!?…:;\"”’»)]")
PUNCTUATION = re.compile(r"[.,;:!?\"“”‘’'«»()]")


class Segment(NamedTuple):
    kind: str
    start: int                 # 1-based number of the first raw line
    lines: tuple[str, ...]
    reason: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.lines) - 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _rules(*pairs: tuple[str, str]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern, re.IGNORECASE), reason) for pattern, reason in pairs]


# Short lines that are site furniture wherever they appear.
BOILERPLATE = _rules(
    (r"^(close|open|toggle) (this )?(search|menu)( box| form)?\W*$", "site menu"),
    (r"^(search|menu|skip to (main )?content|home)\W*$", "site menu"),
    (r"^(leave|post|add|write) (a |your )?(comment|reply|response)", "comment form"),
    (r"^please (enter|type) your (comment|name|email)", "comment form"),
    (r"your email address will not be published|required fields are marked", "comment form"),
    (r"^fill in your details below|^you are commenting using your", "comment form"),
    (r"^connecting to %s$|%d bloggers like this", "comment form"),
    (r"^(notify of|inline feedbacks?|view all comments|load more comments|show comments)\W*$",
     "comment widget"),
    (r"^\d+\s+(comments?|responses?|replies)\W*$|^comments?\W*$", "comment widget"),
    (r"^reply( to\b.*)?$|^comment image$", "comment widget"),
    (r"\blog ?(in|out)\b|^(sign|log) (in|up)\b|^(register|subscribe)( now| today| here)?\W*$",
     "login or sign-up prompt"),
    (r"^\S+(\.com)? (logo|photo|picture|icon|avatar)$", "login or sign-up prompt"),
    (r"^(share|tweet|pin it|email this|print this)( this| on| via)?\b", "share buttons"),
    (r"^(facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|print|copy link)$",
     "share buttons"),
    (r"^(related (posts?|articles?|stories)|read (more|also|next)|you (may|might) (also )?like"
     r"|more (from|stories)|recommended( for you)?|trending( now)?|popular posts"
     r"|no posts to display)\b", "related posts"),
    (r"\bcookies?\b.*\b(accept|consent|policy|settings|we use)\b|^(accept|decline|manage)( all)?"
     r" cookies", "cookie notice"),
    (r"^(advertisement|advertising|sponsored( content)?|ad|promoted)\W*$", "advertisement"),
    (r"\b(opens? registrations?|register (today|now|here)|early[- ]bird|masterclass)\b",
     "advertisement"),
    (r"^(join|subscribe|sign up|register|download|apply|click|buy|order|get)\b.*\bhere\W*$",
     "advertisement"),
    (r"^why support\b|^(support|donate to) (us|our)\b|\bbecome a (patron|member|subscriber)\b",
     "donation prompt"),
    (r"^\d[\d.,]*\s*(reads|views|shares|likes|votes)\W*$|^\d(\.\d)?\s+\d+\s+votes?$"
     r"|^article rating$", "counter or rating widget"),
    (r"^read .+\b(answer|article|post|story)\b.*\bon \w+", "syndication link"),
    (r"^(copyright|©|\(c\))|all rights reserved|^(terms of (use|service)|privacy policy)\b",
     "site footer"),
    (r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(,? \d{1,2}:\d{2}(:\d{2})?)?$", "timestamp"),
)

# A line like these opens the reader-comment area of a page.
COMMENT_MARKER = re.compile(
    r"^(leave|post|add) (a )?(comment|reply)\W*$|^\d+ (comments?|responses?)$|^comments?$"
    r"|^reader comments$|^(view all comments|inline feedbacks|notify of|join the discussion)$"
    r"|^article rating$|^\d(\.\d)?\s+\d+\s+votes?$|^please enter your comment\W*$",
    re.IGNORECASE,
)


def _word_count(line: str) -> int:
    return len(line.split())


def _is_prose(line: str) -> bool:
    n = _word_count(line)
    return n >= PROSE_WORDS or (n >= SENTENCE_WORDS and line.rstrip().endswith(TERMINAL))


def _boilerplate_reason(line: str) -> str | None:
    if _word_count(line) > BOILERPLATE_MAX_WORDS:
        return None
    for pattern, reason in BOILERPLATE:
        if pattern.search(line):
            return reason
    return None


def _repeats_title(line: str, title: str) -> bool:
    """The headline again, maybe with a site suffix or a breadcrumb prefix."""
    if not title:
        return False
    norm, head = for_quotes(line), for_quotes(title)
    if not head or head not in norm:
        return False
    rest = norm.replace(head, " ", 1)
    return _word_count(re.sub(r"[-|:–—•/]", " ", rest)) <= 4


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    return (_word_count(stripped) <= HEADING_MAX_WORDS
            and not stripped.endswith((".", ",", ";"))
            and not stripped.startswith(("-", "*", "•")))


def _is_menu_line(line: str) -> bool:
    """A row of navigation links or tags: several words, no punctuation."""
    return _word_count(line) >= 5 and not PUNCTUATION.search(line)


def classify(text: str, title: str = "") -> list[Segment]:
    """Split ``text`` (LF line endings) into segments covering every line."""
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    comment_start = len(lines)
    seen_prose = False
    for index, line in enumerate(stripped):
        if seen_prose and COMMENT_MARKER.match(line):
            comment_start = index
            break
        seen_prose = seen_prose or _is_prose(line)
    body = [i for i in range(comment_start) if _is_prose(stripped[i])]
    body_start = body[0] if body else 0
    long_lines = [i for i in body if _word_count(stripped[i]) >= PROSE_WORDS]
    body_end = long_lines[-1] if long_lines else comment_start - 1

    kinds: list[tuple[str, str]] = []
    kept: set[str] = set()
    for index, line in enumerate(stripped):
        kinds.append(_classify_line(index, line, stripped, title, kept,
                                    body_start, body_end, comment_start))
    return _group(lines, kinds)


def _classify_line(index: int, line: str, stripped: list[str], title: str, kept: set[str],
                   body_start: int, body_end: int, comment_start: int) -> tuple[str, str]:
    if not line:
        return BLANK, ""
    if index >= comment_start:
        reason = _boilerplate_reason(line)
        if _is_prose(line) and not reason:
            return COMMENT, ""
        return REMOVED, reason or "comment metadata (author, date)"
    reason = _boilerplate_reason(line)
    if reason:
        return REMOVED, reason
    if _repeats_title(line, title):
        return REMOVED, "headline repeated"
    if index < body_start and _is_menu_line(line):
        return REMOVED, "navigation or tag list"
    if index > body_end and _word_count(line) < PROSE_WORDS:
        return REMOVED, "footer: byline, credits or site text after the article"
    key = for_quotes(line)
    if key in kept:
        return REMOVED, "duplicate of an earlier line"
    if line.endswith(("...", "…")):
        prefix = for_quotes(line.rstrip(".… "))
        if any(for_quotes(later).startswith(prefix) for later in stripped[index + 1:]):
            return REMOVED, "teaser repeated in full below"
    kept.add(key)
    if _looks_like_heading(line) and not _is_prose(line):
        return HEADING, ""
    return PASSAGE, ""


def _joins(previous: str, line: str) -> bool:
    """Hard-wrapped prose: a long line cut mid-sentence continues below."""
    previous = previous.rstrip()
    return (len(previous) >= 40 and not previous.endswith(TERMINAL)
            and bool(line.strip()) and line.strip()[0].islower())


def _group(lines: list[str], kinds: list[tuple[str, str]]) -> list[Segment]:
    segments: list[Segment] = []
    for number, (line, (kind, reason)) in enumerate(zip(lines, kinds, strict=True), start=1):
        last = segments[-1] if segments else None
        if last and last.kind == kind and last.reason == reason and (
            kind in (REMOVED, BLANK)
            or (kind in (PASSAGE, COMMENT) and _joins(last.lines[-1], line))
        ):
            segments[-1] = last._replace(lines=last.lines + (line,))
        else:
            segments.append(Segment(kind, number, (line,), reason))
    return segments


def removed_segments(segments: Iterable[Segment]) -> list[Segment]:
    return [segment for segment in segments if segment.kind == REMOVED]
