"""Helpers shared by the robustness tests: reading text back out of built pages."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

WARNING = re.compile(r"^(?P<location>.*?): WARNING: (?P<message>.*?)(?: \[(?P<type>[\w.]+)\])?$")


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space (HTML rendering does the same)."""
    return " ".join(text.split())


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
    for line in warnings.splitlines():
        match = WARNING.match(line)
        if match:
            found.append((match["location"], match["message"], match["type"] or ""))
    return found
