"""The cheaper paths of a full build give what the general ones give.

* a compact node's parts are escaped by kb_ext itself when the translator
  escapes as docutils does, and by the translator's own ``encode`` and
  ``attval`` otherwise: both give the same markup;
* the pictures' attributes (``views/svg.py``) are written by exact type first,
  with the general path for everything else;
* a page's search facts are asked for once per page and build, and the answers
  are those of the build's own domain.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from docutils.utils import new_document
from sphinx.application import Sphinx

from kb_ext.compact_parts import (
    Link,
    RowPart,
    Span,
    _plain_parts_html,
    _translator_parts_html,
    parts_html,
)
from kb_ext.search.pageinfo import EVENT
from kb_ext.views import svg

from .conftest import BuiltSite


@pytest.fixture(scope="module")
def kb_app(build_root: Callable[..., BuiltSite]) -> Sphinx:
    """The application of a finished build of tests/roots/test-kb."""
    box: dict[str, Sphinx] = {}
    build_root("kb", setup=lambda app: box.update(app=app))
    return box["app"]

TRICKY = ("plain", "a & b", "<script>", 'say "hi"', "mail@example.org", "tab\there",
          "line\nbreak", "cr\rlf\x0bvt\x0cff", "nbsp\u00a0here", "Минск «цитата»", "", " ",
          "it's")


def _parts() -> list[list[RowPart]]:
    rows: list[list[RowPart]] = []
    for text in TRICKY:
        rows.append([text, Link(text, f"page.html#{text}", classes=text, title=text),
                     Link(Span(text, "kb-badge " + text), "", title="")])
        rows.append([Span((text, Link(text, "x.html")), text, "em"),
                     Span(text, "", "abbr", title=text), Span(text, text, "div")])
    return rows


def test_compact_parts_are_escaped_as_the_translator_escapes(kb_app: Sphinx) -> None:
    app = kb_app
    document = new_document("<test>", app.builder.docsettings)
    translator: Any = app.builder.create_translator(document, app.builder)
    assert translator.special_characters
    for parts in _parts():
        expected = _translator_parts_html(translator, parts)
        assert parts_html(translator, parts) == expected, parts
        table = translator.special_characters
        assert _plain_parts_html(table, lambda _t: True, parts) == expected
    # Inside a mailto reference docutils cloaks addresses: the translator's own path.
    translator.in_mailto = True
    translator.settings.cloak_email_addresses = True
    parts = [Link("a", "mailto:someone@example.org", title="x.y@z")]
    assert parts_html(translator, parts) == _translator_parts_html(translator, parts)
    assert "&#46;" in parts_html(translator, parts)


def test_a_translator_with_its_own_escaping_keeps_it(kb_app: Sphinx) -> None:
    app = kb_app
    document = new_document("<test>", app.builder.docsettings)
    translator: Any = app.builder.create_translator(document, app.builder)

    class Shouting(type(translator)):  # type: ignore[misc]
        def encode(self, text: str) -> str:
            return super().encode(text).upper()

    shouting = Shouting(document, app.builder)
    assert parts_html(shouting, ["quiet", Link("link", "x.html")]) == (
        'QUIET<a class="REFERENCE INTERNAL" href="X.HTML">LINK</a>')  # attval encodes too


def _reference_attrs(**values: Any) -> str:
    """views/svg.py's attributes as written before the exact-type paths."""
    parts = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        if isinstance(value, float):
            text = f"{value:.1f}"
        elif isinstance(value, int):
            text = str(value)
        else:
            text = escape(str(value), quote=True)
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{text}"')
    return "".join(parts)


@pytest.mark.parametrize("value", [
    0, 7, -3, 12.0, -0.05, 2.25, 1e21, float("nan"), True, False, np.float64(3.14159),
    np.int64(4), "plain", "a & b", '<q "x">', "it's", "Минск", "", None, Path("a/b"),
    (1, 2)])
def test_svg_attributes_are_written_as_before(value: object) -> None:
    values = {"x": value, "class_": "kb-svg-label", "aria_label": value, "data_node": "a:b"}
    assert svg.attrs(**values) == _reference_attrs(**values)
    assert svg.tag("g", "body", **values) == f"<g{_reference_attrs(**values)}>body</g>"
    assert svg.tag("rect", **values) == f"<rect{_reference_attrs(**values)}/>"


def test_page_facts_are_asked_once_per_page(build_root: Callable[..., BuiltSite]) -> None:
    asked: list[str] = []

    def note(app: Sphinx, docname: str) -> None:
        asked.append(docname)

    def setup(app: Sphinx) -> None:
        app.connect(EVENT, note, priority=1)

    site = build_root("kb", setup=setup)
    pages = sorted(p.relative_to(site.outdir).with_suffix("").as_posix()
                   for p in site.outdir.rglob("*.html") if "_static" not in p.parts)
    # Once each (the feed while writing, the index's extras at the end asked again).
    assert sorted(asked) == sorted(set(asked))
    assert set(pages) - {"search", "genindex", "curation"} <= set(asked)  # curation: no doc
    # The answers are the build's own: every source's "outlet · date" subtitle.
    index = (site.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "Riverton Times · 2019-03-12" in index and "Riverton Gazette · 2019-04" in index


def test_a_run_of_capitals_is_taken_apart_once_and_placed_each_time() -> None:
    """The names scan keeps what a run of capitalised words gives across
    sources; whether it starts a sentence is still read where it stands."""
    from kb_ext.derive.names import _Folded, _Runs, _runs_in, names_in

    texts = ["Minsk said so. In Minsk, they did not.", "THE BIG HEADLINE HERE today",
             "In May the Republic of Belarus met the Minister of Defence.",
             "«Minsk» — Minsk and The Hague", "May. May the West listen"]
    shared = _Runs(_Folded())
    for text in texts:
        alone = list(_runs_in(text, _Runs(_Folded())))
        assert list(_runs_in(text, shared)) == alone
        assert [(list(run.words), starts) for run, starts in alone] == list(
            names_in(text, _Folded()))
    assert [(run.name, starts) for run, starts in _runs_in(texts[0], shared)] == [
        ("Minsk", True), ("Minsk", False)]
    assert [run.name for run, _starts in _runs_in(texts[1], shared)] == []
    assert shared["May"] is not None and shared["May"].calendar
