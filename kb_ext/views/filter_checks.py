"""Filter values that name nothing (``:theme: nosuchtheme``, ``:outlet: Rt``),
said once per build after reading, like unknown references
(:mod:`kb_ext.knowledge.report`): recorded as each page is read, checked
against the whole knowledge base, so a rebuild that reads or writes nothing
says them again and ``make check`` says them too."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ..diagnostics import warn
from ..knowledge.suggest import did_you_mean
from ..nodes import kb_placeholder
from .filters import ID_OPTIONS, TEXT_OPTIONS, decode

if TYPE_CHECKING:
    from ..knowledge.domain import KbDomain


class FilterValue(NamedTuple):
    """One value of a filter option, as written on a page."""

    option: str
    value: str
    #: ``"file:line"`` of the option
    location: str


def filter_values(doctree: nodes.document) -> tuple[FilterValue, ...]:
    """The id and sidecar-value options of every filtered view in ``doctree``."""
    rows = []
    for node in doctree.findall(kb_placeholder):
        lines: dict[str, int] = node.get("filter_lines", {})
        if not lines:
            continue
        _base, question = decode(node["argument"])
        for option in (*ID_OPTIONS, *TEXT_OPTIONS):
            line = lines.get(option) or node.line or 0
            rows += [FilterValue(option, value, f"{node.source}:{line}")
                     for value in getattr(question, option)]
    return tuple(rows)


def check_filter_values(domain: KbDomain, docnames: set[str]) -> None:
    """Warn of each value that names no object, or no source's sidecar value."""
    written = {option: {getattr(s.meta, option) for s in domain.sources.values()}
               for option in TEXT_OPTIONS}
    for docname in sorted(domain.filter_values.keys() & docnames):
        for row in domain.filter_values[docname]:
            if row.option in ID_OPTIONS:
                objtype = ID_OPTIONS[row.option]
                if row.value in getattr(domain, f"{objtype}s"):
                    continue
                what = f"names no known {objtype}"
                # An actor by its name or alias, as the roles suggest it.
                hint = did_you_mean(domain, objtype, row.value)
            elif row.value in written[row.option]:
                continue
            else:
                what, hint = "is the value of no source's sidecar", ""
            warn("ref", f":{row.option}: {row.value!r} {what}; the filter matches nothing for "
                 f"it{hint}", location=row.location)
