"""The sidecar's language checked against the article text (py3langid), on a
site of probe articles in Belarusian, Russian, Ukrainian, Polish, German and
English written for this test (tests/roots/test-language)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from kb_ext.sources.language import check_language

from .conftest import ROOTS, BuiltSite

RAW = ROOTS / "test-language" / "sources_raw"


@pytest.fixture(scope="module")
def site(build_root: Callable[..., BuiltSite]) -> BuiltSite:
    return build_root("language")


def _card_language(site: BuiltSite, source_id: str) -> str:
    card = site.page(f"sources/{source_id}").select_one(".kb-source-card")
    assert card is not None
    values = {name.get_text(strip=True).rstrip(":"): value.get_text(" ", strip=True)
              for name, value in zip(card.select("dt"), card.select("dd"), strict=True)}
    assert "Language" in values, values
    return values["Language"]


def test_each_mismatch_is_one_warning_at_the_language_line(site: BuiltSite) -> None:
    mismatches = sorted(line for line in site.warning_lines("kb.sidecar")
                        if "the text reads as" in line)
    # Belarusian declared as Russian and Ukrainian as Belarusian (close languages,
    # with enough text), English declared as Russian in 279 letters.
    expected = [("be.yaml:6", "'ru'", "'be'"), ("short-en.yaml:6", "'ru'", "'en'"),
                ("uk.yaml:6", "'be'", "'uk'")]
    assert len(mismatches) == len(expected), mismatches
    for line, (where, declared, read) in zip(mismatches, expected, strict=True):
        assert where in line and f"says {declared}" in line and f"reads as {read}" in line, line
        assert "[kb.sidecar]" in line


def test_agreeing_short_and_unknown_languages_do_not_warn(site: BuiltSite) -> None:
    text = site.warnings
    for name in ("ru.yaml", "pl.yaml", "en-gb.yaml", "de.yaml"):
        assert name not in text, name
    # 306 letters of Russian declared Belarusian: too little to tell close languages apart.
    assert "short-ru" not in text


def test_missing_language_is_detected_and_marked(site: BuiltSite) -> None:
    assert _card_language(site, "de-undeclared") == "de (detected from the text)"
    assert _card_language(site, "be-as-ru") == "ru"            # the sidecar is kept, and warned
    assert _card_language(site, "en-gb") == "en-GB"
    # One line of text: no verdict, so nothing is filled in, and the key is reported missing.
    assert _card_language(site, "tiny-undeclared") == "unknown"
    tiny = site.warning_lines("tiny.yaml")
    assert len(tiny) == 1 and "missing required key(s): language" in tiny[0], tiny


def test_no_sidecar_is_one_warning_naming_only_what_is_missing(site: BuiltSite) -> None:
    lines = site.warning_lines("no-sidecar.txt")
    assert len(lines) == 1, lines
    assert "no-sidecar.txt:1" in lines[0]
    assert "not found: outlet, kind, published;" in lines[0], lines[0]
    assert _card_language(site, "no-sidecar") == "en (detected from the text)"


def test_kb_json_carries_the_detected_language(site: BuiltSite) -> None:
    data = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    languages = {s["id"]: s["language"] for s in data["sources"]}
    assert languages["de-undeclared"] == "de" and languages["no-sidecar"] == "en"
    assert languages["tiny-undeclared"] in ("", None)


@pytest.mark.parametrize(("name", "declared", "problem"), [
    ("be.txt", "be", False), ("be.txt", "uk", True), ("ru.txt", "uk", True),
    ("uk.txt", "ru", True), ("pl.txt", "de", True), ("pl.txt", "pl-PL", False),
    ("de.txt", "en", True), ("de.txt", "zz", False),  # a code the model does not know
])
def test_check_language_on_probe_texts(name: str, declared: str, problem: bool) -> None:
    text = (RAW / name).read_text(encoding="utf-8")
    assert (check_language(declared, text).problem is not None) is problem


def test_close_languages_need_more_text() -> None:
    text = (RAW / "be.txt").read_text(encoding="utf-8")
    # The same Belarusian text cut to 300 characters: wrong as "ru", but not sure enough to say.
    assert check_language("ru", text[:300]).problem is None
    assert check_language("ru", text).problem is not None
    assert check_language(None, text[:300]) == check_language(None, "")


#: Standard Arabic news prose, written for this test.
ARABIC = ("استقبل الرئيس المصري اليوم وزير الخارجية الأمريكي في القاهرة، وبحث الجانبان الأوضاع "
          "في قطاع غزة وجهود التوصل إلى وقف لإطلاق النار. وقال المتحدث باسم الرئاسة إن الرئيس "
          "أكد على ضرورة إدخال المساعدات الإنسانية دون عوائق، وأن مصر ستواصل جهودها مع شركائها "
          "من أجل التوصل إلى اتفاق في أقرب وقت ممكن.")


def test_a_language_split_among_its_varieties_is_still_detected() -> None:
    """The model's Moroccan and Egyptian Arabic take some of a standard Arabic
    text's probability; the article is still detected as Arabic, and a
    sidecar saying Egyptian Arabic is not contradicted."""
    assert check_language(None, ARABIC) == ("ar", True, None)
    assert check_language("arz", ARABIC).problem is None
    assert check_language("en", ARABIC).problem is not None
