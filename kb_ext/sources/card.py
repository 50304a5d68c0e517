"""The provenance card at the top of a source page: the fields a reader needs
first, the rest one click away, each value marked where a web page or PDF
gave it rather than the sidecar."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from ..compact import kb_field, kb_fields
from ..knowledge.records import SourceMeta
from ..nodes import kb_details, kb_summary
from .card_rows import assessment_rows, further_rows
from .page_meta import mark_field, metadata_row


def provenance_card(meta: SourceMeta, notes: list[str], passages: int,
                    language_detected: bool = False) -> nodes.container:
    """The provenance card at the top of a source page (sphinx-design card classes):
    what a reader needs first (outlet, date, author, language, original URL),
    and the rest in a collapsed block, so the article starts on the first screen."""
    date = meta.published or "unknown"
    if meta.published_approximate and meta.published:  # "unknown (approximate)" says nothing
        date += " (approximate)"
    primary: list[tuple[str, nodes.Node]] = [("Outlet", nodes.Text(meta.outlet))]
    if meta.author:
        primary.append(("Author", nodes.Text(meta.author)))
    primary += [("Published", nodes.Text(date)),
                ("Language", nodes.Text(f"{meta.language} (detected from the text)"
                                        if language_detected and meta.language
                                        else meta.language or "unknown"))]
    primary += assessment_rows(meta)
    secondary: list[tuple[str, nodes.Node]] = [
        ("Kind", nodes.Text(meta.kind)),
        ("Retrieved", nodes.Text(meta.retrieved or "unknown")),
        ("Words", nodes.Text(f"{meta.words:,} in {passages} passages")),
        ("SHA-256", nodes.literal("", meta.sha256)),
        ("Raw file", nodes.literal("", Path(meta.raw_path).name)),
        ("Cleaning", nodes.Text(
            f"{meta.removed_lines} raw lines removed (listed at the end of this page)"
            if meta.removed_lines else "nothing removed")),
    ]
    secondary += [("Note", nodes.Text(note)) for note in notes]
    if meta.perspective:
        secondary.append(("Perspective", nodes.Text(meta.perspective)))
    secondary += further_rows(meta)
    if meta.extractor:
        secondary.append(("Metadata", nodes.Text(metadata_row(meta.page_fields,
                                                              bool(meta.sidecar_path)))))
    primary = [(label, mark_field(label, child, meta.page_fields)) for label, child in primary]
    more = kb_details(classes=["kb-provenance-more"])
    more += kb_summary("", " · ".join(dict.fromkeys(label for label, _child in secondary)))
    more += _fields(secondary)
    header = nodes.container("", nodes.paragraph("", "Provenance"),
                             classes=["sd-card-header", "kb-card-header"])
    body = nodes.container("", _fields(primary), more, classes=["sd-card-body"])
    return nodes.container("", header, body, classes=["sd-card", "sd-mb-3", "sd-shadow-sm",
                                                       "kb-card", "kb-source-card"])


def _fields(rows: list[tuple[str, nodes.Node]]) -> kb_fields:
    fields = kb_fields(classes=["kb-provenance"])
    for label, child in rows:
        fields += kb_field("", "", child, label=label)
    return fields
