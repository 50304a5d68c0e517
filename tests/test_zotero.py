"""Reading Zotero exports (CSL-JSON and RIS) written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_ext.cli.zotero import ZoteroError, ZoteroIndex, file_key, load_zotero, url_key

ZOTERO = Path(__file__).resolve().parent / "data" / "import" / "zotero"


def test_csl_json_entries_keep_their_lines_and_values() -> None:
    entries = load_zotero(ZOTERO / "library.json")
    assert [(e.line, e.label) for e in entries] == [
        (2, "Перамовы ў Мінску: што вырашылі"), (13, "Handel między krajami"),
        (23, "An entry with no file")]
    assert entries[0].urls == ("example-news.by/politics/minsk-talks",)
    assert entries[1].files == ("handel.txt",)   # a Windows path's file name
    assert dict(entries[1].values)["published"] == "2023-11"


def test_ris_entries_join_wrapped_values() -> None:
    entries = load_zotero(ZOTERO / "library.ris")
    assert [(e.line, e.label) for e in entries] == [
        (1, "Trade between the countries: a report"), (13, "Handel zwischen den Ländern"),
        (20, "Nobody saved this one")]
    assert entries[1].files == ("handel-de.md",)


@pytest.mark.parametrize(("one", "other"), [
    ("https://www.example.org/a/b/", "http://example.org/a/b"),
    ("https://EXAMPLE.org/a#comments", "https://example.org/a"),
])
def test_urls_that_name_one_page_match(one: str, other: str) -> None:
    assert url_key(one) == url_key(other) != ""


def test_urls_that_differ_do_not_match() -> None:
    assert url_key("https://example.org/a?id=1") != url_key("https://example.org/a?id=2")
    assert url_key("https://example.org/a") != url_key("https://example.org/b")
    assert url_key("not a url") == ""


def test_file_keys() -> None:
    assert file_key("internal-pdf://0123/Report%20One.pdf") == "report one.pdf"
    assert file_key("file:///home/me/Zotero/storage/AB/page.html") == "page.html"


def test_an_author_written_alone_is_one_name(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('[{"title": "A", "author": "Jane Doe"}]', encoding="utf-8")
    (entry,) = load_zotero(path)
    assert dict(entry.values)["author"] == "Jane Doe"


def test_csl_items_object_and_ris_dates(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text('{"items": [\n {"title": "A", "issued": {"raw": "2021-08-20"},\n'
                    '  "language": "Ukrainian", "URL": "ftp://x.example/a"}\n]}\n',
                    encoding="utf-8")
    (entry,) = load_zotero(path)
    assert entry.line == 2
    assert dict(entry.values) == {"title": "A", "published": "2021-08-20", "language": "uk"}
    ris = tmp_path / "a.ris"
    ris.write_text("TY  - NEWS\nTI  - B\nPY  - 2019///\nLA  - Klingon\nER  - \n", encoding="utf-8")
    (entry,) = load_zotero(ris)
    assert dict(entry.values) == {"title": "B", "kind": "news report", "published": "2019"}


@pytest.mark.parametrize(("text", "line", "message"), [
    ("TI  - no type first\nER  - \n", 1, "RIS tag TI outside a record"),
    ("TY  - NEWS\nTI  - a\nTY  - NEWS\nER  - \n", 1,
     "RIS record has no 'ER  - ' line before the next"),
    ("", 1, "no RIS records"),
    ('[{"title": "a"}, 3]', 1, "a CSL-JSON entry must be an object, not int"),
    ('{"title": "a"}', 1, "a CSL-JSON export is a list of entries"),
    ('[\n{"title": "a", "author": 5}]', 2, "a CSL-JSON entry's author must be a list of names"),
])
def test_bad_files_name_their_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / ("z.json" if text.startswith(("[", "{")) else "z.ris")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ZoteroError) as error:
        load_zotero(path)
    assert (error.value.line, error.value.message[:len(message)]) == (line, message), error.value


def test_index_matches_file_name_before_url_and_reports_the_rest() -> None:
    index = ZoteroIndex(load_zotero(ZOTERO / "library.json"))
    assert index.match("HANDEL.TXT", ()) is index.entries[1]
    assert index.match("x.html", ("https://example-news.by/politics/minsk-talks/",)
                       ) is index.entries[0]
    assert index.match("y.html", ("https://example-news.by/other",)) is None
    assert [e.label for e in index.unmatched()] == ["An entry with no file"]
