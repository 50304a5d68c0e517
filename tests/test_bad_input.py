"""Broken input never stops the build, loses no text and is reported precisely.

One build of ``tests/roots/test-badinput``: a good article, curated pages with
broken references, and bad articles and sidecars written byte-for-byte by
``prepare`` (so line endings, BOMs and non-UTF-8 bytes are exact).
"""

from __future__ import annotations

import re
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb_ext.sources.clean import classify

from .conftest import BuiltSite
from .pagetext import assert_text_kept, kb_warnings, shown_parts, squash

BUILD_BOUND_SECONDS = 120
BIG_BYTES = 10 * 1024 * 1024


def sidecar(source_id: str, title: str, **extra: str) -> str:
    lines = [f"id: {source_id}", f"title: {title}", "outlet: Test Outlet",
             "kind: news report", "published: 2022-01-01", "language: en"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def body(case: str) -> str:
    """An article with a short heading, a kept duplicate-free body and boilerplate."""
    return (
        f"Share this\n"
        f"Floods in {case}\n"
        f"\n"
        f"The river in the {case} valley rose by two metres overnight, and the mayor ordered "
        f"the lower town evacuated before dawn, officials said.\n"
        f"\n"
        f"A second report from {case} says the old stone bridge held and that nobody was hurt, "
        f"according to the regional fire brigade.\n"
        f"\n"
        f"Leave a Reply\n"
    )


@dataclass(frozen=True)
class Case:
    """One bad input: the files to write and the warning it must produce."""

    stem: str
    page: str                      # docname of the article's page
    subtype: str                   # kb.<subtype> of the one expected warning
    where: str                     # file:line the warning must name
    message: str                   # regex the warning message must match
    article: bytes
    yaml: bytes | None = None
    text: str | None = None        # the article text as it should be shown (default: utf-8)

    def expected_text(self) -> str:
        if self.text is not None:
            return self.text
        return self.article.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


CP1252_TEXT = (
    "Cafe news\n"
    "\n"
    "The owner said \u201cwe will reopen on Monday\u201d and thanked the neighbours, who had "
    "brought food to the staff every day of the closure.\n"
    "\n"
    "\u2018Nobody expected it\u2019, a waiter said \u2013 the caf\u00e9 had been shut for "
    "nine months while the building was repaired \u2026 and rebuilt.\n"
)
# cp1252 has curly quotes, dashes and the ellipsis; 0x81 is unassigned in cp1252.
CP1252_BYTES = CP1252_TEXT.encode("cp1252").replace(b"thanked", b"thank\x81ed")

YAML_BOMB = "[&a [" + ", ".join(["lol"] * 9) + "]" + "".join(
    f", &{name} [" + ", ".join([f"*{previous}"] * 9) + "]"
    for previous, name in zip("abc", "bcd", strict=True)) + "]"
WARNING_MAX_CHARS = 2000

CASES = [
    Case("yaml_malformed", "sources/yaml-malformed", "sidecar", "yaml_malformed.yaml:3",
         r"malformed YAML", _utf8(body("Malformedton")),
         _utf8(sidecar("yaml-malformed", "Malformed").replace(
             "outlet: Test Outlet", "outlet: Test: Outlet: bad"))),
    Case("yaml_unknown", "sources/yaml-unknown", "sidecar", "yaml_unknown.yaml:7",
         r"unknown key 'colour'", _utf8(body("Unknownham")),
         _utf8(sidecar("yaml-unknown", "Unknown key", colour="blue"))),
    Case("yaml_wrongtype", "sources/yaml-wrongtype", "sidecar", "yaml_wrongtype.yaml:4",
         r"kind: expected a non-empty string", _utf8(body("Wrongtypeford")),
         _utf8(sidecar("yaml-wrongtype", "Wrong type").replace(
             "kind: news report", "kind: [news, report]"))),
    Case("yaml_language", "sources/yaml-language", "sidecar", "yaml_language.yaml:6",
         r"language: .*english.* is not a language code", _utf8(body("Languageton")),
         _utf8(sidecar("yaml-language", "Language").replace("language: en",
                                                             "language: english"))),
    Case("yaml_baddate", "sources/yaml-baddate", "sidecar", "yaml_baddate.yaml:5",
         r"published: .*2022-02-30.* is not a date", _utf8(body("Baddatebury")),
         _utf8(sidecar("yaml-baddate", "Bad date").replace(
             "published: 2022-01-01", "published: 2022-02-30"))),
    # Aliases expand a few lines into 9**4 strings: the warning must not print them all
    # (each extra level multiplies the message, and the time to format it, by nine).
    Case("yaml_bomb", "sources/yaml-bomb", "sidecar", "yaml_bomb.yaml:5",
         r"published: .* is not a date", _utf8(body("Bombay Flats")),
         _utf8(sidecar("yaml-bomb", "YAML bomb").replace(
             "published: 2022-01-01", "published: " + YAML_BOMB))),
    # YAML keeps the last of two equal keys without a word: one value is lost.
    Case("yaml_dupkey", "sources/yaml-dupkey", "sidecar", "yaml_dupkey.yaml:3",
         r"'?title'?.*(duplicate|twice|again|more than once)|(duplicate|repeated).*'?title",
         _utf8(body("Dupleton")),
         _utf8(sidecar("yaml-dupkey", "First title").replace(
             "outlet: Test Outlet", "title: Second title\noutlet: Test Outlet"))),
    Case("yaml_jsurl", "sources/yaml-jsurl", "sidecar", "yaml_jsurl.yaml:7",
         r"url: 'javascript:alert\(1\)' is not an http\(s\) URL", _utf8(body("Jsurlville")),
         _utf8(sidecar("yaml-jsurl", "Javascript URL", url="javascript:alert(1)"))),
    Case("no_sidecar", "sources/no-sidecar", "sidecar", "no_sidecar.txt:1",
         r"no metadata sidecar", _utf8(body("Nosidecarby"))),
    Case("cp1252", "sources/cp1252", "source", "cp1252.txt:3",
         r"not valid UTF-8", CP1252_BYTES, _utf8(sidecar("cp1252", "Cafe news")),
         text=CP1252_TEXT.replace("thanked", "thank\x81ed")),
    Case("crlf", "sources/crlf", "source", "crlf.txt:1", r"CRLF line endings",
         _utf8(body("Crlfton").replace("\n", "\r\n")), _utf8(sidecar("crlf", "CRLF"))),
    Case("bom", "sources/bom", "source", "bom.txt:1", r"byte order mark",
         b"\xef\xbb\xbf" + _utf8(body("Bomsworth")), _utf8(sidecar("bom", "BOM"))),
    Case("empty", "sources/empty", "source", "empty.txt:1", r"article is empty",
         b"", _utf8(sidecar("empty", "Empty"))),
    Case("twin_b", "sources/twin-twin-b", "duplicate", "twin_b.yaml:1",
         r"source id 'twin' is already used by .*twin_a\.txt; this article \(twin_b\.txt\) "
         r"is published as 'twin-twin-b'", _utf8(body("Twinbridge")),
         _utf8(sidecar("twin", "Twin B"))),
]
CONTROL_TEXT = (
    "Share this\x00 and more\n"
    "\n"
    "The inspectors wrote\x00 that the tank\x1b[31m leaked\x07 and that the valve\x0b had "
    "been\x7f replaced twice\x0c since the spring of last year, the report said.\n"
    "\n"
    "Leave a Reply\n"
    "\ufeffJane Doe\n"
)
TEXT_CASES = [  # written by prepare; only the text is checked
    Case("twin_a", "sources/twin", "", "", "", _utf8(body("Twinford")),
         _utf8(sidecar("twin", "Twin A"))),
    # NUL and other C0 controls inside text: each must stay on the page (as
    # itself or a visible stand-in), never swallow the characters around it.
    # The last line starts with U+FEFF (zero-width no-break space) and is removed.
    Case("controls", "sources/controls", "", "", "", _utf8(CONTROL_TEXT),
         _utf8(sidecar("controls", "Control characters"))),
]


def big_article() -> str:
    """About 10 MB of distinct hard-wrapped paragraphs, with site furniture between them."""
    parts = ["Big Daily\n", "A very long report\n", "\n"]
    size, n = 0, 0
    while size < BIG_BYTES:
        n += 1
        lines = [f"Paragraph {n} of the very long report records that the committee of the town"
                 f" council met again in the old hall on the day"]
        lines += [f"and heard evidence from witness number {n}-{k} who said the accounts for the"
                  f" year did not match the ledger" for k in range(1, 9)]
        paragraph = "\n".join(lines) + " and asked for more time.\n\n"
        if n % 500 == 0:
            paragraph += f"Advertisement\n\nRead more\n\nPart {n // 500}\n\n"
        parts.append(paragraph)
        size += len(paragraph)
    parts.append("Leave a Reply\n")
    return "".join(parts)


BIG = Case("big", "sources/big", "", "", "", b"", _utf8(sidecar("big", "A very long report")))


def prepare_small(srcdir: Path) -> None:
    """Every bad case but the 10 MB article (for tests about warnings only)."""
    raw = srcdir / "sources_raw"
    for case in [*CASES, *TEXT_CASES]:
        (raw / f"{case.stem}.txt").write_bytes(case.article)
        if case.yaml is not None:
            (raw / f"{case.stem}.yaml").write_bytes(case.yaml)


def prepare(srcdir: Path) -> None:
    prepare_small(srcdir)
    raw = srcdir / "sources_raw"
    (raw / "big.txt").write_bytes(big_article().encode("utf-8"))
    (raw / "big.yaml").write_bytes(BIG.yaml)


@pytest.fixture(scope="module")
def site(build_root) -> BuiltSite:
    start = time.monotonic()
    built = build_root("badinput", prepare=prepare)
    built.seconds = time.monotonic() - start
    return built


def warnings_naming(site: BuiltSite, filename: str) -> list[tuple[str, str, str]]:
    """Warnings whose location is ``filename`` (any line) in the sources folder."""
    pattern = re.compile(rf"[/\\]{re.escape(filename)}(:\d+)?$")
    return [w for w in kb_warnings(site.warnings) if pattern.search(w[0])]


def line_of(path: Path, text: str) -> int:
    """1-based number of the first line of ``path`` containing ``text``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.stem)
def test_one_precise_warning_per_bad_input(site: BuiltSite, case: Case) -> None:
    filename, _, line = case.where.rpartition(":")
    stem_files = [f"{case.stem}.txt", f"{case.stem}.yaml"]
    about = [w for name in stem_files for w in warnings_naming(site, name)]
    assert len(about) == 1, f"expected one warning about {case.stem}, got {about}\n{site.warnings}"
    location, message, kind = about[0]
    assert kind == f"kb.{case.subtype}", about[0]
    assert location.endswith(f"sources_raw/{filename}:{line}"), about[0]
    assert re.search(case.message, message), about[0]


@pytest.mark.parametrize("case", [*CASES, *TEXT_CASES], ids=lambda c: c.stem)
def test_bad_input_loses_no_text(site: BuiltSite, case: Case) -> None:
    page = site.page(case.page)
    assert page.select_one("section.kb-source") is not None, f"{case.page} has no article"
    assert_text_kept(page, case.expected_text(), case.stem)


def test_warning_messages_are_bounded(site: BuiltSite) -> None:
    """A warning quotes a bad value, but briefly, whatever the value's size."""
    long = [line[:300] + "…" for line in site.warnings.splitlines()
            if len(line) > WARNING_MAX_CHARS]
    assert not long, long


def test_bad_sidecar_fields_fall_back_to_defaults(site: BuiltSite) -> None:
    page = site.page("sources/yaml-jsurl")
    assert not page.select(".kb-source-card a[href^='javascript']")
    assert "javascript:" not in page.select_one(".kb-source-card").get_text()
    wrong = site.page("sources/yaml-wrongtype").select_one(".kb-source-card").get_text(" ")
    assert "news" not in squash(wrong).split("Kind")[1].split("Published")[0]
    # A missing sidecar: the id comes from the file name, the title from the text.
    nosidecar = site.page("sources/no-sidecar")
    title = squash(nosidecar.select_one("h1").get_text(" ")).rstrip("¶# ")
    assert title in [squash(line) for line in body("Nosidecarby").split("\n") if line.strip()]


def test_cp1252_punctuation_is_decoded_not_mangled(site: BuiltSite) -> None:
    """One unassigned byte (0x81) must not turn every curly quote into a C1 control."""
    text = shown_parts(site.page("sources/cp1252"))["article"]
    assert "\u201cwe will reopen on Monday\u201d" in text
    assert "caf\u00e9" in text and "\u2013" in text
    assert not re.search("[\x80-\x9f]", text.replace("\x81", "")), "C1 controls on the page"


def test_empty_article_has_a_page_saying_so(site: BuiltSite) -> None:
    page = site.page("sources/empty")
    assert page.select_one(".kb-empty") is not None
    assert not page.select(".kb-passage")


def test_both_twins_are_published(site: BuiltSite) -> None:
    inventory = site.inventory()["kb:source"]
    assert {"twin", "twin-twin-b"} <= set(inventory)
    assert squash(site.page("sources/twin").select_one("h1").get_text()).startswith("Twin A")
    assert squash(site.page("sources/twin-twin-b").select_one("h1").get_text()).startswith(
        "Twin B")


def test_decoding_problems_are_noted_on_the_card(site: BuiltSite) -> None:
    for docname, note in [("sources/cp1252", "not valid UTF-8"), ("sources/crlf", "CRLF"),
                          ("sources/bom", "byte order mark")]:
        card = squash(site.page(docname).select_one(".kb-source-card").get_text(" "))
        assert note in card, (docname, card)


def test_good_article_is_intact(site: BuiltSite) -> None:
    assert not warnings_naming(site, "good.txt") and not warnings_naming(site, "good.yaml")
    page = site.page("sources/good-harbour")
    assert squash(page.select_one("h1").get_text()).rstrip("¶# ") == "The harbour reopened"
    card = squash(page.select_one(".kb-source-card").get_text(" "))
    assert "Saltmere Gazette" in card and "2022-05-10" in card and "Note" not in card
    passages = page.select(".kb-article .kb-passage")
    assert [p["id"] for p in passages] == ["p1", "p2", "p3"]
    assert squash(passages[0].get_text(" ")).startswith("¶1 The harbour of Saltmere reopened")
    raw = (site.srcdir / "sources_raw" / "good.txt").read_text(encoding="utf-8")
    assert_text_kept(page, raw, "good.txt")


def test_big_article_builds_in_bounded_time(site: BuiltSite) -> None:
    assert site.seconds < BUILD_BOUND_SECONDS
    assert not warnings_naming(site, "big.txt") and not warnings_naming(site, "big.yaml")
    page = site.page("sources/big")
    text = big_article()
    paragraphs = text.count("Paragraph ")
    passages = page.select(".kb-article .kb-passage")
    assert len(passages) == paragraphs
    last = squash(passages[-1].get_text(" "))
    assert last.startswith(f"¶{paragraphs} Paragraph {paragraphs} of the very long report")
    assert_text_kept(page, text, "big.txt")


@contextmanager
def time_limit(seconds: int):
    """Abort the body with TimeoutError after ``seconds`` (a bound, not a benchmark)."""
    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_cleaner_time_is_not_quadratic_in_teaser_lines() -> None:
    """A 1 MB listing page where every tenth line ends in '...' (a teaser shape).

    The teaser rule looks for the same text later on the page; done naively
    that is one normalisation of every later line per teaser, quadratic time."""
    lines = []
    for i in range(20_000):
        ending = " ..." if i % 10 == 0 else "."
        lines += [f"Item {i} of a scraped listing page says that the committee met and heard "
                  f"a witness again today{ending}", ""]
    text = "\n".join(lines)
    assert len(text) > 1_000_000
    with time_limit(10):
        segments = classify(text)
    assert "\n".join("\n".join(s.lines) for s in segments) == text


# -- curated pages with broken references ------------------------------------

def curated(site: BuiltSite, subtype: str, filename: str) -> list[tuple[str, str, str]]:
    return [w for w in warnings_naming(site, filename) if w[2] == f"kb.{subtype}"]


def test_claim_citing_missing_passage(site: BuiltSite) -> None:
    found = [w for w in curated(site, "ref", "claims.md") if "good-harbour/p9" in w[1]]
    assert len(found) == 1, site.warnings
    location, message, _ = found[0]
    assert location.endswith(f"claims.md:{line_of(site.srcdir / 'claims.md', '/p9')}")
    assert "unknown passage" in message and "3 passages" in message


def test_quote_not_in_its_passage_says_where_it_is(site: BuiltSite) -> None:
    found = curated(site, "quote", "claims.md")
    assert len(found) == 1, site.warnings
    location, message, _ = found[0]
    assert location.endswith(f"claims.md:{line_of(site.srcdir / 'claims.md', '/p1')}")
    assert "good-harbour/p1" in message
    assert "the quote is in good-harbour/p2 (raw line 6)" in message


def test_alias_shared_by_two_actors(site: BuiltSite) -> None:
    found = curated(site, "alias", "actors.md")
    assert len(found) == 1, site.warnings
    location, message, _ = found[0]
    assert location.endswith(f"actors.md:{line_of(site.srcdir / 'actors.md', '} council')}")
    assert "'harbour master'" in message and "'council'" in message and "'varga'" in message


def test_reference_to_unknown_actor(site: BuiltSite) -> None:
    found = [w for w in curated(site, "ref", "claims.md") if "ghost-actor" in w[1]]
    assert len(found) == 1, site.warnings
    assert found[0][0].endswith("claims.md:6") or found[0][0].endswith("claims.md:9"), found[0]
    # The known actor on the same line still links.
    claim = site.page("claims").find(id="kb-claim-dredging-overran")
    assert claim.select_one("a[href$='#kb-actor-council']") is not None
    assert "ghost-actor" in squash(claim.get_text(" "))


def test_no_unexpected_warnings(site: BuiltSite) -> None:
    """Every warning is a kb.* one about a bad file or a curated page above:
    nothing else warns, nothing crashes into a traceback."""
    warnings = kb_warnings(site.warnings)
    assert warnings, "the bad-input build produced no warnings at all"
    assert all(kind.startswith("kb.") for _, _, kind in warnings), site.warnings
    expected = {f"{case.stem}.{suffix}" for case in CASES for suffix in ("txt", "yaml")}
    expected |= {"claims.md", "actors.md"}
    for location, message, _ in warnings:
        name = re.sub(r":\d+$", "", location).replace("\\", "/").rpartition("/")[2]
        assert name in expected, (location, message)
    assert "Traceback" not in site.warnings and "Exception" not in site.status
