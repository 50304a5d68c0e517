"""The private details kb_ext relies on, checked against the installed Sphinx.

* Each compact node (:data:`kb_ext.compact.COMPACT_NODES`) is written by its own
  HTML visitor; the claim is that the markup equals what Sphinx's HTML writer
  gives for ``node.expanded()``, the ordinary docutils nodes other builders
  get. Checked node by node with tricky content, and page by page on real
  builds, with Sphinx's own translator.
* :mod:`kb_ext._compat` reads private Sphinx attributes; the tests here fail,
  naming the attribute, when an upgrade removes or changes one.
* No other module (the search extension aside) touches a private attribute.
"""

from __future__ import annotations

import ast
import copy
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from docutils.utils import new_document
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from kb_ext import _compat
from kb_ext.compact import (
    COMPACT_NODES,
    Item,
    kb_field,
    kb_fields,
    kb_mention_groups,
    kb_passage,
    kb_removed_lines,
    link_rows,
    mention_groups,
)
from kb_ext.compact_parts import Link, RowPart, Span, badge_part
from kb_ext.compact_table import table

from .conftest import REPO, BuiltSite


def is_compact(node: nodes.Node) -> bool:
    return isinstance(node, COMPACT_NODES)


# -- real builds, with the application kept -----------------------------------

@dataclass
class Build:
    """A finished build of a test root, its application kept for rendering."""

    app: Sphinx
    site: BuiltSite
    #: each page's doctree as the writer got it (after ``doctree-resolved``)
    resolved: dict[str, nodes.document] = field(default_factory=dict)
    #: ``_compat.builder_format(env)`` as seen at each ``doctree-resolved``
    formats: list[str] = field(default_factory=list)
    #: Sphinx's doctree cache at ``env-updated``, before and after kb_ext's handler
    cache_before: Any = None
    cache_after: Any = None


def _doctree_cache(env: BuildEnvironment) -> Any:
    # The private attribute _compat.release_doctree_cache clears; read here only
    # to check that Sphinx still fills it and kb_ext still empties it.
    cache = getattr(env, "_write_doc_doctree_cache", None)
    return dict(cache) if isinstance(cache, dict) else cache


def _docutils_conf(table_style: str) -> Callable[[Path], None]:
    def prepare(srcdir: Path) -> None:
        (srcdir / "docutils.conf").write_text(f"[html writers]\ntable_style: {table_style}\n",
                                              encoding="utf-8")
    return prepare


#: Configurations whose HTML differs where a compact node is written.
VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "html_compact_lists=False": {"confoverrides": {"html_compact_lists": False}},
    # An actor's sources listed one line each (kb_link_rows) rather than quoted.
    "listed-mentions": {"confoverrides": {"kb_actor_quoted_sources": 0}},
    # kb_table's visitor then lets docutils lay out the expanded table.
    "colwidths-grid": {"prepare": _docutils_conf("colwidths-grid")},
}


@pytest.fixture(scope="module")
def built(build_root: Callable[..., BuiltSite]) -> Callable[..., Build]:
    """``built(root, variant, builder)``: a build of ``tests/roots/test-<root>``,
    made once per module for each combination."""
    cache: dict[tuple[str, str, str], Build] = {}

    def build(root: str = "kb", variant: str = "default", builder: str = "html") -> Build:
        key = (root, variant, builder)
        if key in cache:
            return cache[key]
        box: dict[str, Any] = {}

        def resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
            box["formats"].append(_compat.builder_format(app.env))
            box["resolved"][docname] = doctree.deepcopy()

        def before(app: Sphinx, env: BuildEnvironment) -> list[str]:
            box["cache_before"] = _doctree_cache(env)
            return []

        def after(app: Sphinx, env: BuildEnvironment) -> list[str]:
            box["cache_after"] = _doctree_cache(env)
            return []

        def setup(app: Sphinx) -> None:
            box.update(app=app, formats=[], resolved={})
            # After every other handler: the doctree as the HTML writer gets it.
            app.connect("doctree-resolved", resolved, priority=999)
            # kb_ext releases the cache on env-updated at the default priority (500).
            app.connect("env-updated", before, priority=100)
            app.connect("env-updated", after, priority=999)

        site = build_root(root, builder=builder, setup=setup, **VARIANTS[variant])
        if root == "kb":  # test-events holds deliberate mistakes, warned about
            assert site.warnings.strip() == "", site.warnings
        app = box.pop("app")
        cache[key] = Build(app, site, **box)
        return cache[key]

    return build


