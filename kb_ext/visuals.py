"""Build-time pictures: a network of claims, sources and actors (``kb:network``)
and a timeline of sources with the positions they take (``kb:timeline``).

Each directive leaves a ``kb_visual`` node and registers its page. After
reading, ``env-get-updated`` *collects* each picture's data from the kb domain
as plain sorted tuples, hashes it per page and returns the pages whose digest
changed; ``doctree-resolved`` renders the same collected data, so an
incremental build writes exactly what a full build would.

Output is inline SVG (no scripts, no external files) plus a text alternative
with the same information. Every piece of text is escaped with
``html.escape``; layout is a pure function of the collected data. Pictures
are capped (most-connected nodes first) with a note saying what was left out.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective

from .backlinks import verified_data
from .models import STANCES, PositionRecord
from .nodes import kb_details, kb_summary
from .render import tree_has_none

VISUAL_KINDS = ("network", "timeline")
MAX_NETWORK_CLAIMS = 40
MAX_NETWORK_SOURCES = 20
MAX_NETWORK_ACTORS = 30
MAX_TIMELINE_SOURCES = 30
MAX_TIMELINE_CLAIMS = 40

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


class kb_visual(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A picture; ``svg`` (HTML only) is set when the page is resolved."""


# -- collected data -------------------------------------------------------------------------

def date_label(meta: Any) -> str:
    return (meta.published or "n.d.") + ("~" if meta.published_approximate else "")


def date_value(published: str) -> float | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a fractional year (mid-period)."""
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", published or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    if not month:
        return int(year) + 0.5
    days = (int(day) - 0.5) / 31 if day else 0.5
    return round(int(year) + (int(month) - 1 + days) / 12, 4)


def _source_row(record: Any) -> tuple[Any, ...]:
    meta = record.meta
    return (meta.id, meta.title, meta.outlet, date_label(meta), record.docname, record.node_id)


def _claim_row(claim: Any) -> tuple[Any, ...]:
    return (claim.id, claim.statement, claim.status, claim.docname, claim.node_id)


def _sorted_sources(data: dict[str, Any], ids: Iterable[str]) -> list[Any]:
    records = [data["sources"][i] for i in ids]
    return sorted(records, key=lambda r: (r.meta.published or "9999", r.meta.id))


def _positions(data: dict[str, Any]) -> list[PositionRecord]:
    """Positions on known claims citing known sources, in a stable order."""
    positions = [p for p in data["positions"].values()
                 if p.claim_id in data["claims"] and p.source_id in data["sources"]]
    return sorted(positions, key=lambda p: (p.claim_id, p.docname, p.lineno, p.node_id))


def _top(degrees: Counter[str], limit: int) -> list[str]:
    """The ``limit`` ids of highest degree, ties by id."""
    return sorted(sorted(degrees, key=lambda k: (-degrees[k], k))[:limit])


def _stance_edges(positions: Iterable[PositionRecord], claims: set[str], sources: set[str]
                  ) -> list[tuple[Any, ...]]:
    """One edge per (source, claim, stance): count and the first position's anchor."""
    grouped: dict[tuple[str, str, str], list[PositionRecord]] = defaultdict(list)
    for position in positions:
        if position.claim_id in claims and position.source_id in sources:
            grouped[position.source_id, position.claim_id, position.stance].append(position)
    return [(*key, len(group), group[0].docname, group[0].node_id, group[0].quote)
            for key, group in sorted(grouped.items())]


def collect_network(data: dict[str, Any]) -> dict[str, Any]:
    positions = _positions(data)
    claim_degree: Counter[str] = Counter({c: 0 for c in data["claims"]})
    for position in positions:
        claim_degree[position.claim_id] += 1
    for claim in data["claims"].values():
        claim_degree[claim.id] += sum(a in data["actors"] for a in claim.actors)
    claims = _top(claim_degree, MAX_NETWORK_CLAIMS)
    kept = set(claims)
    source_degree = Counter(p.source_id for p in positions if p.claim_id in kept)
    sources = _top(source_degree, MAX_NETWORK_SOURCES)
    actor_degree = Counter(a for c in claims for a in dict.fromkeys(data["claims"][c].actors)
                           if a in data["actors"])
    actors = _top(actor_degree, MAX_NETWORK_ACTORS)
    claim_rows = []
    for claim_id in claims:
        claim = data["claims"][claim_id]
        named = tuple((a, data["actors"][a].name, data["actors"][a].docname,
                       data["actors"][a].node_id)
                      for a in dict.fromkeys(claim.actors) if a in data["actors"])
        claim_rows.append((*_claim_row(claim), named))
    return {
        "sources": [_source_row(r) for r in _sorted_sources(data, sources)],
        "claims": claim_rows,
        "actors": [(a, data["actors"][a].name, data["actors"][a].docname,
                    data["actors"][a].node_id) for a in actors],
        "stance_edges": _stance_edges(positions, kept, set(sources)),
        "actor_edges": sorted((c, a) for c in claims for a in dict.fromkeys(
            data["claims"][c].actors) if a in set(actors)),
        "omitted": (len(data["claims"]) - len(claims), len(source_degree) - len(sources),
                    len(actor_degree) - len(actors)),
    }


