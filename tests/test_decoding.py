"""Raw articles that are not clean UTF-8: a UTF-8 file with a few bad bytes
keeps its UTF-8 text (the bad bytes become U+FFFD, one warning names their
lines); a file in an 8-bit encoding is read in that encoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_ext.sources.ingest import decode

RUSSIAN = (
    "Лукашенко и Путин встретились в Сочи\n"
    "\n"
    "Президент Беларуси провёл в пятницу переговоры с российским коллегой, сообщила "
    "пресс-служба.\n"
    "\n"
    "Стороны договорились о новых поставках газа и о строительстве новой дороги.\n"
    "\n"
    "«Мы ни о чём не просили», — сказал Лукашенко журналистам.\n"
)
WESTERN = ("Caf\u00e9 news\n\nThe owner said \u201cwe will reopen on Monday\u201d \u2013 "
           "the caf\u00e9 in M\u00fcnchen had been shut for nine months.\n")


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def test_one_bad_byte_in_a_utf8_article_is_replaced_alone() -> None:
    lines = lines_of(RUSSIAN)
    data = RUSSIAN.encode("utf-8").replace("пятницу".encode(), "пят".encode() + b"\xff"
                                           + "ницу".encode())
    article = decode(data, Path("ru.txt"))
    assert article.text == RUSSIAN.replace("пятницу", "пят\ufffdницу")
    assert lines_of(article.text)[0] == lines[0] and lines_of(article.text)[6] == lines[6]
    assert len(article.problems) == 1, article.problems
    line, message = article.problems[0]
    assert line == 3
    assert "line 3" in message and "U+FFFD" in message and "UTF-8" in message
    assert "cp1252" not in message and "cp1252" not in " ".join(article.notes)


def test_bad_bytes_on_several_lines_give_one_problem_naming_them() -> None:
    data = RUSSIAN.encode("utf-8")
    data = data.replace("Сочи".encode(), b"\xc0\xc1").replace("газа".encode(), b"\xfe")
    article = decode(data, Path("ru.txt"))
    assert [line for line, _ in article.problems] == [1]
    assert "lines 1, 5" in article.problems[0][1]
    assert article.text.count("\ufffd") >= 2
    assert "Лукашенко журналистам" in article.text and "пятницу" in article.text


def test_a_truncated_multibyte_character_at_the_end() -> None:
    data = RUSSIAN.encode("utf-8") + "ж".encode()[:1]
    article = decode(data, Path("ru.txt"))
    assert article.text == RUSSIAN + "\ufffd"
    assert [line for line, _ in article.problems] == [RUSSIAN.count("\n") + 1]


@pytest.mark.parametrize(("encoding", "shown"), [("cp1251", "cp1251"), ("koi8_r", "KOI8-R")])
def test_a_cyrillic_legacy_file_is_read_in_its_encoding(encoding: str, shown: str) -> None:
    data = RUSSIAN.encode(encoding, "replace")  # KOI8-R has no « » —: they become ?
    article = decode(data, Path("ru.txt"))
    assert article.text == data.decode(encoding)
    assert "Президент Беларуси провёл в пятницу" in article.text
    assert len(article.problems) == 1 and shown in article.problems[0][1]
    assert article.problems[0][0] == 1 and "U+FFFD" not in article.problems[0][1]


def test_a_windows_1252_file_is_still_read_as_windows_1252() -> None:
    article = decode(WESTERN.encode("cp1252"), Path("w.txt"))
    assert article.text == WESTERN
    assert len(article.problems) == 1 and "cp1252" in article.problems[0][1]


def test_valid_utf8_gives_no_problem() -> None:
    for text in (RUSSIAN, WESTERN):
        assert decode(text.encode("utf-8"), Path("x.txt")).problems == []


# -- property: a bad byte in UTF-8 text costs that byte only ---------------------------

CYRILLIC_TEXT = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГД \n.,—«»", min_size=12
                        ).filter(lambda text: sum(ord(c) > 127 for c in text) >= 12)


@settings(max_examples=300, deadline=None)
@given(text=CYRILLIC_TEXT, where=st.floats(0, 1), junk=st.sampled_from(
    [b"\xff", b"\xfe", b"\x80", b"\xc0", b"\xe2\x82", b"\xf0\x9f\x98"]))
def test_a_bad_byte_in_utf8_text_replaces_only_itself(text: str, where: float,
                                                      junk: bytes) -> None:
    cut = int(where * len(text))
    data = text[:cut].encode("utf-8") + junk + text[cut:].encode("utf-8")
    article = decode(data, Path("x.txt"))
    assert article.text == text[:cut] + "\ufffd" + text[cut:]
    assert [line for line, _ in article.problems] == [text[:cut].count("\n") + 1]
    assert "U+FFFD" in article.problems[0][1]
