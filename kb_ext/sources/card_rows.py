"""The provenance card's rows for a source's assessment, its archived copy
and the project's own sidecar fields (``kb_sidecar_fields``)."""

from __future__ import annotations

from docutils import nodes

from ..knowledge.records import SourceMeta
from .assessment import ExtraValue, assessment_label

Row = tuple[str, nodes.Node]


def original_links(meta: SourceMeta) -> nodes.Element:
    """The archived copy first (it does not change or vanish), then the live
    URL, each labelled; the live URL alone is shown as it always was."""
    if not meta.archive_url:
        return nodes.reference(meta.url, meta.url, refuri=meta.url)
    links = nodes.inline(classes=["kb-original"])
    for label, uri, cls in (("archived", meta.archive_url, "kb-archive-link"),
                            ("live", meta.url, "kb-live-link")):
        if uri:
            if len(links):
                links += nodes.Text(" · ")
            links += nodes.Text(f"{label}: ")
            links += nodes.reference(uri, uri, refuri=uri, classes=[cls])
    return links


def assessment_rows(meta: SourceMeta) -> list[Row]:
    """The card's first rows: where to read the original, and its grade."""
    rows: list[Row] = []
    if meta.archive_url or meta.url:
        rows.append(("URL", original_links(meta)))
    if meta.reliability or meta.credibility:
        rows.append(("Assessment", nodes.Text(assessment_label(meta.reliability,
                                                               meta.credibility))))
    return rows


def _value_text(extra: ExtraValue) -> str:
    if isinstance(extra.value, bool):
        return "yes" if extra.value else "no"
    return str(extra.value)


def further_rows(meta: SourceMeta) -> list[Row]:
    """The rows for the card's collapsed rest: the grade's note and the
    declared fields, in the order conf.py declares them."""
    rows: list[Row] = []
    if meta.assessment_note:
        rows.append(("Assessment note", nodes.Text(meta.assessment_note)))
    rows += [(extra.name.replace("_", " ").capitalize(), nodes.Text(_value_text(extra)))
             for extra in meta.extra]
    return rows
