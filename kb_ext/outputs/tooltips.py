"""Evidence for citation tooltips: what a link to a passage, claim or position
points at, written as small script files that ``kb.js`` loads on demand.

One file per target page, ``_static/kb-evidence/<page>.js``, calls
``window.kbEvidence({"page": ..., "anchors": {anchor: {...}}})``. Script files
(not JSON fetched with XHR) so tooltips also work from ``file://`` and offline;
one file per page so a hover loads only what it needs. Passage text is clipped,
which keeps each file bounded whatever the size of the article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..changes import changed_docs, env_changed
from ..derive.evidence import Evidence
from ..knowledge.domain import KbDomain
from ..knowledge.records import STANCES, SourceMeta
from ..sources.controls import shown
from ..state import KnowledgeBase
from .files import write_if_changed

EVIDENCE_DIR = "kb-evidence"
MAX_TEXT = 480


#: Longest file stem written as it is; a longer one ends in a hash instead.
SHARD_NAME_MAX = 150
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FNV_OFFSET, _FNV_PRIME, _MASK64 = 0xCBF29CE484222325, 0x100000001B3, (1 << 64) - 1


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return "_" if char == "/" else f"~{ord(char):x}~"


def fnv1a64(text: str) -> str:
    """The 64-bit FNV-1a hash of ``text`` in UTF-8, as 16 hex digits (``kb.js``
    has the same function; a lone surrogate counts as U+FFFD, as in ``TextEncoder``)."""
    value = _FNV_OFFSET
    for byte in _SURROGATE.sub("\ufffd", text).encode("utf-8"):
        value = ((value ^ byte) * _FNV_PRIME) & _MASK64
    return f"{value:016x}"


def shard_name(page: str) -> str:
    """File stem for a page URI; ``kb.js`` computes the same from the link's path.

    One name per page: letters, digits, ``.`` and ``-`` stay, ``/`` becomes
    ``_``, and every other character (``_`` too) becomes ``~<hex code point>~``,
    so ``sources_x.html`` and ``sources/x.html`` get different files. A stem
    longer than :data:`SHARD_NAME_MAX` is cut and ends in ``~`` and the page's
    hash, one character longer than any stem kept whole: file names stay short
    whatever the page's name."""
    name = _UNSAFE.sub(_escape, page)
    if len(name) <= SHARD_NAME_MAX:
        return name
    return f"{name[:SHARD_NAME_MAX - 16]}~{fnv1a64(page)}"


def _clip(text: str) -> str:
    """Tooltip text as the page shows it (control characters as symbols), clipped."""
    text = shown(text)
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1].rstrip() + "…"


def _source_info(meta: SourceMeta) -> dict[str, str]:
    return {"title": meta.title, "outlet": meta.outlet, "date": meta.date_label}


def collect_evidence(domain: KbDomain, evidence: Evidence, page_of: Callable[[str], str],
                     docnames: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """page URI -> anchor -> what the tooltip shows; plain data, sorted keys.
    With ``docnames``, only for the pages of those documents. Positions are
    shown only where their quote was found in the passage."""
    pages: dict[str, dict[str, Any]] = {}
    for source in domain.sources.values():
        if docnames is not None and source.docname not in docnames:
            continue
        anchors = pages.setdefault(page_of(source.docname), {})
        for passage_id in source.passage_ids:
            passage = domain.passages.get(passage_id)
            if passage:
                anchors[passage.node_id] = {"kind": "passage", "text": _clip(passage.text),
                                            "number": passage.number,
                                            **_source_info(source.meta)}
    for claim in domain.claims.values():
        if docnames is not None and claim.docname not in docnames:
            continue
        # As the evidence has them: a quote found in another passage counts there.
        positions = evidence.verified(claim.id)
        counts = [f"{sum(p.stance == s for p in positions)} {s}" for s in STANCES
                  if any(p.stance == s for p in positions)]
        anchors = pages.setdefault(page_of(claim.docname), {})
        anchors[claim.node_id] = {"kind": "claim", "text": claim.statement,
                                  "status": claim.status,
                                  "summary": ", ".join(counts) or "no positions yet"}
        for position in positions:
            cited = domain.sources.get(position.source_id)
            passage = domain.passages.get(f"{position.source_id}/{position.passage}")
            info = _source_info(cited.meta) if cited else {"title": position.source_id}
            anchors[position.node_id] = {
                "kind": "position", "text": _clip(position.quote), "stance": position.stance,
                "claim": claim.statement, "number": passage.number if passage else None, **info}
    return pages


def affected_docs(domain: KbDomain, changed: set[str]) -> set[str]:
    """Documents whose tooltip data may differ after ``changed`` were read or
    removed: those, and every claim citing a source of theirs (a position's
    tooltip shows the source's title, outlet, date and passage number)."""
    changed_sources = {s.meta.id for s in domain.sources.values() if s.docname in changed}
    affected = set(changed)
    for position in domain.positions.values():
        claim = domain.claims.get(position.claim_id)
        if claim and (position.docname in changed or position.source_id in changed_sources
                      or position.source_id not in domain.sources):
            affected.add(claim.docname)
    return affected


def write_evidence(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / EVIDENCE_DIR
    kb = KnowledgeBase(app)
    domain = kb.domain
    page_of = app.builder.get_target_uri
    wanted = {f"{shard_name(page_of(record.docname))}.js": record.docname
              for records in (domain.sources, domain.claims) for record in records.values()}
    # Files missing (deleted, or named after another URI scheme) are made again.
    missing = {docname for name, docname in wanted.items() if not (folder / name).exists()}
    if not missing and not env_changed(app):
        return  # made from domain data only, which this build did not change
    changed = changed_docs(app)
    # Only pages whose data may have changed are recomputed: an article edit
    # at 10,000 sources recomputed 12,000 files.
    docnames = None if changed is None else affected_docs(domain, changed) | missing
    folder.mkdir(parents=True, exist_ok=True)
    # Tooltips show only quotes found in their passage; which pages to redo is
    # decided on all positions, so a quote that stopped matching is dropped.
    pages = collect_evidence(domain, kb.evidence(), page_of, docnames)
    for page, anchors in sorted(pages.items()):
        payload = json.dumps({"page": page, "anchors": anchors}, sort_keys=True,
                             ensure_ascii=True, separators=(",", ":"))
        write_if_changed(folder / f"{shard_name(page)}.js",
                         f"window.kbEvidence&&window.kbEvidence({payload});\n".encode())
    for stale in folder.glob("*.js"):
        if stale.name not in wanted:
            stale.unlink()
