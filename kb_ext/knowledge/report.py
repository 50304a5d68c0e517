"""Every kb warning on every build, each exactly once, until it is fixed.

Sphinx says a document's warnings when it reads the document, and a
reference's when it writes the page; a rebuild that reads and writes
nothing says nothing, and ``-W`` passes although the problem is still there.
So:

- what is warned while a document is read is recorded in the domain, per
  document (cleared and merged with it), and said again on a build that does
  not read that document (``env-updated``);
- every kb reference is recorded as the document is read, and checked once
  per build after reading (``env-check-consistency``, or ``write-started``
  when Sphinx skips the consistency check because nothing changed), with the
  id meant when the reference uses another name; Sphinx's own report while
  writing is silenced, so a reference is reported once per build, pages
  written or not;
- filter option values that name nothing are recorded and checked the same
  way (:mod:`kb_ext.views.filter_checks`);
- what deriving warns is recorded too and said again on a build that does
  not derive (:mod:`kb_ext.state`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util import logging

from ..diagnostics import Recorded, replay, start_recording, stop_recording, warn
from ..views.filter_checks import check_filter_values, filter_values
from .domain import KbDomain, kb_domain
from .suggest import did_you_mean


class XrefRow(NamedTuple):
    """A kb reference of a document, as read."""

    objtype: str
    target: str
    #: ``"file:line"`` of the reference
    location: str | None
    #: another reference on the same line reports the same mistake
    quiet: bool


_reading: dict[str, list[Recorded]] = {}


def _started(app: Sphinx, docname: str, source: list[str]) -> None:
    _reading[docname] = start_recording()


def _read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    rows = _reading.pop(docname, None)
    domain = kb_domain(app.env)
    if rows is not None:
        recorded = stop_recording(rows)
        if recorded:
            domain.doc_warnings[docname] = recorded
    xrefs = tuple(XrefRow(node["reftype"], node["reftarget"],
                          logging.get_node_location(node), bool(node.get("kb_quiet")))
                  for node in doctree.findall(pending_xref)
                  # intersphinx's external+name: roles report their own
                  if node.get("refdomain") == "kb" and "intersphinx" not in node)
    if xrefs:
        domain.xrefs[docname] = xrefs
    values = filter_values(doctree)
    if values:
        domain.filter_values[docname] = values


def _replay_unread(app: Sphinx, env: BuildEnvironment) -> None:
    """Say again what reading warned, for the documents this build did not read."""
    from ..state import KnowledgeBase

    read = KnowledgeBase(app).build.changed
    if read is None:
        return
    warnings = kb_domain(env).doc_warnings
    for docname in sorted(warnings.keys() - read):
        if docname in env.all_docs:
            replay(warnings[docname])


def _resolves_elsewhere(app: Sphinx, env: BuildEnvironment, docname: str, row: XrefRow
                        ) -> bool:
    """Whether another extension (intersphinx) resolves the reference."""
    node = pending_xref("", refdomain="kb", reftype=row.objtype, reftarget=row.target,
                        refexplicit=False, refdoc=docname)
    contnode = nodes.inline("", row.target)
    node += contnode
    try:
        return app.events.emit_firstresult("missing-reference", env, node, contnode,
                                           allowed_exceptions=(NoUri,)) is not None
    except NoUri:
        return True


def check_references(app: Sphinx, domain: KbDomain) -> None:
    check_filter_values(domain, set(app.env.all_docs))
    for docname in sorted(domain.xrefs):
        if docname not in app.env.all_docs:
            continue
        for row in domain.xrefs[docname]:
            if row.quiet or domain.lookup(row.objtype, row.target) is not None:
                continue
            if _resolves_elsewhere(app, app.env, docname, row):
                continue
            warn("ref", f"unknown {row.objtype} {row.target!r} in :kb:{row.objtype}: reference"
                 f"{did_you_mean(domain, row.objtype, row.target)}",
                 location=row.location or docname)


def _checked(app: Sphinx, env: BuildEnvironment) -> None:
    from ..state import KnowledgeBase

    KnowledgeBase(app).build.checked = True
    check_references(app, kb_domain(env))


def _before_writing(app: Sphinx, builder: Any) -> None:
    """Sphinx checks consistency only after reading something: when it did
    not, the same checks run here, so they are said on every build."""
    from ..state import KnowledgeBase

    state = KnowledgeBase(app).build
    if not state.checked:
        state.checked = True
        domain = kb_domain(app.env)
        domain.check_consistency()
        check_references(app, domain)


def silence_written_reference(app: Sphinx, domain: Any, node: pending_xref) -> bool | None:
    """A kb reference nothing resolved was reported after reading
    (:func:`check_references`): not again while writing."""
    if domain is None or domain.name != "kb":
        return None
    return True


def setup_report(app: Sphinx) -> None:
    app.connect("source-read", _started)
    app.connect("doctree-read", _read)
    app.connect("env-updated", _replay_unread)
    app.connect("env-check-consistency", _checked)
    app.connect("write-started", _before_writing, priority=100)
    app.connect("warn-missing-reference", silence_written_reference)
