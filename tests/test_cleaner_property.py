"""Property tests: cleaning and decoding never lose or invent text.

``classify`` must put every raw line into exactly one segment, in order, for
any text; ``decode`` must accept any bytes and change nothing but the
documented BOM and line-ending normalisation. The end-to-end tests check the
same on built pages: every raw line is shown, in order, in the article, the
reader comments or the removed block.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from kb_ext.sources.clean import BLANK, COMMENT, HEADING, PASSAGE, REMOVED, classify
from kb_ext.sources.ingest import decode

from .conftest import REPO, BuiltSite, sphinx_build
from .pagetext import assert_text_kept

KINDS = {PASSAGE, HEADING, COMMENT, REMOVED, BLANK}

# -- strategies -------------------------------------------------------------

CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\n\r") + "\x7f\x85"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
            "\u2066\u2067\u2068\u2069\u2028\u2029\u00a0\u3000"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіўІЎ"
# Latin-looking letters from other scripts, and Latin letters with marks.
HOMOGLYPHS = "аеорсухіјѕԁһԛԝАВЕКМНОРСТХαβεηικνορτυχΑΒΕΗΙΚΜΝΟΡΤΥΧšžčéñüŁø"
PUNCT = ".,;:!?\"'“”‘’«»()[]-–—…/\\|#*_`{}<>&%$@~^=+"

BOILERPLATE = [
    "Share this", "Leave a Reply", "Leave a Comment", "3 Comments", "Comments", "Reply",
    "Close this search box.", "Search", "Menu", "Advertisement", "Read more", "Related posts",
    "Subscribe", "Log in", "Sign up", "We use cookies to improve your experience. Accept",
    "© 2024 Example Media. All rights reserved.", "Privacy Policy", "437 reads",
    "Article Rating", "4.5 12 votes", "12/03/2021 14:05", "View all comments",
    "Inline Feedbacks", "Notify of", "Why Support Example Digest?", "Facebook", "Twitter",
    "Home News World Europe Politics Economy", "Please enter your comment!",
    "Your email address will not be published. Required fields are marked *",
    "%d bloggers like this:", "By Jane Doe", "Photo: Reuters", "Tags: Belarus Russia",
]
PROSE = [
    "The minister said on Monday that the talks would continue next week in Minsk.",
    "Лукашенко заявил, что переговоры продолжатся на следующей неделе в Минске.",
    "Thе officials, who spoke on condition of anonymity, said thе deal was close",
    "and that both sides had agreed on the main points of the text, according to reports.",
    "According to the statement, the bridge was closed to traffic in March 2019 and a ferry "
    "replaced it for the rest of the year, the city said in a long and detailed release.",
    "Belarus is extremely unlikely to drift away from Russia and its influence...",
    "Belarus is extremely unlikely to drift away from Russia and its influence, he wrote.",
]

char = st.one_of(
    st.characters(codec="utf-8", exclude_characters="\r\n"),
    st.sampled_from(CONTROLS), st.sampled_from(INVISIBLE), st.sampled_from(CYRILLIC),
    st.sampled_from(HOMOGLYPHS), st.sampled_from(PUNCT), st.just("\t"), st.just(" "),
    st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789"),
)
free_line = st.text(char, max_size=120)
long_line = st.builds(lambda word, n: (word + " ") * n, st.text(char, min_size=1, max_size=12),
                      st.integers(50, 2000))


def decorate(invisible: str) -> st.SearchStrategy[str]:
    """Boilerplate and prose lines wrapped in invisible characters and endings."""
    return st.builds(lambda pre, line, post: pre + line + post,
                     st.text(st.sampled_from(invisible + "\t "), max_size=3),
                     st.sampled_from(BOILERPLATE + PROSE),
                     st.sampled_from(["", "", " ...", "…", "\t", "\u200b", ".", ":"]))


decorated = decorate(INVISIBLE)
line = st.one_of(free_line, long_line, decorated, decorated, st.just(""), st.just(""))
raw_text = st.lists(line, max_size=40).map("\n".join)


def normalise_newlines(text: str) -> str:
    """What ``ingest.decode`` does to line endings before the cleaner sees the text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


