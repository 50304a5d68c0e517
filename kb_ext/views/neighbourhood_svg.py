"""The neighbourhood picture: the object on the left, its neighbours listed
by kind on the right, a line to each (coloured by stance between a claim and
a source). Drawn narrow and never scaled down, so that its 13 px labels stay
13 px on a 390 px phone (views.css lets a narrower column scroll it)."""

from __future__ import annotations

from html import escape
from typing import NamedTuple

from .neighbourhood_rows import Neighbour, Neighbourhood
from .render import Renderer
from .svg import (
    ACTOR_EDGE,
    STANCE_STYLE,
    STATUS_COLOUR,
    SVG_NS,
    clip,
    label_text,
    tag,
    text_lines,
    wrap,
)

# 356 px fits the text column of a 390 px phone (furo leaves 358), so the
# picture is drawn at its own size there and its labels stay 13 px.
WIDTH = 356
FONT = 13
ROW = 22.0
TOP = 8.0
CENTRE_X, CENTRE_W = 4.0, 100.0
MARK_X, LABEL_X = 128.0, 138.0
#: characters of a label: up to 7.5 px each at 13 px (measured in Chromium), to the right edge
LABEL_CHARS = 28
EVENT_COLOUR = "#6a4c93"
THEME_COLOUR = "#2f6f73"
NAMES = {"claim": "Claim", "source": "Source", "actor": "Actor", "event": "Event",
         "theme": "Theme"}


class Row(NamedTuple):
    """One line of the right-hand column: a group's heading (``text``), a
    neighbour, or the count of those not drawn (``text``)."""

    text: str = ""
    neighbour: Neighbour | None = None
    bold: bool = False


# A neighbour's marker, line, label and link are written out directly: the
# same markup views/svg.py's tag() gives (tests/test_write_paths.py compares
# them), for the 170,000 neighbours of a 10,000-source site.

def _marker(neighbour: Neighbour, y: float) -> str:
    x = MARK_X
    if neighbour.kind == "claim":
        fill = escape(STATUS_COLOUR.get(neighbour.status, ACTOR_EDGE))
        return (f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" rx="2"'
                f' fill="{fill}"/>')
    if neighbour.kind == "event":
        return f'<path d="M{x:.1f},{y - 6:.1f} l6,11 h-12 z" fill="{EVENT_COLOUR}"/>'
    if neighbour.kind == "theme":
        return f'<path d="M{x:.1f},{y - 6:.1f} l6,6 l-6,6 l-6,-6 z" fill="{THEME_COLOUR}"/>'
    classes = "kb-svg-node kb-svg-actor" if neighbour.kind == "actor" else "kb-svg-node"
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.0" class="{classes}"/>'


def _edge(neighbour: Neighbour, y0: float, y: float) -> str:
    colour, dash = STANCE_STYLE.get(neighbour.stance, (ACTOR_EDGE, ""))
    x0, x1 = CENTRE_X + CENTRE_W, MARK_X - 7
    middle = (x0 + x1) / 2
    dashes = f' stroke-dasharray="{escape(dash)}"' if dash else ""
    return (f'<path d="M{x0:.1f},{y0:.1f} C{middle:.1f},{y0:.1f} {middle:.1f},{y:.1f} '
            f'{x1:.1f},{y:.1f}" stroke="{escape(colour)}"{dashes}/>')


def _node(neighbour: Neighbour, href: str, y: float) -> str:
    """The neighbour's marker and label, linking to its page."""
    tip = f"{NAMES[neighbour.kind]}: {neighbour.label}" + (
        f" ({neighbour.stance})" if neighbour.stance else "")
    label = escape(clip(neighbour.label, LABEL_CHARS))
    target = f' href="{escape(href)}"' if href else ""
    return (f'<a{target} tabindex="-1" class="kb-nb-node kb-nb-{escape(neighbour.kind)}"'
            f' data-node="{escape(f"{neighbour.kind}:{neighbour.id}")}">'
            f"<title>{escape(tip)}</title>{_marker(neighbour, y)}"
            f'<text x="{LABEL_X:.1f}" y="{y + FONT * 0.35:.1f}" class="kb-svg-label">{label}'
            "</text></a>")


def _rows(data: Neighbourhood) -> list[Row]:
    rows = []
    for group in data.groups:
        rows.append(Row(f"{NAMES[group.kind]}s ({len(group.shown) + group.more})", bold=True))
        rows.extend(Row(neighbour=n) for n in group.shown)
        if group.more:
            rows.append(Row(f"and {group.more} more"))
    return rows


def render_svg(data: Neighbourhood, r: Renderer) -> str:
    rows = _rows(data)
    height = TOP * 2 + len(rows) * ROW
    centre_y = height / 2
    body, edges = [], []
    for index, row in enumerate(rows):
        y = TOP + (index + 0.5) * ROW
        neighbour = row.neighbour
        if neighbour is None:
            body.append(label_text(row.text, MARK_X - 8 if row.bold else LABEL_X,
                                   y + FONT * 0.35, font_weight="bold" if row.bold else None,
                                   font_style=None if row.bold else "italic"))
            continue
        edges.append(_edge(neighbour, centre_y, y))
        body.append(_node(neighbour, r.uri(neighbour.docname, neighbour.node_id), y))
    centre = data.centre
    lines = wrap(centre.label, 13, lines=4)
    box_h = FONT * 1.1 * len(lines) + 14
    # What every line shares is said once, on the group (inherited in SVG).
    body.insert(0, tag("g", "".join(edges), class_="kb-nb-edges", stroke_width=1.5,
                       fill="none"))
    body.append(tag("rect", x=CENTRE_X, y=centre_y - box_h / 2, width=CENTRE_W, height=box_h,
                    rx=4, class_="kb-svg-box", stroke=ACTOR_EDGE))
    body.append(text_lines(lines, CENTRE_X + 8, centre_y, class_="kb-svg-label",
                           font_weight="bold", font_size=FONT))
    shown = ", ".join(f"{len(g.shown)} {g.kind}{'s' if len(g.shown) != 1 else ''}"
                      + (f" (of {len(g.shown) + g.more})" if g.more else "")
                      for g in data.groups)
    label = (f"The {NAMES[centre.kind].lower()} {centre.label} and what links to it: {shown}. "
             "The list below gives the same information.")
    return tag("svg", "".join(body), xmlns=SVG_NS,
               class_="kb-svg kb-neighbourhood", viewBox=f"0 0 {WIDTH} {height:.0f}",
               width=str(WIDTH), height=f"{height:.0f}", role="img", aria_label=label,
               data_centre=f"{centre.kind}:{centre.id}",
               font_size=FONT,
               font_family="system-ui, -apple-system, 'Segoe UI', sans-serif")

