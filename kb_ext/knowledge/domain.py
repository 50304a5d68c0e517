"""The ``kb`` domain: object types, roles, per-document data and resolution.

Data is keyed by object id; every record carries its docname, so
``clear_doc`` and ``merge_domaindata`` are filters and ``-j auto`` is safe.
Of two definitions of one id, the one in the document whose name sorts first
is used (within a document, the first), whatever order documents are read or
merged in; the other is kept aside (``shadowed``), used again when the first
goes, and reported once per build by ``check_consistency``.
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

from ..diagnostics import Recorded, warn
from .caches import DocContents, EnvCaches, ViewDigest
from .records import (
    ActorRecord,
    ClaimRecord,
    EventRecord,
    PassageRecord,
    Placeholder,
    PositionRecord,
    Reference,
    SourceRecord,
    ThemeRecord,
)
from .types import OBJECT_TYPES, Record, display_name, label_name


class KbXRefRole(XRefRole):
    """Cross-reference role; link text defaults to the object's human name."""

    def process_link(self, env: BuildEnvironment, refnode: Element, has_explicit_title: bool,
                     title: str, target: str) -> tuple[str, str]:
        target = target.strip()
        if not has_explicit_title:
            # The link text is the target's current name: when that changes,
            # this page must be re-written (see views.registry).
            kb_domain(env).note_reference(env.docname, self.reftype, target)
        return title, target


