"""Fuzzed inputs, end to end: every example builds a tiny real site.

Hypothesis writes hostile sources into a fresh project: sidecar values with
control characters, NUL, ESC, (trailing) newlines, long strings, HTML, MyST
and reST markup, quotes and backslashes, Cyrillic, Arabic and emoji, YAML's
special forms (``|``, ``>``, ``&a``, ``*a``, ``!!python/object``, ``{}``,
``[]``, ``~``, ``null``, ``yes``), written plain, quoted, as block scalars or
by a YAML dumper; sidecars as ``.yaml``, ``.yml``, both, missing, empty or
not UTF-8; article file names with spaces, unicode, a leading dash, dots, up
to 240 characters; article bodies of random text, bad bytes, CR and CRLF
line endings, a byte order mark and floods of blank lines. After each build
the project's promises are checked:

- the build does not raise;
- every article file gets exactly one published source page: as many pages
  in ``sources/`` and entries in ``kb.json`` as article files, one per file
  (matched by SHA-256), each listed on the index page;
- every line of the warning stream is a kb_ext warning
  ``<file>:<line>: WARNING: ... [kb.<type>]`` naming one of the written
  files and a line inside it;
- no raw control character (U+0000-U+001F but tab and newline, U+007F) in
  any HTML text node or attribute, in ``kb.json`` or in a tooltip file;
- no script but the theme's and kb_ext's own: each ``<script`` in a page is
  one of the reference pages' scripts or JSON-LD that is data only, and no
  element has an ``on*`` attribute.

The budget of ``make test`` keeps the examples few and fixed (``derandomize``;
about 20-30 s for the file on two cores). To hunt for bugs, raise them:
``KB_FUZZ_EXAMPLES=200`` (which also turns shrinking on, so a failure prints
a minimal example), ``KB_FUZZ_SEED=<n>`` for another sequence of examples
than the fixed one, ``KB_FUZZ_ARTICLES=<n>`` for more article files per site
(default 3).

Bugs these tests found are held by the strict-xfail tests at the end, each
with its reproduction. Where a bug would fail every example it touches, the
property tests step around it, and say so where they do (``KNOWN BUG``):
tags that crash PyYAML's constructors are not generated, file names hold no
control characters, and a raw control character is allowed only inside a
title taken from the article text and in a passage's tooltip text.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from kb_ext.diagnostics import SUBTYPES
from kb_ext.sources.ingest import decode

from .conftest import BuiltSite, sphinx_build

# -- budget ---------------------------------------------------------------------

EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES") or 0)
SEED = os.environ.get("KB_FUZZ_SEED", "")
ARTICLES = int(os.environ.get("KB_FUZZ_ARTICLES") or 3)  # most article files per site
SHRINK = bool(EXAMPLES) or os.environ.get("KB_FUZZ_SHRINK", "") == "1"


def fuzz(default_examples: int) -> Callable[[Any], Any]:
    """Settings for a test that builds a site per example: ``default_examples``
    (or ``KB_FUZZ_EXAMPLES``), no deadline, the same examples in every run
    unless ``KB_FUZZ_SEED`` is set, no example database, and no shrinking in
    ``make test`` (each shrink step is a build; the fixed seed reproduces a
    failure)."""
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if SHRINK else [])

    def apply(test: Any) -> Any:
        test = settings(max_examples=EXAMPLES or default_examples, deadline=None,
                        derandomize=not SEED, database=None, phases=phases,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                               HealthCheck.large_base_example])(test)
        return seed(int(SEED))(test) if SEED else test
    return apply


# -- hostile text -----------------------------------------------------------------

CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f"]
QUOTES = "\"'`\\\\«»“”‘’"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙЛУЎІўі"
ARABIC = "مرحبا بالعالم ١٢٣ \u200f\u200e\u061c"
EMOJI = ["😀", "🇧🇾", "👩‍👩‍👧", "💥", "\u2764\ufe0f", "🏳️‍🌈", "\U0001f9ea"]
MARKUP = [
    "<script>alert(1)</script>", "</script><script>alert(2)</script>", "<SCRIPT SRC=//x.js>",
    '<img src=x onerror="alert(3)">', '"><svg onload=alert(4)>', "<!-- c -->", "]]>",
    "<style>body{display:none}</style>", "&lt;script&gt;", "&#0;&#x1b;&#13;", "&amp;",
    "{kb:actor}`quill`", ":kb:source:`x`",
    "```{eval-rst}\n.. raw:: html\n\n   <script>x</script>\n```",
    ".. raw:: html", ".. include:: /etc/passwd", "{{ config }}", "{% raw %}", "[x](javascript:1)",
    "**bold** _em_", "# Heading", "---", "* item", "| a | b |", "$$x$$", "\\", "\\\\n", "%s%%",
    "javascript:alert(5)", "${7*7}", "\u202eevil\u202c", "\ufeff", "\u2028", "\u2029", "\x85",
]
YAML_SPECIALS = [
    "|", ">", "|-", ">+", "&a", "*a", "&a x", "*b", "!!python/object:os.system",
    "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!binary ***", "!!str 12",
    "!!null x", "!!set [a]", "!x y", "{}", "[]",
    "{a: [b, c]}", "[a, {b: c}]", "~", "null", "Null", "yes", "no", "on", "Off", "true", "0x1f",
    "0o17", "1e3", ".inf", ".nan", "-", "- a", "?", "? a", ":", "a: b", "#c", "%TAG ! x",
    "@x", "`x", "---", "...", "'", '"', '"unterminated', "<<: *a", "2021-02-30", "12:30:00",
]
# KNOWN BUG (test_sidecar_tag_that_does_not_convert_is_a_warning): an explicit
# tag whose constructor fails on the value ("!!int x") stops the build, so
# these forms are not generated; the test below holds them.
CRASHING_TAGS = ["!!int x", "!!int 0x", "!!int 12\x00", "!!float x", "!!bool x",
                 "!!timestamp x", "!!timestamp 2021-13-45"]
GOOD_WORDS = ["Council news", "Jane Doe", "Minsk Herald", "news report", "en", "2021-08-20"]


def joined(chars: st.SearchStrategy[str], min_size: int = 0, max_size: int = 30
           ) -> st.SearchStrategy[str]:
    """Text from ``chars`` (some of which, like flags, are several code points)."""
    return st.lists(chars, min_size=min_size, max_size=max_size).map("".join)


hostile_char = st.one_of(
    st.sampled_from(CONTROLS), st.sampled_from(QUOTES), st.sampled_from(CYRILLIC),
    st.sampled_from(ARABIC), st.sampled_from(EMOJI), st.sampled_from("<>&{}[]:#|*!%@`-"),
    st.characters(codec="utf-8"), st.just(" "), st.just("\n"),
)
long_text = st.builds(lambda word, n: (word * n)[:400], joined(hostile_char, 1, 12),
                      st.integers(20, 400))
hostile_piece = st.one_of(
    joined(hostile_char), st.sampled_from(MARKUP), st.sampled_from(YAML_SPECIALS),
    st.sampled_from(GOOD_WORDS), long_text,
)
hostile_value = st.builds(
    lambda pieces, end: ("".join(pieces) + end)[:400],
    st.lists(hostile_piece, min_size=1, max_size=3),
    st.sampled_from(["", "", "", "\n", "\n\n", " ", "\r\n", "\t"]),
)

# -- sidecars -------------------------------------------------------------------------

FIELDS = ["id", "title", "outlet", "kind", "author", "published", "language", "url",
          "perspective"]
GOOD = {
    "id": ["alpha", "dup", "dup", "index", "sources", "x" * 120, "a-b-c"],
    "title": ["Council news", "Совет собрался", "المجلس"],
    "outlet": ["Minsk Herald"], "kind": ["news report", "opinion/analysis"],
    "author": ["Jane Doe"], "published": ["2021-08-20", "2021-08", "2021"],
    "language": ["en", "ru", "en-GB"],
    "url": ["https://example.org/a", 'https://example.org/a"onmouseover="alert(1)',
            "javascript:alert(1)", "//evil.example.org/x", "data:text/html,<script>x</script>"],
    "perspective": ["A neutral note on the outlet."],
}


def render(key: str, value: str, style: str, indicator: str) -> str:
    """One ``key: value`` entry of a sidecar, written in one of YAML's styles."""
    if style == "plain":
        return f"{key}: {value}\n"
    if style == "double":  # JSON strings are YAML double-quoted scalars
        return f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
    if style == "single":
        return f"{key}: '{value.replace(chr(39), chr(39) * 2)}'\n"
    if style == "block":
        return f"{key}: {indicator}\n" + "".join(f"  {line}\n" for line in value.split("\n"))
    # The dumper's own choice of style and escapes; non-ASCII escaped or not.
    return yaml.safe_dump({key: value}, allow_unicode=indicator != "|", width=10_000)


