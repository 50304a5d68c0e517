"""The Sphinx side: which builds are managed, and the event handlers.

How Sphinx stays in charge of the index:

* at ``builder-inited`` the HTML builder's ``searchindex_filename`` is set to
  :data:`FULL_INDEX`, so Sphinx dumps its complete index there and, on an
  incremental build, loads it back from there (``load_indexer``);
* at ``build-finished`` ``searchindex.js`` is written from that file: a byte
  copy when not sharding (Sphinx's own search, unchanged), the loader and the
  shards (:mod:`.output`) when sharding.

Only the ``html`` and ``dirhtml`` builders with Sphinx's JS index format are
managed, and none when ``kb_search_shards`` is False. ``builder-inited`` also
adds ``static/`` to the static path and ``kb-search.js`` to every HTML page.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search import js_index
from sphinx.util import logging

from ..outputs.files import write_if_changed
from .extras import collect, for_client, subtitles_by_number, write_stemmers
from .feed import search_mappings, wrap_index_page
from .output import PACKAGE, SHARD_DIR, shards_current, shards_stamp, unsharded_loader, write_shards
from .pageinfo import setup_pageinfo
from .passages import remove_stale

logger = logging.getLogger(__name__)

#: Where Sphinx dumps (and reloads) its full index when this extension manages
#: ``searchindex.js``.
FULL_INDEX = "_kb_searchindex_full.js"
STATIC = PACKAGE / "static"


def add_assets(app: Sphinx) -> None:
    """``kb-search.js``: search snippets leave kb_ext's page furniture out."""
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_js_file("kb-search.js", defer="defer")


def _managed(app: Sphinx) -> bool:
    """Whether this build's ``searchindex.js`` is this extension's to write."""
    builder = app.builder
    return (isinstance(builder, StandaloneHTMLBuilder) and builder.search
            and builder.indexer_format is js_index
            and type(builder).searchindex_filename == "searchindex.js"
            and app.config.kb_search_shards is not False)


def on_builder_inited(app: Sphinx) -> None:
    if not _managed(app):
        return
    cast(StandaloneHTMLBuilder, app.builder).searchindex_filename = FULL_INDEX
    wrap_index_page(app)
    # An output folder from before the index was managed: keep its full index,
    # so the first incremental build does not lose the pages it does not re-write.
    outdir = Path(app.outdir)
    full, public = outdir / FULL_INDEX, outdir / "searchindex.js"
    if not full.exists() and public.is_file():
        with open(public, "rb") as stream:
            if stream.read(len(js_index.PREFIX)) == js_index.PREFIX.encode():
                shutil.copyfile(public, full)


def prune_with_a_set(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Make the indexer's ``prune`` intersect with a set (``html-collect-pages``
    runs after the indexer is made and before the index is dumped).

    Sphinx's final ``prune`` passes ``env.all_docs``, a dict, and
    ``set.intersection_update`` turns a non-set argument into a new set for
    every indexed word: 11.6 s of a 46 s no-change rebuild at 10,000 sources.
    The pruned index is the same either way.

    It also drops the words no page holds any more: before pages are written
    again, Sphinx prunes them from every word and feeds them anew, so a word
    only an edited page had stayed in the index with no page (``"summer": []``),
    which a full build does not write.
    """
    indexer = getattr(app.builder, "indexer", None)
    prune = getattr(indexer, "prune", None)
    if prune is not None and not getattr(prune, "kb_takes_a_set", False):
        def prune_by_set(docnames: Iterable[str]) -> None:
            prune(docnames if isinstance(docnames, (set, frozenset)) else set(docnames))
            for mapping in search_mappings(indexer):
                for word in [word for word, pages in mapping.items() if not pages]:
                    del mapping[word]
        prune_by_set.kb_takes_a_set = True  # type: ignore[attr-defined]
        indexer.prune = prune_by_set  # type: ignore[union-attr]
    return []


def should_shard(app: Sphinx, full_size: int) -> bool:
    mode = app.config.kb_search_shards
    return mode is True or (mode == "auto" and full_size > app.config.kb_search_shard_threshold)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception or not _managed(app) or cast(
            StandaloneHTMLBuilder, app.builder).searchindex_filename != FULL_INDEX:
        return
    outdir = Path(app.outdir)
    full = outdir / FULL_INDEX
    if not full.is_file():
        return
    data = full.read_bytes()
    remove_stale(outdir, set(app.env.all_docs))
    extras = collect(app, sorted(app.env.all_docs))
    write_stemmers(outdir, extras)
    if not should_shard(app, len(data)):
        if (outdir / SHARD_DIR).exists():
            shutil.rmtree(outdir / SHARD_DIR)
        index = js_index.loads(data.decode("utf-8"))
        client = for_client(extras, index["docnames"])
        client["subtitles"] = subtitles_by_number(extras, index["docnames"])
        write_if_changed(outdir / "searchindex.js", unsharded_loader(data, client))
        return
    indexer = getattr(app.builder, "indexer", None)
    stopwords = getattr(getattr(indexer, "lang", None), "stopwords", ())
    limit, block = app.config.kb_search_shard_size, app.config.kb_search_meta_block
    stamp = shards_stamp(data, limit, block, stopwords, extras=extras.digest_input())
    if shards_current(outdir, stamp):
        logger.info("kb_ext: sharded search index unchanged")
        return
    index = js_index.loads(data.decode("utf-8"))
    manifest, written = write_shards(index, outdir, limit=limit, block=block,
                                     stopwords=stopwords, stamp=stamp,
                                     extras=for_client(extras, index["docnames"]),
                                     subtitles=subtitles_by_number(extras, index["docnames"]))
    files = manifest["files"]
    logger.info("kb_ext: search index sharded into %d term, %d name and %d metadata files "
                "(%d written)", files["t"], files["n"], files["m"], written)


def setup_hooks(app: Sphinx) -> None:
    setup_pageinfo(app)
    app.connect("builder-inited", add_assets)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-collect-pages", prune_with_a_set)
    app.connect("build-finished", on_build_finished)
