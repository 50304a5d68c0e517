"""Every kind of generated content, and the one pipeline that runs them.

After reading, ``env-get-updated`` collects placeholders (:mod:`.base`),
hashes each one's content, and returns the pages whose placeholders' digests,
or the names of objects they link to by name, changed. Each collect step's
reads are kept (:mod:`.tracking`), so after an edit only the placeholders
whose reads meet what the edit changed (:mod:`.invalidation`) are collected
again. On ``doctree-resolved`` one walk over the page's doctree renders each
placeholder from freshly collected data, so an incremental build writes
exactly what a full build would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Container

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..changes import changed_docs, env_changed
from ..diagnostics import logger
from ..knowledge.caches import KeptCollect, ViewDigest
from ..knowledge.records import Placeholder
from ..knowledge.types import display_name
from ..nodes import kb_placeholder
from ..state import KnowledgeBase
from . import (
    actor,
    agreement,
    claim,
    curation,
    event,
    indexes,
    matrix,
    neighbourhood,
    network,
    overview,
    source,
    theme,
    timeline,
)
from .base import Context, View
from .filtered import filtered
from .invalidation import changed_keys
from .render import Renderer
from .tracking import TrackedDomain, TrackedEvidence, object_key

VIEWS: dict[str, View] = {view.kind: view for view in (
    source.VIEW, actor.VIEW, theme.VIEW, claim.VIEW, event.VIEW, overview.VIEW,
    neighbourhood.VIEW, curation.VIEW,
    # The views a curator may narrow with filter options (views/filters.py).
    *(filtered(v) for v in (indexes.VIEW, matrix.VIEW, network.VIEW, timeline.VIEW,
                            agreement.VIEW)))}


def _context(kb: KnowledgeBase, reads: set[str]) -> Context:
    """What a collect step reads, noting each read in ``reads``."""
    return Context(TrackedDomain(kb.domain, reads), TrackedEvidence(kb.evidence(), reads),
                   kb.app.config)


def _collect(kb: KnowledgeBase, placeholder: Placeholder, reads: set[str]) -> object:
    return VIEWS[placeholder.kind].collect(_context(kb, reads), placeholder.argument)


def collect_kept(kb: KnowledgeBase, collect: Callable[[Context], object],
                 kept: KeptCollect | None) -> KeptCollect:
    """``collect``'s result: ``kept`` while this build changed nothing it read
    (after an edit; a build that collects everything collects it again)."""
    changed = kb.build.changed_keys
    if kept is not None and changed is not None and changed.isdisjoint(kept.reads):
        return kept
    reads: set[str] = set()
    value = collect(_context(kb, reads))
    return KeptCollect(frozenset(reads), value)


def collected(kb: KnowledgeBase, placeholder: Placeholder) -> object:
    """What ``placeholder`` shows, collected once per build."""
    cache = kb.build.collected
    if placeholder not in cache:
        cache[placeholder] = _collect(kb, placeholder, set())
    return cache[placeholder]


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    kb = KnowledgeBase(app)
    domain = kb.domain
    purged = domain.take_purged()
    if not env_changed(app) and domain.digests:
        kb.replay_derived()  # still true: said on every build until fixed
        return []  # same domain data, same derived data: no page's generated content changed
    evidence = kb.rederive()
    if not kb.writes_pages:
        return []  # checks only (kb_ext.knowledge.check_builder): no page is written
    docs = changed_docs(app)
    previous = domain.view_digests
    # None: collect everything (a first build, or one after an unfinished build).
    changed = (None if docs is None or not domain.digests
               # Documents read, and those whose definitions were set aside or put back.
               else changed_keys(domain, evidence, purged, docs | purged.keys()))
    kb.build.changed_keys = changed
    views: dict[Placeholder, ViewDigest] = {}
    recollected: set[Placeholder] = set()
    for placeholders in domain.placeholders.values():
        for placeholder in placeholders:
            if placeholder in views:
                continue
            old = previous.get(placeholder)
            if old is not None and changed is not None and changed.isdisjoint(old.reads):
                views[placeholder] = old
                continue
            reads: set[str] = set()
            data = _collect(kb, placeholder, reads)
            kb.build.collected[placeholder] = data
            views[placeholder] = ViewDigest(_digest(data), frozenset(reads))
            recollected.add(placeholder)
    domain.view_digests = views
    if changed is not None:
        logger.info("kb_ext: %d of %d generated sections collected again", len(recollected),
                    len(views))
    pages = _page_digests(kb, views, recollected, changed, docs or set())
    before = domain.digests
    domain.digests = pages
    if kb.build.pending:
        # The last build that read something did not finish: it may have saved
        # these digests and then stopped before writing the pages (Ctrl-C).
        return sorted(doc for doc in pages if doc in env.all_docs)
    return sorted(doc for doc, digest in pages.items()
                  if before.get(doc) != digest and doc in env.all_docs)


def _page_digests(kb: KnowledgeBase, views: dict[Placeholder, ViewDigest],
                  recollected: set[Placeholder], changed: set[str] | None,
                  docs: set[str]) -> dict[str, str]:
    """docname -> digest of everything generated on it; a page none of whose
    placeholders or named links changed keeps its digest."""
    domain = kb.domain
    before = domain.digests
    stores = domain.stores()
    pages: dict[str, str] = {}
    for docname in domain.placeholders.keys() | domain.references.keys():
        placeholders = domain.placeholders.get(docname, ())
        references = domain.references.get(docname, ())
        if (changed is not None and docname not in docs and docname in before
                and recollected.isdisjoint(placeholders)
                and not any(object_key(r.objtype, r.target) in changed
                            or object_key(r.objtype, r.target.lower()) in changed
                            for r in references)):
            pages[docname] = before[docname]
            continue
        content: list[object] = [views[p].digest for p in placeholders]
        # Links shown by name: their text and target come from the linked object.
        for reference in references:
            record = domain.lookup(reference.objtype, reference.target)
            content.append((reference, record and (
                record.docname, record.node_id, display_name(reference.objtype, record, stores))))
        pages[docname] = _digest(content)
    return pages


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
        data = collected(kb, placeholder)
        if view.report is not None:
            view.report(data, node)
        content = view.render(renderer, data, placeholder.argument, doctree)
        if view.wrapped and content:
            wrapper = nodes.container(classes=["kb-generated", f"kb-generated-{view.kind}"])
            wrapper.extend(content)
            content = [wrapper]
        node.replace_self(content)
