"""Directives that ask for generated content: an index of one object type,
the stance matrix, the landing page's overview, the network, the timeline and who agrees
with whom.
Each leaves a placeholder that :mod:`.registry` fills. The index, matrix,
network, timeline and agreement take filter options (:mod:`.filters`)."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..diagnostics import warn
from ..knowledge.domain import kb_domain
from ..nodes import kb_placeholder
from .filters import OPTIONS, encode, parse_options
from .indexes import INDEX_TYPES


class PlaceholderDirective(SphinxDirective):
    kind = ""

    def placeholder_node(self, argument: str) -> kb_placeholder:
        kb_domain(self.env).note_placeholder(self.env.docname, self.kind, argument)
        node = kb_placeholder(kind=self.kind, argument=argument)
        self.set_source_info(node)
        return node

    def placeholder(self, argument: str) -> list[nodes.Node]:
        return [self.placeholder_node(argument)]

    def run(self) -> list[nodes.Node]:
        return self.placeholder("")


class FilteredDirective(PlaceholderDirective):
    """A placeholder whose content the filter options narrow."""

    option_spec = {option: directives.unchanged for option in OPTIONS}

    def option_lines(self) -> dict[str, int]:
        """option -> its line in the file, for warnings about its values."""
        lines: dict[str, int] = {}
        for offset, text in enumerate(self.block_text.splitlines()):
            name = text.strip().partition(":")[2].partition(":")[0]
            if text.strip().startswith(":") and name in self.options:
                lines.setdefault(name, self.lineno + offset)
        return lines

    def placeholder(self, argument: str) -> list[nodes.Node]:
        lines = self.option_lines()
        source, _line = self.get_source_info()
        question = parse_options(
            self.options, lambda option: f"{source}:{lines.get(option, self.lineno)}", self.kind)
        node = self.placeholder_node(encode(argument, question))
        if question:
            node["filter_lines"] = lines
        return [node]


class IndexDirective(FilteredDirective):
    """A generated list of every object of one type."""

    kind = "index"
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        objtype = self.arguments[0].strip()
        if objtype not in INDEX_TYPES:
            warn("directive", f"kb:index {objtype!r} is not one of {', '.join(INDEX_TYPES)}",
                 location=self.get_location())
            return []
        return self.placeholder(objtype)


class OverviewDirective(PlaceholderDirective):
    """Landing-page summary: counts, newest sources, most disputed claims, key actors."""

    kind = "overview"


class MatrixDirective(FilteredDirective):
    """The stance matrix: claims × sources."""

    kind = "matrix"


class NetworkDirective(FilteredDirective):
    """A picture of claims, their sources and the actors they name."""

    kind = "network"


class TimelineDirective(FilteredDirective):
    """A picture of sources by date with the positions they take, and events."""

    kind = "timeline"


class AgreementDirective(FilteredDirective):
    """Who agrees with whom: a matrix of outlets and the claims behind each pair."""

    kind = "agreement"


PLACEHOLDER_DIRECTIVES: dict[str, type[SphinxDirective]] = {
    "index": IndexDirective,
    "overview": OverviewDirective,
    "matrix": MatrixDirective,
    "network": NetworkDirective,
    "timeline": TimelineDirective,
    "agreement": AgreementDirective,
}
