"""Sphinx's frozen search index -> the shard files (no I/O here).

Layout of ``_kb_search/`` (all JSON; ``manifest`` is also inlined in the
loader, ``searchindex.js``)::

    manifest  {"version", "docs": number of documents, "block": documents per
               meta block, "terms": {key: file}, "names": {key: file or [files]},
               "objnames": Sphinx's objnames, "files": {"t": n, "n": n, "m": n},
               "kb": the client's extras (:func:`.extras.for_client`)}
    t<i>.json {"terms": {term: postings}, "titleterms": {term: postings}}
    n<i>.json {"o": [[doc, prefix, name, anchor, objtype, prio]],
               "t": [[doc, title, anchor or null, is the document title]],
               "i": [[doc, entry, anchor, main]]}
    m<i>.json {"docnames": [...], "titles": [...], "subtitles": [...]} for
               documents i*block .. (i+1)*block-1 ("subtitles", shown under a
               result, only when one of the block's pages has one)

Terms (stemmed words, as Sphinx stores them) and title terms share one key
space, grouped by prefix and packed into files of at most ``limit`` bytes
(:mod:`.grouping`). Names (objects, section titles, index entries) are
grouped the same way by each lower-cased word of the name, so an object with
a three-word name is in up to three files; a word too common for one file is
spread over several. Postings are encoded by :mod:`.postings`. ``limit`` is
``kb_search_shard_size`` and ``block`` is ``kb_search_meta_block``.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .config import DEFAULTS
from .encoding import size, str_size
from .grouping import MAX_KEY, group_by_prefix, name_words, pack
from .postings import encode_sized

FORMAT_VERSION = 2
SHARD_SIZE: int = DEFAULTS["kb_search_shard_size"]  # type: ignore[assignment]
META_BLOCK: int = DEFAULTS["kb_search_meta_block"]  # type: ignore[assignment]


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


def _term_files(index: dict[str, Any], limit: int, max_key: int
                ) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Terms and title terms: (key -> file number, the files' data)."""
    ndocs = len(index["docnames"])
    postings: dict[str, dict[str, Any]] = {"terms": {}, "titleterms": {}}
    sizes: dict[str, int] = defaultdict(int)
    for kind, mapping in postings.items():
        for term, value in index[kind].items():
            mapping[term], encoded_size = encode_sized(value, ndocs)
            sizes[term] += str_size(term) + encoded_size + 2
    keys: dict[str, int] = {}
    files: list[dict[str, Any]] = []
    groups = group_by_prefix(sizes, limit, max_key)
    for number, packed in enumerate(pack(groups, sizes, limit)):
        data: dict[str, dict[str, Any]] = {"terms": {}, "titleterms": {}}
        for key in packed:
            keys[key] = number
            for term in groups[key]:
                for kind, mapping in postings.items():
                    if term in mapping:
                        data[kind][term] = mapping[term]
        files.append(data)
    return keys, files


def _name_files(index: dict[str, Any], limit: int, max_key: int, stopwords: set[str]
                ) -> tuple[dict[str, int | list[int]], list[dict[str, Any]]]:
    """Objects, section titles and index entries by the words of their names:
    (key -> file number or numbers, the files' data)."""
    entries = _name_entries(index)
    by_word: dict[str, list[int]] = defaultdict(list)
    for number, (_kind, _entry, text) in enumerate(entries):
        for word in name_words(text) - stopwords:
            by_word[word].append(number)
    entry_size = [size(entry) + 1 for _kind, entry, _text in entries]
    sizes = {word: sum(entry_size[n] for n in numbers) for word, numbers in by_word.items()}
    groups = group_by_prefix(sizes, limit, max_key)
    keys: dict[str, int | list[int]] = {}
    name_files: list[list[int]] = []

    def add_file(numbers: Iterable[int]) -> int:
        name_files.append(sorted(set(numbers)))
        return len(name_files) - 1

    for packed in pack(groups, sizes, limit):
        big = [k for k in packed if sum(sizes[w] for w in groups[k]) > limit]
        small = [k for k in packed if k not in big]
        if small:
            number = add_file(n for k in small for w in groups[k] for n in by_word[w])
            for key in small:
                keys[key] = number
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
            keys[key] = files if len(files) > 1 else files[0]
    out = []
    for numbers in name_files:
        data: dict[str, list[Any]] = {"o": [], "t": [], "i": []}
        for n in numbers:
            kind, entry, _text = entries[n]
            data[kind].append(entry)
        out.append(data)
    return keys, out


def build_shards(index: dict[str, Any], limit: int = SHARD_SIZE, block: int = META_BLOCK,
                 stopwords: Iterable[str] = (), max_key: int = MAX_KEY,
                 extras: dict[str, Any] | None = None,
                 subtitles: list[str | None] | None = None
                 ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Sphinx's frozen index -> (manifest, {relative file name: JSON data}).

    Names are not filed under ``stopwords`` (the client does not look them up)."""
    ndocs = len(index["docnames"])
    term_keys, term_files = _term_files(index, limit, max_key)
    name_keys, name_files = _name_files(index, limit, max_key, set(stopwords))
    out: dict[str, Any] = {f"t{n}.json": data for n, data in enumerate(term_files)}
    out.update((f"n{n}.json", data) for n, data in enumerate(name_files))

    # per-document metadata in blocks
    titles = [html.unescape(t) for t in index["titles"]]
    nblocks = -(-ndocs // block)
    for number in range(nblocks):
        part = slice(number * block, (number + 1) * block)
        meta: dict[str, Any] = {"docnames": list(index["docnames"][part]),
                                "titles": titles[part]}
        if subtitles and any(subtitles[part]):
            meta["subtitles"] = subtitles[part]
        out[f"m{number}.json"] = meta

    manifest = {
        "version": FORMAT_VERSION,
        "docs": ndocs,
        "block": block,
        "terms": term_keys,
        "names": name_keys,
        "objnames": index["objnames"],
        "files": {"t": len(term_files), "n": len(name_files), "m": nblocks},
        "kb": extras or {},
    }
    return manifest, out
