"""Directives that ask for generated content: an index of one object type,
the stance matrix, the landing page's overview, the network and the timeline.
Each leaves a placeholder that :mod:`.registry` fills."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..diagnostics import warn
from ..knowledge.domain import kb_domain
from ..nodes import kb_placeholder
from .indexes import INDEX_TYPES


class PlaceholderDirective(SphinxDirective):
    kind = ""

    def placeholder(self, argument: str) -> list[nodes.Node]:
        kb_domain(self.env).note_placeholder(self.env.docname, self.kind, argument)
        node = kb_placeholder(kind=self.kind, argument=argument)
        self.set_source_info(node)
        return [node]

    def run(self) -> list[nodes.Node]:
        return self.placeholder("")


class IndexDirective(PlaceholderDirective):
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


class MatrixDirective(PlaceholderDirective):
    """The stance matrix: claims × sources."""

    kind = "matrix"


class NetworkDirective(PlaceholderDirective):
    """A picture of claims, their sources and the actors they name."""

    kind = "network"


class TimelineDirective(PlaceholderDirective):
    """A picture of sources by date with the positions they take, and events."""

    kind = "timeline"


PLACEHOLDER_DIRECTIVES: dict[str, type[SphinxDirective]] = {
    "index": IndexDirective,
    "overview": OverviewDirective,
    "matrix": MatrixDirective,
    "network": NetworkDirective,
    "timeline": TimelineDirective,
}
