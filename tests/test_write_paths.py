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


def _reference_node(neighbour: Any, href: str, y: float) -> str:
    """A neighbour as neighbourhood_svg wrote it with views/svg.py's tag()."""
    from kb_ext.views import neighbourhood_svg as nb

    x = nb.MARK_X
    if neighbour.kind == "claim":
        marker = svg.tag("rect", x=x - 5, y=y - 5, width=10, height=10, rx=2,
                         fill=svg.STATUS_COLOUR.get(neighbour.status, svg.ACTOR_EDGE))
    elif neighbour.kind == "event":
        marker = svg.tag("path", d=f"M{x:.1f},{y - 6:.1f} l6,11 h-12 z", fill=nb.EVENT_COLOUR)
    elif neighbour.kind == "theme":
        marker = svg.tag("path", d=f"M{x:.1f},{y - 6:.1f} l6,6 l-6,6 l-6,-6 z",
                         fill=nb.THEME_COLOUR)
    else:
        marker = svg.tag("circle", cx=x, cy=y, r=5.0, class_="kb-svg-node kb-svg-actor"
                         if neighbour.kind == "actor" else "kb-svg-node")
    shape = marker + svg.label_text(svg.clip(neighbour.label, nb.LABEL_CHARS), nb.LABEL_X,
                                    y + nb.FONT * 0.35)
    tip = f"{nb.NAMES[neighbour.kind]}: {neighbour.label}" + (
        f" ({neighbour.stance})" if neighbour.stance else "")
    return svg.link(href, tip, shape, class_=f"kb-nb-node kb-nb-{neighbour.kind}",
                    data_node=f"{neighbour.kind}:{neighbour.id}")


def _reference_edge(neighbour: Any, y0: float, y: float) -> str:
    from kb_ext.views import neighbourhood_svg as nb

    colour, dash = svg.STANCE_STYLE.get(neighbour.stance, (svg.ACTOR_EDGE, ""))
    x0, x1 = nb.CENTRE_X + nb.CENTRE_W, nb.MARK_X - 7
    middle = (x0 + x1) / 2
    return svg.tag("path", d=f"M{x0:.1f},{y0:.1f} C{middle:.1f},{y0:.1f} {middle:.1f},{y:.1f} "
                   f"{x1:.1f},{y:.1f}", stroke=colour, stroke_dasharray=dash)


@pytest.mark.parametrize("kind", ["claim", "source", "actor", "event", "theme"])
def test_a_neighbour_is_drawn_as_with_tag(kind: str) -> None:
    from kb_ext.views import neighbourhood_svg as nb
    from kb_ext.views.neighbourhood_rows import Neighbour

    labels = ["Belarus", "A & B <say> \"x\" it's", "Минск — a very long label that is clipped",
              ""]
    for index, (label, stance, status, href) in enumerate(
            (label, stance, status, href) for label in labels
            for stance in ("", "supports", "disputes", "reports", "qualifies", "odd")
            for status in ("", "disputed", "contested", "uncontested", "other")
            for href in ("", "../claims/a.html#claim-a&b")):
        neighbour = Neighbour(kind, f"id-{index}&<", label, "doc", "node", stance, status)
        y = nb.TOP + (index % 9 + 0.5) * nb.ROW
        assert nb._node(neighbour, href, y) == _reference_node(neighbour, href, y)
        assert nb._edge(neighbour, 81.0, y) == _reference_edge(neighbour, 81.0, y)
