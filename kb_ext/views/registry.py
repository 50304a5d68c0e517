"""Every kind of generated content, and the one pipeline that runs them.

After reading, ``env-get-updated`` collects each placeholder's content once
(:mod:`.base`), hashes it per page together with the names of objects the
page links to by name, and returns the pages whose digest changed. On
``doctree-resolved`` one walk over the page's doctree renders each
placeholder from that same collected data, so an incremental build writes
exactly what a full build would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..changes import env_changed
from ..knowledge.records import Placeholder
from ..knowledge.types import display_name
from ..nodes import kb_placeholder
from ..state import KnowledgeBase
from . import (
    actor,
    claim,
    event,
    indexes,
    matrix,
    network,
    overview,
    source,
    theme,
    timeline,
)
from .base import Context, View
from .render import Renderer

VIEWS: dict[str, View] = {view.kind: view for view in (
    source.VIEW, actor.VIEW, theme.VIEW, claim.VIEW, event.VIEW, indexes.VIEW, matrix.VIEW,
    overview.VIEW, network.VIEW, timeline.VIEW)}


def _context(kb: KnowledgeBase) -> Context:
    return Context(kb.domain, kb.evidence(), kb.app.config)


def collected(kb: KnowledgeBase, placeholder: Placeholder) -> object:
    """What ``placeholder`` shows, collected once per build."""
    cache = kb.build.collected
    if placeholder not in cache:
        view = VIEWS[placeholder.kind]
        cache[placeholder] = view.collect(_context(kb), placeholder.argument)
    return cache[placeholder]


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    kb = KnowledgeBase(app)
    domain = kb.domain
    if not env_changed(app) and domain.digests:
        return []  # same domain data, same derived data: no page's generated content changed
    kb.rederive()
    previous = domain.digests
    digests: dict[str, str] = {}
    stores = domain.stores()
    for docname in domain.placeholders.keys() | domain.references.keys():
        content: list[object] = [collected(kb, p) for p in domain.placeholders.get(docname, ())]
        # Links shown by name: their text and target come from the linked object.
        for reference in domain.references.get(docname, ()):
            record = domain.lookup(reference.objtype, reference.target)
            content.append((reference, record and (
                record.docname, record.node_id, display_name(reference.objtype, record, stores))))
        digests[docname] = hashlib.sha256(repr(content).encode()).hexdigest()
    domain.digests = digests
    changed = [doc for doc, digest in digests.items() if previous.get(doc) != digest]
    return sorted(set(changed) & set(env.all_docs))


# Builders that resolve each document's own tree; others (singlehtml, latex)
# assemble one tree from many documents, whose nodes it then holds.
PER_DOCUMENT_BUILDERS = frozenset({"html", "dirhtml", "epub"})


def tree_has_none(app: Sphinx, docname: str, registry: Container[str]) -> bool:
    """Whether the tree resolved for ``docname`` can hold no placeholder, so
    that walking it can be skipped (most pages have none)."""
    return docname not in registry and app.builder.name in PER_DOCUMENT_BUILDERS


def fill_placeholders(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    kb = KnowledgeBase(app)
    if tree_has_none(app, fromdocname, kb.domain.placeholders):
        return
    found = list(doctree.findall(kb_placeholder))
    if not found:
        return
    renderer = Renderer(app.builder, fromdocname)
    for node in found:
        placeholder = Placeholder(node["kind"], node["argument"])
        view = VIEWS.get(placeholder.kind)
        if view is None:
            node.replace_self([])
            continue
        content = view.render(renderer, collected(kb, placeholder), placeholder.argument,
                              doctree)
        if view.wrapped and content:
            wrapper = nodes.container(classes=["kb-generated", f"kb-generated-{view.kind}"])
            wrapper.extend(content)
            content = [wrapper]
        node.replace_self(content)
