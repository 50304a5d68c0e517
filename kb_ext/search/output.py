"""Writing ``_kb_search/`` and the loader, and knowing when nothing needs writing.

:func:`write_shards` brings the output folder up to date with the shards of
an index (:mod:`.shards`): ``_kb_search/*.json`` and ``searchindex.js``, the
loader, which is the client (``static/kb-search-shards.js``) followed by
``KbSearchShards.install(<manifest>)``. Only files whose bytes differ are
written, each to a temporary name and then renamed.

``_kb_search/.stamp`` records what the files were made from
(:func:`shards_stamp`: the full index's bytes, every setting, the client and
this package's code), the SHA-256 of the loader and the size of every file.
A build whose stamp matches, with the folder and loader as recorded
(:func:`shards_current`), writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..outputs.files import write_if_changed
from .encoding import dumps
from .grouping import MAX_KEY
from .shards import FORMAT_VERSION, META_BLOCK, SHARD_SIZE, build_shards

SHARD_DIR = "_kb_search"
#: In ``_kb_search``: what the files were made from (see :func:`shards_stamp`).
STAMP = ".stamp"
PACKAGE = Path(__file__).parent
CLIENT = PACKAGE / "static" / "kb-search-shards.js"


def write_shards(index: dict[str, Any], outdir: Path, *, limit: int = SHARD_SIZE,
                 block: int = META_BLOCK, stopwords: Iterable[str] = (),
                 max_key: int = MAX_KEY, stamp: str = "", extras: dict[str, Any] | None = None,
                 subtitles: list[str | None] | None = None) -> tuple[dict[str, Any], int]:
    """Bring ``outdir/_kb_search`` and the loader up to date with the shards of
    ``index``: (manifest, number of files written).

    Shard files are written first, then ``manifest.json`` and the loader; files
    no longer wanted are removed after that, and the stamp (``stamp``, see
    :func:`shards_stamp`) is written last, so that an interrupted update is
    redone by the next build."""
    manifest, files = build_shards(index, limit, block, stopwords=stopwords, max_key=max_key,
                                   extras=extras, subtitles=subtitles)
    target = outdir / SHARD_DIR
    if target.exists() and not target.is_dir():
        target.unlink()
    target.mkdir(exist_ok=True)
    (target / STAMP).unlink(missing_ok=True)
    existing = {entry.name: entry for entry in os.scandir(target)}
    wanted: dict[str, int] = {}
    written = 0

    for name, data in [*files.items(), ("manifest.json", manifest)]:
        encoded = dumps(data).encode("utf-8")
        written += write_if_changed(target / name, encoded)
        wanted[name] = len(encoded)
    loader = (client_code() + f"\nKbSearchShards.install({dumps(manifest)});\n").encode("utf-8")
    written += write_if_changed(outdir / "searchindex.js", loader)
    for name, entry in existing.items():
        if name not in wanted and name != STAMP:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    if stamp:
        write_if_changed(target / STAMP, dumps({
            "stamp": stamp, "loader": hashlib.sha256(loader).hexdigest(), "files": wanted,
        }).encode("utf-8"))
    return manifest, written


def unsharded_loader(full_index: bytes, extras: dict[str, Any]) -> bytes:
    """``searchindex.js`` without shards: the client, told to search Sphinx's
    own index (``install`` with no manifest), then that index unchanged."""
    return (client_code()
            + f"\nKbSearchShards.installFull({dumps(extras)});\n").encode("utf-8") + full_index


def client_code() -> str:
    """The client without its whole-line comments and blank lines: every search
    downloads it (about a quarter smaller; comments after code stay)."""
    lines = CLIENT.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.strip() and not line.lstrip().startswith("//"))


def code_digest() -> str:
    """SHA-256 of the client and of every module of this package."""
    digest = hashlib.sha256(CLIENT.read_bytes())
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def shards_stamp(full_index: bytes, limit: int, block: int, stopwords: Iterable[str],
                 max_key: int = MAX_KEY, extras: str = "") -> str:
    """What the shards are made from: the full index's bytes and every setting
    and piece of code that shapes the files or the loader."""
    digest = hashlib.sha256(full_index)
    settings = {"version": FORMAT_VERSION, "limit": limit, "block": block, "max_key": max_key,
                "stopwords": sorted(stopwords), "code": code_digest(), "extras": extras}
    digest.update(dumps(settings).encode("utf-8"))
    return digest.hexdigest()


def shards_current(outdir: Path, stamp: str) -> bool:
    """Whether ``_kb_search`` and the loader are what :func:`write_shards` made
    from the input ``stamp`` describes, and no file was since removed, added,
    resized or (the loader) changed."""
    target = outdir / SHARD_DIR
    try:
        recorded = json.loads((target / STAMP).read_bytes())
        if recorded.get("stamp") != stamp:
            return False
        files = recorded["files"]
        with os.scandir(target) as entries:
            found = {e.name: e.stat(follow_symlinks=False).st_size
                     for e in entries if e.name != STAMP}
        loader = (outdir / "searchindex.js").read_bytes()
    except (OSError, ValueError, KeyError, AttributeError):
        return False
    return found == files and hashlib.sha256(loader).hexdigest() == recorded.get("loader")