def collect_timeline(data: dict[str, Any]) -> dict[str, Any]:
    positions = _positions(data)
    source_degree: Counter[str] = Counter({s: 0 for s in data["sources"]})
    source_degree.update(p.source_id for p in positions)
    sources = _sorted_sources(data, _top(source_degree, MAX_TIMELINE_SOURCES))
    order = {r.meta.id: i for i, r in enumerate(sources)}
    claim_degree = Counter(p.claim_id for p in positions if p.source_id in order)
    kept = set(_top(claim_degree, MAX_TIMELINE_CLAIMS))
    first_seen = {c: min(order[p.source_id] for p in positions
                         if p.claim_id == c and p.source_id in order) for c in kept}
    claims = sorted((data["claims"][c] for c in kept),
                    key=lambda c: (first_seen[c.id], c.statement, c.id))
    return {
        "sources": [(*_source_row(r), date_value(r.meta.published)) for r in sources],
        "claims": [_claim_row(c) for c in claims],
        "marks": _stance_edges(positions, kept, set(order)),
        "omitted": (len(data["sources"]) - len(sources), len(claim_degree) - len(kept)),
    }


COLLECTORS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "network": collect_network,
    "timeline": collect_timeline,
}


# -- SVG helpers ----------------------------------------------------------------------------

def attrs(**values: Any) -> str:
    """Escaped XML attributes; ``class_`` -> ``class``, ``aria_label`` -> ``aria-label``."""
    parts = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        name = key.rstrip("_").replace("_", "-")
        text = f"{value:.1f}" if isinstance(value, float) else str(value)
        parts.append(f' {name}="{escape(text, quote=True)}"')
    return "".join(parts)


def tag(name: str, content: str | None = None, **values: Any) -> str:
    """``<name attrs/>``, or ``<name attrs>content</name>``; ``content`` must be escaped."""
    if content is None:
        return f"<{name}{attrs(**values)}/>"
    return f"<{name}{attrs(**values)}>{content}</{name}>"


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


# -- network --------------------------------------------------------------------------------

NET_WIDTH = 900
NET_TOP = 46
NET_ROW = 38
SOURCE_X, CLAIM_X, CLAIM_W, ACTOR_X = 170.0, 236.0, 370.0, 686.0


def _spread(count: int, top: float, height: float) -> list[float]:
    return [top + (index + 0.5) * height / count for index in range(count)]


def _barycentre_order(items: Sequence[str], neighbours: dict[str, list[float]]) -> list[str]:
    """Order items by the mean position of their neighbours (fewer crossings)."""
    def key(item: str) -> tuple[float, str]:
        ys = neighbours.get(item, [])
        return (sum(ys) / len(ys) if ys else math.inf, item)
    return sorted(items, key=key)


def network_layout(data: dict[str, Any]) -> dict[str, dict[str, float]]:
    """y coordinate of every node, by kind and id."""
    height = max(len(data["claims"]), 1) * NET_ROW
    source_ids = [row[0] for row in data["sources"]]
    sources = dict(zip(source_ids, _spread(len(source_ids), NET_TOP, height), strict=True))
    by_claim: dict[str, list[float]] = defaultdict(list)
    for source_id, claim_id, *_ in data["stance_edges"]:
        by_claim[claim_id].append(sources[source_id])
    claim_order = _barycentre_order([row[0] for row in data["claims"]], by_claim)
    claims = {c: NET_TOP + (i + 0.5) * NET_ROW for i, c in enumerate(claim_order)}
    by_actor: dict[str, list[float]] = defaultdict(list)
    for claim_id, actor_id in data["actor_edges"]:
        by_actor[actor_id].append(claims[claim_id])
    actor_order = _barycentre_order([row[0] for row in data["actors"]], by_actor)
    actors = dict(zip(actor_order, _spread(len(actor_order), NET_TOP, height), strict=True))
    return {"source": sources, "claim": claims, "actor": actors}


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    middle = (x1 + x2) / 2
    return f"M{x1:.1f},{y1:.1f} C{middle:.1f},{y1:.1f} {middle:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


