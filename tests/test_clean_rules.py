"""The cleaner's general rules, and the page data built on them, on page shapes the seeds
do not contain."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kb_ext.sources.card import provenance_card
from kb_ext.sources.clean import COMMENT, HEADING, PASSAGE, REMOVED, classify
from kb_ext.sources.ingest import read_article
from kb_ext.sources.page import build_meta
from kb_ext.sources.sidecar import load_sidecar

ARTICLE = """Skip to content
Main menu
By Jane Smith
March 7, 2014
Updated: 12:30 GMT
Minsk talks stall | The Daily Example

Share prices of Belarusian state enterprises fell sharply after the talks in Minsk stalled on Monday, traders said.

Voters had to log in to the state portal to register their complaints about the count.

Advertisement
What the ministers said
The foreign ministers met for three hours and agreed only to meet again, according to a statement that both sides released.

Sign up for our daily newsletter
Photo: Reuters
Tags: Belarus, Russia
Follow us on Twitter
© 2021 The Daily Example. All rights reserved.
"""


def kinds() -> dict[str, tuple[str, str]]:
    return {line: (segment.kind, segment.reason)
            for segment in classify(ARTICLE, "Minsk talks stall")
            for line in segment.lines if line}


def test_unseen_site_furniture_is_removed_with_a_named_rule() -> None:
    found = kinds()
    expected = {
        "Skip to content": "site menu",
        "Main menu": "site menu",
        "By Jane Smith": "byline",
        "March 7, 2014": "dateline",
        "Updated: 12:30 GMT": "dateline",
        "Minsk talks stall | The Daily Example": "headline repeated",
        "Advertisement": "advertisement",
        "Sign up for our daily newsletter": "login or sign-up prompt",
        "Photo: Reuters": "picture credit",
        "Tags: Belarus, Russia": "tag list",
        "Follow us on Twitter": "social media prompt",
    }
    for line, reason in expected.items():
        assert found[line] == (REMOVED, reason), line
    assert found["© 2021 The Daily Example. All rights reserved."][0] == REMOVED


def test_sentences_that_start_like_buttons_are_kept() -> None:
    found = kinds()
    assert found["Share prices of Belarusian state enterprises fell sharply after the talks in "
                 "Minsk stalled on Monday, traders said."][0] == PASSAGE
    assert found["Voters had to log in to the state portal to register their complaints about "
                 "the count."][0] == PASSAGE
    assert found["What the ministers said"][0] == HEADING


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = ("The talks in Minsk lasted well into the night and ended without\n"
            "any agreement on gas prices, officials from both sides said.\n\n"
            "A second paragraph follows here, and it is long enough to be prose for sure.\n")
    passages = [s for s in classify(text) if s.kind == PASSAGE]
    assert [len(p.lines) for p in passages] == [2, 1]


def test_every_line_lands_in_exactly_one_segment() -> None:
    segments = classify(ARTICLE, "Minsk talks stall")
    assert [line for s in segments for line in s.lines] == ARTICLE.split("\n")
    assert [s.start for s in segments] == sorted(s.start for s in segments)


def by_line(text: str, title: str = "") -> dict[str, tuple[str, str]]:
    return {line.strip(): (segment.kind, segment.reason)
            for segment in classify(text, title) for line in segment.lines if line.strip()}


PARAGRAPH = ("The ministers of both countries met for three hours in the capital on Friday and "
             "agreed only to meet again next month, according to a joint statement.")


def test_short_closing_sentences_and_news_phrases_stay_article_text() -> None:
    text = "\n\n".join([
        PARAGRAPH,
        "Belarus will never become a member of NATO, the foreign ministry said.",
        "Related stories",                      # furniture inside the article is skipped
        "Get ready for a long winter, the president told the farmers gathered here.",
        "The president has not commented.",
        "Reporting by Jane Doe; Editing by John Smith",
        "Our Standards: The Example Trust Principles.",
    ])
    found = by_line(text)
    for line in ("Belarus will never become a member of NATO, the foreign ministry said.",
                 "Get ready for a long winter, the president told the farmers gathered here.",
                 "The president has not commented."):
        assert found[line][0] == PASSAGE, line
    assert found["Related stories"] == (REMOVED, "related posts")
    assert found["Reporting by Jane Doe; Editing by John Smith"] == (REMOVED, "credits")
    # After the credits the article is over: a short sentence there is site text.
    assert found["Our Standards: The Example Trust Principles."][0] == REMOVED


def test_site_furniture_in_other_languages() -> None:
    text = "\n".join([
        "Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten. Mit der Nutzung "
        "unserer Website stimmen Sie der Verwendung von Cookies zu.",
        "Alle akzeptieren",
        "Startseite Politik Europa Osteuropa Belarus",
        "Von Anna Müller",
        "12.03.2024, 14:32 Uhr",
        "Teilen",
        "",
        PARAGRAPH,
        "Foto: Sergei Bobylev/TASS/dpa",
        "Anzeige",
        "Mehr zum Thema",
        "Der Kreml droht mit neuen Sanktionen",
        "Wie Minsk auf Moskau reagiert",
        "",
        "Die Opposition sieht in den Integrationsschritten einen Ausverkauf des Landes, sagte "
        "ein Sprecher am Freitag in Vilnius vor Journalisten.",
        "Jetzt DW-Newsletter abonnieren",
        "Kommentare (3)",
        "Klaus M. vor 2 Stunden",
        "Das ist doch nur ein Theater für die Zuschauer, das sieht jeder, der die Nachrichten liest.",
        "Реклама",
        "Читайте также:",
    ])
    found = by_line(text)
    expected = {
        "Alle akzeptieren": "cookie notice",
        "Startseite Politik Europa Osteuropa Belarus": "navigation or tag list",
        "Von Anna Müller": "byline",
        "12.03.2024, 14:32 Uhr": "timestamp",
        "Teilen": "share buttons",
        "Foto: Sergei Bobylev/TASS/dpa": "picture credit",
        "Anzeige": "advertisement",
        "Mehr zum Thema": "related posts",
        "Der Kreml droht mit neuen Sanktionen": "related posts",   # the list under it
        "Wie Minsk auf Moskau reagiert": "related posts",
        "Jetzt DW-Newsletter abonnieren": "newsletter prompt",
        "Kommentare (3)": "comment widget",
    }
    for line, reason in expected.items():
        assert found[line] == (REMOVED, reason), line
    # The cookie banner is a long sentence, but the article does not start there.
    assert found[text.split("\n")[0]] == (REMOVED, "cookie notice")
    assert found[PARAGRAPH][0] == PASSAGE
    # "Kommentare (3)" opens the readers' comments: never the outlet's passages.
    assert found["Das ist doch nur ein Theater für die Zuschauer, das sieht jeder, der die "
                 "Nachrichten liest."][0] == COMMENT


def test_text_wrapped_by_a_program_is_joined_before_capitals_too() -> None:
    paragraph = ("Alexander Lukashenko, the Belarusian leader, met Vladimir Putin on Friday "
                 "in Sochi, and Opposition leader Sviatlana Tsikhanouskaya, speaking from exile "
                 "in Vilnius, said that the United States and the European Union should not "
                 "recognise any agreement signed by Lukashenko on behalf of Belarus.")
    text = f"Talks in Sochi\n\n{textwrap.fill(paragraph, 72)}\n\n{textwrap.fill(PARAGRAPH, 72)}\n"
    passages = [s for s in classify(text) if s.kind == PASSAGE]
    assert [" ".join(s.text.split()) for s in passages] == [paragraph, PARAGRAPH]
    assert found_heading(text, "Talks in Sochi")


def test_scraped_text_is_not_joined_at_capitals() -> None:
    # Paragraphs on one line each, under headlines of nearly one length: the
    # headlines look like wrapped lines, but the long paragraphs show the text
    # is not wrapped, so no headline is joined to the paragraph below it.
    headlines = ["Minsk and Moscow agree on a new road map for the Union State",
                 "Opposition leaders in Vilnius reject the new road map outright",
                 "Western capitals weigh fresh sanctions against Minsk and Moscow"]
    text = "\n".join(f"{headline}\n{PARAGRAPH}" for headline in headlines)
    for headline in headlines:
        assert found_heading(text, headline), headline


def found_heading(text: str, line: str) -> bool:
    return any(s.kind == HEADING and s.text == line for s in classify(text))


def test_a_title_without_sidecar_is_the_first_line_kept(tmp_path: Path) -> None:
    raw = tmp_path / "article.txt"
    raw.write_text("This website uses cookies. Accept\nPutin and Lukashenko meet in Sochi\n\n"
                   f"{PARAGRAPH}\n", encoding="utf-8")
    article = read_article(raw)
    segments = classify(article.text)
    meta = build_meta("article", article, load_sidecar(None), segments)
    assert meta.title == "Putin and Lukashenko meet in Sochi"


def test_an_impossible_approximate_date_is_shown_as_unknown(tmp_path: Path) -> None:
    raw = tmp_path / "article.txt"
    raw.write_text(f"{PARAGRAPH}\n", encoding="utf-8")
    sidecar = tmp_path / "article.yaml"
    sidecar.write_text("id: article\npublished: 2021-02-30\npublished_approximate: yes\n",
                       encoding="utf-8")
    article = read_article(raw)
    loaded = load_sidecar(sidecar)
    assert loaded.problems                                  # the bad date is reported
    meta = build_meta("article", article, loaded, classify(article.text))
    card = provenance_card(meta, [], 1).astext()
    assert "unknown" in card and "approximate" not in card, card


def test_markup_left_in_a_scraped_page() -> None:
    text = "\n".join([
        "<p>Belarus and Russia sign new gas deal</p>",
        f"<p>{PARAGRAPH}</p>",
        "<script>",
        "window.dataLayer = window.dataLayer || [];",
        "</script>",
        "<style>.ad{display:none}</style>",
        '<img src="x.jpg" alt="">',
        "The mayor said on Monday <script>track()</script> that the council would meet "
        "again next week, officials said.",
        "<p>Critics in Vilnius warned that the agreement deepens the dependence on energy.</p>",
        "(Reporting by Jane Smith; Editing by John Doe)",
        "Associated Press writer John Roe in Kyiv contributed to this report.",
        "— AP",
    ])
    found = by_line(text)
    assert found[f"<p>{PARAGRAPH}</p>"][0] == PASSAGE
    for line in ("<script>", "window.dataLayer = window.dataLayer || [];", "</script>",
                 "<style>.ad{display:none}</style>"):
        assert found[line] == (REMOVED, "script or style"), line
    assert found['<img src="x.jpg" alt="">'] == (REMOVED, "markup or invisible characters only")
    # A sentence with an element inside it, and a paragraph in tags ending in ">".
    assert found[text.split("\n")[7]][0] == PASSAGE
    assert found[text.split("\n")[8]][0] == PASSAGE
    for line in ("(Reporting by Jane Smith; Editing by John Doe)",
                 "Associated Press writer John Roe in Kyiv contributed to this report.", "— AP"):
        assert found[line] == (REMOVED, "credits"), line


def test_language_codes_are_checked_and_tags_accepted(tmp_path: Path) -> None:
    sidecar = tmp_path / "a.yaml"
    for written, kept, problems in (("en", "en", 0), ("EN", "en", 0), ("en-GB", "en-GB", 0),
                                    ("be-Latn", "be-Latn", 0), ("english", "english", 1)):
        sidecar.write_text(f"id: a\nlanguage: {written}\n", encoding="utf-8")
        loaded = load_sidecar(sidecar)
        assert loaded.get("language") == kept, written
        assert len([p for p in loaded.problems if "language" in p[1]]) == problems, written


@pytest.mark.parametrize("line", [
    "Support for the president fell to 38 percent, a Reuters/Ipsos poll showed.",
    "Compiled by the Central Election Commission, the figures show a rise in turnout.",
    "The Commission's new policy would force websites to ask before placing cookies on phones.",
    "Lukashenko said Belarus would support Ukraine's bid to become a member of the EU.",
])
def test_news_sentences_shaped_like_furniture_stay(line: str) -> None:
    text = f"{PARAGRAPH}\n{line}\n{PARAGRAPH.replace('Friday', 'Monday')}"
    assert by_line(text)[line][0] == PASSAGE


def test_quoted_closing_sentences_stay_and_a_rubric_is_not_a_comment_area() -> None:
    text = "\n".join([PARAGRAPH, "Er sagte: „Wir geben nicht auf.“", "“We are ready,” he said.",
                      "Reporting by Jane Doe"])
    found = by_line(text)
    assert found["Er sagte: „Wir geben nicht auf.“"][0] == PASSAGE
    assert found["“We are ready,” he said."][0] == PASSAGE
    rubric = f"{PARAGRAPH}\nKommentar\n{PARAGRAPH.replace('Friday', 'Sunday')}"
    assert COMMENT not in {s.kind for s in classify(rubric)}
    # A German sentence starting with "Von" above the article is not a byline.
    lead = "Von Wahlbetrug will er nichts wissen."
    assert by_line(f"{lead}\n{PARAGRAPH}")[lead] != (REMOVED, "byline")


def test_a_comment_counter_above_the_article_does_not_open_the_comments() -> None:
    text = "\n".join([
        "We use cookies to give you the best experience. Click Accept to continue and enjoy "
        "the site.",
        "Share", "147 comments", "",
        "Opposition hero Sviatlana Tsikhanouskaya fled to Lithuania.",
        PARAGRAPH,
        "Putin lent him $1.5billion in 2020.",
    ])
    found = by_line(text)
    assert found[PARAGRAPH][0] == PASSAGE
    assert found["Putin lent him $1.5billion in 2020."][0] == PASSAGE
    assert COMMENT not in {kind for kind, _ in found.values()}


@pytest.mark.parametrize(("line", "reason"), [
    ("Ми використовуємо файли cookie, щоб покращити роботу сайту.", "cookie notice"),
    ("Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
     "cookie notice"),
    ("Accepter et fermer", "cookie notice"),
    ("Partager sur Facebook", "share buttons"),
    ("Copier le lien", "share buttons"),
    ("Читайте також: Тихановська закликала білорусів", "related posts"),
    ("Te puede interesar: Las claves de la crisis", "related posts"),
    ("Archivado en: Bielorrusia · Rusia", "tag list"),
    ("Apúntate a nuestra newsletter y recibe las noticias", "newsletter prompt"),
    ("Page 3 of 12", "page header or footer"),
    ("Accueil", "site menu"),
])
def test_more_furniture_in_other_languages(line: str, reason: str) -> None:
    text = f"{PARAGRAPH}\n{line}\n{PARAGRAPH.replace('Friday', 'Monday')}"
    assert by_line(text)[line] == (REMOVED, reason)


def test_bylines_in_other_languages_before_the_article() -> None:
    for byline in ("Por Javier Morales", "Від Олени Коваленко", "Par Claire Dumont"):
        assert by_line(f"{byline}\n{PARAGRAPH}")[byline] == (REMOVED, "byline"), byline


# -- the headline repeated: only a line that is the headline ---------------------------

@pytest.mark.parametrize("line", [
    "Putin declined to comment.",
    "Putin said nothing.",
    "Putin: Belarus is our ally",
    "Putinism is back",
    "Vladimir Putin arrived",
])
def test_a_sentence_containing_a_short_title_stays(line: str) -> None:
    text = f"{PARAGRAPH}\n\n{line}\n\n{PARAGRAPH.replace('Friday', 'Monday')}"
    assert by_line(text, "Putin")[line][0] != REMOVED, by_line(text, "Putin")[line]


@pytest.mark.parametrize("line", [
    "Putin",
    "Putin.",
    "Putin | The Daily Example",
    "Putin - The Daily Example",
    "Putin — Daily Example News",
    "News / Russia / Putin",
    "Politics › Putin",
    "Exclusive: Putin",
])
def test_the_headline_itself_is_removed_with_a_site_suffix_or_breadcrumb(line: str) -> None:
    text = f"{line}\n\n{PARAGRAPH}\n\n{PARAGRAPH.replace('Friday', 'Monday')}"
    assert by_line(text, "Putin")[line] == (REMOVED, "headline repeated")


def test_a_long_headline_with_its_site_name_is_still_removed() -> None:
    title = "Belarus: talks with Moscow stall again"
    for line in ("Belarus: talks with Moscow stall again | Example News",
                 "Belarus: talks with Moscow stall again",
                 "World / Europe / Belarus: talks with Moscow stall again"):
        text = f"{line}\n\n{PARAGRAPH}\n"
        assert by_line(text, title)[line] == (REMOVED, "headline repeated"), line
    sentence = "Belarus: talks with Moscow stall again, the minister said."
    assert by_line(f"{PARAGRAPH}\n\n{sentence}\n", title)[sentence][0] == PASSAGE


# -- large input: every line still lands in one segment, in order ----------------------

def test_two_hundred_thousand_blank_lines_are_one_segment() -> None:
    text = PARAGRAPH + "\n" * 200_000 + PARAGRAPH.replace("Friday", "Monday")
    segments = classify(text)
    assert [s.kind for s in segments] == [PASSAGE, "blank", PASSAGE]
    assert len(segments[1].lines) == 199_999 and segments[1].start == 2
    assert "\n".join(line for s in segments for line in s.lines) == text


def test_a_one_megabyte_article_is_segmented_losslessly() -> None:
    wrapped = textwrap.fill(PARAGRAPH * 3, 70)
    parts = [wrapped.replace("Friday", f"day {n}") for n in range(2_500)]
    text = "\n\n".join(parts) + "\n" + "Advertisement\n" * 2_000
    assert len(text) > 1_000_000
    segments = classify(text)
    assert "\n".join(line for s in segments for line in s.lines) == text
    assert [s.start for s in segments] == sorted(s.start for s in segments)
    assert sum(s.kind == PASSAGE for s in segments) == 2_500
    assert segments[-2].kind == REMOVED and len(segments[-2].lines) == 2_000


# -- newsletter prompts in Russian -----------------------------------------------------

RU_PARAGRAPH = ("Президент Беларуси провёл в пятницу переговоры с российским коллегой в Сочи, "
                "сообщила пресс-служба, и стороны договорились о новых поставках газа.")


@pytest.mark.parametrize("prompt", ["Подписаться на рассылку", "Подпишитесь на нашу рассылку",
                                    "Подписаться на рассылку новостей",
                                    "Подпишитесь на рассылку!", "Підпишіться на нашу розсилку",
                                    "Падпісацца на рассылку"])
def test_a_russian_newsletter_prompt_after_a_breadcrumb_is_removed(prompt: str) -> None:
    text = f"Главная / Новости / Политика\n{prompt}\n\n{RU_PARAGRAPH}\n\n{RU_PARAGRAPH}\n"
    assert by_line(text)[prompt] == (REMOVED, "newsletter prompt")
    inside = f"{RU_PARAGRAPH}\n{prompt}\n{RU_PARAGRAPH.replace('пятницу', 'среду')}"
    assert by_line(inside)[prompt] == (REMOVED, "newsletter prompt")


@pytest.mark.parametrize("sentence", [
    "Подписаться на рассылку министерства можно на его сайте, сообщил представитель ведомства.",
    "Тысячи читателей подписались на рассылку после публикации расследования.",
])
def test_sentences_about_a_newsletter_stay(sentence: str) -> None:
    text = f"{RU_PARAGRAPH}\n\n{sentence}\n\n{RU_PARAGRAPH.replace('пятницу', 'среду')}"
    assert by_line(text)[sentence][0] == PASSAGE


#: headline, then two paragraphs, in scripts without capitals (Arabic,
#: Chinese) or with their own full stop (Armenian ։), written for this test.
SCRIPTS = {
    "ar": ("السيسي يستقبل وزير الخارجية الأمريكي Antony Blinken في القاهرة",
           "القاهرة، 12 مارس. استقبل الرئيس عبد الفتاح السيسي اليوم وزير الخارجية الأمريكي "
           "Antony Blinken في قصر الاتحادية، وبحث الجانبان الأوضاع في قطاع غزة وجهود التوصل "
           "إلى وقف لإطلاق النار.",
           "فهل ستنجح المفاوضات هذه المرة بعد كل هذه الجولات الطويلة من المحادثات؟"),
    "zh": ("习近平会见美国国务卿",
           "新华社北京3月12日电国家主席习近平12日在人民大会堂会见美国国务卿。习近平指出，中美两国"
           "应当相互尊重、和平共处、合作共赢，这是两国关系发展的正确方向。",
           "双方就共同关心的国际和地区问题交换了意见。"),
    "hy": ("Փաշինյանը հայտարարել է սահմանային բանակցությունների վերսկսման մասին",
           "Երևան, մարտի 12. Վարչապետ Նիկոլ Փաշինյանը խորհրդարանում հայտարարել է, որ "
           "Ադրբեջանի հետ սահմանազատման բանակցությունները կվերսկսվեն ապրիլին։",
           "Ընդդիմությունը քննադատել է վարչապետին՝ պնդելով, որ նա ձգձգում է "
           "բանակցությունները։"),
}


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_a_headline_and_closing_sentence_in_other_scripts(language: str, tmp_path: Path
                                                           ) -> None:
    """Without a sidecar the headline is the title, whether or not its script
    has capitals, and a closing sentence ending in the script's own full stop
    or question mark is a passage, not the site's footer."""
    headline, first, last = SCRIPTS[language]
    raw = tmp_path / "article.txt"
    raw.write_text(f"{headline}\n\n{first}\n\n{last}\n", encoding="utf-8")
    article = read_article(raw)
    segments = classify(article.text)
    assert [(s.kind, s.text) for s in segments if s.kind != "blank"] == [
        (HEADING, headline), (PASSAGE, first), (PASSAGE, last)]
    assert build_meta("article", article, load_sidecar(None), segments).title == headline


