"""Helpers shared by the robustness tests: reading text back out of built pages."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

WARNING = re.compile(r"^(?P<location>.*?): WARNING: (?P<message>.*?)(?: \[(?P<type>[\w.]+)\])?$")
# Sphinx colours its output when FORCE_COLOR is set (as on CI) or on a terminal.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


# A control character may be shown as itself, as U+FFFD or as its Unicode
# "control picture" (U+2400 block); all three count as the character shown.
# Controls that Python counts as whitespace (\v, \f, \x1c-\x1f) count as a space,
# as they do for the cleaner (a line of them is blank).
_CONTROLS = [c for c in range(0x20) if chr(c) not in "\t\n\r"] + [0x7F]
_PICTURE = {c: 0x2400 + c for c in _CONTROLS if c < 0x20} | {0x7F: 0x2421}
STAND_INS = str.maketrans(
    {code: (" " if chr(c).isspace() else "\ufffd")
     for c in _CONTROLS for code in (c, _PICTURE[c])})


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space (HTML rendering does the
    same) after mapping control characters and their stand-ins to one form."""
    return " ".join(text.translate(STAND_INS).split())


def section_text(node: Tag | None) -> str:
    """The text of a part of a page, whitespace collapsed; '' when absent."""
    if node is None:
        return ""
    return squash(node.get_text(" "))


def shown_parts(page: BeautifulSoup) -> dict[str, str]:
    """The three places a raw line can end up on a source page."""
    return {
        "article": section_text(page.select_one(".kb-article")),
        "comments": section_text(page.select_one("section.kb-comments")),
        "removed": section_text(page.select_one("details.kb-removed")),
    }


def kb_warnings(warnings: str) -> list[tuple[str, str, str]]:
    """``(location, message, type)`` of every warning line, in order."""
    found = []
    for line in ANSI_ESCAPE.sub("", warnings).splitlines():
        match = WARNING.match(line)
        if match:
            found.append((match["location"], match["message"], match["type"] or ""))
    return found


LINE_RANGE = re.compile(r"^Lines? (\d+)(?:–(\d+))? · ")


def removed_lines(page: BeautifulSoup) -> dict[int, str]:
    """Raw line number -> text, as listed in the page's "Removed by cleaning" block."""
    found: dict[int, str] = {}
    block = page.select_one("details.kb-removed")
    for item in block.select("li") if block else ():
        label = item.select_one("p").get_text()
        match = LINE_RANGE.match(label)
        assert match, f"removed item without raw line numbers: {label!r}"
        first = int(match[1])
        last = int(match[2] or first)
        text = item.select_one("pre").get_text().removesuffix("\n").split("\n")
        assert len(text) == last - first + 1, (label, text)
        for number, line in enumerate(text, start=first):
            assert number not in found, f"raw line {number} listed twice as removed"
            found[number] = line
    return found


def assert_text_kept(page: BeautifulSoup, text: str, label: str) -> None:
    """Every non-blank raw line is shown: either listed in the removed block
    under its own raw line number, or in the article text followed by the
    reader comments, in raw order."""
    removed = removed_lines(page)
    raw_lines = text.split("\n")
    for number, line in removed.items():
        assert 1 <= number <= len(raw_lines), f"{label}: removed line {number} does not exist"
        assert squash(line) == squash(raw_lines[number - 1]), (
            f"{label} line {number}: removed block shows {line!r}, raw is "
            f"{raw_lines[number - 1]!r}")
    parts = shown_parts(page)
    shown = parts["article"] + " " + parts["comments"]
    pos = 0
    for number, raw in enumerate(raw_lines, start=1):
        line = squash(raw)
        if not line or number in removed:
            continue
        at = shown.find(line, pos)
        assert at >= 0, f"{label} line {number} lost or out of order: {raw!r}"
        pos = at + len(line)