def _network_edges(data: dict[str, Any], layout: dict[str, dict[str, float]]) -> str:
    sources = {row[0]: row for row in data["sources"]}
    statements = {row[0]: row[1] for row in data["claims"]}
    offsets = {stance: (i - 1.5) * 3.5 for i, stance in enumerate(STANCE_STYLE)}
    edges = []
    for source_id, claim_id, stance, count, _doc, _node, _quote in data["stance_edges"]:
        colour, dash = STANCE_STYLE[stance]
        source = sources[source_id]
        tip = f"{source[2]} ({source[3]}) {STANCES[stance]}: {statements[claim_id]}"
        tip += f" ({count} positions)" if count > 1 else ""
        path = _curve(SOURCE_X + 7, layout["source"][source_id], CLAIM_X,
                      layout["claim"][claim_id] + offsets[stance])
        edges.append(tag("path", tag("title", escape(tip)), d=path, stroke=colour,
                         stroke_width=1.5 + min(count, 4) * 0.5, stroke_dasharray=dash,
                         fill="none", class_="kb-net-edge",
                         data_ends=f"source:{source_id} claim:{claim_id}"))
    for claim_id, actor_id in data["actor_edges"]:
        path = _curve(CLAIM_X + CLAIM_W, layout["claim"][claim_id], ACTOR_X - 6,
                      layout["actor"][actor_id])
        edges.append(tag("path", d=path, stroke=ACTOR_EDGE, stroke_width=1.0, fill="none",
                         class_="kb-net-edge kb-net-actor-edge",
                         data_ends=f"claim:{claim_id} actor:{actor_id}"))
    return tag("g", "".join(edges), class_="kb-net-edges")


def _network_nodes(data: dict[str, Any], layout: dict[str, dict[str, float]],
                   uri: Callable[[str, str], str]) -> str:
    out = []
    for source_id, title, outlet, date, docname, node_id in data["sources"]:
        y = layout["source"][source_id]
        shape = (tag("circle", cx=SOURCE_X, cy=y, r=7.0, class_="kb-svg-node")
                 + text_lines([clip(outlet, 24), date], SOURCE_X - 12, y, text_anchor="end",
                              class_="kb-svg-label"))
        out.append(link(uri(docname, node_id), f"Source: {title} ({outlet}, {date})", shape,
                        class_="kb-net-node kb-net-source", data_node=f"source:{source_id}"))
    for claim_id, statement, status, docname, node_id, _actors in data["claims"]:
        y, colour = layout["claim"][claim_id], STATUS_COLOUR.get(status, ACTOR_EDGE)
        top, height = y - NET_ROW / 2 + 3, NET_ROW - 6
        shape = (tag("rect", x=CLAIM_X, y=top, width=CLAIM_W, height=height, rx=4,
                     stroke=colour, class_="kb-svg-box")
                 + tag("rect", x=CLAIM_X, y=top, width=5, height=height, fill=colour)
                 + text_lines(wrap(statement, 52), CLAIM_X + 12, y, class_="kb-svg-label"))
        out.append(link(uri(docname, node_id), f"Claim ({status}): {statement}", shape,
                        class_="kb-net-node kb-net-claim", data_node=f"claim:{claim_id}"))
    for actor_id, name, docname, node_id in data["actors"]:
        y = layout["actor"][actor_id]
        shape = (tag("circle", cx=ACTOR_X, cy=y, r=6.0, class_="kb-svg-node kb-svg-actor")
                 + text_lines([clip(name, 28)], ACTOR_X + 11, y, class_="kb-svg-label"))
        out.append(link(uri(docname, node_id), f"Actor: {name}", shape,
                        class_="kb-net-node kb-net-actor", data_node=f"actor:{actor_id}"))
    return tag("g", "".join(out), class_="kb-net-nodes")


