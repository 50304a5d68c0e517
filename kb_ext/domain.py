"""The ``kb`` domain: object types, roles, per-document data and resolution.

Data is keyed by object id; every record carries its docname, so
``clear_doc`` and ``merge_domaindata`` are filters and ``-j auto`` is safe.
``get_objects`` is the one source for both ``objects.inv`` and the search
index; each object is also published as a ``std:label`` so projects that do
not load kb_ext can link with ``:ref:`` through intersphinx.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .diagnostics import warn
from .models import (
    ActorRecord,
    ClaimRecord,
    PassageRecord,
    PositionRecord,
    SourceRecord,
    ThemeRecord,
)

#: object type -> key of its store in the domain data
STORES = {
    "source": "sources",
    "passage": "passages",
    "actor": "actors",
    "theme": "themes",
    "claim": "claims",
}
Record = SourceRecord | PassageRecord | ActorRecord | ThemeRecord | ClaimRecord


def label_name(objtype: str, name: str) -> str:
    """The ``std:label`` under which an object is also published."""
    return f"kb-{objtype}-" + name.replace("/", "-")


def display_name(objtype: str, record: Any, data: dict[str, Any]) -> str:
    """Human link text for an object: names, titles and statements, not ids."""
    if objtype == "source":
        return record.meta.title
    if objtype == "passage":
        source = data["sources"].get(record.source_id)
        title = source.meta.title if source else record.source_id
        return f"{title}, ¶{record.number}"
    if objtype == "actor":
        return record.name
    if objtype == "theme":
        return record.title
    if objtype == "claim":
        return record.statement
    return str(record)


class KbXRefRole(XRefRole):
    """Cross-reference role; link text defaults to the object's human name."""

    def process_link(self, env: BuildEnvironment, refnode: Element, has_explicit_title: bool,
                     title: str, target: str) -> tuple[str, str]:
        target = target.strip()
        if not has_explicit_title:
            # The link text is the target's current name: when that changes,
            # this page must be re-written (see backlinks.on_env_get_updated).
            env.domains["kb"].note_reference(env.docname, self.reftype, target)
        return title, target