@st.composite
def sidecar_text(draw: st.DrawFn, hostile: bool = True) -> str:
    entries = []
    for key in draw(st.permutations(FIELDS)):
        if draw(st.integers(0, 11)) == 0:
            continue  # a missing field
        good = not hostile or draw(st.integers(0, 2)) == 0
        value = draw(st.sampled_from(GOOD[key]) if good else hostile_value)
        style = draw(st.sampled_from(["plain", "plain", "double", "single", "block", "dump"]))
        entries.append(render(key, value, style,
                              draw(st.sampled_from(["|", "|-", "|+", ">", ">-"]))))
    if hostile and draw(st.integers(0, 5)) == 0:  # a key given twice, or an unknown key
        key = draw(st.sampled_from([*FIELDS, "titel", "published_approximate", "retrieved"]))
        entries.insert(draw(st.integers(0, len(entries))),
                       render(key, draw(hostile_value), "plain", "|"))
    return "".join(entries)


SIDECAR_MODES = ["yaml", "yaml", "yaml", "yml", "both", "missing", "bad-bytes", "bom", "utf-16",
                 "empty"]


@st.composite
def sidecar_files(draw: st.DrawFn, hostile: bool = True) -> tuple[bytes | None, bytes | None]:
    """The bytes of ``<stem>.yaml`` and ``<stem>.yml`` (None: no such file)."""
    mode = draw(st.sampled_from(SIDECAR_MODES if hostile else ["yaml", "yml", "missing"]))
    text = draw(sidecar_text(hostile))
    data = text.encode("utf-8")
    if mode == "missing":
        return None, None
    if mode == "yml":
        return None, data
    if mode == "both":
        return data, draw(sidecar_text(hostile)).encode("utf-8")
    if mode == "bad-bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80",
                                                   b"\x80\x80\x80", b"\xf8"])) + data[at:]
    elif mode == "bom":
        data = b"\xef\xbb\xbf" + data
    elif mode == "utf-16":
        data = text.encode("utf-16")
    elif mode == "empty":
        data = draw(st.sampled_from([b"", b"\n", b"---\n", b"# only a comment\n"]))
    return data, None


