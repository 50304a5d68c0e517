"""Hostile articles and sidecars: markup in scraped text is shown, never run.

Articles and sidecars in ``tests/roots/test-hostile`` carry script tags, event
handler attributes, ``javascript:`` URLs, MyST and reST directives and roles,
Jinja-like templates and raw HTML. Every page of the built site is parsed: no
script but the theme's own, no ``on*`` attribute, no script URL; and the text
appears on the page literally.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import BuiltSite
from .pagetext import kb_warnings, squash

SCRIPT_URL = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "srcdoc")
# url value (as written in YAML) -> how the warning quotes it
REFUSED_URLS = {
    "javascript:alert(1)": "javascript:alert(1)",
    "JavaScript:alert(document.cookie)": "JavaScript:alert(document.cookie)",
    "'  javascript:alert(1)'": "  javascript:alert(1)",
    '"java\\tscript:alert(1)"': "java\tscript:alert(1)",  # a real tab, as YAML reads it
    "vbscript:msgbox(1)": "vbscript:msgbox(1)",
    "'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='":
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//evil.example.org/x": "//evil.example.org/x",
    "ftp://example.org/file": "ftp://example.org/file",
}
HOSTILE_NAME = 'x"><img src=x onerror=alert(13)>'


def prepare(srcdir: Path) -> None:
    raw = srcdir / "sources_raw"
    for number, url in enumerate(REFUSED_URLS):
        (raw / f"url{number}.txt").write_text(
            f"Link test {number}\n\nThe council published its minutes for meeting number "
            f"{number} on its website on Friday, officials said.\n", encoding="utf-8")
        (raw / f"url{number}.yaml").write_text(
            f"id: url-{number}\ntitle: Link test {number}\noutlet: Test\nkind: news report\n"
            f"published: 2023-01-0{number + 1}\nlanguage: en\nurl: {url}\n", encoding="utf-8")
    # A file name that is itself markup (no sidecar: the title comes from the text).
    (raw / f"{HOSTILE_NAME}.txt").write_text(
        "<script>alert('file')</script> Council news\n\nThe council met on Tuesday and "
        "agreed <b>nothing</b> at all, to the frustration of the residents present.\n",
        encoding="utf-8")


@pytest.fixture(scope="module")
def site(build_root) -> BuiltSite:
    return build_root("hostile", prepare=prepare)


def pages(site: BuiltSite) -> list[Path]:
    found = sorted(site.outdir.rglob("*.html"))
    assert len(found) > 10
    return found


def theme_scripts(site: BuiltSite) -> set[str]:
    """Inline scripts of a page that holds no article text: the theme's own."""
    page = BeautifulSoup((site.outdir / "genindex.html").read_text(encoding="utf-8"),
                         "html.parser")
    return {script.get_text() for script in page.find_all("script") if not script.get("src")}


def test_no_injected_script_elements(site: BuiltSite) -> None:
    allowed = theme_scripts(site)
    for path in pages(site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in page.find_all("script"):
            if script.get("src"):
                assert not SCRIPT_URL.match(script["src"].strip()), (path, script)
                continue
            if script.get("type") == "application/ld+json":
                json.loads(script.get_text())  # data, and all of it inside the element
                assert "</" not in script.get_text(), (path, script)
                continue
            assert script.get_text() in allowed, f"{path.name}: unexpected {script}"


def test_no_event_handlers_or_script_urls(site: BuiltSite) -> None:
    for path in pages(site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), f"{path.name}: {element}"
                if name.lower() in URL_ATTRIBUTES:
                    text = "".join(value if isinstance(value, str) else " ".join(value))
                    cleaned = re.sub(r"[\x00-\x20]", "", text)
                    assert not SCRIPT_URL.match(cleaned), f"{path.name}: {element}"
        # Markup from articles never becomes elements.
        assert not page.find(["iframe", "object", "embed", "frame", "base"]), path.name
        assert not page.find("meta", attrs={"http-equiv": True}), path.name
        # (The one SVG a source page holds is kb_ext's neighbourhood picture, whose
        # labels, hostile outlet and title included, are escaped text.)
        assert not page.select("img[src=x], .kb-source svg:not(.kb-visual-figure > svg), "
                               ".kb-source iframe, .kb-source style, .kb-source b, "
                               ".kb-source div[onclick]")


def source_text(site: BuiltSite, docname: str) -> str:
    return squash(site.page(docname).select_one("section.kb-source").get_text(" "))


def test_article_markup_is_shown_literally(site: BuiltSite) -> None:
    raw = (site.srcdir / "sources_raw" / "hostile.txt").read_text(encoding="utf-8")
    shown = source_text(site, "sources/hostile")
    for line in raw.split("\n"):
        if line.strip():
            assert squash(line) in shown, line
    for literal in ['<script>alert(1)</script>', '<a href="javascript:alert(2)">',
                    "[the report](javascript:alert(3))", "```{eval-rst}", ".. raw:: html",
                    "{kb:actor}`quill`", ":kb:actor:`quill`", "{{ config }}",
                    "{% for x in range(3) %}{{ x }}{% endfor %}", '<div onclick="alert(7)"']:
        assert literal in shown, literal


def test_article_directives_and_roles_are_not_run(site: BuiltSite) -> None:
    page = site.page("sources/hostile")
    article = page.select_one(".kb-article")
    # The role in the article is text, not a link to the actor.
    assert not article.select("a[href*='kb-actor-quill'] .kb-ref")
    assert not article.select("a.reference.internal[href*='actors']")
    # Jinja was not evaluated: no config values leaked into the page.
    assert "kb hostile input" not in article.get_text()


def test_sidecar_markup_is_shown_literally(site: BuiltSite) -> None:
    page = site.page("sources/hostile")
    title = '<script>alert("title")</script> Budget </title><img src=x onerror=alert(1)>'
    assert squash(page.select_one("h1").get_text()).rstrip("¶#").strip() == title
    assert title in page.select_one("title").get_text()
    card = squash(page.select_one(".kb-source-card").get_text(" "))
    for value in ['<img src=x onerror=alert("outlet")>',
                  "{{ config.html_theme }} {% raw %} {kb:actor}`quill`",
                  '</script><script>alert("ld")</script> and .. raw:: html and ```{eval-rst}']:
        assert value in card, value
    link = page.select_one(".kb-source-card a[href^='https://example.org/']")
    assert link is not None and link["href"] == 'https://example.org/a"onmouseover="alert(1)'


def test_jsonld_carries_the_text_as_data(site: BuiltSite) -> None:
    page = site.page("sources/hostile")
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].get_text())
    assert data["headline"].startswith('<script>alert("title")</script>')
    assert data["publisher"]["name"] == '<img src=x onerror=alert("outlet")>'


