"""A sentence cut in two by removed lines is one passage.

A scraped page may put an advertisement, a picture credit or a "Read more"
link in the middle of a sentence. The cleaner removes those lines and keeps
each raw line in one segment, so the two halves are two passage segments
with the removed lines between. The page numbers passages, and a citation
names one: here the halves become one passage segment whose lines are the
two halves, and whose ``last`` is its last raw line; the removed lines stay
listed with their rule. Applied after the curator's corrections, which
count raw lines.
"""

from __future__ import annotations

from .clean import PASSAGE, REMOVED, Segment
from .clean_wrap import ends_open, goes_on


def _continues(before: Segment, after: Segment) -> bool:
    """``after`` goes on with the sentence ``before`` left open: it starts in
    lower case, and neither is a line the curator kept (its own passage)."""
    if before.reason or after.reason:
        return False
    return ends_open(before.lines[-1]) and goes_on(after.lines[0])


def join_cut_sentences(segments: list[Segment]) -> list[Segment]:
    """``segments`` with each passage whose sentence runs on in the next
    passage, past removed lines only (no blank line: that ends a paragraph),
    joined with it; the removed lines follow the joined passage."""
    result: list[Segment] = []
    index = 0
    while index < len(segments):
        segment = segments[index]
        index += 1
        if segment.kind != PASSAGE:
            result.append(segment)
            continue
        cut: list[Segment] = []
        while True:
            after = index
            while after < len(segments) and segments[after].kind == REMOVED:
                after += 1
            if (after == index or after >= len(segments) or segments[after].kind != PASSAGE
                    or not _continues(segment, segments[after])):
                break
            cut += segments[index:after]
            following = segments[after]
            segment = segment._replace(lines=segment.lines + following.lines,
                                       last=following.end)
            index = after + 1
        result.append(segment)
        result += cut
    return result

