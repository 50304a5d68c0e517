"""Feeding a page to Sphinx's indexer in its own language too.

:func:`wrap_index_page` wraps the HTML builder's ``index_page``: Sphinx
indexes the page as always, with the project's stemmer; then, when :mod:`.pageinfo` says the
page's text is in another language that :mod:`.languages` can stem, each of
the same words (the same ``WordCollector`` walk, so ``no-search`` elements
stay out) is also filed under its stem in that language. Terms are one key
space: a Russian stem sits beside the English ones, and the client looks a
query word up under each language's stem (see docs/guide/search.md). The
page's passages are written for the search page too (:mod:`.passages`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import WordCollector

from .languages import same_language, stemmer
from .pageinfo import page_info
from .passages import write_passages


def _words(indexer: Any, doctree: nodes.document) -> tuple[list[str], list[str]]:
    """(text words, title words) as Sphinx's indexer collects them."""
    collect = getattr(indexer, "_word_collector", None)
    if collect is not None:  # Sphinx >= 7.3
        store = collect(doctree)
        return store.words, store.title_words
    visitor = WordCollector(doctree, indexer.lang)
    doctree.walk(visitor)
    return visitor.found_words, visitor.found_title_words


def search_mappings(indexer: Any) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Sphinx's indexer's word -> pages maps, of text words and title words
    (private attributes of ``sphinx.search.IndexBuilder``; no public API
    adds to or cleans them): empty ones for an indexer without them."""
    return getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})


def add_language_stems(indexer: Any, docname: str, doctree: nodes.document,
                       code: str) -> int:
    """File the page's words under their stems in language ``code``: how many
    terms were added."""
    stem = stemmer(code)
    if stem is None:
        return 0
    words, title_words = _words(indexer, doctree)
    keep = indexer.lang.word_filter
    added = 0
    words_map, titles_map = search_mappings(indexer)
    for mapping, found in ((titles_map, title_words), (words_map, words)):
        for word in set(found):
            if not word.isalpha():  # file names, digests, numbers: not words of a language
                continue
            stemmed = stem(word)
            if stemmed and keep(stemmed) and docname not in mapping.get(stemmed, ()):
                mapping.setdefault(stemmed, set()).add(docname)
                added += 1
    return added


def wrap_index_page(app: Sphinx) -> None:
    """After Sphinx's ``index_page`` (the builder's indexer exists only once
    writing starts, so the builder's method is wrapped, at ``builder-inited``)."""
    builder = app.builder
    index_page = getattr(builder, "index_page", None)
    if index_page is None or getattr(index_page, "kb_languages", False):
        return

    def index_in_language(pagename: str, doctree: nodes.document, title: str) -> None:
        index_page(pagename, doctree, title)
        indexer = getattr(builder, "indexer", None)
        metadata = app.env.metadata.get(pagename, {})
        if indexer is None or not title or "no-search" in metadata or "nosearch" in metadata:
            return
        code = page_info(app, pagename).language
        if code and not same_language(code, getattr(indexer.lang, "lang", None)):
            add_language_stems(indexer, pagename, doctree, code)
        write_passages(Path(app.outdir), pagename, doctree)

    index_in_language.kb_languages = True  # type: ignore[attr-defined]
    builder.index_page = index_in_language  # type: ignore[attr-defined]
