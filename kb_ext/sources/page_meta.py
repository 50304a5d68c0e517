"""What a source page adds for a file that is not plain text: the metadata
the file gives about itself where the sidecar is silent, the provenance
rows that say so, and the list of text an extractor left out."""

from __future__ import annotations

import dataclasses
import hashlib

from docutils import nodes

from ..compact import kb_removed_lines
from ..nodes import kb_details, kb_summary
from .clean import PASSAGE, Segment
from .controls import shown
from .formats import SourceText
from .ingest import PAGE_KEYS
from .sidecar import Sidecar

#: Labels of the provenance card's rows for those keys.
CARD_LABELS = {"author": "Author", "published": "Published", "outlet": "Outlet", "url": "URL",
               "language": "Language"}
FROM_PAGE = "from the page"


def merged(sidecar: Sidecar, source: SourceText) -> tuple[Sidecar, tuple[str, ...]]:
    """The sidecar with the file's own metadata filling what it does not
    give (the sidecar wins), and the keys so filled."""
    filled = tuple(key for key in PAGE_KEYS
                   if not sidecar.get(key) and source.meta.get(key))
    if not filled:
        return sidecar, ()
    values = dict(sidecar.values)
    values.update({key: source.meta[key] for key in filled})
    # replace() keeps every other field (the declared ones in ``extra`` too).
    return dataclasses.replace(sidecar, values=values), filled


def extract_digest(segments: list[Segment]) -> str:
    """sha256 of the passages' texts in order: the numbering a citation uses."""
    digest = hashlib.sha256()
    for segment in segments:
        if segment.kind == PASSAGE:
            text = segment.text.encode("utf-8", "surrogatepass")
            digest.update(f"{len(text)}\0".encode())
            digest.update(text)
    return digest.hexdigest()


def mark_field(label: str, child: nodes.Node, page_fields: tuple[str, ...]) -> nodes.Node:
    """A card value, marked when it came from the file rather than the sidecar."""
    if not any(CARD_LABELS.get(key) == label for key in page_fields):
        return child
    return nodes.inline("", "", child, nodes.inline("", f" ({FROM_PAGE})",
                                                    classes=["kb-from-page"]))


def metadata_row(page_fields: tuple[str, ...], has_sidecar: bool) -> str:
    """Which fields the file gave and which the sidecar: one line of the card."""
    page = f"{', '.join(page_fields)} from the page" if page_fields else ""
    rest = "the rest from the sidecar" if has_sidecar else "no sidecar"
    if not page_fields:
        return "all from the sidecar" if has_sidecar else "none found in the file, no sidecar"
    return f"{page}; {rest}"


def extraction_note(source: SourceText) -> str:
    if not source.article.text:
        return f"read with {source.extractor}: no text"
    blocks = len(source.left_out)
    left = (f"; {blocks} text block{'s' if blocks != 1 else ''} of the file left out "
            "(listed at the end of this page)") if blocks else ""
    return f"text extracted by {source.extractor}{left}"


#: What the line numbers of an extracted source's text count, as the page
#: says it: the numbers a curator's keep_lines and remove_lines take.
TEXT_LINES = "lines of the extracted text"


def left_out_block(left_out: list[Segment]) -> kb_details:
    """The page's text the extractor did not keep, by line of the HTML file:
    not lines of the extracted text, which the curator's line numbers count."""
    details = kb_details(classes=["kb-removed", "kb-left-out", "no-search"])
    count = len(left_out)
    details += kb_summary("", f"Left out by the extractor: {count} text "
                              f"block{'s' if count != 1 else ''} of the HTML file, by its "
                              f"line numbers (not {TEXT_LINES}, which keep_lines and "
                              "remove_lines count)")
    details += kb_removed_lines(
        classes=["kb-removed-list"],
        lines=[(f"HTML line {s.start} · {s.reason}", shown(s.text)) for s in left_out])
    return details
