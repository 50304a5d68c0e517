"""Saved web pages as sources: one build of ``tests/roots/test-html`` (the
``html_site`` fixture), read back as a reader sees it."""

from __future__ import annotations

import hashlib
import re

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOTS, BuiltSite
from .pagetext import kb_warnings, squash

RAW = ROOTS / "test-html" / "sources_raw"

NEWS_PASSAGES = [
    "The negotiations in Minsk stalled again on Friday, as the two delegations failed to agree "
    "on the schedule for the next round of talks between their governments.",
    "Officials on both sides said the disagreement was about sequencing, not substance, and "
    "that the talks would resume within weeks if the ministers approved the new agenda.",
    'Analysts were sceptical. "We have heard this many times before," said one diplomat, who '
    "asked not to be named because she was not authorised to speak to the press.",
    "The next meeting is expected in June, although no date has been set and neither ministry "
    "would confirm the venue or the names of the negotiators.",
]
#: Page furniture the extractor must leave out, each listed with its line.
NEWS_LEFT_OUT = {
    "Home": 15, "Sign in": 15, "Related stories": 27,
    "Border crossing reopens after two years": 27, "3 comments": 29,
    "Nothing will change until the sanctions are lifted, that much is obvious to anyone who "
    "has followed these talks for years.": 30,
    "© 2024 The Daily Example. All rights reserved.": 33,
}
#: One page per charset as real sites send it: the text as the reader must see it.
CHARSET_PAGES = {
    "belarus-cp1251": ("windows-1251", "Наша Ніва", "be", [
        "Перамовы ў Мінску зноў спыніліся ў пятніцу: дэлегацыі дзвюх краін не змаглі "
        "дамовіцца пра графік наступнага раўнда сустрэч.",
        "Афіцыйныя асобы абодвух бакоў заявілі, што рознагалоссі тычацца парадку "
        "абмеркавання, а не сутнасці пытанняў."]),
    "russia-koi8": ("KOI8-R", "Пример.ру", "ru", [
        "Переговоры в Минске снова зашли в тупик в пятницу: делегации двух стран не смогли "
        "договориться о графике следующего раунда встреч.",
        "Официальные лица обеих сторон заявили, что разногласия касаются порядка обсуждения, "
        "а не существа вопросов, и что переговоры возобновятся через несколько недель."]),
    "poland-latin2": ("ISO-8859-2", "Gazeta Przykładowa", "pl", [
        "Rozmowy w Mińsku ponownie utknęły w piątek, ponieważ delegacje obu państw nie zdołały "
        "uzgodnić harmonogramu kolejnej rundy spotkań.",
        "Przedstawiciele obu stron zapewnili, że spór dotyczy kolejności omawianych kwestii, a "
        "nie ich istoty, i że rozmowy zostaną wznowione za kilka tygodni."]),
    "ukraine-bom": ("UTF-8 (byte order mark)", "Приклад", "uk", [
        "Переговори в Мінську знову зайшли в глухий кут у п'ятницю: делегації двох країн не "
        "змогли домовитися про графік наступного раунду зустрічей.",
        "Посадовці обох сторін заявили, що розбіжності стосуються порядку обговорення, а не "
        "суті питань, і що переговори відновляться за кілька тижнів."]),
}
#: Pages that must not be taken for bad input.
NOT_BAD = {
    # Chinese has no spaces between words: 2 "words", an article all the same.
    "china-nospace": [
        "明斯克的谈判周五再次陷入僵局，两国代表团未能就下一轮会谈的时间表达成一致，双方官员表示分歧在于议题的先后"
        "顺序而非实质内容。",
        "分析人士对此表示怀疑，一位不愿透露姓名的外交官说，这样的说法他们已经听过很多次了，下一次会议预计在六月举"
        "行，但具体日期尚未确定。"],
    # Three stray NUL bytes, as real saved pages have: a page, not binary data.
    "stray-nul": [
        "The customs service published its April figures on Monday, showing that grain exports "
        "through the northern corridor rose by a third compared with March.",
        "Traders attributed the rise to the reopening of two border crossings and to lower rail "
        "tariffs agreed in the spring."],
}
#: Each bad input and the one warning it gives.
BAD_INPUT = {
    "not-found.html": r"trafilatura found no article in not-found\.html \(only \d+ words\)",
    "truncated.html": r"truncated\.html ends before </body> and </html>",
    "junk.html": r"junk\.html is not an HTML page \(binary data",
    "single-file.mhtml": r"single-file\.mhtml is a single-file web archive \(MHTML\), which "
                         r"kb_ext cannot read; it is not published",
    # Saved before the browser followed them: the warning names the page to save.
    "frameset.html": r"found no article in frameset\.html \(.*\): the file is a frameset: its "
                     r"text is in the pages it frames \(menu\.html, statement-2024-03\.html\); "
                     r"save those instead\. No passages",
    "redirect.html": r"found no article in redirect\.html \(only 1 word\): the file is only a "
                     r"redirect to https://news\.example\.org/2024/03/talks-stall; save that "
                     r"page instead\.",
}


