"""Every use of a private Sphinx detail, in one place, each with its reason.

When a Sphinx upgrade changes one of these, the function here degrades to
doing nothing (or the slow, public path) and a test in
``tests/test_compat.py`` fails, naming what changed.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, TypeVar

import sphinx.util.docutils
from docutils import nodes
from docutils.frontend import OptionParser
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

BuilderT = TypeVar("BuilderT", bound=type[Builder])
#: No value at all (``None`` could be one).
MISSING = object()


def builder_format(env: BuildEnvironment) -> str:
    """The output format of the builder this environment is being built for.

    Post-transforms decide whether they apply before ``env.app.builder`` is
    usable for that; ``SphinxPostTransform.is_supported`` itself reads the
    private ``env._builder_cls``.
    """
    builder_cls: Any = getattr(env, "_builder_cls", None)
    return str(getattr(builder_cls, "format", ""))


def builder_name(env: BuildEnvironment) -> str:
    """The name of the builder this environment is being read for.

    A parser needs it while reading, in a parallel reader's process too,
    where Sphinx 9 deprecates ``env.app``; the private ``env._builder_cls``
    is what ``SphinxPostTransform.is_supported`` reads as well.
    """
    builder_cls: Any = getattr(env, "_builder_cls", None)
    return str(getattr(builder_cls, "name", ""))


def disable_smart_quotes(env: BuildEnvironment) -> object:
    """Switch SmartQuotes off for every document this environment reads;
    returns what was there, for :func:`restore_smart_quotes`.

    ``env.settings`` holds the docutils defaults each document starts from;
    ``smart_quotes = False`` is the switch ``SphinxSmartQuotes.is_available``
    names for extensions (kb_ext's source pages set it per document).
    """
    before = env.settings.get("smart_quotes", MISSING)
    env.settings["smart_quotes"] = False
    return before


def restore_smart_quotes(env: BuildEnvironment, before: object) -> None:
    """Put back what :func:`disable_smart_quotes` replaced, before Sphinx
    pickles the environment: ``env.settings`` is pickled with it, and Sphinx
    only fills in ``smart_quotes`` where it is missing, so a later html build
    from the same doctree folder would typeset nothing."""
    if before is MISSING:
        env.settings.pop("smart_quotes", None)
    else:
        env.settings["smart_quotes"] = before


def reuse_document_settings() -> bool:
    """Build docutils' option parser once per kind of document, not per
    document, in every build.

    Sphinx 9's private ``sphinx.util.docutils._get_settings`` builds a new
    ``OptionParser`` (about a hundred options) for every document it reads:
    24 of 214 s under cProfile in a check of 1,000 sources. The settings of
    each document are still a fresh ``Values`` from the parser's defaults,
    exactly what the parser gives; only docutils.conf files are read once
    per build rather than once per document. The cached parsers hold the
    defaults they were made from, so an ``id`` in the key is never reused
    while its entry lives; they are dropped when another environment reads,
    so a process that builds many projects (tests, a live server) keeps one
    environment alive through them, not every one it built. Returns False
    when the function is not what it was.
    """
    original: Any = getattr(sphinx.util.docutils, "_get_settings", None)
    if not callable(original):
        return False
    if getattr(original, "kb_reused", False):
        return True
    parsers: dict[tuple[object, ...], OptionParser] = {}
    made_for: list[int] = [0]  # id of the environment the parsers were made for

    def get_settings(*components: Any, defaults: Mapping[str, Any],
                     read_config_files: bool = False) -> Any:
        env_id = id(defaults.get("env"))
        if env_id != made_for[0]:
            # The old parsers hold the old environment, so its id is not reused yet.
            parsers.clear()
            made_for[0] = env_id
        key = (tuple(c if isinstance(c, type) else type(c) for c in components),
               read_config_files, tuple((k, id(v)) for k, v in defaults.items()))
        with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
            if key not in parsers:
                parsers[key] = OptionParser(components=components, defaults=defaults,
                                            read_config_files=read_config_files)
            return parsers[key].get_default_values()

    get_settings.kb_reused = True  # type: ignore[attr-defined]
    sphinx.util.docutils._get_settings = get_settings
    return True


def skip_myst_scratch_document() -> bool:
    """Stop MyST building a docutils document it throws away for each page.

    ``myst_parser.mdit_to_docutils.base``'s renderer calls
    ``options.get("document", make_document())``: the default is built even
    when Sphinx hands it the document, and ``make_document`` builds a new
    ``OptionParser`` each time (5.3 of 73 s under cProfile in a check of
    1,000 sources, 596 MyST pages). The replacement builds the parser once
    per parser class and returns a new document with fresh default settings,
    as the original does. Returns False when the function is not there.
    """
    try:
        from myst_parser.mdit_to_docutils import base
    except ImportError:
        return False
    original: Any = getattr(base, "make_document", None)
    if not callable(original):
        return False
    if getattr(original, "kb_reused", False):
        return True
    from docutils.parsers.rst import Parser as RSTParser
    from docutils.utils import new_document

    parsers: dict[type, OptionParser] = {}

    def make_document(source_path: str = "notset", parser_cls: type = RSTParser) -> Any:
        with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
            if parser_cls not in parsers:
                parsers[parser_cls] = OptionParser(components=(parser_cls,))
            return new_document(source_path, settings=parsers[parser_cls].get_default_values())

    make_document.kb_reused = True  # type: ignore[attr-defined]
    base.make_document = make_document
    return True


def release_doctree_cache(env: BuildEnvironment) -> bool:
    """Drop the doctrees a serial build keeps in memory until they are written.

    Since Sphinx 7.2 ``BuildEnvironment._write_doc_doctree_cache`` holds every
    doctree read until its page is written, so peak memory grows with the
    whole corpus (853 MB of 1.56 GB at 4,000 sources). The writer then loads
    each doctree from the pickle Sphinx writes anyway, as a parallel build
    always does. Returns False when the attribute is not what it was.
    """
    cache: Any = getattr(env, "_write_doc_doctree_cache", None)
    if not isinstance(cache, dict):
        return False
    cache.clear()
    return True


def without_doctree_files(builder_cls: BuilderT) -> BuilderT:
    """Class decorator: a builder that never loads a doctree writes none.

    Sphinx pickles every document it reads into the doctree folder from
    ``Builder.read_doc`` through ``Builder.write_doctree``, both marked
    ``typing.final``; the files are only read back to write pages. A builder
    that writes no page (``kbcheck``) gets a ``write_doctree`` that does
    nothing: 1,596 files at 1,000 sources, pickling and creating them
    0.8-2.1 s of CPU (docs/guide/benchmarks.md, "make check"). The environment
    pickle is still written. ``tests/test_compat.py`` checks that
    ``read_doc`` still writes through ``write_doctree``.
    """
    def write_doctree(self: Builder, docname: str, doctree: nodes.document, *,
                      _cache: bool = True) -> None:
        """Nothing: no doctree of this builder is ever loaded."""

    builder_cls.write_doctree = write_doctree  # type: ignore[misc,method-assign]
    return builder_cls