def render_network_svg(data: dict[str, Any], uri: Callable[[str, str], str]) -> str:
    layout = network_layout(data)
    height = NET_TOP + max(len(data["claims"]), 1) * NET_ROW
    body = [label_text(text, x, 22, text_anchor=anchor, font_weight="bold")
            for x, anchor, text in ((SOURCE_X, "end", "Sources, by date"),
                                    (CLAIM_X + 12, "start", "Claims"),
                                    (ACTOR_X, "start", "Actors"))]
    body += [_network_edges(data, layout), _network_nodes(data, layout, uri),
             stance_legend(20, height + 24, marker=False),
             tag("path", d=f"M20,{height + 48} h28", stroke=ACTOR_EDGE, fill="none"),
             label_text("names the actor", 56, height + 52), status_legend(235, height + 48)]
    label = (f"Network of {len(data['claims'])} claims (middle column), the "
             f"{len(data['sources'])} sources that take positions on them (left, by date; lines "
             f"coloured and dashed by stance) and the {len(data['actors'])} actors they name "
             "(right). The table below gives the same information.")
    return svg_root(NET_WIDTH, height + 66, label, "kb-network", body)


# -- timeline -------------------------------------------------------------------------------

TL_WIDTH = 900
TL_HEAD = 150
TL_ROW = 34
TL_LEFT, TL_RIGHT = 372.0, 770.0
MARK_STEP = 13.0
YEAR_PX, BREAK_PX = 70.0, 42.0


class TimeScale:
    """Fractional years -> x. Each year with sources is a band wide enough for them;
    each run of years without sources is squeezed into a short break."""

    def __init__(self, values: Sequence[float | None], left: float, right: float,
                 gap: float) -> None:
        counts = Counter(math.floor(v) for v in values if v is not None)
        #: (first year, end year, width, whether it is a break)
        self.segments: list[tuple[int, int, float, bool]] = []
        for year in sorted(counts):
            if self.segments and year > self.segments[-1][1]:
                self.segments.append((self.segments[-1][1], year, BREAK_PX, True))
            self.segments.append((year, year + 1, max(YEAR_PX, counts[year] * gap), False))
        total = sum(segment[2] for segment in self.segments)
        factor = max(1.0, (right - left) / total) if total else 1.0
        self.segments = [(first, end, width * factor, gap_)
                         for first, end, width, gap_ in self.segments]
        self.left = left
        self.right = left + sum(segment[2] for segment in self.segments)

    def band(self, value: float) -> tuple[float, float]:
        """Left and right x of the segment holding ``value``."""
        start = self.left
        for _first, end, width, _break in self.segments:
            if value < end:
                return start, start + width
            start += width
        return start, start

    def x(self, value: float) -> float:
        start = self.left
        for first, end, width, _break in self.segments:
            if value < end:
                return start + max(value - first, 0.0) / (end - first) * width
            start += width
        return start

    def boundaries(self) -> list[tuple[float, int, bool]]:
        """(x, year, whether a squeezed run of empty years starts there)."""
        marks, start = [], self.left
        for first, _end, width, is_break in self.segments:
            marks.append((start, first, is_break))
            start += width
        if self.segments:
            marks.append((start, self.segments[-1][1], False))
        return marks


def timeline_x(values: Sequence[float | None], gap: float, left: float = TL_LEFT,
               right: float = TL_RIGHT) -> tuple[list[float], float, TimeScale]:
    """x of each (date-sorted) source: by date, at least ``gap`` apart within its
    year band; undated sources last. Returns positions, right edge and the scale."""
    scale = TimeScale(values, left, right, gap)
    xs: list[float] = []
    bands: dict[tuple[float, float], list[int]] = defaultdict(list)
    undated = 0
    for index, value in enumerate(values):
        if value is None:
            xs.append(scale.right + gap * (undated + 0.5))
            undated += 1
            continue
        xs.append(scale.x(value))
        bands[scale.band(value)].append(index)
    for (start, end), members in bands.items():
        low, high = start + gap / 2, end - gap / 2
        for i, index in enumerate(members):  # push right to keep the gap ...
            xs[index] = max(xs[index], low if i == 0 else xs[members[i - 1]] + gap)
        for i in range(len(members) - 1, -1, -1):  # ... and back inside the band
            cap = high if i == len(members) - 1 else xs[members[i + 1]] - gap
            xs[members[i]] = min(xs[members[i]], cap)
    return xs, max([scale.right, *xs]) if xs else right, scale