mixed_endings = st.lists(st.tuples(line, st.sampled_from(["\n", "\r\n", "\r"])), max_size=30
                         ).map(lambda pairs: "".join(a + b for a, b in pairs))

# -- classify -----------------------------------------------------------------


def assert_covers(text: str, title: str) -> None:
    segments = classify(text, title)
    assert "\n".join(line for segment in segments for line in segment.lines) == text
    expected_start = 1
    for segment in segments:
        assert segment.kind in KINDS
        assert segment.lines, segment
        assert segment.start == expected_start, segment
        expected_start = segment.end + 1
        if segment.kind == BLANK:
            assert all(not line.strip() for line in segment.lines), segment
        else:
            assert segment.lines[0].strip(), segment
        if segment.kind == REMOVED:
            assert segment.reason, segment


@settings(max_examples=600, deadline=None)
@given(text=raw_text, title=st.one_of(st.just(""), free_line, st.sampled_from(PROSE)))
def test_classify_keeps_every_line_in_order(text: str, title: str) -> None:
    assert_covers(text, title)


@settings(max_examples=300, deadline=None)
@given(text=mixed_endings)
def test_classify_after_newline_normalisation(text: str) -> None:
    assert_covers(normalise_newlines(text), "")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=2000))
def test_classify_on_arbitrary_unicode(text: str) -> None:
    assert_covers(normalise_newlines(text), text[:30])


WRAPPERS = ["\u200b{}", "\u202c{}", "\ufeff{}", "{}\u200e", "\u2066{}\u2069", "\u00ad{}"]
WIDGETS = ["Share this", "View all comments", "Advertisement", "Read more", "Leave a Reply",
           "Close this search box.", "Subscribe"]
ARTICLE = ("The minister said on Monday that the talks with the neighbouring state would "
           "continue next week in the capital, officials confirmed.")


def test_invisible_characters_do_not_hide_site_furniture() -> None:
    """Scraped lines often carry zero-width or bidi marks; the cleaner must
    classify them like the same line without the marks (as quote and alias
    matching already do), not publish "View all comments" as a heading."""
    def kinds(line: str) -> list[tuple[str, str]]:
        text = f"{line}\n\n{ARTICLE}\n\n{ARTICLE.replace('Monday', 'Friday')}\n\n{line}"
        return [(s.kind, s.reason) for s in classify(text) if s.kind != BLANK]

    differ = [(wrapper.format(widget), kinds(wrapper.format(widget))[0], kinds(widget)[0])
              for widget in WIDGETS for wrapper in WRAPPERS
              if kinds(wrapper.format(widget)) != kinds(widget)]
    assert not differ, "\n".join(f"{line!r}: {got} instead of {want}"
                                  for line, got, want in differ)


# -- decode -------------------------------------------------------------------

BOM = b"\xef\xbb\xbf"


def check_decode(data: bytes) -> None:
    article = decode(data, Path("x.txt"))
    text = article.text
    assert "\r" not in text
    payload = data[3:] if data.startswith(BOM) else data
    assert bool(data.startswith(BOM)) == any("byte order mark" in m for _, m in article.problems)
    try:
        expected = payload.decode("utf-8")
    except UnicodeDecodeError:
        assert any("not valid UTF-8" in m for _, m in article.problems)
        if any("replaced by U+FFFD" in m for _, m in article.problems):
            # Mostly UTF-8: only the bad bytes are replaced, the rest is as written.
            assert text == normalise_newlines(payload.decode("utf-8", errors="replace"))
            return
        # One byte, one character (an 8-bit encoding): only CRLF pairs shrink.
        assert len(text) == len(payload) - payload.count(b"\r\n")
        ascii_in = normalise_newlines(payload.decode("latin-1"))
        assert [c for c in text if ord(c) < 128] == [c for c in ascii_in if ord(c) < 128]
        assert "\ufffd" not in text
    else:
        assert text == normalise_newlines(expected)
        assert not any("not valid UTF-8" in m for _, m in article.problems)
    assert (b"\r" in payload) == any("line endings" in m for _, m in article.problems)
    assert article.size == len(data)


