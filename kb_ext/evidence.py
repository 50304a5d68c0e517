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
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .changes import env_changed
from .models import STANCES
from .outputfiles import write_if_changed

EVIDENCE_DIR = "kb-evidence"
MAX_TEXT = 480


def shard_name(page: str) -> str:
    """File stem for a page URI; ``kb.js`` computes the same from the link's path."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", page)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1].rstrip() + "…"


def _date(meta: Any) -> str:
    return (meta.published or "n.d.") + ("~" if meta.published_approximate else "")


def _source_info(meta: Any) -> dict[str, str]:
    return {"title": meta.title, "outlet": meta.outlet, "date": _date(meta)}


def collect_evidence(data: dict[str, Any], page_of: Any) -> dict[str, dict[str, Any]]:
    """page URI -> anchor -> what the tooltip shows; plain data, sorted keys."""
    pages: dict[str, dict[str, Any]] = {}
    for source in data["sources"].values():
        anchors = pages.setdefault(page_of(source.docname), {})
        for passage_id in source.passage_ids:
            passage = data["passages"].get(passage_id)
            if passage:
                anchors[passage.node_id] = {"kind": "passage", "text": _clip(passage.text),
                                            "number": passage.number,
                                            **_source_info(source.meta)}
    by_claim: dict[str, list[Any]] = {}
    for position in data["positions"].values():
        by_claim.setdefault(position.claim_id, []).append(position)
    for claim in data["claims"].values():
        positions = by_claim.get(claim.id, [])
        counts = [f"{sum(p.stance == s for p in positions)} {s}" for s in STANCES
                  if any(p.stance == s for p in positions)]
        anchors = pages.setdefault(page_of(claim.docname), {})
        anchors[claim.node_id] = {"kind": "claim", "text": claim.statement,
                                  "status": claim.status,
                                  "summary": ", ".join(counts) or "no positions yet"}
        for position in positions:
            source = data["sources"].get(position.source_id)
            passage = data["passages"].get(f"{position.source_id}/{position.passage}")
            info = _source_info(source.meta) if source else {"title": position.source_id}
            anchors[position.node_id] = {
                "kind": "position", "text": _clip(position.quote), "stance": position.stance,
                "claim": claim.statement, "number": passage.number if passage else None, **info}
    return pages


def write_evidence(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / EVIDENCE_DIR
    if folder.is_dir() and not env_changed(app):
        return  # made from domain data only, which this build did not change
    folder.mkdir(parents=True, exist_ok=True)
    pages = collect_evidence(app.env.domains["kb"].data, app.builder.get_target_uri)
    wanted = set()
    for page, anchors in sorted(pages.items()):
        name = f"{shard_name(page)}.js"
        wanted.add(name)
        payload = json.dumps({"page": page, "anchors": anchors}, sort_keys=True,
                             ensure_ascii=True, separators=(",", ":"))
        write_if_changed(folder / name,
                         f"window.kbEvidence&&window.kbEvidence({payload});\n".encode())
    for stale in folder.glob("*.js"):
        if stale.name not in wanted:
            stale.unlink()


def setup_evidence(app: Sphinx) -> None:
    app.connect("build-finished", write_evidence)
