"""Hard-wrapped paragraphs: a paragraph a program wrapped at a fixed width
is classified as one logical line (the first physical line carries the
joined text, the lines below are marked ``CONTINUED``)."""

from __future__ import annotations

#: What ends a sentence or a quoted one, in the scripts of the sources: the
#: Armenian full stop, Arabic and Urdu question mark and full stop, the
#: Devanagari danda, the Ethiopic, Burmese and Khmer full stops, CJK marks.
TERMINAL = tuple(".!?…:;\"”’»)]。！？；：」』）։؟۔।॥።။។．｡")


class _Continued(str):
    """Marks a physical line that continues the hard-wrapped line above it."""


CONTINUED = _Continued("")


WRAP_WIDTHS = (50, 120)   # columns that text wrapped by a program is wrapped at
WRAP_SLACK = 12           # a wrapped line ends at most this far short of its width
WRAP_MIN_LINES = 3
WRAP_LONGER_SHARE = 10    # at most one line in this many may be longer than the width


def ends_open(text: str) -> bool:
    """The text ends without closing its sentence (no full stop or the like)."""
    end = text.rstrip()
    return bool(end) and not end.endswith(TERMINAL)


def goes_on(text: str) -> bool:
    """The text starts in lower case: it carries on a sentence begun before it."""
    return text.lstrip()[:1].islower()


def wrap_width(stripped: list[str]) -> int | None:
    """The column the text was hard-wrapped at, or None: several lines end
    mid-sentence with more text below, they are nearly of one length, and
    hardly any line is longer (scraped text keeps a paragraph on one line)."""
    lengths = [len(line) for line, below in zip(stripped, stripped[1:], strict=False)
               if below and WRAP_WIDTHS[0] <= len(line) <= WRAP_WIDTHS[1]
               and not line.endswith(TERMINAL)]
    if len(lengths) < WRAP_MIN_LINES:
        return None
    width = max(lengths)
    if sum(n >= width - WRAP_SLACK for n in lengths) < WRAP_MIN_LINES:
        return None
    text_lines = [line for line in stripped if line]
    longer = sum(len(line) > width for line in text_lines)
    return width if longer * WRAP_LONGER_SHARE <= len(text_lines) else None


def unwrap(stripped: list[str]) -> list[str]:
    """Classify hard-wrapped paragraphs as a whole: the first physical line
    carries the joined text, continuation lines are marked ``CONTINUED``."""
    logical = list(stripped)
    width = wrap_width(stripped)
    head = 0
    parts: list[str] = []  # the lines joined to ``head``, joined once (not += per line)
    for index in range(1, len(stripped)):
        if stripped[index - 1] and _joins(stripped[index - 1], stripped[index], width):
            parts.append(stripped[index])
            logical[index] = CONTINUED
        else:
            if parts:
                logical[head] = " ".join([stripped[head], *parts])
                parts = []
            head = index
    if parts:
        logical[head] = " ".join([stripped[head], *parts])
    return logical


def _joins(previous: str, line: str, width: int | None) -> bool:
    """Hard-wrapped prose: a long line cut mid-sentence continues below. In
    text wrapped at ``width``, also before a capital letter when the next
    word would not have fitted on the line above ("... the incumbent
    Alexander" / "Lukashenko sought ...")."""
    if len(previous) < 40 or previous.endswith(TERMINAL) or not line:
        return False
    if line[0].islower():
        return True
    return width is not None and len(previous) + 1 + len(line.split()[0]) > width - WRAP_SLACK