@settings(max_examples=1000, deadline=None)
@given(data=st.one_of(
    st.binary(max_size=300),
    st.builds(lambda bom, text, ending: bom + text.replace("\n", ending).encode("utf-8"),
              st.sampled_from([b"", BOM]), st.text(max_size=200),
              st.sampled_from(["\n", "\r\n", "\r"])),
    st.builds(lambda bom, text, junk: bom + text.encode("cp1252", "ignore") + junk,
              st.sampled_from([b"", BOM]), st.text(max_size=200),
              st.binary(max_size=5)),
))
def test_decode_never_raises_and_loses_nothing(data: bytes) -> None:
    check_decode(data)


CP1252_DEFINED = bytes(b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))


@settings(max_examples=300, deadline=None)
@given(data=st.lists(st.one_of(st.sampled_from([bytes([b]) for b in CP1252_DEFINED]),
                               st.sampled_from([b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"]),
                               st.sampled_from([b"a", b" ", b"\n", b"caf\xe9"])),
                     min_size=1, max_size=40).map(b"".join))
def test_decode_keeps_cp1252_punctuation(data: bytes) -> None:
    """A Windows-1252 file's curly quotes and dashes stay quotes and dashes even
    when the file also holds one of the five bytes cp1252 leaves unassigned:
    they must not all become invisible C1 control characters."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        assume(False)  # valid UTF-8 is decoded as UTF-8, rightly
    text = decode(data, Path("x.txt")).text
    for byte in set(data) & set(CP1252_DEFINED):
        assert bytes([byte]).decode("cp1252") in text, (data, text)


# -- end to end: built pages ----------------------------------------------------

E2E_CONF = """\
project = "kb cleaner e2e"
extensions = ["myst_parser", "sphinx_design", "kb_ext"]
kb_sources_dir = "raw"
exclude_patterns = ["_build", "raw"]
html_theme = "basic"
"""
E2E_ARTICLES = 6
e2e_char = st.one_of(
    st.sampled_from(CONTROLS), st.sampled_from(INVISIBLE),
    st.sampled_from(CYRILLIC), st.sampled_from(HOMOGLYPHS),
    st.sampled_from(PUNCT), st.just("\t"), st.just(" "),
    st.characters(codec="utf-8", exclude_characters="\r\n", exclude_categories=["Cs"]),
)
e2e_line = st.one_of(st.text(e2e_char, max_size=100), decorated, decorated, st.just(""))
e2e_article = st.lists(e2e_line, min_size=1, max_size=25).map("\n".join)


# A build per example: few examples, and no shrinking (each shrink step is a build);
# the assertion names the lost line.
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(articles=st.lists(e2e_article, min_size=E2E_ARTICLES, max_size=E2E_ARTICLES))
def test_built_pages_show_every_raw_line_in_order(tmp_path_factory: pytest.TempPathFactory,
                                                  articles: list[str]) -> None:
    base = tmp_path_factory.mktemp("e2e")
    srcdir = base / "src"
    raw = srcdir / "raw"
    raw.mkdir(parents=True)
    (srcdir / "conf.py").write_text(E2E_CONF, encoding="utf-8")
    (srcdir / "index.md").write_text("# Cleaner\n\n```{kb:index} source\n```\n", encoding="utf-8")
    for number, text in enumerate(articles):
        (raw / f"a{number}.txt").write_text(text, encoding="utf-8", newline="")
        (raw / f"a{number}.yaml").write_text(
            f"id: a{number}\ntitle: Article {number}\noutlet: Test\nkind: news report\n"
            f"published: 2020-01-01\nlanguage: en\n", encoding="utf-8")
    site = sphinx_build(srcdir, base / "html")
    for number in range(len(articles)):
        path = raw / f"a{number}.txt"
        # As read: a first character U+FEFF is a byte order mark, removed by design.
        text = decode(path.read_bytes(), path).text
        assert_text_kept(site.page(f"sources/a{number}"), text, f"a{number}.txt")


def test_seed_pages_show_every_raw_line_in_order(kb_site: BuiltSite) -> None:
    import yaml

    for article in sorted((REPO / "seeds").glob("*.txt")):
        meta = yaml.safe_load(article.with_suffix(".yaml").read_text(encoding="utf-8"))
        text = decode(article.read_bytes(), article).text
        assert_text_kept(kb_site.page(f"sources/{meta['id']}"), text, article.name)
