"""What the search index knows about a page beyond its words.

:class:`PageInfo` is asked for with the ``kb-search-page-info`` event
(``app.emit_firstresult("kb-search-page-info", docname)``), so that this
extension works without kb_ext: a project without a handler gets None for
every page and Sphinx's behaviour. kb_ext's handler (:func:`kb_page_info`)
answers for source pages from its domain: the sidecar's language (the text is
then also stemmed in that language, :mod:`.languages`) and a subtitle, the
outlet and date, that the search page shows under the result.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sphinx.application import Sphinx

EVENT = "kb-search-page-info"


class PageInfo(NamedTuple):
    language: str | None = None   # the language of the page's text, if not the project's
    subtitle: str | None = None   # shown under the page's search results
    #: the page of a knowledge-base object: its results rank before other pages'
    primary: bool = False


def page_info(app: Sphinx, docname: str) -> PageInfo:
    """Asked once per page and build: the search feed asks while writing each
    page and the index's extras again for every page when the build finishes
    (an event emitted costs Sphinx's dispatch and a debug log record, about
    1 s of CPU for the second round at 10,000 sources). Answers are kept
    from ``env-updated``, when reading is done and the domain no longer
    changes, to the next build's."""
    answers: dict[str, PageInfo] | None = getattr(app, "_kb_page_info", None)
    if answers is None:
        found = app.emit_firstresult(EVENT, docname)
        return found if isinstance(found, PageInfo) else PageInfo()
    info = answers.get(docname)
    if info is None:
        found = app.emit_firstresult(EVENT, docname)
        info = answers[docname] = found if isinstance(found, PageInfo) else PageInfo()
    return info


def _keep_answers(app: Sphinx, *_args: Any) -> None:
    """``env-updated``: answers from now on are the domain's as read."""
    app._kb_page_info = {}  # type: ignore[attr-defined]


def _forget_answers(app: Sphinx, *_args: Any) -> None:
    """``builder-inited`` and ``env-before-read-docs``: reading may change them."""
    app._kb_page_info = None  # type: ignore[attr-defined]


class _KbPages(NamedTuple):
    sources: dict[str, Any]   # docname -> source record
    objects: frozenset[str]   # docnames of pages that hold a kb object


def _kb_pages(app: Sphinx) -> _KbPages:
    """Made once per phase: the domain does not change while pages are written
    or after the build (the key notices a new build's domain)."""
    from ..knowledge.domain import kb_domain

    domain = kb_domain(app.env)
    key = (id(domain.data), len(domain.sources), len(app.env.all_docs))
    cached = getattr(app, "_kb_search_pages", None)
    if cached is None or cached[0] != key:
        pages = _KbPages({r.docname: r for r in domain.sources.values()},
                         frozenset(entry[3] for entry in domain.get_objects()))
        cached = (key, pages)
        app._kb_search_pages = cached  # type: ignore[attr-defined]
    return cached[1]


def kb_page_info(app: Sphinx, docname: str) -> PageInfo | None:
    """kb_ext's answer: a source page's language and "outlet · date"; whether
    the page is an object's (an actor, claim, theme, event or source)."""
    pages = _kb_pages(app)
    primary = docname in pages.objects
    record = pages.sources.get(docname)
    if record is None:
        return PageInfo(primary=True) if primary else None
    meta = record.meta
    subtitle = " · ".join(part for part in (meta.outlet, meta.date_label) if part)
    return PageInfo(meta.language or None, subtitle or None, primary)


def setup_pageinfo(app: Sphinx) -> None:
    if EVENT not in app.events.events:
        app.add_event(EVENT)
    app.connect("builder-inited", _forget_answers)
    app.connect("env-before-read-docs", _forget_answers)
    app.connect("env-updated", _keep_answers)
