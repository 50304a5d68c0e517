"""Actor mentions in spellings and forms that alias lists do not hold."""

from __future__ import annotations

import pytest

from kb_ext.derive.mentions import AliasMatcher

ACTORS = {
    "lukashenko": ("Alexander Lukashenko", "Lukashenko", "Lukashenka", "Лукашенко", "Лукашэнка"),
    "putin": ("Vladimir Putin", "Putin", "Путин"),
    "tikhanovskaya": ("Sviatlana Tsikhanouskaya", "Tikhanovskaya", "Тихановская"),
    "belarus": ("Belarus", "Беларусь", "Белоруссия"),
    "united-states": ("United States", "US", "USA"),
    "nato": ("NATO",),
    "makei": ("Vladimir Makei", "Makei"),
    "lukasenka-band": ("Lukasenka",),   # a written alias that a variant must not take
}


def found(text: str, declined: bool = False) -> list[tuple[str, str]]:
    matcher = AliasMatcher(ACTORS)
    return [(actor, text[start:end]) for actor, start, end in matcher.find(text, declined)]


@pytest.mark.parametrize(("text", "expected"), [
    # Other romanisations of a name written with sh/ch/zh/kh.
    ("Lukašenko met reporters.", [("lukashenko", "Lukašenko")]),
    ("Łukaszenka spotkał się z Putinem.", [("lukashenko", "Łukaszenka"), ("putin", "Putinem")]),
    # Declined names, in text in a language that declines them (German, Slavic).
    ("Lukaschenkos Regierung und Putins Plan", [("lukashenko", "Lukaschenkos"),
                                                ("putin", "Putins")]),
    # Declined names, Cyrillic and Latin.
    ("Лукашэнку не раз папракалі", [("lukashenko", "Лукашэнку")]),
    ("встретился с Владимиром Путиным в Белоруссии", [("putin", "Путиным"),
                                                      ("belarus", "Белоруссии")]),
    ("Тихановской заявили", [("tikhanovskaya", "Тихановской")]),
    ("отношения с Беларуси", [("belarus", "Беларуси")]),
    ("Putinas pareiškė", [("putin", "Putinas")]),                  # Lithuanian
])
def test_other_spellings_and_declined_names_are_found(text: str,
                                                      expected: list[tuple[str, str]]) -> None:
    assert found(text, declined=True) == expected


def test_english_words_are_not_declined_names() -> None:
    matcher = AliasMatcher({"georgia": ("Georgia",), "crimea": ("Crimea",),
                            "france": ("France",), "israel": ("Israel",),
                            "germany": ("Germany",), "ashton": ("Ashton",)})
    text = "George Crimes Franco Francs Israeli Germans Aston"
    assert matcher.find(text) == []
    # Even where names decline: a plural is not the genitive of a shortened
    # stem, and a name of under seven letters has no other romanisation.
    declined = {text[s:e] for _, s, e in matcher.find(text, declined=True)}
    assert not declined & {"George", "Crimes", "Francs", "Germans", "Aston"}, declined
    # Without the language, declined forms are not looked for at all.
    assert found("встретился с Владимиром Путиным") == []


@pytest.mark.parametrize("text", [
    "THEY TOLD US THE SAME THING IN 2021.",   # a line in capitals, not the acronym
    "He makes sure of it. Makes sense.",       # 'Makei' is too short to decline
    "Tell us what you think.",
])
def test_no_mention_where_there_is_none(text: str) -> None:
    assert found(text) == []


def test_acronyms_next_to_other_aliases_still_count() -> None:
    assert found("The US and NATO") == [("united-states", "US"), ("nato", "NATO")]
    assert found("US NATO allies") == [("united-states", "US"), ("nato", "NATO")]
    # ... and next to other acronyms.
    assert found("The US CDC said") == [("united-states", "US")]


def test_a_written_alias_wins_over_another_actors_variant() -> None:
    # "Lukashenka" would also be written "Lukasenka", but that spelling is
    # another actor's alias: it stays theirs, and no collision is reported.
    assert found("Lukasenka played.") == [("lukasenka-band", "Lukasenka")]
    assert AliasMatcher(ACTORS).collisions == []


def test_a_stem_two_actors_share_is_no_guess() -> None:
    matcher = AliasMatcher({"wife": ("Тихановская",), "husband": ("Тихановский",)})
    text = "Тихановским и Тихановской, Тихановская"
    assert [(a, text[s:e]) for a, s, e in matcher.find(text, declined=True)] == [
        ("wife", "Тихановская")]