class KbDomain(Domain):
    name = "kb"
    label = "Knowledge base"
    object_types = {
        **{t.name: ObjType(t.name, t.name) for t in OBJECT_TYPES.values()},
        # Every other spelling of an actor, so search and intersphinx find it.
        "alias": ObjType("actor alias"),
    }
    roles = {objtype: KbXRefRole(innernodeclass=nodes.inline, warn_dangling=True)
             for objtype in OBJECT_TYPES}
    initial_data = {
        **{t.store: {} for t in OBJECT_TYPES.values()},
        "positions": {},      # (docname, node_id) -> PositionRecord
        "placeholders": {},   # docname -> tuple of Placeholder
        "references": {},     # docname -> tuple of Reference shown by name
        "digests": {},        # docname -> digest of its derived content (not per-doc data)
        "view_digests": {},   # Placeholder -> ViewDigest: its content's digest and reads
        "by_doc": {},         # docname -> [(objtype, name)] it defines, for clear_doc
        "positions_by_doc": {},  # docname -> [position node ids]
        "shadowed": {},       # docname -> [(objtype, id, record)] it defines but another wins
        "doc_warnings": {},   # docname -> Recorded warnings said while reading it
        "xrefs": {},          # docname -> XrefRow of every kb reference in it
        "filter_values": {},  # docname -> FilterValue of its filtered views' options
        "derived_warnings": (),  # Recorded warnings of the last derive (not per-doc data)
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: docname -> what it contributed before this process cleared it
        self._purged: dict[str, DocContents] = {}

    # -- typed stores -----------------------------------------------------
    @property
    def sources(self) -> dict[str, SourceRecord]:
        return self.data["sources"]

    @property
    def passages(self) -> dict[str, PassageRecord]:
        return self.data["passages"]

    @property
    def actors(self) -> dict[str, ActorRecord]:
        return self.data["actors"]

    @property
    def themes(self) -> dict[str, ThemeRecord]:
        return self.data["themes"]

    @property
    def claims(self) -> dict[str, ClaimRecord]:
        return self.data["claims"]

    @property
    def events(self) -> dict[str, EventRecord]:
        return self.data["events"]

    @property
    def positions(self) -> dict[tuple[str, str], PositionRecord]:
        return self.data["positions"]

    @property
    def placeholders(self) -> dict[str, tuple[Placeholder, ...]]:
        return self.data["placeholders"]

    @property
    def references(self) -> dict[str, tuple[Reference, ...]]:
        return self.data["references"]

    @property
    def digests(self) -> dict[str, str]:
        return self.data["digests"]

    @digests.setter
    def digests(self, value: dict[str, str]) -> None:
        self.data["digests"] = value

    @property
    def view_digests(self) -> dict[Placeholder, ViewDigest]:
        return self.data.setdefault("view_digests", {})

    @view_digests.setter
    def view_digests(self, value: dict[Placeholder, ViewDigest]) -> None:
        self.data["view_digests"] = value

    @property
    def doc_warnings(self) -> dict[str, tuple[Recorded, ...]]:
        """docname -> what reading it warned, said again while it is not read."""
        return self.data.setdefault("doc_warnings", {})

    @property
    def xrefs(self) -> dict[str, tuple[Any, ...]]:
        """docname -> its kb references (:class:`.report.XrefRow`), checked every build."""
        return self.data.setdefault("xrefs", {})

    @property
    def filter_values(self) -> dict[str, tuple[Any, ...]]:
        """docname -> its filter option values (``views.filter_checks``), checked every build."""
        return self.data.setdefault("filter_values", {})

    @property
    def derived_warnings(self) -> tuple[Recorded, ...]:
        return self.data.get("derived_warnings", ())

    @derived_warnings.setter
    def derived_warnings(self, value: tuple[Recorded, ...]) -> None:
        self.data["derived_warnings"] = value

    def contents(self, docname: str) -> DocContents:
        """What ``docname`` contributes now: its objects and its positions."""
        objects = {}
        for objtype, name in self.data["by_doc"].get(docname, ()):
            record = self.store(objtype).get(name)
            if record is not None and record.docname == docname:
                objects[objtype, name] = record
        positions = {node_id: self.positions[docname, node_id]
                     for node_id in self.data["positions_by_doc"].get(docname, ())
                     if (docname, node_id) in self.positions
                     and self.counts(self.positions[docname, node_id])}
        return DocContents(objects, positions)

    def counts(self, position: PositionRecord) -> bool:
        """Whether a position is on the claim used for its id: the positions
        of a definition another wins over are ignored with it."""
        claim = self.claims.get(position.claim_id)
        return claim is not None and claim.docname == position.docname

    def counted_positions(self) -> list[PositionRecord]:
        """Every position on a claim used (:meth:`counts`)."""
        return [p for p in self.positions.values() if self.counts(p)]

    def take_purged(self) -> dict[str, DocContents]:
        """What the documents cleared in this process contributed before
        (for telling what an edit changed); forgotten once taken."""
        purged, self._purged = self._purged, {}
        return purged

    @property
    def caches(self) -> EnvCaches:
        """What the last build computed that the next can reuse (pickled)."""
        caches = self.data.get("caches")
        if not isinstance(caches, EnvCaches):
            caches = self.data["caches"] = EnvCaches()
        return caches

    def stores(self) -> dict[str, dict[str, Any]]:
        """Every object type's store, by store name."""
        return {t.store: self.data[t.store] for t in OBJECT_TYPES.values()}

    # -- registration -----------------------------------------------------
    def store(self, objtype: str) -> dict[str, Any]:
        return self.data[OBJECT_TYPES[objtype].store]

    def note_object(self, objtype: str, name: str, record: Record, location: Any = None) -> bool:
        """Register an object; whether it is the one used for its id now.

        Of two definitions of one id, the one that sorts first (:func:`_rank`:
        by docname, then line) is used, so the choice is the same in a serial,
        a parallel and an incremental build; the other is kept aside for when
        the first goes and warned about in :meth:`check_consistency`.
        ``location`` is not needed (the record has its docname and line)."""
        self.data["by_doc"].setdefault(record.docname, []).append((objtype, name))
        return self._offer(objtype, name, record)

    @property
    def shadowed(self) -> dict[str, list[tuple[str, str, Any]]]:
        """docname -> the definitions it holds that another definition of the
        same id wins over: (objtype, id, record)."""
        return self.data.setdefault("shadowed", {})

    def _offer(self, objtype: str, name: str, record: Record) -> bool:
        store = self.store(objtype)
        current = store.get(name)
        if current is not None and not _rank(record) < _rank(current):
            self.shadowed.setdefault(record.docname, []).append((objtype, name, record))
            return False
        if current is not None:
            # What the other document contributes changes too (for the views).
            self._purged.setdefault(current.docname, self.contents(current.docname))
            self.shadowed.setdefault(current.docname, []).append((objtype, name, current))
        store[name] = record
        return True

    def _restore(self, gone: set[tuple[str, str]]) -> None:
        """Put back, for each id whose definition went, the best one kept aside."""
        best: dict[tuple[str, str], tuple[tuple[str, int], str, int]] = {}
        for docname, entries in self.shadowed.items():
            for index, (objtype, name, record) in enumerate(entries):
                if (objtype, name) in gone:
                    candidate = (_rank(record), docname, index)
                    if (objtype, name) not in best or candidate < best[objtype, name]:
                        best[objtype, name] = candidate
        taken: dict[str, set[int]] = {}
        for (objtype, name), (_, docname, index) in best.items():
            self._purged.setdefault(docname, self.contents(docname))
            self.store(objtype)[name] = self.shadowed[docname][index][2]
            taken.setdefault(docname, set()).add(index)
        for docname, indexes in taken.items():
            left = [e for i, e in enumerate(self.shadowed[docname]) if i not in indexes]
            if left:
                self.shadowed[docname] = left
            else:
                del self.shadowed[docname]

    def check_consistency(self) -> None:
        """One kb.duplicate warning per definition not used, at its own line,
        naming the one used (passages go with their source: not reported)."""
        entries = sorted((_rank(record), objtype, name, record)
                         for docname, items in self.shadowed.items()
                         for objtype, name, record in items if objtype != "passage")
        for _, objtype, name, record in entries:
            used = self.store(objtype).get(name)
            if used is None:
                continue
            where = str(self.env.doc2path(used.docname, False))
            if used.lineno:
                where += f":{used.lineno}"
            rule = ("the first in a file wins" if used.docname == record.docname
                    else "the file whose name sorts first wins")
            warn("duplicate", f"duplicate {objtype} id {name!r}: this definition is ignored; "
                 f"the one at {where} is used ({rule})",
                 location=(record.docname, record.lineno or None))

    def publish_labels(self) -> list[str]:
        """Publish every object as a ``std:label``; returns the names."""
        std = self.env.domains.standard_domain
        stores = self.stores()
        published = []
        for objtype, object_type in OBJECT_TYPES.items():
            for object_name, record in stores[object_type.store].items():
                name = label_name(objtype, object_name)
                std.note_hyperlink_target(name, record.docname, record.node_id,
                                          display_name(objtype, record, stores))
                published.append(name)
        return published

    def note_position(self, record: PositionRecord) -> None:
        self.positions[record.docname, record.node_id] = record
        self.data["positions_by_doc"].setdefault(record.docname, []).append(record.node_id)

    def note_reference(self, docname: str, objtype: str, target: str) -> None:
        current = self.references.get(docname, ())
        reference = Reference(objtype, target)
        if reference not in current:
            self.references[docname] = current + (reference,)

    def note_placeholder(self, docname: str, kind: str, argument: str) -> None:
        current = self.placeholders.get(docname, ())
        self.placeholders[docname] = current + (Placeholder(kind, argument),)

    # -- per-document data ------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        self._purged.setdefault(docname, self.contents(docname))
        # Indexed by document: scanning every store per document was quadratic.
        gone: set[tuple[str, str]] = set()
        for objtype, name in self.data["by_doc"].pop(docname, ()):
            store = self.store(objtype)
            if name in store and store[name].docname == docname:
                del store[name]
                gone.add((objtype, name))
        self.shadowed.pop(docname, None)
        if gone and self.shadowed:
            self._restore(gone)
        for node_id in self.data["positions_by_doc"].pop(docname, ()):
            self.positions.pop((docname, node_id), None)
        self.placeholders.pop(docname, None)
        self.references.pop(docname, None)
        self.doc_warnings.pop(docname, None)
        self.xrefs.pop(docname, None)
        self.filter_values.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        docnames = set(docnames)
        # Offered again here, used and kept aside alike: which definition wins
        # does not depend on which process read it or merged first.
        for objtype, object_type in OBJECT_TYPES.items():
            for name, record in otherdata[object_type.store].items():
                if record.docname in docnames:
                    self.note_object(objtype, name, record)
        for docname, entries in otherdata.get("shadowed", {}).items():
            if docname in docnames:
                for objtype, name, record in entries:
                    self.note_object(objtype, name, record)
        for key, position in otherdata["positions"].items():
            if key[0] in docnames:
                self.positions[key] = position
                self.data["positions_by_doc"].setdefault(key[0], []).append(key[1])
        for key in ("placeholders", "references", "doc_warnings", "xrefs", "filter_values"):
            for docname, items in otherdata.get(key, {}).items():
                if docname in docnames:
                    self.data[key][docname] = items

    # -- resolution -------------------------------------------------------
    def lookup(self, objtype: str, target: str) -> Any:
        store = self.store(objtype)
        return store.get(target) or store.get(target.lower())

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, target: str, node: pending_xref, contnode: Element
                     ) -> nodes.reference | None:
        if typ not in OBJECT_TYPES:
            return None
        record = self.lookup(typ, target)
        if record is None:
            # Not here: intersphinx may still resolve it; if nothing does,
            # report.check_references has reported it as kb.ref.
            return None
        name = display_name(typ, record, self.stores())
        if not node.get("refexplicit"):
            contnode = nodes.inline("", name, classes=["kb-ref", f"kb-ref-{typ}"])
        return make_refnode(builder, fromdocname, record.docname, record.node_id, contnode, name)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: Element
                         ) -> list[tuple[str, nodes.reference]]:
        results = []
        for objtype in OBJECT_TYPES:
            record = self.lookup(objtype, target)
            if record is not None:
                refnode = make_refnode(builder, fromdocname, record.docname, record.node_id,
                                       contnode, display_name(objtype, record, self.stores()))
                results.append((f"kb:{objtype}", refnode))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        stores = self.stores()
        for objtype, object_type in OBJECT_TYPES.items():
            for name, record in stores[object_type.store].items():
                yield (name, display_name(objtype, record, stores), objtype,
                       record.docname, record.node_id, object_type.priority)
        for actor in self.actors.values():
            for alias in actor.aliases:
                yield (f"{actor.id}/{alias}", f"{alias} (see {actor.name})", "alias",
                       actor.docname, actor.node_id, 0)

    def get_full_qualified_name(self, node: Element) -> str | None:
        return node.get("reftarget")


def _rank(record: Any) -> tuple[str, int]:
    """Of two definitions of one id, the lower is used: by docname, then by
    line (a passage: by number)."""
    return (record.docname, getattr(record, "lineno", 0) or getattr(record, "number", 0))


def kb_domain(env: BuildEnvironment) -> KbDomain:
    """The kb domain of ``env``, typed."""
    domain = env.domains["kb"]
    assert isinstance(domain, KbDomain)
    return domain
