"""A sharded search index for large sites (issue #6).

Sphinx writes one ``searchindex.js`` and its search page downloads all of it
before the first query (32 MB at 10,000 sources). When the index is large
this module rewrites it as many small JSON files under ``_kb_search/`` plus a
``searchindex.js`` that holds only the client (``static/kb-search-shards.js``)
and a manifest; the client fetches just the files a query needs.

How Sphinx stays in charge of the index:

* at ``builder-inited`` the HTML builder's ``searchindex_filename`` is set to
  :data:`FULL_INDEX`, so Sphinx dumps its complete index there and, on an
  incremental build, loads it back from there (``load_indexer``);
* at ``build-finished`` ``searchindex.js`` is written from that file: a byte
  copy when not sharding (Sphinx's own search, unchanged), the loader and the
  shards when sharding.

Layout of ``_kb_search/`` (all JSON; ``manifest`` is also inlined in the
loader)::

    manifest  {"version", "docs": number of documents, "block": documents per
               meta block, "terms": {key: file}, "names": {key: file or [files]},
               "objnames": Sphinx's objnames, "files": {"t": n, "n": n, "m": n}}
    t<i>.json {"terms": {term: postings}, "titleterms": {term: postings}}
    n<i>.json {"o": [[doc, prefix, name, anchor, objtype, prio]],
               "t": [[doc, title, anchor or null, is the document title]],
               "i": [[doc, entry, anchor, main]]}
    m<i>.json {"docnames": [...], "titles": [...]} for documents
               i*block .. (i+1)*block-1
    .stamp    {"stamp": what the files were made from, "loader": sha256 of
               searchindex.js, "files": {name: size}}; a build whose full
               index and settings give the same stamp, with the files and
               loader as recorded, writes nothing

Terms (stemmed words, as Sphinx stores them) are grouped by prefix: a group
larger than ``limit`` bytes is split by the next character, the term equal to
the prefix itself keeping the shorter key; groups are then packed, in key
order, into files of at most ``limit`` bytes. A word's file is the one of the
longest key that is a prefix of it. Names (objects, section titles, index
entries) are grouped the same way by each lower-cased word of the name, so an
object with a three-word name is in up to three files. Postings are Sphinx's
(one document number or a sorted list), or, when shorter, a base64 bitmap of
all documents (bit ``d % 8`` of byte ``d // 8``) as a string.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
from collections import defaultdict, deque
from collections.abc import Iterable
from itertools import repeat
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search import js_index
from sphinx.util import logging

from .outputs.files import write_if_changed

logger = logging.getLogger(__name__)

#: Where Sphinx dumps (and reloads) its full index when kb_ext manages ``searchindex.js``.
FULL_INDEX = "_kb_searchindex_full.js"
SHARD_DIR = "_kb_search"
#: In ``_kb_search``: what the files were made from (see :func:`shards_stamp`).
STAMP = ".stamp"
FORMAT_VERSION = 1
#: Documents per metadata block (docname and title: about 3-5 KB a block).
META_BLOCK = 32
#: Target size of one term or name file, in bytes of JSON.
SHARD_LIMIT = 24 * 1024
#: Longest key a group is split to; a longer common prefix stays in one group.
MAX_KEY = 8
CLIENT = Path(__file__).parent / "static" / "kb-search-shards.js"
_WORD = re.compile(r"[^\w]+")


#: One encoder for every file and size (``json.dumps`` with options builds a new
#: encoder per call); the C encoder is used as ``json.dumps`` would.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
_js_dumps = _ENCODER.encode


def _size(data: Any) -> int:
    text = _ENCODER.encode(data)
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def _str_size(text: str) -> int:
    """Bytes of ``text`` as a JSON string, without encoding it when it needs no escapes."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return len(text) + 2
    return _size(text)


# -- postings -------------------------------------------------------------------------

def encode_postings(value: int | list[int], ndocs: int) -> int | list[int] | str:
    """Sphinx's postings (an int or a sorted list), or a base64 bitmap if shorter."""
    return _encode_sized(value, ndocs)[0]