def render(app: Sphinx, node: nodes.Node, settings: Any = None) -> str:
    """``node``'s HTML as Sphinx's HTML builder writes a page body: the node in
    a document with the builder's settings, walked by the builder's own
    translator (HTML5Translator with every extension's visitors), ``fragment``
    taken as ``StandaloneHTMLBuilder.write_doc`` takes it."""
    if isinstance(node, nodes.document):
        document = node
        document.settings = settings or app.builder.docsettings
    else:
        document = new_document("<test_compat>", settings or app.builder.docsettings)
        document += node
    translator: Any = app.builder.create_translator(document, app.builder)
    document.walkabout(translator)
    return "".join(translator.fragment)


def settings_for(app: Sphinx, *, compact_lists: bool = True, table_style: str = "") -> Any:
    """The HTML builder's docutils settings (``docsettings``, which the builder
    derives from ``html_compact_lists`` and docutils.conf) with those two values set."""
    settings = copy.copy(app.builder.docsettings)
    settings.compact_lists = compact_lists
    settings.table_style = table_style
    return settings


def assert_same_html(compact: str, expanded: str, what: str) -> None:
    # Compared exactly, no whitespace normalised: the compact visitors write
    # docutils' newlines too (the site's HTML is meant to be byte-identical
    # to what docutils would write), and a real difference can hide in
    # whitespace (between inline elements it is a visible space).
    if compact != expanded:
        diff = "".join(difflib.unified_diff(expanded.splitlines(True), compact.splitlines(True),
                                            "expanded() via Sphinx", "compact visitor", n=2))
        pytest.fail(f"{what}: the compact node's HTML differs from its expanded form\n{diff}",
                    pytrace=False)


# -- each compact node, with tricky content -----------------------------------

TRICKY = 'a <b> & "c" \'d\' — Łukašenka ¶ ’é’ \u00a0x@y.z'

ROWS = [
    [TRICKY, " ", Link("Title <&> “q”", "other.html#p-1&x", "kb-source-link",
                       'See "this" <now> & é')],
    [Span(("quoted ", Link("¶2", "#p-2", "kb-anchor"), Span(" — a note <&>", tag="em")),
          "kb-quote"), " ", badge_part("supports", "kb-stance", "kb-stance-supports")],
    [Link("no title", "../up.html")],
    [],                                                    # an empty line
    [Span("", "kb-empty"), Span("plain span")],
    [Span(("2014-03", Span("~", "kb-approx", "abbr", 'approximate "date" <&>')), "kb-date"),
     Span("x", tag="abbr")],
]


def _fields() -> kb_fields:
    fields = kb_fields(classes=["kb-provenance"])
    values: list[tuple[str, list[nodes.Node]]] = [
        ('Out<&>let "q"', [nodes.Text(TRICKY)]),
        ("URL", [nodes.reference("http://x.test/?a=1&b=<2>", "http://x.test/?a=1&b=<2>",
                                 refuri="http://x.test/?a=1&b=<2>")]),
        ("SHA-256", [nodes.literal("", "ab12 <&>")]),
        ("Empty", []),
        ("Mixed", [nodes.Text("one "), nodes.emphasis("", "two"), nodes.Text(" & three")]),
    ]
    for label, children in values:
        fields += kb_field("", "", *children, label=label)
    return fields


def _removed_lines() -> kb_removed_lines:
    return kb_removed_lines(classes=["kb-removed-list"], lines=[
        ("Line 2 · share <buttons> & \"more\"", '  <script>alert("x & y")</script>\t'),
        ("Lines 3–4 · empty", ""),
        ("Line 9 · ad", "\ufeffŁukašenka\n  second line  "),
    ])


def _passage() -> kb_passage:
    passage = kb_passage("", " " + TRICKY, ids=["p-3"], classes=["kb-passage"], mark="¶3",
                         mark_title='Link to "¶3" <&> ’')
    passage += nodes.emphasis("", "emphasised <&>")
    passage += nodes.Text(" tail")
    return passage


def _groups(with_also: bool) -> kb_mention_groups:
    groups = [
        ((Link("Riverton <bridge> & “closed”", "sources/river.html", "kb-source-link"),
          " — Riverton Times, 2019-03-12"),
         [(Link("¶1", "sources/river.html#p-1", "kb-anchor"), " " + TRICKY),
          (Link("¶2", "sources/river.html#p-2", "kb-anchor", "a title"), " ",
           Span(("nested ", Span("inner", "kb-mark")), "kb-snippet"))],
         (("Also in ", Link("¶4", "sources/river.html#p-4"), " & ",
           Link("¶5", "sources/river.html#p-5"))
          if with_also else ())),
        ((Link("Gazette", "sources/gazette.html", "kb-source-link"), " — n.d."),
         [(Link("¶1", "sources/gazette.html#p-1", "kb-anchor"), " é")],
         ()),
    ]
    return mention_groups(groups, ["kb-mentions"])