# -- article names and bodies -----------------------------------------------------------

NAME_CHAR = st.one_of(
    st.sampled_from("abcXYZ019 -_.,;:!?@#$%^&*()[]{}<>'\"`~=+|\\"), st.sampled_from(CYRILLIC),
    st.sampled_from(ARABIC.replace("\u200f", "").replace("\u200e", "")), st.sampled_from(EMOJI),
    st.characters(codec="utf-8", exclude_characters="/", exclude_categories=["Cc", "Cs"]),
)
NAMED_STEMS = ["index", "Index", "genindex", "search", "sources", "-", "--help", "-rf", "a.b.c",
               "a..b", "x.yaml", "x.txt", " lead", "trail ", "two  spaces", "a" * 240,
               "я" * 120, "😀" * 60, "-" * 240, "x." * 120]
SUFFIXES = [".txt", ".txt", ".md", ".text", ".TXT", ".Md"]
NAME_BYTES = 250  # NAME_MAX is 255 bytes, and the sidecar adds ".yaml"


def fit_stem(stem: str) -> str:
    return stem.encode("utf-8")[:NAME_BYTES].decode("utf-8", errors="ignore")


stem_strategy = st.one_of(
    joined(NAME_CHAR, 1),
    joined(NAME_CHAR, 1).map(lambda s: "-" + s),
    st.builds(lambda word, n: (word * n)[:n], joined(NAME_CHAR, 1, 8),
              st.integers(100, 240)),
    st.sampled_from(NAMED_STEMS),
).map(fit_stem).filter(lambda s: s and not s.startswith("."))  # dot files are not articles
plain_stem = st.text(st.sampled_from("abcdefghij-"), min_size=1, max_size=10).filter(
    lambda s: not s.startswith("."))

