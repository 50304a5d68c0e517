"""The shape of a view: one kind of generated content, as a pair of
functions. ``collect`` turns the domain and the evidence into plain, sorted,
named rows; ``render`` turns those rows into docutils nodes for one page.
The page digest is taken over what ``collect`` returns, and ``render`` sees
nothing else, so what is written can never drift from what was compared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.config import Config

from .render import Renderer
from .tracking import TrackedDomain, TrackedEvidence


class Context(NamedTuple):
    """What a view's collect step may read; every read is noted."""

    domain: TrackedDomain
    evidence: TrackedEvidence
    config: Config


class View(NamedTuple):
    kind: str
    collect: Callable[[Context, str], Any]
    #: (renderer, collected data, argument, the page's doctree) -> nodes
    render: Callable[[Renderer, Any, str, nodes.document], list[nodes.Node]]
    #: whether the content goes in a ``kb-generated`` container (pictures bring their own)
    wrapped: bool = True
    #: (collected data, the placeholder node) -> None: warns, when the page is
    #: written, about what only the whole knowledge base can tell (a filter's unknown ids)
    report: Callable[[Any, nodes.Element], None] | None = None
    #: (collected data) -> whether it has nothing to show (a filtered view
    #: then says that nothing matches instead of drawing an empty table)
    empty: Callable[[Any], bool] | None = None