def _table(row_ids: bool) -> nodes.Element:
    rows = [
        [(TRICKY,), (Link("Title <&>", "a.html", "kb-source-link", 'Go "there"'),), ()],
        [(badge_part("open", "kb-status"),), ("2019-03",),
         (Span((Link("“a quote”", "a.html#p-1", "kb-quote-link"), Span(" — note", tag="em")),
               "kb-quote"),)],
        [("",), ("x",), ("1,234",)],
    ]
    return table(["Title <&>", "Date", "Ünïcode \"h\""], rows, ["kb-table", "kb-source-index"],
                 row_ids=["row-1", "", "row<3>"] if row_ids else ())


def _grouped_table() -> nodes.Element:
    rows = [[(TRICKY,), ("—",), (badge_part("supports", "kb-stance"),)],
            [(Link("Claim", "c.html"),), ("x",), ()],
            [("",), ("y",), ("z",)]]
    headers: list[str | tuple[RowPart, ...]] = [
        "Claim <&>", (Link("2014-03", "s1.html", "kb-source-link", "Title <&>"),),
        (Span(("n.d.", Span("~", "kb-approx", "abbr", "approximate")), "kb-date"),)]
    return table(headers, rows, ["kb-table", "kb-matrix"],
                 groups=[("", 1), ("Outlet <&> “q”", 2)])


CASES: dict[str, Callable[[], nodes.Element]] = {
    "kb_table with a group row and parts in headers": _grouped_table,
    "kb_fields": _fields,
    "kb_removed_lines": _removed_lines,
    "kb_link_rows searchable": lambda: link_rows(ROWS, ["kb-actors-mentioned"], True),
    "kb_link_rows not searchable": lambda: link_rows(ROWS, ["kb-mentions-listed", "no-search"],
                                                     False),
    "kb_link_rows with items of several paragraphs": lambda: link_rows(
        [Item((("", ROWS[0]), ("kb-agreement-claims", ROWS[1]))), ROWS[2],
         Item((("", ROWS[2]),)), Item((("kb-a", ROWS[4]), ("", []), ("kb-b <&>", ROWS[5])))],
        ["kb-agreement-sources"], True),
    "kb_table with row ids": lambda: _table(row_ids=True),
    "kb_table without row ids": lambda: _table(row_ids=False),
    "kb_passage": _passage,
    "kb_mention_groups with also": lambda: _groups(with_also=True),
    "kb_mention_groups without also": lambda: _groups(with_also=False),
}


def test_every_compact_node_has_a_case() -> None:
    assert {type(make()) for make in CASES.values()} == set(COMPACT_NODES)


def test_searchable_words_are_a_text_child_the_writer_must_skip() -> None:
    """The cases exercise the one Text child holding a node's words for the
    search index: the expanded form has no such child, so equal HTML means the
    HTML writer skipped it."""
    for name in ("kb_link_rows searchable", "kb_table with row ids",
                 "kb_mention_groups with also"):
        node = CASES[name]()
        words = [child for child in node.children if isinstance(child, nodes.Text)]
        assert len(words) == 1 and "Łukašenka" in words[0], name


@pytest.mark.parametrize("compact_lists", [True, False], ids=["compact", "not-compact"])
@pytest.mark.parametrize("case", list(CASES))
def test_compact_node_html_equals_expanded(built: Callable[..., Build], case: str,
                                           compact_lists: bool) -> None:
    app = built().app
    settings = settings_for(app, compact_lists=compact_lists)
    assert_same_html(render(app, CASES[case](), settings),
                     render(app, CASES[case]().expanded(), settings), case)


@pytest.mark.parametrize("table_style", [
    "colwidths-grid",               # the visitor delegates to the expanded table
    "colwidths-grid, borderless",
    "borderless, booktabs",
    "align-center",
    # A writer instruction: docutils' starttag drops colwidths-* classes from a table.
    "colwidths-auto",
])
@pytest.mark.parametrize("row_ids", [True, False], ids=["row-ids", "no-row-ids"])
def test_compact_table_html_equals_expanded_with_docutils_table_style(
        built: Callable[..., Build], table_style: str, row_ids: bool) -> None:
    app = built().app
    settings = settings_for(app, table_style=table_style)
    assert_same_html(render(app, _table(row_ids), settings),
                     render(app, _table(row_ids).expanded(), settings),
                     f"kb_table, table_style {table_style!r}")