PROSE = [
    "The council met on Tuesday and agreed nothing at all, to the frustration of residents.",
    "Лукашенко заявил, что переговоры продолжатся на следующей неделе в Минске.",
    "Share this", "Leave a Reply", "3 Comments", "By Jane Doe", "Advertisement",
    "قال المسؤولون إن المحادثات ستستمر الأسبوع المقبل في العاصمة.",
]
flood = st.builds(lambda unit, n: unit * n,
                  st.sampled_from(["\n", "\r\n", " \n", "\t\n", "\u00a0\n", "\u2028", "\x0c\n"]),
                  st.integers(1, 3000))
body_line = st.one_of(st.sampled_from(PROSE), hostile_value, st.sampled_from(MARKUP),
                      st.just(""))
body_text = st.lists(st.one_of(body_line, body_line, body_line, flood), max_size=12).map(
    "\n".join)


def encode_body(text: str, ending: str, encoding: str, bom: bool, bad: bytes, at: int) -> bytes:
    text = text.replace("\n", ending)
    data = text.encode(encoding, errors="replace")
    if bad:
        at %= len(data) + 1
        data = data[:at] + bad + data[at:]
    return (b"\xef\xbb\xbf" if bom else b"") + data


hostile_body = st.one_of(
    st.builds(encode_body, body_text, st.sampled_from(["\n", "\n", "\r\n", "\r"]),
              st.sampled_from(["utf-8", "utf-8", "cp1251"]), st.booleans(),
              st.sampled_from([b"", b"", b"\xff", b"\xc0\xaf", b"\xe2\x82", b"\x00",
                               b"\x1b[31m"]),
              st.integers(0, 10_000)),
    st.binary(max_size=400),
)
plain_body = st.builds(lambda a, b: f"Council news\n\n{a}\n\n{b}\n".encode(),
                       st.sampled_from(PROSE), st.sampled_from(PROSE))


@dataclass(frozen=True)
class Article:
    """One article file and its sidecars, as written into the sources folder."""

    folder: str
    stem: str
    suffix: str
    body: bytes
    yaml: bytes | None  # <stem>.yaml
    yml: bytes | None   # <stem>.yml

    @property
    def name(self) -> str:
        return f"{self.stem}{self.suffix}"


def articles(stems: st.SearchStrategy[str], bodies: st.SearchStrategy[bytes],
             hostile_sidecars: bool) -> st.SearchStrategy[list[Article]]:
    article = st.builds(
        lambda folder, stem, suffix, body, sidecars: Article(folder, stem, suffix, body,
                                                             *sidecars),
        st.sampled_from(["", "", "", "sub", "-d", "дир 2"]), stems, st.sampled_from(SUFFIXES),
        bodies, sidecar_files(hostile_sidecars))
    return st.lists(article, min_size=1, max_size=ARTICLES,
                    unique_by=lambda a: (a.folder, a.name))


# -- the site ---------------------------------------------------------------------------

CONF = """\
project = "kb fuzz"
extensions = ["myst_parser", "sphinx_design", "kb_ext"]
kb_sources_dir = "raw"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "raw"]
html_theme = "furo"
"""
INDEX = "# Fuzz\n\n```{kb:index} source\n```\n"


def build(base: Path, written: list[Article]) -> tuple[BuiltSite, list[Path], list[Path]]:
    """Write the project and build it; the article files and every written file."""
    srcdir = base / "src"
    raw = srcdir / "raw"
    raw.mkdir(parents=True)
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.md").write_text(INDEX, encoding="utf-8")
    article_files: list[Path] = []
    for article in written:
        folder = raw / article.folder
        folder.mkdir(exist_ok=True)
        path = folder / article.name
        path.write_bytes(article.body)
        article_files.append(path)
        # Two articles of one stem (a.txt, a.md) share a sidecar: the last written is kept.
        for suffix, data in ((".yaml", article.yaml), (".yml", article.yml)):
            if data is not None:
                (folder / f"{article.stem}{suffix}").write_bytes(data)
    files = [p for p in raw.rglob("*") if p.is_file()] + [srcdir / "index.md",
                                                          srcdir / "conf.py"]
    return sphinx_build(srcdir, base / "html"), article_files, files