def _timeline_axis(scale: TimeScale, right: float, bottom: float) -> str:
    parts = [tag("path", d=f"M{TL_LEFT - 16:.1f},{bottom:.1f} H{right + 10:.1f}",
                 class_="kb-svg-axis")]
    marks = scale.boundaries()
    for index, (x, year, squeezed) in enumerate(marks):
        parts.append(tag("path", d=f"M{x:.1f},{bottom:.1f} v6", class_="kb-svg-axis"))
        if index + 1 == len(marks):
            break
        middle = (x + marks[index + 1][0]) / 2
        if squeezed:  # a break mark instead of a label for the empty years
            parts.append(tag("path", d=f"M{middle - 6:.1f},{bottom + 5:.1f} l4,-10 "
                                       f"M{middle + 2:.1f},{bottom + 5:.1f} l4,-10",
                             class_="kb-svg-axis"))
        else:
            parts.append(label_text(str(year), middle, bottom + 20, text_anchor="middle"))
    return "".join(parts)


def _timeline_marks(data: dict[str, Any], column: dict[str, float], rows: dict[str, float],
                    uri: Callable[[str, str], str]) -> str:
    sources = {row[0]: row for row in data["sources"]}
    statements = {row[0]: row[1] for row in data["claims"]}
    cells: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for mark in data["marks"]:
        cells[mark[0], mark[1]].append(mark)
    out = []
    for (source_id, claim_id), marks in sorted(cells.items()):
        for index, (_s, _c, stance, count, docname, node_id, quote) in enumerate(marks):
            x = column[source_id] + (index - (len(marks) - 1) / 2) * MARK_STEP
            source = sources[source_id]
            tip = f"{source[2]} ({source[3]}) {STANCES[stance]}: {statements[claim_id]}"
            tip += f" — “{clip(quote, 160)}”" if quote else ""
            tip += f" (+{count - 1} more)" if count > 1 else ""
            out.append(link(uri(docname, node_id), tip, stance_mark(stance, x, rows[claim_id]),
                            class_=f"kb-tl-mark kb-tl-{stance}"))
    return "".join(out)


def render_timeline_svg(data: dict[str, Any], uri: Callable[[str, str], str]) -> str:
    values = [row[6] for row in data["sources"]]
    per_cell = Counter((mark[0], mark[1]) for mark in data["marks"])
    gap = max(34.0, MARK_STEP * max(per_cell.values(), default=1) + 16)
    xs, right, scale = timeline_x(values, gap)
    column = {row[0]: x for row, x in zip(data["sources"], xs, strict=True)}
    rows = {row[0]: TL_HEAD + (i + 0.5) * TL_ROW for i, row in enumerate(data["claims"])}
    bottom = TL_HEAD + max(len(rows), 1) * TL_ROW
    body = [tag("path", d=f"M{TL_LEFT - 16:.1f},{y:.1f} H{right + 10:.1f}", class_="kb-svg-grid")
            for y in rows.values()]
    body.append(_timeline_axis(scale, right, bottom))
    for source_id, title, outlet, date, docname, node_id, _value in data["sources"]:
        x = column[source_id]
        body.append(tag("path", d=f"M{x:.1f},{TL_HEAD - 4:.1f} V{bottom:.1f}",
                        class_="kb-svg-grid"))
        text = label_text(clip(f"{date} {outlet}", 26), 0, 0,
                          transform=f"translate({x:.1f},{TL_HEAD - 10}) rotate(-50)")
        body.append(link(uri(docname, node_id), f"Source: {title} ({outlet}, {date})", text,
                         class_="kb-tl-source"))
    for claim_id, statement, status, docname, node_id in data["claims"]:
        text = text_lines(wrap(statement, 46), TL_LEFT - 24, rows[claim_id], text_anchor="end",
                          class_="kb-svg-label")
        body.append(link(uri(docname, node_id), f"Claim ({status}): {statement}", text,
                         class_="kb-tl-claim"))
    body.append(_timeline_marks(data, column, rows, uri))
    body.append(stance_legend(20, bottom + 48, marker=True))
    label = (f"Timeline of {len(data['sources'])} sources placed by publication date (columns) "
             f"and the positions they take on {len(data['claims'])} claims (rows): filled circle "
             "supports, square disputes, hollow circle reports, diamond qualifies. The list below "
             "gives the same information.")
    # Room on the right for the last column's slanted label.
    return svg_root(max(TL_WIDTH, right + 130), bottom + 66, label, "kb-timeline", body)