def _encode_sized(value: int | list[int], ndocs: int) -> tuple[int | list[int] | str, int]:
    """:func:`encode_postings` and the size of its JSON in bytes."""
    if isinstance(value, int):
        return value, len(str(value))
    as_bitmap = 4 * -(-((ndocs + 7) // 8) // 3) + 2
    count = len(value)
    if 2 * count + 1 <= as_bitmap:  # a list of one-digit numbers could be shorter
        as_list = len(",".join(map(str, value))) + 2 if count else 1
        if as_bitmap >= as_list:
            return value, max(as_list, 2)
    # bit d % 8 of byte d // 8: a string of flags, highest document first, read as
    # a binary number (C loops only; this was the cost of the whole module)
    flags = bytearray(b"0") * ndocs
    deque(map(flags.__setitem__, value, repeat(0x31)), maxlen=0)
    bits = int(flags[::-1] or b"0", 2).to_bytes((ndocs + 7) // 8, "little")
    return base64.b64encode(bits).decode("ascii"), as_bitmap


def decode_postings(value: int | list[int] | str) -> list[int]:
    """The sorted document numbers of an encoded postings value."""
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return list(value)
    bits = base64.b64decode(value)
    return [i * 8 + b for i, byte in enumerate(bits) for b in range(8) if byte >> b & 1]


# -- grouping by prefix ---------------------------------------------------------------

def group_by_prefix(sizes: dict[str, int], limit: int, max_key: int = MAX_KEY
                    ) -> dict[str, list[str]]:
    """Key -> words: a key's words all start with it, and its group is no
    larger than ``limit`` unless it cannot be split further (one word, or
    ``max_key`` reached)."""
    groups: dict[str, list[str]] = {}

    def split(prefix: str, words: list[str]) -> None:
        depth = len(prefix)
        if sum(sizes[w] for w in words) <= limit or depth >= max_key or len(words) == 1:
            groups[prefix] = words
            return
        exact = [w for w in words if len(w) == depth]
        if exact:
            groups[prefix] = exact
        children: dict[str, list[str]] = defaultdict(list)
        for word in words:
            if len(word) > depth:
                children[word[depth]].append(word)
        for char in sorted(children):
            split(prefix + char, children[char])

    first: dict[str, list[str]] = defaultdict(list)
    for word in sorted(sizes):
        if word:
            first[word[0]].append(word)
    for char in sorted(first):
        split(char, first[char])
    return groups


def pack(groups: dict[str, list[str]], sizes: dict[str, int], limit: int
         ) -> list[list[str]]:
    """Keys packed, in key order, into files of at most ``limit`` bytes."""
    files: list[list[str]] = []
    total = limit + 1
    for key in sorted(groups):
        size = sum(sizes[w] for w in groups[key])
        if total + size > limit:
            files.append([])
            total = 0
        files[-1].append(key)
        total += size
    return files


def name_words(name: str) -> set[str]:
    """The lower-cased words of a name, split as Sphinx's ``splitQuery`` does."""
    return {w for w in _WORD.split(name.lower()) if w}


# -- the shards -------------------------------------------------------------------------

def _name_entries(index: dict[str, Any]) -> list[tuple[str, list[Any], str]]:
    """(group, entry, text) for every object, section title and index entry."""
    titles = index["titles"]
    objnames = index["objnames"]
    entries: list[tuple[str, list[Any], str]] = []
    for prefix, objects in index["objects"].items():
        for doc, objtype, prio, anchor, name in objects:
            fullname = f"{prefix}.{name}" if prefix else name
            if anchor == "":
                anchor = fullname
            elif anchor == "-":
                anchor = f"{objnames[str(objtype)][1]}-{fullname}"
            entries.append(("o", [doc, html.unescape(prefix), html.unescape(name), anchor,
                                  objtype, prio], html.unescape(fullname)))
    for title, places in index["alltitles"].items():
        for doc, anchor in places:
            entries.append(("t", [doc, html.unescape(title), anchor,
                                  int(titles[doc] == title)], html.unescape(title)))
    for entry, places in index["indexentries"].items():
        for doc, anchor, main in places:
            entries.append(("i", [doc, entry, anchor, int(main)], entry))
    return entries


def build_shards(index: dict[str, Any], limit: int = SHARD_LIMIT, block: int = META_BLOCK,
                 stopwords: Iterable[str] = ()) -> tuple[dict[str, Any], dict[str, Any]]:
    """Sphinx's frozen index -> (manifest, {relative file name: JSON data}).

    Names are not filed under ``stopwords`` (the client does not look them up)."""
    stopwords = set(stopwords)
    ndocs = len(index["docnames"])
    out: dict[str, Any] = {}

    # terms and title terms, one key space
    postings: dict[str, dict[str, Any]] = {"terms": {}, "titleterms": {}}
    sizes: dict[str, int] = defaultdict(int)
    for kind, mapping in postings.items():
        for term, value in index[kind].items():
            mapping[term], size = _encode_sized(value, ndocs)
            sizes[term] += _str_size(term) + size + 2
    term_keys: dict[str, int] = {}
    groups = group_by_prefix(sizes, limit)
    for number, keys in enumerate(pack(groups, sizes, limit)):
        data: dict[str, dict[str, Any]] = {"terms": {}, "titleterms": {}}
        for key in keys:
            term_keys[key] = number
            for term in groups[key]:
                for kind, mapping in postings.items():
                    if term in mapping:
                        data[kind][term] = mapping[term]
        out[f"t{number}.json"] = data
    nterm_files = len(out)

    # objects, section titles and index entries, by the words of their names
    entries = _name_entries(index)
    by_word: dict[str, list[int]] = defaultdict(list)
    for number, (_kind, _entry, text) in enumerate(entries):
        for word in name_words(text) - stopwords:
            by_word[word].append(number)
    entry_size = [_size(entry) + 1 for _kind, entry, _text in entries]
    sizes = {word: sum(entry_size[n] for n in numbers) for word, numbers in by_word.items()}
    groups = group_by_prefix(sizes, limit)
    name_keys: dict[str, int | list[int]] = {}
    name_files: list[list[int]] = []

    def add_file(numbers: Iterable[int]) -> int:
        name_files.append(sorted(set(numbers)))
        return len(name_files) - 1

    for keys in pack(groups, sizes, limit):
        big = [k for k in keys if sum(sizes[w] for w in groups[k]) > limit]
        small = [k for k in keys if k not in big]
        if small:
            number = add_file(n for k in small for w in groups[k] for n in by_word[w])
            for key in small:
                name_keys[key] = number
        for key in big:  # one word too common to fit: spread over several files
            numbers = sorted({n for w in groups[key] for n in by_word[w]})
            chunk: list[int] = []
            files: list[int] = []
            total = 0
            for n in numbers:
                if chunk and total + entry_size[n] > limit:
                    files.append(add_file(chunk))
                    chunk, total = [], 0
                chunk.append(n)
                total += entry_size[n]
            files.append(add_file(chunk))
            name_keys[key] = files if len(files) > 1 else files[0]
    for number, numbers in enumerate(name_files):
        data = {"o": [], "t": [], "i": []}
        for n in numbers:
            kind, entry, _text = entries[n]
            data[kind].append(entry)
        out[f"n{number}.json"] = data

    # per-document metadata in blocks
    titles = [html.unescape(t) for t in index["titles"]]
    nblocks = -(-ndocs // block)
    for number in range(nblocks):
        part = slice(number * block, (number + 1) * block)
        out[f"m{number}.json"] = {"docnames": list(index["docnames"][part]),
                                  "titles": titles[part]}

    manifest = {
        "version": FORMAT_VERSION,
        "docs": ndocs,
        "block": block,
        "terms": term_keys,
        "names": name_keys,
        "objnames": index["objnames"],
        "files": {"t": nterm_files, "n": len(name_files), "m": nblocks},
    }
    return manifest, out


def write_shards(index: dict[str, Any], outdir: Path, limit: int = SHARD_LIMIT,
                 stopwords: Iterable[str] = (), block: int = META_BLOCK,
                 stamp: str = "") -> tuple[dict[str, Any], int]:
    """Bring ``outdir/_kb_search`` and the loader up to date with the shards of
    ``index``: (manifest, number of files written).

    Only files whose bytes differ are written (each to a temporary name, then
    renamed), shard files first, then ``manifest.json`` and the loader; files no
    longer wanted are removed after that, and the stamp (``stamp``, see
    :func:`shards_stamp`) is written last, so that an interrupted update is
    redone by the next build."""
    manifest, files = build_shards(index, limit, block, stopwords=stopwords)
    target = outdir / SHARD_DIR
    if target.exists() and not target.is_dir():
        target.unlink()
    target.mkdir(exist_ok=True)
    (target / STAMP).unlink(missing_ok=True)
    existing = {entry.name: entry for entry in os.scandir(target)}
    wanted: dict[str, int] = {}
    written = 0

    for name, data in [*files.items(), ("manifest.json", manifest)]:
        encoded = _js_dumps(data).encode("utf-8")
        written += write_if_changed(target / name, encoded)
        wanted[name] = len(encoded)
    loader = (CLIENT.read_text(encoding="utf-8")
              + f"\nKbSearchShards.install({_js_dumps(manifest)});\n").encode("utf-8")
    written += write_if_changed(outdir / "searchindex.js", loader)
    for name, entry in existing.items():
        if name not in wanted and name != STAMP:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    if stamp:
        write_if_changed(target / STAMP, _js_dumps({
            "stamp": stamp, "loader": hashlib.sha256(loader).hexdigest(), "files": wanted,
        }).encode("utf-8"))
    return manifest, written


def shards_stamp(full_index: bytes, limit: int, block: int, stopwords: Iterable[str]) -> str:
    """What the shards are made from: the full index's bytes and every setting
    and piece of code that shapes the files or the loader."""
    digest = hashlib.sha256(full_index)
    settings = {"version": FORMAT_VERSION, "limit": limit, "block": block, "max_key": MAX_KEY,
                "stopwords": sorted(stopwords),
                "client": hashlib.sha256(CLIENT.read_bytes()).hexdigest(),
                "code": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}
    digest.update(_js_dumps(settings).encode("utf-8"))
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


# -- Sphinx events ----------------------------------------------------------------------

def _managed(app: Sphinx) -> bool:
    """Whether this build's ``searchindex.js`` is kb_ext's to write."""
    builder = app.builder
    return (isinstance(builder, StandaloneHTMLBuilder) and builder.search
            and builder.indexer_format is js_index
            and type(builder).searchindex_filename == "searchindex.js"
            and app.config.kb_search_shards is not False)


def on_builder_inited(app: Sphinx) -> None:
    if not _managed(app):
        return
    app.builder.searchindex_filename = FULL_INDEX
    # An output folder from before kb_ext managed the index: keep its full index,
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
    """
    indexer = getattr(app.builder, "indexer", None)
    prune = getattr(indexer, "prune", None)
    if prune is not None and not getattr(prune, "kb_takes_a_set", False):
        def prune_by_set(docnames: Iterable[str]) -> None:
            prune(docnames if isinstance(docnames, (set, frozenset)) else set(docnames))
        prune_by_set.kb_takes_a_set = True  # type: ignore[attr-defined]
        indexer.prune = prune_by_set  # type: ignore[union-attr]
    return []


def should_shard(app: Sphinx, full_size: int) -> bool:
    mode = app.config.kb_search_shards
    return mode is True or (mode == "auto" and full_size > app.config.kb_search_shard_threshold)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception or not _managed(app) or app.builder.searchindex_filename != FULL_INDEX:
        return
    outdir = Path(app.outdir)
    full = outdir / FULL_INDEX
    if not full.is_file():
        return
    if not should_shard(app, full.stat().st_size):
        if (outdir / SHARD_DIR).exists():
            shutil.rmtree(outdir / SHARD_DIR)
        write_if_changed(outdir / "searchindex.js", full.read_bytes())
        return
    data = full.read_bytes()
    indexer = getattr(app.builder, "indexer", None)
    stopwords = getattr(getattr(indexer, "lang", None), "stopwords", ())
    limit, block = SHARD_LIMIT, META_BLOCK  # read here, so tests can change them
    stamp = shards_stamp(data, limit, block, stopwords)
    if shards_current(outdir, stamp):
        logger.info("kb_ext: sharded search index unchanged")
        return
    index = js_index.loads(data.decode("utf-8"))
    manifest, written = write_shards(index, outdir, limit, stopwords, block, stamp)
    files = manifest["files"]
    logger.info("kb_ext: search index sharded into %d term, %d name and %d metadata files "
                "(%d written)", files["t"], files["n"], files["m"], written)


def setup_search_shards(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-collect-pages", prune_with_a_set)
    app.connect("build-finished", on_build_finished)
