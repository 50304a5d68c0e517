"""The views a filter applies to (index, matrix, network, timeline, agreement),
wrapped so their own ``collect`` runs over the filter's narrowed context and
their ``render`` is preceded by a line saying what is shown."""

from __future__ import annotations

from typing import Any, NamedTuple

from docutils import nodes

from .base import Context, View
from .filters import ID_OPTIONS, Filter, decode
from .render import Renderer
from .rows import ObjectLink
from .selection import NarrowDomain, NarrowEvidence, select


class Term(NamedTuple):
    """One option as the reader is told it: "theme: Elections or Sanctions"."""

    label: str
    values: tuple[ObjectLink | str, ...]


class Filtered(NamedTuple):
    terms: tuple[Term, ...]
    #: whether no source and no claim matches
    empty: bool
    data: Any
    #: options written with no valid value, which make the view match nothing
    invalid: tuple[str, ...] = ()


_NAMES = {"theme": "title", "actor": "name", "event": "title"}
_LABELS = {"outlet": "outlet", "kind": "source kind", "language": "language",
           "stance": "stance", "status": "claim status"}


def _terms(ctx: Context, q: Filter) -> tuple[Term, ...]:
    terms = []
    for option, objtype in ID_OPTIONS.items():
        store = getattr(ctx.domain, f"{objtype}s")
        values = []
        for value in getattr(q, option):
            record = store.get(value)
            values.append(ObjectLink(getattr(record, _NAMES[option]), record.docname,
                                     record.node_id) if record else value)
        if values:
            terms.append(Term(option, tuple(values)))
    terms += [Term(label, getattr(q, option)) for option, label in _LABELS.items()
              if getattr(q, option)]
    if q.date_from or q.date_to:
        span = (f"from {q.date_from} " if q.date_from else "") + (
            f"to {q.date_to}" if q.date_to else "")
        terms.append(Term("published or dated", (span.strip(),)))
    return tuple(terms)


def narrowed(ctx: Context, q: Filter) -> tuple[Context, Any]:
    chosen = select(ctx, q)
    # The narrow wrappers answer the same questions as the tracked ones.
    narrow = Context(NarrowDomain(ctx, chosen), NarrowEvidence(ctx, chosen),  # type: ignore[arg-type]
                     ctx.config)
    return narrow, chosen


def filtered(view: View) -> View:
    """``view``, taking a filter after ``?`` in its argument."""

    def collect(ctx: Context, argument: str) -> Any:
        base, q = decode(argument)
        if not q:
            return view.collect(ctx, base)
        narrow, chosen = narrowed(ctx, q)
        return Filtered(_terms(ctx, q), not (chosen.sources or chosen.claims),
                        view.collect(narrow, base), q.invalid)

    def render(r: Renderer, data: Any, argument: str, doctree: nodes.document
               ) -> list[nodes.Node]:
        base = argument.partition("?")[0]
        if not isinstance(data, Filtered):
            return view.render(r, data, base, doctree)
        # An option with no valid value may leave no term to name.
        result: list[nodes.Node] = [filter_note(r, data)] if data.terms else []
        if data.invalid:
            options = " and ".join(f":{option}:" for option in data.invalid)
            result.append(nodes.paragraph(
                "", f"Nothing is shown: this view's {options} "
                f"{'has' if len(data.invalid) == 1 else 'have'} no valid value (the build "
                "warns of it), so it cannot say what matches.",
                classes=["kb-filter-empty", "kb-filter-invalid"]))
            return result
        if data.empty:
            result.append(nodes.paragraph("", "Nothing in the knowledge base matches this "
                                          "filter.", classes=["kb-filter-empty"]))
            return result
        if view.empty is not None and view.empty(data.data):
            # Sources or claims match, but none has a row here (a matrix of
            # sources no claim cites): said, rather than an empty table.
            result.append(nodes.paragraph("", "Nothing to show: what matches this filter has "
                                          "no entry in this view.", classes=["kb-filter-empty"]))
            return result
        return result + view.render(r, data.data, base, doctree)

    # Values that name nothing are warned after reading (views/filter_checks.py).
    return View(view.kind, collect, render, view.wrapped)


def filter_note(r: Renderer, data: Filtered) -> nodes.paragraph:
    note = nodes.paragraph("", "Showing only: ", classes=["kb-filter-note"])
    for index, term in enumerate(data.terms):
        if index:
            note += nodes.Text("; ")
        note += nodes.Text(f"{term.label} ")
        for number, value in enumerate(term.values):
            if number:
                note += nodes.Text(" or ")
            if isinstance(value, ObjectLink):
                note += r.link(value.docname, value.node_id, value.name)
            else:
                note += nodes.strong("", value)
    note += nodes.Text(".")
    return note