# -- text alternatives ----------------------------------------------------------------------

def _ref(uri: Callable[[str, str], str], docname: str, anchor: str, text: str,
         classes: Sequence[str] = ()) -> nodes.Element:
    """A link, or plain text where the builder has no URI for the page (e.g. LaTeX)."""
    target = uri(docname, anchor)
    if not target:
        return nodes.inline("", text, classes=list(classes))
    return nodes.reference("", text, internal=True, refuri=target, classes=list(classes))


def _omitted(parts: Sequence[tuple[int, str]], why: str) -> list[nodes.Node]:
    shown = [f"{count} {label}{'' if count == 1 else 's'}" for count, label in parts if count]
    if not shown:
        return []
    text = f"Not drawn, to keep the picture readable: {', '.join(shown)} ({why})."
    return [nodes.paragraph("", text, classes=["kb-visual-note"])]


def network_table(data: dict[str, Any], uri: Callable[[str, str], str]) -> nodes.Node:
    by_claim: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    sources = {row[0]: row for row in data["sources"]}
    for edge in data["stance_edges"]:
        by_claim[edge[1]].append(edge)
    table = nodes.table(classes=["kb-table", "kb-network-table"])
    group = nodes.tgroup(cols=4)
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in range(4))
    group += nodes.thead("", nodes.row("", *(nodes.entry("", nodes.paragraph("", h)) for h in
                                             ("Claim", "Status", "Sources and stances",
                                              "Actors"))))
    body = nodes.tbody()
    for claim_id, statement, status, docname, node_id, actors in data["claims"]:
        stances = nodes.paragraph()
        for index, (source_id, _c, stance, count, pos_doc, pos_id, _q) in enumerate(
                by_claim[claim_id]):
            source = sources[source_id]
            stances += nodes.Text("; " if index else "")
            stances += _ref(uri, pos_doc, pos_id, f"{source[2]} ({source[3]})")
            stances += nodes.Text(f" {stance}" + (f" ×{count}" if count > 1 else ""))
        names = nodes.paragraph()
        for index, (_a, name, actor_doc, actor_node) in enumerate(actors):
            names += nodes.Text(", " if index else "")
            names += _ref(uri, actor_doc, actor_node, name)
        cells = [nodes.paragraph("", "", _ref(uri, docname, node_id, statement)),
                 nodes.paragraph("", status), stances, names]
        body += nodes.row("", *(nodes.entry("", cell) for cell in cells))
    group += body
    return table


def timeline_list(data: dict[str, Any], uri: Callable[[str, str], str]) -> nodes.Node:
    statements = {row[0]: row for row in data["claims"]}
    by_source: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for mark in data["marks"]:
        by_source[mark[0]].append(mark)
    items = nodes.enumerated_list(classes=["kb-timeline-list"])
    for source_id, title, outlet, date, docname, node_id, _value in data["sources"]:
        head = nodes.paragraph("", f"{date} — ")
        head += _ref(uri, docname, node_id, title, ["kb-source-link"])
        head += nodes.Text(f" ({outlet})")
        item = nodes.list_item("", head)
        grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for mark in by_source[source_id]:
            grouped[mark[2]].append(mark)
        stances = nodes.bullet_list()
        for stance in STANCE_STYLE:
            if not grouped[stance]:
                continue
            claims = nodes.bullet_list()
            for _s, claim_id, _st, _n, pos_doc, pos_id, _q in grouped[stance]:
                claims += nodes.list_item("", nodes.paragraph("", "", _ref(
                    uri, pos_doc, pos_id, statements[claim_id][1], ["kb-claim-link"])))
            label = f"{STANCES[stance]} ({len(grouped[stance])}):"
            stances += nodes.list_item("", nodes.paragraph("", label), claims)
        item += stances if len(stances) else nodes.paragraph("", "No positions recorded.")
        items += item
    return items