# -- the promises ------------------------------------------------------------------------

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
LINE_BREAKS = re.compile(b"\r\n|\r|\n|\xc2\x85|\xe2\x80\xa8|\xe2\x80\xa9")
WARNING_REST = re.compile(r"^(?P<line>\d+): WARNING: (?P<message>.+) \[kb\.(?P<type>\w+)\]$")
SCRIPT_URL = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
EVIDENCE = re.compile(r"\Awindow\.kbEvidence&&window\.kbEvidence\((?P<json>.*)\);\n?\Z", re.S)


def check_one_page_per_article(site: BuiltSite, article_files: list[Path]) -> None:
    export = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    pages = sorted((site.outdir / "sources").glob("*.html"))
    names = [p.relative_to(site.srcdir / "raw").as_posix() for p in article_files]
    assert len(export["sources"]) == len(article_files), (names, [s["id"] for s in
                                                                  export["sources"]])
    assert len(pages) == len(article_files), (names, [p.name for p in pages])
    assert {site.outdir / s["page"] for s in export["sources"]} == set(pages)
    assert len({s["id"] for s in export["sources"]}) == len(article_files)
    # One page per file: the SHA-256 of each file is on exactly one page.
    assert Counter(s["sha256"] for s in export["sources"]) == Counter(
        hashlib.sha256(p.read_bytes()).hexdigest() for p in article_files), names
    index = (site.outdir / "index.html").read_text(encoding="utf-8")
    for page in pages:
        assert f'href="sources/{page.name}"' in index, page.name


def line_count(path: Path) -> int:
    """Lines of a file, counting every break YAML or a text reader may count."""
    data = path.read_bytes()
    return len(LINE_BREAKS.findall(data)) + 1


def check_warnings(site: BuiltSite, files: list[Path]) -> None:
    # Longest first: a file name may be another one's prefix ("a.txt" and "a.txt.txt").
    known = sorted(files, key=lambda p: len(str(p)), reverse=True)
    for line in site.warnings.splitlines():
        if not line.strip():
            continue
        where = next((p for p in known if line.startswith(f"{p}:")), None)
        assert where is not None, f"warning names no written file: {line!r}"
        match = WARNING_REST.match(line[len(str(where)) + 1:])
        assert match, f"not a 'file:line: WARNING: ... [kb.type]' line: {line!r}"
        assert match["type"] in SUBTYPES, line
        assert 1 <= int(match["line"]) <= line_count(where), (
            f"line {match['line']} outside {where.name} ({line_count(where)} lines): {line!r}")


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def raw_titles(site: BuiltSite, article_files: list[Path]) -> list[str]:
    """KNOWN BUG (test_fallback_title_shows_controls_as_symbols): a title taken
    from the article text, for a sidecar without one, keeps its raw control
    characters in kb.json, the source index, the JSON-LD and the tooltips (the
    page's own heading shows their symbols). Such titles, found in their own
    article's text, are left out of the control-character checks (longest
    first) so that the rest stays checked; a sidecar's title is not."""
    texts = {}
    for path in article_files:
        texts[hashlib.sha256(path.read_bytes()).hexdigest()] = decode(path.read_bytes(),
                                                                      path).text
    export = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    return sorted({s["title"] for s in export["sources"]
                   if RAW_CONTROL.search(s["title"]) and s["title"] in texts[s["sha256"]]},
                  key=len, reverse=True)


def raw_control(text: str, allowed: list[str]) -> re.Match[str] | None:
    """The first raw control character in ``text`` outside the known-bug titles."""
    for title in allowed:
        text = text.replace(title, "")
    return RAW_CONTROL.search(text)


def check_json_free_of_controls(data: Any, label: str, allowed: list[str]) -> None:
    for text in strings(data):
        assert not raw_control(text, allowed), f"raw control character in {label}: {text!r}"


def reference_scripts(site: BuiltSite) -> tuple[set[str], set[str]]:
    """Inline scripts and script files of pages that show no source text."""
    inline, files = set(), set()
    for name in ("genindex.html", "search.html"):
        page = BeautifulSoup((site.outdir / name).read_text(encoding="utf-8"), "html.parser")
        for script in page.find_all("script"):
            if script.get("src"):
                files.add(posixpath.basename(script["src"].split("?")[0]))
            else:
                inline.add(script.get_text())
    return inline, files


