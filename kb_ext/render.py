"""Turn collected placeholder data into docutils nodes on ``doctree-resolved``."""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import NoUri

from .backlinks import derived_for
from .collect import collect
from .directives import badge, badge_part
from .models import STANCES
from .nodes import (
    Link,
    RowPart,
    Span,
    colspecs,
    kb_placeholder,
    link_rows,
    mention_groups,
    table,
)

SOURCE_ROW = ("published", "approximate", "outlet", "kind", "title", "docname", "node_id",
              "words", "id")


def _source(row: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(SOURCE_ROW, row, strict=False))


class Renderer:
    def __init__(self, builder: Builder, fromdocname: str):
        self.builder = builder
        self.fromdocname = fromdocname
        self._uris: dict[str, str] = {}

    def relative_uri(self, docname: str) -> str:
        """Cached per page: back-link lists link the same pages many times."""
        if not docname:
            return ""
        if docname not in self._uris:
            self._uris[docname] = self.builder.get_relative_uri(self.fromdocname, docname)
        return self._uris[docname]

    def target(self, docname: str, anchor: str) -> str | None:
        """The link to ``anchor`` on ``docname`` from this page; None when the
        builder has no URI for it (e.g. LaTeX, for a page outside the document)."""
        try:
            uri = self.relative_uri(docname)
        except NoUri:
            return None
        return uri + "#" + anchor if anchor else uri

    def link(self, docname: str, anchor: str, child: nodes.Node | str,
             title: str = "", classes: Sequence[str] = ()) -> nodes.Element:
        if isinstance(child, str):
            child = nodes.Text(child)
        uri = self.target(docname, anchor)
        if uri is None:
            return nodes.inline("", "", child, classes=list(classes))
        ref = nodes.reference("", "", child, internal=True, refuri=uri, classes=list(classes))
        if title:
            ref["reftitle"] = title
        return ref

    @staticmethod
    def rubric(text: str) -> nodes.rubric:
        return nodes.rubric(text, text, classes=["kb-backlinks-heading"])

    @staticmethod
    def table(headers: Sequence[str], rows: list[list[nodes.Node | str]],
              classes: Sequence[str] = ()) -> nodes.table:
        table = nodes.table(classes=["kb-table", *classes])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(colspecs(headers, [[c if isinstance(c, str) else c.astext() for c in row]
                                        for row in rows]))
        head = nodes.thead()
        head += nodes.row("", *(nodes.entry("", nodes.paragraph("", h)) for h in headers))
        group += head
        body = nodes.tbody()
        for cells in rows:
            row = nodes.row()
            for cell in cells:
                child = nodes.Text(cell) if isinstance(cell, str) else cell
                row += nodes.entry("", nodes.paragraph("", "", child))
            body += row
        group += body
        return table

    def source_link(self, row: Sequence[Any]) -> nodes.reference:
        source = _source(row)
        return self.link(source["docname"], "", source["title"], classes=["kb-source-link"])

    @staticmethod
    def date(row: Sequence[Any]) -> str:
        source = _source(row)
        return (source["published"] or "n.d.") + ("~" if source["approximate"] else "")

    def stance(self, stance: str, docname: str = "", anchor: str = "") -> nodes.Node:
        node = badge(stance, "kb-stance", f"kb-stance-{stance}")
        node["reftitle"] = STANCES[stance]
        return self.link(docname, anchor, node, STANCES[stance]) if docname else node

    @staticmethod
    def stance_part(stance: str) -> Span:
        return badge_part(stance, "kb-stance", f"kb-stance-{stance}")

    def claim_list(self, claims: list[Sequence[Any]]) -> nodes.bullet_list:
        items = nodes.bullet_list(classes=["kb-claim-list"])
        for statement, docname, node_id, status, _claim_id in claims:
            paragraph = nodes.paragraph()
            paragraph += badge(status, "kb-status", f"kb-status-{status}")
            paragraph += nodes.Text(" ")
            paragraph += self.link(docname, node_id, statement)
            items += nodes.list_item("", paragraph)
        return items

    # -- one method per placeholder kind --------------------------------------
    def source(self, data: dict[str, Any], doctree: nodes.document) -> list[nodes.Node]:
        passages = {node["ids"][0]: node for node in doctree.findall(nodes.paragraph)
                     if "kb-passage" in node["classes"] and node["ids"]} if data["cited"] else {}
        for anchor, citations in data["cited"].items():
            paragraph = passages.get(anchor)
            if paragraph is None:
                continue
            note = nodes.inline(classes=["kb-cited-by"])
            note += nodes.Text(" Cited by: ")
            for index, (statement, docname, pos_id, stance, _label) in enumerate(citations):
                if index:
                    note += nodes.Text("; ")
                note += self.stance(stance)
                note += nodes.Text(" ")
                note += self.link(docname, pos_id, statement, classes=["kb-claim-link"])
            paragraph += note
        if not data["actors"]:
            return []
        # Aliases are shown (not hidden) so that searching any spelling finds
        # every source mentioning the actor, whatever spelling the source uses.
        rows: list[list[RowPart]] = []
        for name, _actor_id, docname, node_id, count, aliases in data["actors"]:
            row = [self._row_link(docname, node_id, name, "", f"mentioned in {count} passages"),
                   f" ({count} passage{'s' if count != 1 else ''})"]
            if aliases:
                row.append(Span(" also written " + "; ".join(aliases), "kb-aliases"))
            rows.append(row)
        return [self.rubric("Actors mentioned"),
                self._compact(link_rows(rows, ["kb-actors-mentioned"], searchable=True))]

    def actor(self, data: dict[str, Any], doctree: nodes.document) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        if data["claims"]:
            result += [self.rubric("Claims"), self.claim_list(data["claims"])]
        mentions = data["mentions"]
        result.append(self.rubric(f"Mentioned in {mentions['count']} sources"))
        if not mentions["count"]:
            result.append(nodes.paragraph("", "No source mentions this actor."))
            return result
        if mentions["listed"] and mentions["quoted"]:
            result.append(nodes.paragraph(
                "", f"Passages from the {len(mentions['quoted'])} most recent sources; the "
                f"{len(mentions['listed'])} earlier ones are listed after them.",
                classes=["kb-mentions-note"]))
        if mentions["quoted"]:
            result.append(self._quoted_mentions(mentions["quoted"]))
        if mentions["listed"]:
            result.append(self._listed_mentions(mentions["listed"]))
        return result

    def _quoted_mentions(self, rows: list[Sequence[Any]]) -> nodes.Element:
        groups = []
        for row in rows:
            source = _source(row)
            docname, passages, more = source["docname"], row[9], row[10]
            head = (self._source_cell(row), f" — {source['outlet']}, {self.date(row)}")
            snippets: list[Sequence[RowPart]] = [
                (self._row_link(docname, anchor, f"¶{anchor[1:]}", "kb-anchor"), " " + text)
                for anchor, text in passages]
            also: list[RowPart] = []
            for index, anchor in enumerate(more):
                also += [", " if index else "Also in ",
                         self._row_link(docname, anchor, f"¶{anchor[1:]}")]
            groups.append((head, snippets, tuple(also)))
        return self._compact(mention_groups(groups, ["kb-mentions"]))

    def _listed_mentions(self, rows: list[Sequence[Any]]) -> nodes.Element:
        """One line per source: title, outlet, date and a link to the first passage."""
        # Only titles of pages indexed in their own right: kept out of the search
        # index so that a title search lists the source, not every actor page.
        # An actor named everywhere lists thousands: one compact node, not eight a line.
        lines = []
        for row in rows:
            source = _source(row)
            first, count = row[9], row[10]
            lines.append((
                self._row_link(source["docname"], "", source["title"], "kb-source-link"),
                f" — {source['outlet']}, {self.date(row)}: ",
                self._row_link(source["docname"], first, f"¶{first[1:]}", "kb-anchor"),
                *([f" and {count - 1} more"] if count > 1 else [])))
        return self._compact(link_rows(lines, ["kb-mentions-listed", "no-search"],
                                       searchable=False))

    def _compact(self, node: nodes.Element) -> nodes.Element:
        """Compact nodes are written by the HTML writer; other builders get
        ordinary nodes (filled after post-transforms, which would expand them)."""
        return node if self.builder.format == "html" else node.expanded()

    def _row_link(self, docname: str, anchor: str, text: str, classes: str = "",
                  title: str = "") -> RowPart:
        uri = self.target(docname, anchor)
        return text if uri is None else Link(text, uri, classes, title)

    def _source_cell(self, row: Sequence[Any]) -> RowPart:
        source = _source(row)
        return self._row_link(source["docname"], "", source["title"], "kb-source-link")

    def _table(self, headers: list[str], rows: list[list[Sequence[RowPart] | str]],
               classes: Sequence[str] = (), row_ids: Sequence[str] = ()) -> nodes.Element:
        cells = [[(cell,) if isinstance(cell, str) else cell for cell in row] for row in rows]
        return self._compact(table(headers, cells, ["kb-table", *classes], row_ids))

    def theme(self, data: dict[str, Any], doctree: nodes.document) -> list[nodes.Node]:
        result: list[nodes.Node] = [self.rubric("Claims")]
        result.append(self.claim_list(data["claims"]) if data["claims"]
                      else nodes.paragraph("", "No claim is filed under this theme yet."))
        if data["sources"]:
            rows: list[list[Sequence[RowPart] | str]] = []
            for row in data["sources"]:
                stances: list[RowPart] = []
                for stance, count in row[9]:
                    stances += [self.stance_part(stance),
                                f" ×{count} "]
                rows.append([self.date(row), (self._source_cell(row),), _source(row)["kind"],
                             stances])
            result += [self.rubric("Sources that speak to it"),
                       self._table(["Date", "Source", "Kind", "Positions"], rows)]
        if data["actors"]:
            paragraph = nodes.paragraph()
            for index, (name, docname, node_id) in enumerate(data["actors"]):
                if index:
                    paragraph += nodes.Text(", ")
                paragraph += self.link(docname, node_id, name)
            result += [self.rubric("Actors involved"), paragraph]
        return result

    def claim(self, data: list[Sequence[Any]], doctree: nodes.document) -> list[nodes.Node]:
        if not data:
            return [nodes.paragraph("", "No positions recorded yet.")]
        rows: list[list[Sequence[RowPart] | str]] = []
        ids = []
        for pos_id, source_row, stance, _label, quote, anchor, note, _number in data:
            source = _source(source_row)
            quote_text = f"“{quote}”"
            quote_parts: list[RowPart] = [
                self._row_link(source["docname"], anchor, quote_text, "kb-quote-link",
                               f"{source['title']}, ¶{anchor[1:]}") if anchor else quote_text]
            if note:
                quote_parts.append(Span(f" — {note}", tag="em"))
            rows.append([(self._source_cell(source_row) if source["docname"] else source["title"],),
                         self.date(source_row), source["kind"],
                         (self.stance_part(stance),),
                         (Span(tuple(quote_parts), "kb-quote"),)])
            ids.append(pos_id)
        return [self.rubric("Positions"),
                self._table(["Source", "Date", "Kind", "Stance", "Quote"], rows,
                            ["kb-positions"], ids)]

    def index(self, data: list[Sequence[Any]], kind: str) -> list[nodes.Node]:
        rows: list[list[Sequence[RowPart] | str]]
        if kind == "source":
            rows = [[self.date(r), _source(r)["outlet"], _source(r)["kind"],
                     (self._source_cell(r),), f"{_source(r)['words']:,}"] for r in data]
            return [self._table(["Date", "Outlet", "Kind", "Title", "Words"], rows,
                                ["kb-source-index"])]
        if kind == "actor":
            rows = [[(self._row_link(docname, node_id, name),), actor_kind, str(sources),
                     str(claims)]
                    for actor_kind, name, docname, node_id, sources, claims in data]
            return [self._table(["Actor", "Kind", "Sources mentioning", "Claims"], rows,
                                ["kb-actor-index"])]
        if kind == "theme":
            rows = [[(self._row_link(docname, node_id, title),), str(count)]
                    for title, docname, node_id, count in data]
            return [self._table(["Theme", "Claims"], rows, ["kb-theme-index"])]
        rows = []
        for statement, docname, node_id, status, _claim_id, counts in data:
            rows.append([(self._row_link(docname, node_id, statement),),
                         (badge_part(status, "kb-status"),),
                         *(str(count) for count in counts)])
        return [self._table(["Claim", "Status", *STANCES], rows, ["kb-claim-index"])]

    @staticmethod
    def card(title: str, *children: nodes.Node) -> nodes.container:
        header = nodes.container("", nodes.paragraph("", title), classes=["sd-card-header"])
        body = nodes.container("", *children, classes=["sd-card-body"])
        card = nodes.container("", header, body,
                               classes=["sd-card", "sd-shadow-sm", "sd-h-100", "kb-card"])
        return nodes.container("", card, classes=["sd-col", "sd-d-flex-column", "kb-col"])

    def overview(self, data: dict[str, Any], doctree: nodes.document) -> list[nodes.Node]:
        labels = ("sources", "passages", "actors", "themes", "claims", "positions")
        counts = nodes.container(classes=["kb-counts"])
        for label, count in zip(labels, data["counts"], strict=True):
            counts += nodes.paragraph("", "", nodes.strong("", f"{count:,}"),
                                      nodes.Text(f" {label}"), classes=["kb-count"])
        newest = nodes.bullet_list()
        for row in data["newest"]:
            item = nodes.paragraph("", "", self.source_link(row),
                                   nodes.Text(f" — {_source(row)['outlet']}, {self.date(row)}"))
            newest += nodes.list_item("", item)
        actors = nodes.bullet_list()
        for name, docname, node_id, count in data["actors"]:
            actors += nodes.list_item("", nodes.paragraph(
                "", "", self.link(docname, node_id, name),
                nodes.Text(f" — in {count} source{'s' if count != 1 else ''}")))
        row = nodes.container(classes=["sd-row", "sd-row-cols-1", "sd-row-cols-md-3", "sd-g-3",
                                       "kb-overview"])
        row += self.card("Newest sources", newest)
        row += self.card("Most disputed claims", self.claim_list(data["disputed"]))
        row += self.card("Key actors", actors)
        grid = nodes.container("", row, classes=["sd-container-fluid", "sd-mb-4"])
        return [counts, grid]

    def matrix(self, data: dict[str, Any]) -> list[nodes.Node]:
        headers = ["Claim"] + [f"{_source(c)['outlet']} ({self.date(c)})" for c in data["columns"]]
        rows = []
        for statement, docname, node_id, _status, _claim_id, cells in data["rows"]:
            row: list[nodes.Node | str] = [self.link(docname, node_id, statement)]
            for stances in cells:
                cell = nodes.inline()
                for stance, pos_doc, pos_id in stances:
                    cell += self.stance(stance, pos_doc, pos_id)
                row.append(cell if stances else "—")
            rows.append(row)
        legend = nodes.paragraph("", "Columns are sources, oldest first: ")
        if data["omitted"]:
            legend = nodes.paragraph("", f"Columns are the {len(data['columns'])} most cited "
                                     f"sources ({data['omitted']} more are cited; see each "
                                     "claim's page), oldest first: ")
        for index, column in enumerate(data["columns"]):
            if index:
                legend += nodes.Text("; ")
            legend += self.source_link(column)
        return [legend, self.table(headers, rows, ["kb-matrix"])]