def render_network(data: dict[str, Any], uri: Callable[[str, str], str]
                   ) -> tuple[str, list[nodes.Node]]:
    claims, sources, actors = data["omitted"]
    note = _omitted([(claims, "claim"), (sources, "source"), (actors, "actor")],
                    "those with the fewest links; the claims index and the stance matrix list "
                    "all of them")
    details = kb_details(classes=["kb-visual-text"])
    details += kb_summary("", "The network as a table")
    details += network_table(data, uri)
    return render_network_svg(data, uri), [*note, details]


def render_timeline(data: dict[str, Any], uri: Callable[[str, str], str]
                    ) -> tuple[str, list[nodes.Node]]:
    sources, claims = data["omitted"]
    note = _omitted([(sources, "source"), (claims, "claim")],
                    "those cited least; the sources index and the stance matrix list all of them")
    heading = nodes.rubric("", "Sources by date, with the positions they take",
                           classes=["kb-backlinks-heading"])
    return render_timeline_svg(data, uri), [*note, heading, timeline_list(data, uri)]


RENDERERS = {"network": render_network, "timeline": render_timeline}


# -- Sphinx wiring --------------------------------------------------------------------------

class VisualDirective(SphinxDirective):
    kind = ""

    def run(self) -> list[nodes.Node]:
        registry: dict[str, tuple[str, ...]] = self.env.__dict__.setdefault("kb_visuals", {})
        registry[self.env.docname] = (*registry.get(self.env.docname, ()), self.kind)
        node = kb_visual(kind=self.kind)
        self.set_source_info(node)
        return [node]


class NetworkDirective(VisualDirective):
    kind = "network"


class TimelineDirective(VisualDirective):
    kind = "timeline"


def _registry(env: BuildEnvironment) -> dict[str, tuple[str, ...]]:
    return env.__dict__.setdefault("kb_visuals", {})


def on_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _registry(env).pop(docname, None)


def on_merge_info(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str],
                  other: BuildEnvironment) -> None:
    theirs = _registry(other)
    _registry(env).update({d: theirs[d] for d in docnames if d in theirs})


def collect(env: BuildEnvironment, kind: str) -> dict[str, Any]:
    return COLLECTORS[kind](verified_data(env))


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose pictures' data changed since the last build."""
    previous: dict[str, str] = getattr(env, "kb_visual_digests", {})
    registry = _registry(env)
    collected = {kind: collect(env, kind) for kind in {k for ks in registry.values() for k in ks}}
    digests = {doc: hashlib.sha256(repr([collected[k] for k in kinds]).encode()).hexdigest()
               for doc, kinds in registry.items()}
    env.kb_visual_digests = digests
    return sorted(d for d, digest in digests.items()
                  if previous.get(d) != digest and d in env.all_docs)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if tree_has_none(app, docname, _registry(app.env)):
        return
    visuals = list(doctree.findall(kb_visual))
    if not visuals:
        return
    builder: Builder = app.builder

    def uri(target: str, anchor: str) -> str:
        try:
            page = builder.get_relative_uri(docname, target)
        except NoUri:  # a page this builder does not write
            return ""
        return page + (f"#{anchor}" if anchor else "")

    for node in visuals:
        svg, alternative = RENDERERS[node["kind"]](collect(app.env, node["kind"]), uri)
        node["svg"] = svg
        node["classes"] += ["kb-visual", f"kb-visual-{node['kind']}"]
        node.extend(alternative)


def _visit_html(self: Any, node: kb_visual) -> None:
    self.body.append(self.starttag(node, "div", ""))
    if node.get("svg"):
        self.body.append(f'<div class="kb-visual-figure">{node["svg"]}</div>\n')


def _depart_html(self: Any, node: kb_visual) -> None:
    self.body.append("</div>\n")


def _passthrough(self: Any, node: nodes.Element) -> None:
    pass


def setup_visuals(app: Sphinx) -> None:
    others = {name: (_passthrough, _passthrough) for name in ("latex", "text", "man", "texinfo")}
    app.add_node(kb_visual, html=(_visit_html, _depart_html), **others)
    app.add_directive_to_domain("kb", "network", NetworkDirective)
    app.add_directive_to_domain("kb", "timeline", TimelineDirective)
    app.connect("env-purge-doc", on_purge_doc)
    app.connect("env-merge-info", on_merge_info)
    # After backlinks' handler (connected earlier), which keeps the verified positions.
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("doctree-resolved", on_doctree_resolved)
