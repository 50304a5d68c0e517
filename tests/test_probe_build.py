"""One build of ``tests/roots/test-probe`` with the inputs a fuzz probe found
to break the build or lose an article: each article is published, each
problem gives one ``kb.*`` warning naming the file and line at fault, and
nothing else warns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb_ext.outputs.tooltips import shard_name
from kb_ext.sources.discovery import MAX_ID_LENGTH, fit_id

from .conftest import BuiltSite
from .pagetext import kb_warnings, squash

BODY = ("The river in {place} rose by two metres overnight, and the mayor ordered the lower "
        "town evacuated before dawn, officials said.\n")


def sidecar(id_yaml: str, title: str) -> str:
    return (f"id: {id_yaml}\ntitle: {title}\noutlet: Probe Outlet\nkind: news report\n"
            "published: 2022-01-01\nlanguage: en\n")


#: stem -> (id as written in YAML, the page it must get, the place named in its text)
ID_CASES = {
    "newline_id": ("|\n  trail", "sources/trail", "Newlineton"),
    "spaces_id": ('"spaced  "', "sources/spaced", "Spaceby"),
    "tab_id": ('"tabbed\\t"', "sources/tabbed", "Tabford"),
}

#: stem -> a sidecar id too long for file names (234 characters crashed the
#: build at its end, 247 and more dropped the page)
LONG_IDS = {"long_240": "long-" + "x" * 235, "long_300": "long-" + "y" * 295}
LONG_STEM = "n" * 250  # no sidecar: the id comes from this file name

RUSSIAN = (
    "Лукашенко и Путин встретились в Сочи\n"
    "\n"
    "Президент Беларуси провёл в пятницу переговоры с российским коллегой, сообщила "
    "пресс-служба.\n"
    "\n"
    "Стороны договорились о новых поставках газа и о строительстве новой дороги.\n"
)
#: stem -> (the raw bytes, the text the page must show, the warning's line and words)
ENCODING_CASES = {
    "ru_badbyte": (RUSSIAN.encode("utf-8").replace("пятницу".encode(), b"\xff"),
                   RUSSIAN.replace("пятницу", "\ufffd"), 3, "U+FFFD"),
    "ru_cp1251": (RUSSIAN.encode("cp1251"), RUSSIAN, 1, "cp1251"),
    "ru_koi8": (RUSSIAN.encode("koi8_r"), RUSSIAN, 1, "KOI8-R"),
}

#: A sidecar title with YAML escapes for NUL and ESC (line 2 of the sidecar).
CONTROL_TITLE = ('"Harbour\\0 news\\x1b[1m today"', "Harbour\u2400 news\u241b[1m today")


def link_from_outside(srcdir: Path) -> None:
    """An article and its sidecar linked from a folder beside the project, a
    link to a folder of articles, and a link to nothing."""
    raw = srcdir / "sources_raw"
    outside = srcdir.parent / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "linked.txt").write_text(BODY.format(place="Linkton"), encoding="utf-8")
    (outside / "linked.yaml").write_text(sidecar("linked", "Linked news"), encoding="utf-8")
    (outside / "folder" / "inner.txt").write_text(BODY.format(place="Innerby"),
                                                  encoding="utf-8")
    for name, target in [("linked.txt", "linked.txt"), ("linked.yaml", "linked.yaml"),
                         ("folder_link", "folder"), ("broken_link.txt", "nothing.txt")]:
        (raw / name).symlink_to(Path("..", "..", "outside", target))


def prepare(srcdir: Path) -> None:
    raw = srcdir / "sources_raw"
    link_from_outside(srcdir)
    (raw / "ctl_title.txt").write_text(BODY.format(place="Controlby"), encoding="utf-8")
    (raw / "ctl_title.yaml").write_text(sidecar("ctl-title", CONTROL_TITLE[0]),
                                        encoding="utf-8")
    for stem, (data, _text, _line, _words) in ENCODING_CASES.items():
        (raw / f"{stem}.txt").write_bytes(data)
        (raw / f"{stem}.yaml").write_text(
            sidecar(stem.replace("_", "-"), "Лукашенко и Путин встретились в Сочи"),
            encoding="utf-8")
    for stem, source_id in LONG_IDS.items():
        (raw / f"{stem}.txt").write_text(BODY.format(place=stem), encoding="utf-8")
        (raw / f"{stem}.yaml").write_text(sidecar(source_id, f"Long {stem}"), encoding="utf-8")
    (raw / f"{LONG_STEM}.txt").write_text(BODY.format(place="Longname"), encoding="utf-8")
    for stem, (id_yaml, _page, place) in ID_CASES.items():
        (raw / f"{stem}.txt").write_text(BODY.format(place=place), encoding="utf-8")
        (raw / f"{stem}.yaml").write_text(sidecar(id_yaml, f"News from {place}"),
                                          encoding="utf-8")


@pytest.fixture(scope="module")
def site(build_root) -> BuiltSite:
    return build_root("probe", prepare=prepare)


def warnings_about(site: BuiltSite, stem: str) -> list[tuple[str, str, str]]:
    pattern = re.compile(rf"[/\\]{re.escape(stem)}\.\w+(:\d+)?$")
    return [w for w in kb_warnings(site.warnings) if pattern.search(w[0])]


def article_text(site: BuiltSite, docname: str) -> str:
    return squash(site.page(docname).select_one(".kb-article").get_text(" "))


@pytest.mark.parametrize("stem", ID_CASES)
def test_an_id_with_whitespace_is_published_as_its_slug(site: BuiltSite, stem: str) -> None:
    _id_yaml, page, place = ID_CASES[stem]
    assert f"The river in {place} rose" in article_text(site, page)
    about = warnings_about(site, stem)
    assert len(about) == 1, site.warnings
    location, message, kind = about[0]
    assert kind == "kb.sidecar" and location.endswith(f"{stem}.yaml:1"), about[0]
    assert message.startswith("id: ") and repr(page.partition("/")[2]) in message, about[0]
    # No page file with whitespace in its name was written.
    assert all(name.strip() == name and "\n" not in name
               for name in (p.name for p in (site.srcdir / "sources").iterdir()))


@pytest.mark.parametrize("stem", LONG_IDS)
def test_a_long_id_is_published_under_a_short_one(site: BuiltSite, stem: str) -> None:
    source_id = fit_id(LONG_IDS[stem])
    assert len(source_id) <= MAX_ID_LENGTH
    assert f"The river in {stem} rose" in article_text(site, f"sources/{source_id}")
    about = warnings_about(site, stem)
    assert len(about) == 1, site.warnings
    location, message, kind = about[0]
    assert kind == "kb.sidecar" and location.endswith(f"{stem}.yaml:1"), about[0]
    assert f"published as {source_id!r}" in message, about[0]
    assert source_id in site.inventory()["kb:source"]
    folder = site.outdir / "_static" / "kb-evidence"
    assert (folder / f"{shard_name(f'sources/{source_id}.html')}.js").is_file()


def test_a_long_file_name_is_published_under_a_short_id(site: BuiltSite) -> None:
    source_id = fit_id(LONG_STEM)
    assert "The river in Longname rose" in article_text(site, f"sources/{source_id}")
    about = sorted(warnings_about(site, LONG_STEM), key=lambda w: w[2])
    assert [w[2] for w in about] == ["kb.sidecar", "kb.source"], about  # no sidecar; too long
    location, message, _ = about[1]
    assert location.endswith(f"{LONG_STEM}.txt:1") and "file name" in message, about[1]
    assert f"published as {source_id!r}" in message


@pytest.mark.parametrize("stem", ENCODING_CASES)
def test_an_article_not_in_clean_utf8_is_read_right(site: BuiltSite, stem: str) -> None:
    _data, text, line, words = ENCODING_CASES[stem]
    shown = article_text(site, f"sources/{stem.replace('_', '-')}")
    for paragraph in text.split("\n")[2:]:
        assert squash(paragraph) in shown, (paragraph, shown)
    about = warnings_about(site, stem)
    assert len(about) == 1, site.warnings
    location, message, kind = about[0]
    assert kind == "kb.source" and location.endswith(f"{stem}.txt:{line}"), about[0]
    assert words in message, about[0]


def test_control_characters_in_a_sidecar_title_are_shown_as_symbols(site: BuiltSite) -> None:
    shown = CONTROL_TITLE[1]
    index = (site.outdir / "index.html").read_text(encoding="utf-8")
    assert shown in index and "\x00" not in index and "\x1b" not in index
    data = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    assert next(s for s in data["sources"] if s["id"] == "ctl-title")["title"] == shown
    about = warnings_about(site, "ctl_title")
    assert len(about) == 1, site.warnings
    location, message, kind = about[0]
    assert kind == "kb.sidecar" and location.endswith("ctl_title.yaml:2"), about[0]
    assert message.startswith("title: ") and "U+0000" in message and "U+001B" in message


def test_an_article_linked_from_outside_is_published_with_a_warning(site: BuiltSite) -> None:
    assert "The river in Linkton rose" in article_text(site, "sources/linked")
    about = sorted(warnings_about(site, "linked"), key=lambda w: w[0])
    assert [(Path(w[0]).name, w[2]) for w in about] == [
        ("linked.txt:1", "kb.source"), ("linked.yaml:1", "kb.sidecar")], about
    outside = (site.srcdir.parent / "outside").resolve()
    for (_location, message, _kind), name in zip(about, ["linked.txt", "linked.yaml"],
                                                 strict=True):
        assert message.startswith(f"{name} is a symbolic link to {outside / name}, outside "
                                  "kb_sources_dir"), message
    # The raw file is read through the link, never written.
    assert (site.srcdir.parent / "outside" / "linked.txt").read_text(
        encoding="utf-8") == BODY.format(place="Linkton")


def test_links_to_a_folder_or_to_nothing_are_reported(site: BuiltSite) -> None:
    found = {Path(location).name: (message, kind)
             for location, message, kind in kb_warnings(site.warnings)
             if "_link" in location}
    assert set(found) == {"folder_link:1", "broken_link.txt:1"}, found
    assert found["folder_link:1"][1] == "kb.source"
    assert "does not follow links to folders" in found["folder_link:1"][0]
    assert "does not exist" in found["broken_link.txt:1"][0]
    assert "inner" not in site.inventory()["kb:source"]


def evidence_pages(site: BuiltSite) -> dict[str, dict[str, object]]:
    """page -> anchors, from every tooltip data file."""
    pages = {}
    for path in sorted((site.outdir / "_static" / "kb-evidence").glob("*.js")):
        payload = json.loads(re.search(r"\((\{.*\})\);", path.read_text(encoding="utf-8"))[1])
        assert payload["page"] not in pages, f"two files for {payload['page']}"
        pages[payload["page"]] = payload["anchors"]
    return pages


def test_a_root_page_named_like_a_source_page_keeps_its_own_tooltips(site: BuiltSite) -> None:
    """The root page sources_good-harbour and the page sources/good-harbour
    had one tooltip file: the one written last won."""
    pages = evidence_pages(site)
    assert "p1" in pages["sources/good-harbour.html"], sorted(pages)
    assert "kb-claim-harbour-reopened" in pages["sources_good-harbour.html"], sorted(pages)


def test_only_expected_warnings(site: BuiltSite) -> None:
    """Every warning is a kb.* one about a probe input; nothing crashed."""
    stems = set(ID_CASES) | set(LONG_IDS) | {LONG_STEM} | set(ENCODING_CASES) | {"ctl_title"}
    stems |= {"linked", "folder_link", "broken_link"}
    for location, message, kind in kb_warnings(site.warnings):
        stem = Path(re.sub(r":\d+$", "", location)).stem
        assert kind.startswith("kb.") and stem in stems, (location, message, kind)
    assert "Traceback" not in site.warnings