def test_list_items_marked_with_plus_or_dashes_are_not_headings() -> None:
    text = ("The release notes list what changed in this version of the game, "
            "and the developers thanked the testers who reported the bugs.\n\n"
            "+ Added Slime Block\n\n– Added Iron Trapdoor\n\n· Removed Herobrine\n\n"
            "The next version is planned for the spring, when the new world generator "
            "is ready for the first public tests, the studio said.\n")
    kinds = {s.text: s.kind for s in classify(text)}
    assert [kinds[item] for item in ("+ Added Slime Block", "– Added Iron Trapdoor",
                                     "· Removed Herobrine")] == [PASSAGE] * 3


def test_separator_lines_are_markup_not_passages() -> None:
    text = ("The parliament passed the foreign agents law on Tuesday by 84 votes to 30, "
            "and the prime minister said the government would not withdraw it.\n\n---\n\n"
            "* * *\n\nThe law enters into force sixty days after its publication, the "
            "parliament's press office said on Wednesday evening.\n\n=====\n")
    removed = {s.text: s.reason for s in classify(text) if s.kind == REMOVED}
    assert removed == dict.fromkeys(("---", "* * *", "====="), "separator line (markup)")
    # A line of words between dashes is no separator.
    assert all(s.reason != "separator line (markup)" for s in classify("--- Breaking news ---\n"))