def passages(page: BeautifulSoup) -> list[str]:
    """Each passage's text, without its ¶N mark."""
    return [squash(node.get_text(" ")).split(" ", 1)[1] for node in page.select(".kb-passage")]


def card(page: BeautifulSoup) -> dict[str, str]:
    """The provenance card's rows, label → value text (Note rows joined)."""
    rows: dict[str, str] = {}
    # The card's first fields and the rest, one click away (<details>).
    for fields in page.select(".kb-provenance"):
        for name, body in zip(fields.select("dt"), fields.select("dd"), strict=True):
            label, value = squash(name.get_text()).rstrip(":"), squash(body.get_text())
            rows[label] = f"{rows[label]} / {value}" if label in rows else value
    return rows


def left_out(page: BeautifulSoup) -> dict[str, int]:
    block = page.select_one("details.kb-left-out")
    found = {}
    for item in block.select("li") if block else ():
        line = re.match(r"HTML line (\d+) · left out by the extractor",
                        item.select_one("p").get_text())
        assert line, item
        found[squash(item.select_one("pre").get_text())] = int(line[1])
    return found


def test_a_saved_page_is_published_with_its_article_only(html_site: BuiltSite) -> None:
    page = html_site.page("sources/news")
    assert squash(page.select_one("h1").get_text(" ")).rstrip(" ¶") == \
        "Minsk talks stall over sequencing"
    assert passages(page) == NEWS_PASSAGES
    assert [squash(h.get_text()) for h in page.select(".kb-heading")] == ["A familiar pattern"]
    article = squash(page.select_one(".kb-article").get_text(" "))
    for furniture in ("Sign in", "Related stories", "All rights reserved", "reader42",
                      "dataLayer", "font-family"):
        assert furniture not in article


def test_what_the_extractor_left_out_is_listed_with_its_line(html_site: BuiltSite) -> None:
    listed = left_out(html_site.page("sources/news"))
    for text, line in NEWS_LEFT_OUT.items():
        assert listed.get(text) == line, (text, listed)
    raw_lines = (RAW / "news.html").read_text(encoding="utf-8").split("\n")
    for text, line in listed.items():  # each at the line that holds it in the raw file
        assert text.split(" ")[0] in raw_lines[line - 1], (text, line)
    # Nothing of the article is listed as left out.
    assert not set(listed) & set(NEWS_PASSAGES)


def test_page_html_is_never_rendered(html_site: BuiltSite) -> None:
    section = html_site.page("sources/news").select_one("section.kb-source")
    assert section.select("nav, aside, footer, script, style, article") == []


def test_metadata_from_the_page_is_marked(html_site: BuiltSite) -> None:
    rows = card(html_site.page("sources/news"))
    assert rows["Outlet"] == "The Daily Example (from the page)"
    assert rows["Author"] == "Jane Doe (from the page)"
    assert rows["Published"] == "2024-05-03 (from the page)"
    assert rows["URL"] == ("https://news.example.org/world/2024/05/03/minsk-talks-stall "
                           "(from the page)")
    assert rows["Language"] == "en-GB (from the page)"
    assert rows["Metadata"] == ("title, author, published, outlet, url, language from the "
                                "page; no sidecar")
    digest = hashlib.sha256((RAW / "news.html").read_bytes()).hexdigest()
    assert rows["SHA-256"] == digest
    assert "text extracted by trafilatura " in rows["Note"]


def test_the_sidecar_wins_over_the_page(html_site: BuiltSite) -> None:
    page = html_site.page("sources/minsk-vertagt")
    assert squash(page.select_one("h1").get_text(" ")).rstrip(" ¶") == \
        "Minsk talks postponed (German report)"
    rows = card(page)
    assert rows["Outlet"] == "Beispielzeitung Online"       # the sidecar's, not og:site_name
    assert rows["Kind"] == "news report"
    assert rows["Author"] == "Max Mustermann (from the page)"
    assert rows["Language"] == "de (from the page)"
    assert rows["Metadata"] == "author, published, url, language from the page; the rest " \
                               "from the sidecar"