def check_pages(site: BuiltSite, allowed: list[str]) -> None:
    inline, script_files = reference_scripts(site)
    for path in sorted(site.outdir.rglob("*.html")):
        label = path.relative_to(site.outdir).as_posix()
        html = path.read_bytes().decode("utf-8")  # keeps a raw CR
        page = BeautifulSoup(html, "html.parser")
        for text in page.find_all(string=True):
            if text.parent.name == "script" and text.parent.get("type") == "application/ld+json":
                continue  # JSON: checked below, string by string (JSON escapes no U+007F)
            assert not raw_control(text, allowed), f"{label}: raw control character in {text!r}"
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), f"{label}: {element}"
                joined = value if isinstance(value, str) else " ".join(value)
                assert not raw_control(joined, allowed), f"{label}: {name}={joined!r}"
        scripts = page.find_all("script")
        # Every "<script" in the file is one of the parsed script elements ...
        assert len(re.findall("<script", html, re.IGNORECASE)) == len(scripts), label
        for script in scripts:  # ... and each one is the theme's or kb_ext's own.
            if script.get("src"):
                src = script["src"]
                assert not SCRIPT_URL.match(src), f"{label}: {script}"
                target = path.parent / src.split("?")[0]
                assert posixpath.basename(src.split("?")[0]) in script_files, f"{label}: {src}"
                assert target.is_file() and target.resolve().is_relative_to(
                    site.outdir.resolve()), f"{label}: {src}"
            elif script.get("type") == "application/ld+json":
                text = script.get_text()
                check_json_free_of_controls(json.loads(text), f"{label} JSON-LD", allowed)
                lowered = text.lower()
                assert "</" not in lowered and "<!--" not in lowered, f"{label}: {text}"
            else:
                assert script.get_text() in inline, f"{label}: unexpected {script}"


def evidence(site: BuiltSite) -> dict[str, Any]:
    """The tooltip files, each checked to be one kbEvidence call with JSON data."""
    found = {}
    for path in sorted((site.outdir / "_static" / "kb-evidence").glob("*.js")):
        match = EVIDENCE.match(path.read_bytes().decode("utf-8"))
        assert match, f"{path.name} is not one kbEvidence call with JSON data"
        found[path.name] = json.loads(match["json"])
    return found


def check_data_files(site: BuiltSite, allowed: list[str]) -> None:
    check_json_free_of_controls(json.loads((site.outdir / "kb.json").read_text("utf-8")),
                                "kb.json", allowed)
    for name, data in evidence(site).items():
        for anchor in data["anchors"].values():
            # KNOWN BUG (test_tooltip_text_shows_controls_as_symbols): a
            # passage's tooltip text keeps raw control characters; its other
            # fields (title, outlet, date) are checked.
            shown = {key: value for key, value in anchor.items() if key != "text"}
            check_json_free_of_controls(shown, name, allowed)


def check_promises(tmp_path_factory: pytest.TempPathFactory, written: list[Article]) -> None:
    base = tmp_path_factory.mktemp("fuzz")
    site, article_files, files = build(base, written)
    check_warnings(site, files)
    check_one_page_per_article(site, article_files)
    allowed = raw_titles(site, article_files)
    check_data_files(site, allowed)
    check_pages(site, allowed)
    shutil.rmtree(base)  # a failing example's site is kept to be looked at


# -- the tests -----------------------------------------------------------------------------

@fuzz(20)
@given(written=articles(plain_stem, plain_body, hostile_sidecars=True))
def test_hostile_sidecars(tmp_path_factory: pytest.TempPathFactory,
                          written: list[Article]) -> None:
    check_promises(tmp_path_factory, written)


@fuzz(20)
@given(written=articles(stem_strategy, hostile_body, hostile_sidecars=False))
def test_hostile_file_names_and_bodies(tmp_path_factory: pytest.TempPathFactory,
                                       written: list[Article]) -> None:
    check_promises(tmp_path_factory, written)


@fuzz(20)
@given(written=articles(stem_strategy, hostile_body, hostile_sidecars=True))
def test_everything_hostile(tmp_path_factory: pytest.TempPathFactory,
                            written: list[Article]) -> None:
    check_promises(tmp_path_factory, written)


# -- known bugs, found by the tests above ------------------------------------------------