def test_link_to_the_page_itself(built: Callable[..., Build]) -> None:
    """A row link to the page being written has the URI "" (Sphinx's
    relative_uri from a page to itself, as ``Renderer.target`` returns it), e.g.
    a page holding both ``kb:source`` and ``kb:index source``; Sphinx's writer
    makes an empty ``refuri`` ``href="#"``."""
    app = built().app
    rows = [[Link("this page", "", "kb-source-link")]]
    assert_same_html(render(app, link_rows(rows, ["kb-x"], True)),
                     render(app, link_rows(rows, ["kb-x"], True).expanded()),
                     "kb_link_rows, a Link with uri ''")


# -- every page of real builds -------------------------------------------------

@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("root", ["kb", "events"])
def test_pages_html_equals_expanded(built: Callable[..., Build], root: str,
                                    variant: str) -> None:
    """Every page, in context (a compact node inside a list or a card), as the
    writer got it: written with the compact nodes, then with each replaced by
    ``expanded()`` as :class:`~kb_ext.compact.ExpandCompactNodes` does for other
    builders."""
    build = built(root, variant)
    app, seen = build.app, set()
    for docname, doctree in sorted(build.resolved.items()):
        app.builder.current_docname = docname
        app.builder.secnumbers = app.env.toc_secnumbers.get(docname, {})
        app.builder.fignumbers = app.env.toc_fignumbers.get(docname, {})
        expanded = doctree.deepcopy()
        for node in list(expanded.findall(is_compact)):
            seen.add(type(node))
            node.replace_self(node.expanded())
        compact_html = render(app, doctree.deepcopy())
        # The harness renders as the build did: the page holds this very body.
        page = (build.site.outdir / f"{docname}.html").read_text(encoding="utf-8")
        assert compact_html in page, f"{docname}: re-rendered body not found in the page"
        assert_same_html(compact_html, render(app, expanded), f"{root} {variant}: {docname}")
    if (root, variant) == ("kb", "default"):  # the test-kb root holds every compact node
        assert seen == set(COMPACT_NODES)


# -- the private Sphinx attributes in kb_ext._compat ------------------------------

def test_builder_format_names_the_builder(built: Callable[..., Build]) -> None:
    """``builder_format`` reads ``env._builder_cls`` (as Sphinx's own
    post-transforms do): "html" and "text" when post-transforms run."""
    html, text = built("kb"), built("kb", builder="text")
    assert html.formats and set(html.formats) == {"html"}, \
        "_compat.builder_format: env._builder_cls is gone or has no format"
    assert text.formats and set(text.formats) == {"text"}
    assert _compat.builder_format(html.app.env) == "html"
    # So the text build expanded the compact nodes a source page is read with,
    # and the HTML build kept them.
    docname = "sources/river-2019"
    assert any(is_compact(n) for n in text.app.env.get_doctree(docname).findall())
    assert not any(is_compact(n) for n in text.resolved[docname].findall())
    assert any(is_compact(n) for n in html.resolved[docname].findall())


def test_release_doctree_cache_still_releases_sphinx_cache(built: Callable[..., Build]) -> None:
    """``release_doctree_cache`` clears ``env._write_doc_doctree_cache``: the
    attribute must still be a dict that a serial build fills as it reads."""
    build = built("kb")
    assert isinstance(build.cache_before, dict), \
        "BuildEnvironment._write_doc_doctree_cache is no longer a dict"
    # kb_ext releases it as each page is read: the last page read is still held...
    assert build.cache_before, "Sphinx no longer caches doctrees in _write_doc_doctree_cache"
    # ... until kb_ext's env-updated handler.
    assert build.cache_after == {}
    assert _compat.release_doctree_cache(build.app.env) is True


def test_doctrees_are_written_only_through_write_doctree() -> None:
    """``without_doctree_files`` replaces ``Builder.write_doctree`` (final in
    Sphinx): reading must still write each doctree through it, and the
    replacement must still be called with what Sphinx passes."""
    import inspect

    from sphinx.builders import Builder

    from kb_ext.knowledge.check_builder import KbCheckBuilder

    source = inspect.getsource(Builder.read_doc)
    assert "self.write_doctree(docname, doctree, _cache=_cache)" in source, \
        "_compat.without_doctree_files: Builder.read_doc no longer calls write_doctree so"

    def parameters(function: Callable[..., object]) -> list[tuple[str, object, object]]:
        return [(p.name, p.kind, p.default)
                for p in inspect.signature(function).parameters.values()]

    assert parameters(Builder.write_doctree) == parameters(KbCheckBuilder.write_doctree), \
        "Builder.write_doctree's parameters changed"
    assert "pickle.dump" in inspect.getsource(Builder.write_doctree)
    assert KbCheckBuilder.write_doctree is not Builder.write_doctree