@pytest.mark.parametrize("name", sorted(CHARSET_PAGES))
def test_charsets_as_sites_declare_them(html_site: BuiltSite, name: str) -> None:
    encoding, outlet, language, expected = CHARSET_PAGES[name]
    page = html_site.page(f"sources/{name}")
    assert passages(page) == expected
    rows = card(page)
    assert rows["Outlet"] == f"{outlet} (from the page)"
    assert rows["Language"] == f"{language} (from the page)"
    assert f"decoded as {encoding}" in rows["Note"]


def test_good_pages_build_without_warnings(html_site: BuiltSite) -> None:
    good = ["news.html", "news-sidecar.html", "news-sidecar.yaml"] + [
        path.name for path in RAW.iterdir() if path.stem in CHARSET_PAGES or path.stem in NOT_BAD]
    for location, message, _type in kb_warnings(html_site.warnings):
        assert not any(location.split(":")[0].endswith("/" + name) for name in good), message


@pytest.mark.parametrize("name", sorted(NOT_BAD))
def test_unusual_but_good_pages_are_articles(html_site: BuiltSite, name: str) -> None:
    assert passages(html_site.page(f"sources/{name}")) == NOT_BAD[name]


@pytest.mark.parametrize("name", sorted(BAD_INPUT))
def test_bad_input_gives_one_warning_naming_the_file(html_site: BuiltSite, name: str) -> None:
    found = [(message, kind) for location, message, kind in kb_warnings(html_site.warnings)
             if re.search(rf"[/\\]{re.escape(name)}:\d+$", location)]
    assert len(found) == 1, found
    message, kind = found[0]
    assert kind == "kb.source"
    assert re.search(BAD_INPUT[name], message), message


def test_a_page_with_no_article_says_so_and_loses_nothing(html_site: BuiltSite) -> None:
    page = html_site.page("sources/not-found")
    assert passages(page) == []
    assert "found no article in this page" in squash(page.select_one(".kb-empty").get_text())
    listed = left_out(page)
    for text in ("Page not found", "Sorry, we couldn't find that page.", "Go to the home page",
                 "© 2024 The Daily Example"):
        assert text in listed, listed


def test_a_frameset_or_redirect_page_names_the_page_to_save(html_site: BuiltSite) -> None:
    for name, said in (("frameset", "The file is a frameset: its text is in the pages it "
                        "frames (menu.html, statement-2024-03.html)"),
                       ("redirect", "The file is only a redirect to "
                        "https://news.example.org/2024/03/talks-stall")):
        page = html_site.page(f"sources/{name}")
        assert passages(page) == []
        assert said in squash(page.select_one(".kb-empty").get_text()), name


def test_a_truncated_page_shows_the_text_up_to_the_cut(html_site: BuiltSite) -> None:
    assert passages(html_site.page("sources/truncated")) == [
        "Grain exports through the northern corridor rose sharply in April, according to "
        "figures published by the customs service on Monday morning.",
        "Traders said the increase reflected the reopening of two border crossings that had "
        "been closed since the autumn, and the end of the"]


def test_binary_junk_has_a_page_saying_why(html_site: BuiltSite) -> None:
    page = html_site.page("sources/junk")
    assert passages(page) == []
    assert squash(page.select_one(".kb-empty").get_text()).startswith(
        "This file is not an HTML page (binary data")
    assert card(page)["SHA-256"] == hashlib.sha256((RAW / "junk.html").read_bytes()).hexdigest()


def test_saved_page_assets_are_not_sources(html_site: BuiltSite) -> None:
    assert not (html_site.outdir / "sources" / "ad-frame.html").exists()
    assert "ad-frame" not in html_site.warnings


def test_raw_files_are_never_modified(html_site: BuiltSite) -> None:
    for path in RAW.iterdir():
        built = html_site.srcdir / "sources_raw" / path.name
        assert built.read_bytes() == path.read_bytes(), path.name


def test_passages_are_citable_objects(html_site: BuiltSite) -> None:
    inventory = html_site.inventory()
    assert "news/p4" in inventory["kb:passage"]
    assert "news/p5" not in inventory["kb:passage"]
    assert inventory["kb:passage"]["news/p1"].uri.endswith("sources/news.html#p1")