# Builders that resolve each document's own tree; others (singlehtml, latex)
# assemble one tree from many documents, whose nodes it then holds.
PER_DOCUMENT_BUILDERS = frozenset({"html", "dirhtml", "epub"})


def tree_has_none(app: Sphinx, docname: str, registry: Container[str]) -> bool:
    """Whether the tree resolved for ``docname`` can hold none of the nodes
    ``registry`` lists the documents of, so that walking it can be skipped
    (most pages have no placeholder and no picture)."""
    return docname not in registry and app.builder.name in PER_DOCUMENT_BUILDERS


def fill_placeholders(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    if tree_has_none(app, fromdocname, app.env.domains["kb"].data["placeholders"]):
        return
    placeholders = list(doctree.findall(kb_placeholder))
    if not placeholders:
        return
    env = app.env
    derived = derived_for(app)
    renderer = Renderer(app.builder, fromdocname)
    collected = getattr(app, "kb_collected", {})
    for node in placeholders:
        kind, argument = node["kind"], node["argument"]
        data = (collected[kind, argument] if (kind, argument) in collected
                else collect(env, derived, kind, argument))
        if kind == "index":
            content = renderer.index(data, argument)
        elif kind == "matrix":
            content = renderer.matrix(data)
        else:
            content = getattr(renderer, kind)(data, doctree)
        wrapper = nodes.container(classes=["kb-generated", f"kb-generated-{kind}"])
        wrapper.extend(content)
        node.replace_self(wrapper if content else [])