# -- no private attribute outside _compat ----------------------------------------

PACKAGE = REPO / "kb_ext"
#: Modules that may use private details, each with its reasons beside it.
EXEMPT = (PACKAGE / "_compat.py", PACKAGE / "search")

#: Underscore names that are public API, and why.
ALLOWED = {
    # collections.namedtuple's documented methods and attributes (the underscore
    # only keeps them from clashing with field names).
    "_replace": "namedtuple API",
    "_asdict": "namedtuple API",
    "_fields": "namedtuple API",
    "_field_defaults": "namedtuple API",
    "_make": "namedtuple API",
}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def defined_names(trees: list[ast.Module]) -> set[str]:
    """Underscore names kb_ext defines itself: functions, classes, module and
    class level names, and attributes it sets on ``self``/``cls``."""
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
                scopes = [node.body] if isinstance(node, ast.ClassDef) else []
            elif isinstance(node, ast.Module):
                scopes = [node.body]
            else:
                scopes = []
                if (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                        and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                    names.add(node.attr)
            for body in scopes:
                for statement in body:
                    targets = (statement.targets if isinstance(statement, ast.Assign)
                               else [statement.target]
                               if isinstance(statement, ast.AnnAssign | ast.AugAssign) else [])
                    for target in targets:
                        names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return {name for name in names if _is_private(name)}


def private_uses(tree: ast.AST, own: set[str]) -> list[tuple[int, str]]:
    """(line, code) of each use of a private name not defined by kb_ext: an
    attribute of anything but ``self``/``cls``, ``getattr``-style access by a
    constant name, ``__dict__``/``vars()`` lookups, and imports of private
    names or modules from outside the package."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            ours = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if not ours and node.attr not in own and node.attr not in ALLOWED:
                found.append((node.lineno, ast.unparse(node)))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
              and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
              and isinstance(node.args[1].value, str) and _is_private(node.args[1].value)
              and node.args[1].value not in own):
            found.append((node.lineno, ast.unparse(node)))
        elif (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
              and isinstance(node.slice.value, str) and _is_private(node.slice.value)
              and (isinstance(node.value, ast.Attribute) and node.value.attr == "__dict__"
                   or isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
                   and node.value.func.id == "vars")):
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom) and not node.level:
            module = node.module or ""
            names = [alias.name for alias in node.names if _is_private(alias.name)]
            if any(map(_is_private, module.split("."))) or names:
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, ast.unparse(node)) for alias in node.names
                      if any(map(_is_private, alias.name.split(".")))]
    return sorted(found)


def test_private_use_detector() -> None:
    """The scan below finds what it must (so its passing means something)."""
    tree = ast.parse(
        "from sphinx.util.docutils import _get_settings\n"
        "from docutils.writers import _html_base\n"
        "import docutils.writers._html_base\n"
        "env._builder_cls\n"
        "app.builder._private.x\n"
        "getattr(env, '_write_doc_doctree_cache', None)\n"
        "vars(env)['_x']\n"
        "env.__dict__['_y']\n"
        "self._own; cls._own; row._replace(a=1); env.__class__; x._mine()\n"
        "from ._compat import builder_format\n")
    assert [line for line, _code in private_uses(tree, own={"_mine"})] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_no_private_details_outside_compat() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in files}
    own = defined_names(list(trees.values()))
    found = [f"{path.relative_to(REPO)}:{line}: {code}"
             for path, tree in trees.items()
             if not any(path == exempt or exempt in path.parents for exempt in EXEMPT)
             for line, code in private_uses(tree, own)]
    assert found == [], ("private Sphinx/docutils details outside kb_ext/_compat.py "
                         "(move them there, with the reason):\n" + "\n".join(found))


def test_compat_gives_a_reason_for_each_private_detail() -> None:
    """Each function of _compat that touches a private name says why, naming it."""
    tree = ast.parse((PACKAGE / "_compat.py").read_text(encoding="utf-8"))
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert functions
    for function in functions:
        for _line, code in private_uses(function, own=set()):
            name = re.findall(r"\b_[A-Za-z]\w*", code)[0]
            docstring = ast.get_docstring(function) or ""
            assert name in docstring, f"_compat.{function.name} uses {name} without a reason"