KNOWN_BUG_ARTICLES = [
    # No title in the sidecar: the title is the first kept line, "\x05Harbour news".
    Article("", "untitled", ".txt",
            b"\x05Harbour news\n\nThe council met on Tuesday and agreed nothing at all, "
            b"officials said.\n",
            b"id: untitled\noutlet: O\nkind: news report\npublished: 2020\nlanguage: en\n",
            None),
    # A passage with an escape character (a scraped terminal colour code).
    Article("", "coloured", ".txt",
            b"Council news\n\nThe council met on \x1b[31mTuesday and agreed nothing at all, "
            b"officials said.\n",
            b"id: coloured\ntitle: Coloured\noutlet: O\nkind: news report\npublished: 2020\n"
            b"language: en\n", None),
    # File names with control characters (the generated names have none).
    Article("", "esc\x1b[31m", ".txt", b"Council news\n\nThe council met on Tuesday and "
            b"agreed nothing at all, officials said.\n", b"id: escname\ntitle: E\noutlet: O\n"
            b"kind: news report\npublished: 2020\nlanguage: en\n", None),
    Article("", "line\nbreak", ".txt", b"Council news\n\nThe council met on Tuesday and "
            b"agreed nothing at all, officials said.\n", None, None),
]


@pytest.fixture(scope="module")
def known_bug_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build(tmp_path_factory.mktemp("fuzz-known"), KNOWN_BUG_ARTICLES)[0]


def test_fallback_title_shows_controls_as_symbols(known_bug_site: BuiltSite) -> None:
    site = known_bug_site
    export = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    titles = {s["id"]: s["title"] for s in export["sources"]}
    assert site.page("sources/untitled").select_one("h1").get_text().startswith(
        "\u2405Harbour news")  # the page itself is right
    index_text = site.page("index").get_text()
    assert titles["untitled"] == "\u2405Harbour news" and "\x05" not in index_text


def test_tooltip_text_shows_controls_as_symbols(known_bug_site: BuiltSite) -> None:
    site = known_bug_site
    page = site.page("sources/coloured")
    assert "\u241b[31mTuesday" in page.select_one("#p1").get_text()  # the page is right
    text = evidence(site)["sources_coloured.html.js"]["anchors"]["p1"]["text"]
    assert text == "The council met on \u241b[31mTuesday and agreed nothing at all, officials said."


@pytest.mark.parametrize("tagged", CRASHING_TAGS)
def test_sidecar_tag_that_does_not_convert_is_a_warning(tmp_path: Path, tagged: str) -> None:
    from kb_ext.sources.sidecar import load_sidecar

    path = tmp_path / "a.yaml"
    path.write_text(f"id: a\ntitle: Council news\npublished: {tagged}\n", encoding="utf-8")
    sidecar = load_sidecar(path)  # raised ValueError before the fix
    assert any(line == 3 for line, _ in sidecar.problems), sidecar.problems


def test_build_survives_a_sidecar_tag_that_does_not_convert(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    check_promises(tmp_path_factory, [Article(
        "", "tagged", ".txt", b"Council news\n\nThe council met on Tuesday and agreed nothing "
        b"at all, officials said.\n", b"id: tagged\ntitle: Council news\noutlet: O\n"
        b"kind: news report\npublished: !!int 2021-08\nlanguage: en\n", None)])


@pytest.mark.xfail(strict=True, reason="kb_ext bug: the provenance card shows the article's "
                   "file name as it is, so a control character in the name (ESC) is a raw "
                   "character in the HTML, where article text and sidecar values show \u241b")
def test_file_name_controls_are_shown_as_symbols(known_bug_site: BuiltSite) -> None:
    card = known_bug_site.page("sources/escname").select_one(".kb-source-card").get_text()
    assert "esc\u241b[31m.txt" in card and "\x1b" not in card


@pytest.mark.xfail(strict=True, reason="kb_ext bug (minor): a warning's location is the file "
                   "name as it is, so a name with a line break splits the warning in two lines "
                   "and neither reads '<file>:<line>: WARNING: ... [kb.<type>]'")
def test_warning_about_a_file_name_with_a_line_break_is_one_line(
        known_bug_site: BuiltSite) -> None:
    lines = [line for line in known_bug_site.warnings.splitlines() if line.strip()]
    assert all(line.startswith(str(known_bug_site.srcdir)) for line in lines), lines