def test_other_pages_show_hostile_text_as_text(site: BuiltSite) -> None:
    """Titles, quotes and snippets reach the index, claim, actor and matrix pages."""
    title = '<script>alert("title")</script> Budget'
    index = squash(site.page("index").get_text(" "))
    assert title in index
    claims = site.page("claims")
    quotes = [squash(q.get_text(" ")) for q in claims.select(".kb-quote")]
    assert any("<script>alert(1)</script>" in q for q in quotes), quotes
    assert any("{{ config }}" in q for q in quotes), quotes
    actors = squash(site.page("actors").get_text(" "))
    assert "<script>alert(1)</script>" in actors  # a mention snippet of p1


def test_evidence_files_are_data(site: BuiltSite) -> None:
    folder = site.outdir / "_static" / "kb-evidence"
    for path in sorted(folder.glob("*.js")) if folder.is_dir() else ():
        text = path.read_text(encoding="utf-8")
        match = re.fullmatch(r"[\w.&]*\((\{.*\})\);?\s*", text, re.DOTALL)
        assert match, f"{path.name} is not one call with a JSON object"
        json.loads(match[1])


def test_kb_json_keeps_the_raw_text(site: BuiltSite) -> None:
    data = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    source = next(s for s in data["sources"] if s["id"] == "hostile")
    assert source["title"].startswith('<script>alert("title")</script>')
    assert all(s["url"] is None for s in data["sources"] if s["id"].startswith("url-"))


@pytest.mark.parametrize("number", range(len(REFUSED_URLS)))
def test_non_http_urls_are_refused_with_a_warning(site: BuiltSite, number: int) -> None:
    value = list(REFUSED_URLS.values())[number]
    about = [w for w in kb_warnings(site.warnings) if w[0].endswith(f"/url{number}.yaml:7")]
    assert len(about) == 1, site.warnings
    location, message, kind = about[0]
    assert kind == "kb.sidecar"
    assert "not an http(s) URL" in message and repr(value)[1:-1] in message, message
    page = site.page(f"sources/url-{number}")
    fields = [squash(dt.get_text()) for dt in page.select(".kb-source-card dt")]
    assert not any(f.startswith("URL") for f in fields), fields
    assert not page.select(".kb-source-card a.reference.external")


def test_hostile_file_name(site: BuiltSite) -> None:
    source_id = "x-img-src-x-onerror-alert-13"
    page = site.page(f"sources/{source_id}")
    card = squash(page.select_one(".kb-source-card").get_text(" "))
    assert f"{HOSTILE_NAME}.txt" in card
    assert squash(page.select_one("h1").get_text()).startswith(
        "<script>alert('file')</script> Council news")
    about = [w for w in kb_warnings(site.warnings) if HOSTILE_NAME in w[0]]
    assert [w[2] for w in about] == ["kb.sidecar"], site.warnings


def test_only_expected_warnings(site: BuiltSite) -> None:
    """The hostile article itself is valid input: it warns about nothing."""
    about = [w for w in kb_warnings(site.warnings)
             if re.search(r"[/\\](hostile\.(txt|yaml)|claims\.md|actors\.md|index\.md)(:|$)", w[0])]
    assert about == [], site.warnings