class KbDomain(Domain):
    name = "kb"
    label = "Knowledge base"
    object_types = {
        "source": ObjType("source", "source"),
        "passage": ObjType("passage", "passage"),
        "actor": ObjType("actor", "actor"),
        "theme": ObjType("theme", "theme"),
        "claim": ObjType("claim", "claim"),
        # Every other spelling of an actor, so search and intersphinx find it.
        "alias": ObjType("actor alias"),
    }
    roles = {objtype: KbXRefRole(innernodeclass=nodes.inline, warn_dangling=True)
             for objtype in STORES}
    initial_data: dict[str, Any] = {
        "sources": {},
        "passages": {},
        "actors": {},
        "themes": {},
        "claims": {},
        "positions": {},      # (docname, node_id) -> PositionRecord
        "placeholders": {},   # docname -> tuple of (kind, argument)
        "references": {},     # docname -> tuple of (objtype, target) shown by name
        "digests": {},        # docname -> digest of its derived content (not per-doc data)
        "by_doc": {},         # docname -> [(objtype, name)] it defines, for clear_doc
        "positions_by_doc": {},  # docname -> [position node ids]
    }

    # -- registration -----------------------------------------------------
    def store(self, objtype: str) -> dict[str, Any]:
        return self.data[STORES[objtype]]

    def note_object(self, objtype: str, name: str, record: Record, location: Any = None) -> bool:
        """Register an object; a duplicate warns, naming the first location."""
        store = self.store(objtype)
        if name in store:
            other = store[name]
            warn("duplicate", f"duplicate {objtype} id {name!r}, also defined in {other.docname}",
                 location=location)
            return False
        store[name] = record
        self.data["by_doc"].setdefault(record.docname, []).append((objtype, name))
        return True

    def publish_labels(self) -> list[str]:
        """Publish every object as a ``std:label``; returns the names."""
        std = self.env.domains.standard_domain
        published = []
        for objtype, key in STORES.items():
            for object_name, record in self.data[key].items():
                name = label_name(objtype, object_name)
                std.note_hyperlink_target(name, record.docname, record.node_id,
                                          display_name(objtype, record, self.data))
                published.append(name)
        return published

    def note_position(self, record: PositionRecord) -> None:
        self.data["positions"][record.docname, record.node_id] = record
        self.data["positions_by_doc"].setdefault(record.docname, []).append(record.node_id)

    def note_reference(self, docname: str, objtype: str, target: str) -> None:
        current = self.data["references"].get(docname, ())
        if (objtype, target) not in current:
            self.data["references"][docname] = current + ((objtype, target),)

    def note_placeholder(self, docname: str, kind: str, argument: str) -> None:
        current = self.data["placeholders"].get(docname, ())
        self.data["placeholders"][docname] = current + ((kind, argument),)

    # -- per-document data ------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        # Indexed by document: scanning every store per document was quadratic.
        for objtype, name in self.data["by_doc"].pop(docname, ()):
            store = self.store(objtype)
            if name in store and store[name].docname == docname:
                del store[name]
        for node_id in self.data["positions_by_doc"].pop(docname, ()):
            self.data["positions"].pop((docname, node_id), None)
        self.data["placeholders"].pop(docname, None)
        self.data["references"].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        docnames = set(docnames)
        for objtype, key in STORES.items():
            store = self.data[key]
            for name, record in otherdata[key].items():
                if record.docname not in docnames:
                    continue
                if name in store and store[name].docname != record.docname:
                    warn("duplicate", f"duplicate {objtype} id {name!r}, also defined in "
                         f"{store[name].docname}",
                         location=(record.docname, getattr(record, "lineno", None)))
                    continue
                store[name] = record
                self.data["by_doc"].setdefault(record.docname, []).append((objtype, name))
        for key, record in otherdata["positions"].items():
            if key[0] in docnames:
                self.data["positions"][key] = record
                self.data["positions_by_doc"].setdefault(key[0], []).append(key[1])
        for key in ("placeholders", "references"):
            for docname, items in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = items

    # -- resolution -------------------------------------------------------
    def lookup(self, objtype: str, target: str) -> Any:
        store = self.store(objtype)
        return store.get(target) or store.get(target.lower())

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, target: str, node: pending_xref, contnode: Element
                     ) -> nodes.reference | None:
        if typ not in STORES:
            return None
        record = self.lookup(typ, target)
        if record is None:
            # Not here: intersphinx may still resolve it; if nothing does,
            # warn_missing_reference below reports it as kb.ref.
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline("", display_name(typ, record, self.data),
                                    classes=["kb-ref", f"kb-ref-{typ}"])
        return make_refnode(builder, fromdocname, record.docname, record.node_id, contnode,
                            display_name(typ, record, self.data))

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: Element
                         ) -> list[tuple[str, nodes.reference]]:
        results = []
        for objtype in STORES:
            record = self.lookup(objtype, target)
            if record is not None:
                refnode = make_refnode(builder, fromdocname, record.docname, record.node_id,
                                       contnode, display_name(objtype, record, self.data))
                results.append((f"kb:{objtype}", refnode))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for objtype, key in STORES.items():
            # Passages are many and already searchable as page text.
            priority = -1 if objtype == "passage" else 1
            for name, record in self.data[key].items():
                yield (name, display_name(objtype, record, self.data), objtype,
                       record.docname, record.node_id, priority)
        for actor in self.data["actors"].values():
            for alias in actor.aliases:
                yield (f"{actor.id}/{alias}", f"{alias} (see {actor.name})", "alias",
                       actor.docname, actor.node_id, 0)

    def get_full_qualified_name(self, node: Element) -> str | None:
        return node.get("reftarget")


def warn_missing_reference(app: Any, domain: Domain | None, node: pending_xref) -> bool | None:
    """Report a kb reference that neither this project nor intersphinx resolved."""
    if domain is None or domain.name != "kb":
        return None
    typ, target = node["reftype"], node["reftarget"]
    warn("ref", f"unknown {typ} {target!r} in :kb:{typ}: reference", location=node)
    return True


def publish_labels(app: Any, builder: Any) -> None:
    """Publish kb objects as standard labels for writing (``:ref:`` and
    objects.inv) on ``write-started``.

    Not at read time: the standard domain's ``clear_doc`` scans all labels for
    every document read, so a label per passage made full builds quadratic.
    Not before the environment is pickled either: the labels follow from kb
    data, and were a third of the pickle (19 of 62 MB at 4,000 sources) that
    every later build loads and every parallel reader sends back.
    """
    withdraw_labels(app, app.env)
    app.kb_published_labels = app.env.domains["kb"].publish_labels()


def withdraw_labels(app: Any, *_args: Any) -> None:
    """Remove the labels this process published (on ``env-updated``, before
    Sphinx pickles the environment, and on ``build-finished``, so that a next
    build in the same process reads without them)."""
    env = app.env
    std = env.domains.standard_domain
    for name in getattr(app, "kb_published_labels", ()):
        std.labels.pop(name, None)
        std.anonlabels.pop(name, None)
    app.kb_published_labels = []