@pytest.mark.parametrize(("text", "expected"), [
    ("国家主席习近平12日在人民大会堂会见美国国务卿。", ["习近平"]),   # in a run of Han
    ("習近平は記者会見で述べた。", ["習近平"]),                         # before kana
    ("安倍晋三首相は、きょう記者会見した。", ["安倍晋三"]),
    ("【习近平】", ["习近平"]),                                         # between punctuation
    ("近平", []), ("学习近代史", []),                                  # part of the name only
])
def test_names_in_text_without_spaces(text: str, expected: list[str]) -> None:
    matcher = AliasMatcher({"xi": ("Xi Jinping", "习近平", "習近平"),
                            "abe": ("Shinzo Abe", "安倍晋三")})
    assert [text[start:end] for _, start, end in matcher.find(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Վարչապետ Նիկոլ Փաշինյանը խորհրդարանում հայտարարել է", ["Նիկոլ Փաշինյանը"]),
    ("Փաշինյանի խոսքով՝ կառավարությունը մտադիր չէ", ["Փաշինյանի"]),
    ("პრემიერ-მინისტრმა ირაკლი კობახიძემ განაცხადა", ["ირაკლი კობახიძემ"]),
    ("კობახიძის თქმით, კანონი", ["კობახიძის"]),
    ("კობახიძეს შეხვდა", ["კობახიძეს"]),
])
def test_declined_names_in_armenian_and_georgian(text: str, expected: list[str]) -> None:
    matcher = AliasMatcher({"pashinyan": ("Nikol Pashinyan", "Փաշինյան", "Նիկոլ Փաշինյան"),
                            "kobakhidze": ("Irakli Kobakhidze", "კობახიძე", "ირაკლი კობახიძე")})
    assert [text[s:e] for _, s, e in matcher.find(text, declined=True)] == expected
    assert matcher.find(text) == []  # in a language that does not decline, no guess


@pytest.mark.parametrize(("text", "expected"), [
    # Characters unify makes longer or drops, before the name: offsets are the text's.
    ("Lukashenko… and then Putin spoke.", ["Lukashenko", "Putin"]),      # … is ...
    ("وأكد الرئيس أن السيسي", ["السيسي"]),                               # أ is ا + hamza
    ("Er\u00adklärung: Putin und Lukaschenko", ["Putin", "Lukaschenko"]),  # a soft hyphen
    ("Երևան, Փաշինյանը հայտարարել է", ["Փաշինյանը"]),                    # և is եւ
])
def test_mention_offsets_are_offsets_into_the_passage_text(text: str, expected: list[str]
                                                           ) -> None:
    matcher = AliasMatcher({**ACTORS, "sisi": ("el-Sisi", "السيسي"),
                            "pashinyan": ("Nikol Pashinyan", "Փաշինյան")})
    assert [text[s:e] for _, s, e in matcher.find(text, declined=True)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("والسيسي أكد", ["والسيسي"]),                  # and + the name
    ("قال للسيسي", ["للسيسي"]),                    # for + the name, its article's alef dropped
    ("وعبد الفتاح السيسي", ["وعبد الفتاح السيسي"]),  # a name of several words
    ("وبلينكن", ["وبلينكن"]),
    ("בכנסת ישראל", ["בכנסת"]),                    # in + the Knesset, its article dropped
    ("והכנסת אישרה", ["והכנסת"]),                  # and + the Knesset
    ("باب البيت", []), ("ושב הביתה", []),          # particles' letters, no name
])
def test_names_with_arabic_and_hebrew_particles(text: str, expected: list[str]) -> None:
    matcher = AliasMatcher({"sisi": ("el-Sisi", "السيسي", "عبد الفتاح السيسي"),
                            "blinken": ("Antony Blinken", "بلينكن"),
                            "knesset": ("Knesset", "הכנסת")})
    assert [text[s:e] for _, s, e in matcher.find(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("قال السِّيسِي إن", ["السِّيسِي"]),     # Arabic short vowels and shadda
    ("قال السيـسي", ["السيـسي"]),           # a tatweel stretching the word
    ("נְתַנְיָהוּ אמר", ["נְתַנְיָהוּ"]),      # Hebrew vowel points, to the last one
    ("Lukas\u030cenka met Putin", ["Lukas\u030cenka", "Putin"]),  # a decomposed š
])
def test_names_written_with_vowel_points_and_marks(text: str, expected: list[str]) -> None:
    matcher = AliasMatcher({**ACTORS, "sisi": ("el-Sisi", "السيسي"),
                            "netanyahu": ("Benjamin Netanyahu", "נתניהו")})
    assert [text[s:e] for _, s, e in matcher.find(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("윤석열은 오늘 기자회견에서", ["윤석열은"]),     # topic particle
    ("윤석열에게 보냈다", ["윤석열에게"]),           # dative
    ("한국의 경제와 한국과 미국", ["한국의", "한국과"]),
    ("한국어 수업", []),                           # a word, not the name with a particle
])
def test_korean_names_with_their_particles(text: str, expected: list[str]) -> None:
    matcher = AliasMatcher({"yoon": ("Yoon Suk Yeol", "윤석열"), "korea": ("South Korea", "한국")})
    assert [text[s:e] for _, s, e in matcher.find(text)] == expected
