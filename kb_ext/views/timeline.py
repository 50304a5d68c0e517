"""``kb:timeline``: sources by publication date, the positions they take and
the events of the knowledge base, as an inline SVG and a list."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from docutils import nodes

from ..knowledge.dates import date_value
from ..knowledge.records import STANCES, PositionRecord
from .agreement import SIDES
from .base import Context, View
from .pictures import (
    ClaimNode,
    StanceEdge,
    claim_node,
    omitted_note,
    picture,
    picture_positions,
    ref,
    sorted_sources,
    source_node,
    stance_edges,
    top,
)
from .render import Renderer
from .svg import (
    STANCE_STYLE,
    clip,
    label_text,
    link,
    stance_legend,
    stance_mark,
    svg_root,
    tag,
    text_lines,
    wrap,
)

MAX_TIMELINE_SOURCES = 30
MAX_TIMELINE_CLAIMS = 40

MAX_TIMELINE_EVENTS = 20


class TimelineSource(NamedTuple):
    id: str
    title: str
    outlet: str
    date: str
    docname: str
    node_id: str
    value: float | None


class TimelineEvent(NamedTuple):
    id: str
    title: str
    date: str
    docname: str
    node_id: str
    value: float
    end_value: float


class Timeline(NamedTuple):
    sources: list[TimelineSource]
    claims: list[ClaimNode]
    marks: list[StanceEdge]
    events: list[TimelineEvent]
    #: sources, claims and events left out
    omitted: tuple[int, int, int]
    #: where a claim's sides shifted (:func:`side_shifts`)
    shifts: tuple[Shift, ...] = ()


class Shift(NamedTuple):
    """The first dated source taking the side opposite to every side taken
    on the claim before it (the first dispute after supports, or the reverse)."""

    claim_id: str
    source_id: str
    stance: str


def side_shifts(positions: Sequence[PositionRecord], order: dict[str, int],
                dated: set[str]) -> tuple[Shift, ...]:
    """One shift at most per claim, from sources in date order."""
    by_claim: dict[str, list[PositionRecord]] = defaultdict(list)
    for position in positions:
        if position.stance in SIDES and position.source_id in dated:
            by_claim[position.claim_id].append(position)
    shifts = []
    for claim_id, found in sorted(by_claim.items()):
        taken: set[str] = set()
        for position in sorted(found, key=lambda p: (order[p.source_id], p.node_id)):
            if taken and position.stance not in taken:
                shifts.append(Shift(claim_id, position.source_id, position.stance))
                break
            taken.add(position.stance)
    return tuple(shifts)


def _events(ctx: Context) -> tuple[list[TimelineEvent], int]:
    """Dated events, the most referred to first when there are too many."""
    evidence = ctx.evidence
    dated = []
    for event in ctx.domain.events.values():
        value = date_value(event.date)
        if value is None:
            continue
        end = date_value(event.end) if event.end else None
        weight = len(evidence.linked("event", event.id, "claims")) + len(event.sources)
        dated.append((weight, event, value, end if end is not None else value))
    dated.sort(key=lambda item: (-item[0], item[1].id))
    kept = sorted(dated[:MAX_TIMELINE_EVENTS], key=lambda item: (item[2], item[1].id))
    return ([TimelineEvent(e.id, e.title, e.date_label, e.docname, e.node_id, value, end)
             for _weight, e, value, end in kept], len(dated) - len(kept))


def collect(ctx: Context, _argument: str) -> Timeline:
    positions = picture_positions(ctx)
    source_degree: Counter[str] = Counter({s: 0 for s in ctx.domain.sources})
    source_degree.update(p.source_id for p in positions)
    sources = sorted_sources(ctx, top(source_degree, MAX_TIMELINE_SOURCES))
    order = {r.meta.id: i for i, r in enumerate(sources)}
    claim_degree = Counter(p.claim_id for p in positions if p.source_id in order)
    kept = set(top(claim_degree, MAX_TIMELINE_CLAIMS))
    first_seen = {c: min(order[p.source_id] for p in positions
                         if p.claim_id == c and p.source_id in order) for c in kept}
    claims = sorted((ctx.domain.claims[c] for c in kept),
                    key=lambda c: (first_seen[c.id], c.statement, c.id))
    events, events_omitted = _events(ctx)
    rows = [TimelineSource(*source_node(r), date_value(r.meta.published)) for r in sources]
    dated = {row.id for row in rows if row.value is not None}
    shown = [p for p in positions if p.claim_id in kept and p.source_id in order]
    return Timeline(
        rows, [claim_node(c) for c in claims], stance_edges(positions, kept, set(order)), events,
        (len(ctx.domain.sources) - len(sources), len(claim_degree) - len(kept), events_omitted),
        side_shifts(shown, order, dated))


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
               right: float = TL_RIGHT, events: Sequence[float] = ()
               ) -> tuple[list[float], float, TimeScale]:
    """x of each (date-sorted) source: by date, at least ``gap`` apart within its
    year band; undated sources last. Returns positions, right edge and the scale."""
    scale = TimeScale([*values, *events], left, right, gap)
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


EVENT_SPACE = 130.0
EVENT_COLOUR = "#6a4c93"


def _timeline_events(events: Sequence[TimelineEvent], scale: TimeScale, top: float,
                     bottom: float, r: Renderer) -> str:
    """Each event as a triangle on the date axis (a bar to its end date when it
    lasts), a faint line up through the chart and a slanted label below."""
    out = []
    for event in events:
        x, end = scale.x(event.value), scale.x(event.end_value)
        shape = tag("path", d=f"M{x:.1f},{top:.1f} V{bottom:.1f}", class_="kb-svg-grid",
                    stroke=EVENT_COLOUR, stroke_dasharray="2 4")
        if end - x > 2:
            shape += tag("rect", x=x, y=bottom - 3, width=end - x, height=6, fill=EVENT_COLOUR,
                         opacity="0.6")
        shape += tag("path", d=f"M{x:.1f},{bottom - 2:.1f} l-6,12 h12 z", fill=EVENT_COLOUR)
        shape += label_text(clip(event.title, 30), 0, 0, transform=(
            f"translate({x + 4:.1f},{bottom + 34:.1f}) rotate(50)"))
        out.append(link(r.uri(event.docname, event.node_id), f"Event: {event.title} "
                        f"({event.date})", shape, class_="kb-tl-event"))
    return tag("g", "".join(out), class_="kb-tl-events")


def _timeline_marks(data: Timeline, column: dict[str, float], rows: dict[str, float],
                    r: Renderer) -> str:
    sources = {row.id: row for row in data.sources}
    statements = {row.id: row.statement for row in data.claims}
    cells: dict[tuple[str, str], list[StanceEdge]] = defaultdict(list)
    for mark in data.marks:
        cells[mark.source_id, mark.claim_id].append(mark)
    out = []
    for (source_id, claim_id), marks in sorted(cells.items()):
        for index, (_s, _c, stance, count, docname, node_id, quote) in enumerate(marks):
            x = column[source_id] + (index - (len(marks) - 1) / 2) * MARK_STEP
            source = sources[source_id]
            tip = f"{source.outlet} ({source.date}) {STANCES[stance]}: {statements[claim_id]}"
            tip += f" — “{clip(quote, 160)}”" if quote else ""
            tip += f" (+{count - 1} more)" if count > 1 else ""
            out.append(link(r.uri(docname, node_id), tip, stance_mark(stance, x, rows[claim_id]),
                            class_=f"kb-tl-mark kb-tl-{stance}"))
    return "".join(out)


def render_timeline_svg(data: Timeline, r: Renderer) -> str:
    values = [row.value for row in data.sources]
    per_cell = Counter((mark.source_id, mark.claim_id) for mark in data.marks)
    gap = max(34.0, MARK_STEP * max(per_cell.values(), default=1) + 16)
    xs, right, scale = timeline_x(values, gap, events=[e.value for e in data.events])
    column = {row.id: x for row, x in zip(data.sources, xs, strict=True)}
    rows = {row.id: TL_HEAD + (i + 0.5) * TL_ROW for i, row in enumerate(data.claims)}
    bottom = TL_HEAD + max(len(rows), 1) * TL_ROW
    body = [tag("path", d=f"M{TL_LEFT - 16:.1f},{y:.1f} H{right + 10:.1f}", class_="kb-svg-grid")
            for y in rows.values()]
    body.append(_timeline_axis(scale, right, bottom))
    for source_id, title, outlet, date, docname, node_id, _value in data.sources:
        x = column[source_id]
        body.append(tag("path", d=f"M{x:.1f},{TL_HEAD - 4:.1f} V{bottom:.1f}",
                        class_="kb-svg-grid"))
        text = label_text(clip(f"{date} {outlet}", 26), 0, 0,
                          transform=f"translate({x:.1f},{TL_HEAD - 10}) rotate(-50)")
        body.append(link(r.uri(docname, node_id), f"Source: {title} ({outlet}, {date})", text,
                         class_="kb-tl-source"))
    for claim_id, statement, status, docname, node_id in data.claims:
        text = text_lines(wrap(statement, 46), TL_LEFT - 24, rows[claim_id], text_anchor="end",
                          class_="kb-svg-label")
        body.append(link(r.uri(docname, node_id), f"Claim ({status}): {statement}", text,
                         class_="kb-tl-claim"))
    body.append(_timeline_marks(data, column, rows, r))
    for shift in data.shifts:
        body.append(tag("circle", cx=column[shift.source_id], cy=rows[shift.claim_id], r=11,
                        fill="none", stroke="#444", stroke_dasharray="3 2",
                        class_="kb-tl-shift"))
    if data.events:
        body.append(_timeline_events(data.events, scale, TL_HEAD - 4, bottom, r))
    below = bottom + (EVENT_SPACE if data.events else 0)
    body.append(stance_legend(20, below + 48, marker=True))
    label = (f"Timeline of {len(data.sources)} sources placed by publication date (columns) "
             f"and the positions they take on {len(data.claims)} claims (rows): filled circle "
             "supports, square disputes, hollow circle reports, diamond qualifies. The list below "
             "gives the same information.")
    if data.shifts:
        label += (" A dashed ring marks where a claim's sides shift: the first source "
                  f"taking the side opposite to those before it ({len(data.shifts)} shown).")
    # Room on the right for the last column's slanted label.
    if data.events:
        label += (f" {len(data.events)} events are marked on the date axis with a triangle, "
                  "a bar for those lasting longer than a day.")
    return svg_root(max(TL_WIDTH, right + 130), below + 66, label, "kb-timeline", body)


def timeline_list(data: Timeline, r: Renderer) -> nodes.Node:
    statements = {row.id: row.statement for row in data.claims}
    shifted = {(shift.source_id, shift.claim_id) for shift in data.shifts}
    by_source: dict[str, list[StanceEdge]] = defaultdict(list)
    for mark in data.marks:
        by_source[mark.source_id].append(mark)
    items = nodes.enumerated_list(classes=["kb-timeline-list"])
    for source_id, title, outlet, date, docname, node_id, _value in data.sources:
        head = nodes.paragraph("", f"{date} — ")
        head += ref(r, docname, node_id, title, ["kb-source-link"])
        head += nodes.Text(f" ({outlet})")
        item = nodes.list_item("", head)
        grouped: dict[str, list[StanceEdge]] = defaultdict(list)
        for mark in by_source[source_id]:
            grouped[mark.stance].append(mark)
        stances = nodes.bullet_list()
        for stance in STANCE_STYLE:
            if not grouped[stance]:
                continue
            claims = nodes.bullet_list()
            for _s, claim_id, _st, _n, pos_doc, pos_id, _q in grouped[stance]:
                line = nodes.paragraph("", "", ref(r, pos_doc, pos_id, statements[claim_id],
                                                   ["kb-claim-link"]))
                if (source_id, claim_id) in shifted:
                    line += nodes.inline("", " (sides shift here)", classes=["kb-tl-shift"])
                claims += nodes.list_item("", line)
            label = f"{STANCES[stance]} ({len(grouped[stance])}):"
            stances += nodes.list_item("", nodes.paragraph("", label), claims)
        item += stances if len(stances) else nodes.paragraph("", "No positions recorded.")
        items += item
    return items


def event_list(data: Timeline, r: Renderer) -> list[nodes.Node]:
    if not data.events:
        return []
    items = nodes.bullet_list(classes=["kb-timeline-events"])
    for event in data.events:
        items += nodes.list_item("", nodes.paragraph(
            "", f"{event.date} — ", ref(r, event.docname, event.node_id, event.title)))
    heading = nodes.rubric("", "Events on the axis", classes=["kb-backlinks-heading"])
    return [heading, items]


def render(r: Renderer, data: Timeline, _argument: str, _doctree: nodes.document
           ) -> list[nodes.Node]:
    sources, claims, events = data.omitted
    note = omitted_note([(sources, "source"), (claims, "claim"), (events, "event")],
                        "those cited least; the sources index, the events index and the stance "
                        "matrix list all of them")
    heading = nodes.rubric("", "Sources by date, with the positions they take",
                           classes=["kb-backlinks-heading"])
    alternative = [*note, heading, timeline_list(data, r), *event_list(data, r)]
    return picture("timeline", render_timeline_svg(data, r), alternative)


VIEW = View("timeline", collect, render, wrapped=False)
