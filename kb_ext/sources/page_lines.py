"""How a source page names its lines: line ranges, the list of removed
lines and the card's notes on the curator's decisions. The numbers are those
a curator's keep_lines and remove_lines take: lines of the raw text file, or
of the text an extractor took from a web page or PDF."""

from __future__ import annotations

from ..compact import kb_removed_lines
from ..nodes import kb_details, kb_summary
from .clean import REMOVED, Segment
from .controls import shown
from .curate import curated_lines
from .page_meta import TEXT_LINES


def line_range(segment: Segment) -> str:
    if segment.start == segment.end:
        return f"line {segment.start}"
    return f"lines {segment.start}–{segment.end}"


def curator_notes(segments: list[Segment]) -> list[str]:
    kept, removed = curated_lines(segments)
    notes = []
    if kept:
        notes.append(f"kept by the curator: {', '.join(line_range(s) for s in kept)} "
                     "(marked in the text)")
    if removed:
        notes.append(f"removed by the curator: {', '.join(line_range(s) for s in removed)} "
                     "(listed with the removed lines)")
    return notes


def removed_block(segments: list[Segment], extracted: bool = False) -> kb_details:
    """The removed lines by number: of the raw file, or of the text an
    extractor took from it (``extracted``), the numbers keep_lines takes."""
    removed = [s for s in segments if s.kind == REMOVED]
    reasons = sorted({s.reason for s in removed})
    lines = sum(len(s.lines) for s in removed)
    # Site furniture, shown for transparency but kept out of the search index.
    details = kb_details(classes=["kb-removed", "no-search"])
    unit = TEXT_LINES if extracted else "raw lines"
    details += kb_summary("", f"Removed by cleaning: {lines} {unit} ({', '.join(reasons)})")
    details += kb_removed_lines(
        classes=["kb-removed-list"],
        lines=[(f"{line_range(s).capitalize()} · {s.reason}", shown(s.text)) for s in removed])
    return details
