"""Which id a reference meant when it names no object: an actor by one of
its aliases or its name, a source by its article's file name or title, any
object by its title or a spelling of its id. Exact matches after case
folding only; never a guess by similarity."""

from __future__ import annotations

from pathlib import PurePath

from ..sources.sidecar import slugify
from .domain import KbDomain
from .types import OBJECT_TYPES, display_name


def _names(domain: KbDomain, objtype: str) -> dict[str, set[str]]:
    """folded name -> the ids of ``objtype`` it names."""
    stores = domain.stores()
    names: dict[str, set[str]] = {}

    def add(name: str, object_id: str) -> None:
        if name.strip():
            names.setdefault(name.strip().casefold(), set()).add(object_id)

    for object_id, record in domain.store(objtype).items():
        add(display_name(objtype, record, stores), object_id)
        if objtype == "actor":
            for alias in record.aliases:
                add(alias, object_id)
        elif objtype == "source":
            raw = PurePath(record.meta.raw_path)
            add(raw.name, object_id)
            add(raw.stem, object_id)
    return names


def meant(domain: KbDomain, objtype: str, target: str) -> str | None:
    """The one id of ``objtype`` that ``target`` names by another name."""
    if objtype not in OBJECT_TYPES:
        return None
    if objtype == "passage":
        source, _, passage = target.partition("/")
        source_id = meant(domain, "source", source)
        full = f"{source_id}/{passage}" if source_id else None
        return full if full and full in domain.passages else None
    ids = _names(domain, objtype).get(target.strip().casefold(), set())
    slug = slugify(target) if any(c.isalnum() for c in target) else ""
    if not ids and slug in domain.store(objtype):
        ids = {slug}
    return next(iter(ids)) if len(ids) == 1 else None


def did_you_mean(domain: KbDomain, objtype: str, target: str) -> str:
    """``"; did you mean `id`?"`` when :func:`meant` knows, else ``""``."""
    found = meant(domain, objtype, target)
    return f"; did you mean `{found}`?" if found and found != target else ""
