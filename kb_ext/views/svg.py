"""SVG for the build-time pictures, as text: every string escaped with
``html.escape``; no scripts and no external files."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from ..knowledge.records import STANCES

#: stance -> (stroke colour, dash pattern); dashes keep stances apart without colour.
STANCE_STYLE = {
    "supports": ("#1b7a3a", ""),
    "disputes": ("#c0262d", "7 3"),
    "reports": ("#3949ab", "2 3"),
    "qualifies": ("#8a5d00", "9 3 2 3"),
}
STATUS_COLOUR = {"disputed": "#c0262d", "contested": "#8a5d00", "uncontested": "#5f6b7a"}
ACTOR_EDGE = "#8c96a3"
FONT = 12
SVG_NS = "http://www.w3.org/2000/svg"


#: attribute name by keyword: ``class_`` -> ``class``, ``aria_label`` -> ``aria-label``
_NAMES: dict[str, str] = {}
#: a character ``html.escape(..., quote=True)`` replaces
_SPECIAL = re.compile("[&<>\"']").search


def _attrs(values: dict[str, Any]) -> str:
    # The pictures of a 10,000-source site write about a million tags: the
    # common value types are told by their exact type first, and a string
    # with nothing to escape is written as it is (html.escape would return it
    # unchanged). Other values take the general path, as before.
    parts = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        name = _NAMES.get(key)
        if name is None:
            name = _NAMES[key] = key.rstrip("_").replace("_", "-")
        kind = type(value)
        if kind is float:
            parts.append(f' {name}="{value:.1f}"')
        elif kind is str:
            parts.append(f' {name}="{escape(value, quote=True) if _SPECIAL(value) else value}"')
        elif kind is int:
            parts.append(f' {name}="{value}"')
        elif isinstance(value, float):
            # Numbers need no escaping (a picture writes thousands of coordinates).
            parts.append(f' {name}="{value:.1f}"')
        elif isinstance(value, int):
            parts.append(f' {name}="{value!s}"')
        else:
            parts.append(f' {name}="{escape(str(value), quote=True)}"')
    return "".join(parts)


def attrs(**values: Any) -> str:
    """Escaped XML attributes; ``class_`` -> ``class``, ``aria_label`` -> ``aria-label``."""
    return _attrs(values)


def tag(name: str, content: str | None = None, **values: Any) -> str:
    """``<name attrs/>``, or ``<name attrs>content</name>``; ``content`` must be escaped."""
    if content is None:
        return f"<{name}{_attrs(values)}/>"
    return f"<{name}{_attrs(values)}>{content}</{name}>"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Greedy word wrap into at most ``lines`` lines; the last one is clipped."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = clip(out[-1] + " " + " ".join(words), width)
    return [clip(line, width) for line in out] or [""]


def text_lines(lines: Sequence[str], x: float, y: float, **extra: Any) -> str:
    """A multi-line ``<text>`` centred vertically on ``y``."""
    first = y - (len(lines) - 1) * FONT * 0.55 + FONT * 0.35
    spans = "".join(tag("tspan", escape(line), x=x, dy=0 if i == 0 else FONT * 1.1)
                    for i, line in enumerate(lines))
    return tag("text", spans, x=x, y=first, **extra)


def link(href: str, label: str, body: str, **extra: Any) -> str:
    """A node linking to an object page. Not in the tab order: the same links are in
    the text alternative, and ``role=img`` makes the picture's content presentational."""
    return tag("a", tag("title", escape(label)) + body, href=href, tabindex="-1", **extra)


def svg_root(width: float, height: float, label: str, classes: str, body: Sequence[str]) -> str:
    return tag("svg", "".join(body), xmlns=SVG_NS, class_=f"kb-svg {classes}",
               viewBox=f"0 0 {width:.0f} {height:.0f}", width=f"{width:.0f}",
               height=f"{height:.0f}", role="img", aria_label=label, font_size=FONT,
               font_family="system-ui, -apple-system, 'Segoe UI', sans-serif")


def label_text(text: str, x: float, y: float, **extra: Any) -> str:
    return tag("text", escape(text), x=x, y=y, class_="kb-svg-label", **extra)


def stance_mark(stance: str, x: float, y: float) -> str:
    """Shape and colour both tell the stance: ● supports, ■ disputes, ○ reports, ◆ qualifies."""
    colour = STANCE_STYLE[stance][0]
    if stance == "supports":
        return tag("circle", cx=x, cy=y, r=6.0, fill=colour)
    if stance == "disputes":
        return tag("rect", x=x - 5.5, y=y - 5.5, width=11, height=11, fill=colour)
    if stance == "reports":
        return tag("circle", cx=x, cy=y, r=5.0, fill="#ffffff", stroke=colour, stroke_width=2.5)
    return tag("path", d=f"M{x:.1f},{y - 7:.1f} l7,7 l-7,7 l-7,-7 z", fill=colour)


def stance_legend(x: float, y: float, marker: bool) -> str:
    parts = []
    for index, (stance, (colour, dash)) in enumerate(STANCE_STYLE.items()):
        left = x + index * 215
        parts.append(stance_mark(stance, left + 8, y) if marker else
                     tag("path", d=f"M{left:.1f},{y:.1f} h28", stroke=colour, stroke_width=2.5,
                         stroke_dasharray=dash, fill="none"))
        parts.append(label_text(STANCES[stance], left + 36, y + 4))
    return tag("g", "".join(parts), class_="kb-svg-legend")


def status_legend(x: float, y: float) -> str:
    parts = [label_text("claim status (left bar):", x, y + 4)]
    for index, (status, colour) in enumerate(STATUS_COLOUR.items()):
        left = x + 150 + index * 110
        parts.append(tag("rect", x=left, y=y - 6, width=5, height=12, fill=colour))
        parts.append(label_text(status, left + 11, y + 4))
    return tag("g", "".join(parts), class_="kb-svg-legend")
