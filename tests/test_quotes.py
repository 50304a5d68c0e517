"""Quote verification: what a curator may change in a quote and still match."""

from __future__ import annotations

import json
import random
import shutil
import time
from pathlib import Path

import pytest

from kb_ext.derive.quotes import HINT_EXCERPT_CHARS, locate_quote
from kb_ext.knowledge.quoting import quote_counts
from kb_ext.knowledge.records import PassageRecord, PositionRecord, SourceRecord
from kb_ext.normalize import as_written, for_quotes, quote_in

from .conftest import ROOTS, sphinx_build

SOURCE = ("<p>Lukashenko said the deal was &quot;fair&quot; &mdash; and that Minsk&#8217;s "
          "industry, **28 union programmes** and the [Kremlin](https://kremlin.ru) would "
          "benefit after a long night of talks.</p>")


def matches(quote: str, text: str = SOURCE) -> bool:
    return quote_in(for_quotes(quote), for_quotes(text))


@pytest.mark.parametrize("quote", [
    'the deal was "fair" — and that Minsk’s industry',        # entities and tags decoded
    "28 union programmes and the Kremlin would benefit",       # Markdown bold and link text
    "Lukashenko said the deal ... would benefit",              # words left out
    "Lukashenko said the deal […] would benefit",
    "Lukashenko said the deal (...) would benefit",
    "after a long night of talks…",
])
def test_a_quote_matches_marked_up_text_and_may_leave_words_out(quote: str) -> None:
    assert matches(quote)


@pytest.mark.parametrize("quote", [
    "would benefit ... Lukashenko said",     # the parts of a shortened quote keep their order
    "the deal was unfair",                   # words still count
    "...",
])
def test_a_quote_that_is_not_there_does_not_match(quote: str) -> None:
    assert not matches(quote)


def test_text_shown_to_the_user_keeps_its_capitals() -> None:
    assert as_written(SOURCE).startswith("Lukashenko said the deal was \"fair\" - and that Minsk's")


def test_shortened_quotes_match_whole_words_and_tags_do_not_split_words() -> None:
    assert not quote_in(for_quotes("I will ... sign"), for_quotes("I will never resign"))
    assert quote_in(for_quotes("I will ... resign"), for_quotes("I will never resign"))
    assert matches("the opposition, which", '<a href="/x">the opposition</a>, which')
    assert matches("Lukashenko’s regime", "Lukashenko<b>’s</b> regime")
    # Text that only looks like markup stays text.
    assert for_quotes("<<We will never give up>>") == "<<we will never give up>>"
    assert for_quotes("x.org/?a=1&section=2") == "x.org/?a=1&section=2"


# -- a quote must say something: missing or very short quotes are no evidence ----------

SHORT_QUOTES = {
    "river-2019/p2": "",            # no quote at all
    "river-2019/p3": ".",           # one character, found in nearly every passage
    "river-gazette/p1": "the",      # one word
    "river-gazette/p2": "a lane",   # two words, five letters
}


def _short_positions(srcdir: Path) -> None:
    """Replace the test-kb claim's two positions with four whose quotes are too short."""
    claims = srcdir / "claims.md"
    text = claims.read_text(encoding="utf-8")
    head = text[:text.index(":::{kb:position}")]
    body = "".join(f":::{{kb:position}} {target}\n:stance: supports\n{quote}\n:::\n\n"
                   for target, quote in SHORT_QUOTES.items())
    claims.write_text(head + body + "::::\n", encoding="utf-8")


def test_a_missing_or_too_short_quote_warns_once_and_is_not_evidence(build_root) -> None:
    site = build_root("kb", prepare=_short_positions)
    warnings = site.warning_lines()
    assert len(warnings) == len(SHORT_QUOTES), site.warnings
    assert all(w.endswith("[kb.quote]") for w in warnings), site.warnings
    text = (site.srcdir / "claims.md").read_text(encoding="utf-8").splitlines()
    lines = {target: number for number, line in enumerate(text, start=1)
             for target in SHORT_QUOTES if line == f":::{{kb:position}} {target}"}
    for target, number in lines.items():
        found = [w for w in warnings if f"claims.md:{number}: WARNING" in w]
        assert len(found) == 1 and target in found[0], (target, site.warnings)
    assert "has no quote" in next(w for w in warnings if "river-2019/p2" in w)
    assert "too short" in next(w for w in warnings if "river-2019/p3" in w)
    export = json.loads((site.outdir / "kb.json").read_text(encoding="utf-8"))
    positions = [p for c in export["claims"] for p in c["positions"]]
    assert len(positions) == len(SHORT_QUOTES)          # kept: shown and exported
    assert not any(p["verified"] for p in positions)    # was: "" and "." verified
    assert not site.page("index").select(".kb-matrix .kb-badge"), "matrix counts a stance"


def test_a_quote_shortened_in_an_edit_stops_counting(tmp_path: Path) -> None:
    """The verified-quote cache does not keep a quote verified that no longer counts."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kb", srcdir)
    out = tmp_path / "html"
    first = sphinx_build(srcdir, out)
    assert first.warnings == "", first.warnings
    claims = srcdir / "claims.md"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "the old bridge was closed to traffic", "."), encoding="utf-8")
    again = sphinx_build(srcdir, out, fresh=False)
    assert len(again.warning_lines("kb.quote")) == 1, again.warnings
    export = json.loads((out / "kb.json").read_text(encoding="utf-8"))
    verified = {p["passage"]: p["verified"] for c in export["claims"] for p in c["positions"]}
    assert verified == {"river-2019/p2": False, "river-gazette/p1": True}


SPLIT_ARTICLE = (
    "Bridge to reopen\n\nThe minister told reporters on Monday, at a long press conference "
    "in the town hall, that the old bridge over the river, closed since the floods of last "
    "autumn, would\nADVERTISEMENT CONTINUE READING BELOW\nreopen in the spring of next "
    "year, after the repairs are finished.\n\nThe council welcomed the news and said the "
    "ferry would keep running until then.\n")
SPLIT_CLAIM = """---
orphan: true
---
# Claims

::::{kb:claim} reopen
:statement: The bridge reopens in spring.
:status: uncontested

:::{kb:position} mins/p1
:stance: supports
closed since the floods of last autumn, would reopen in the spring of next year
:::
::::
"""


def test_a_quote_across_a_removed_line_stops_counting_when_the_line_goes(tmp_path: Path
                                                                         ) -> None:
    """The quote runs on from p1 into p2 across the line the curator removed.
    Once that line is a blank one, the two passages have the same texts but
    are two paragraphs: the quote no longer holds, on an incremental build as
    on a full one (the verified-quote cache knew the texts only)."""
    src = tmp_path / "src"
    (src / "sources_raw").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "kb_ext"]\nkb_sources_dir = "sources_raw"\n'
        'myst_enable_extensions = ["colon_fence"]\nexclude_patterns = ["sources_raw"]\n',
        encoding="utf-8")
    (src / "index.md").write_text("# Split\n\n{doc}`claims`\n", encoding="utf-8")
    (src / "claims.md").write_text(SPLIT_CLAIM, encoding="utf-8")
    (src / "sources_raw" / "mins.txt").write_text(SPLIT_ARTICLE, encoding="utf-8")
    sidecar = src / "sources_raw" / "mins.yaml"
    sidecar.write_text("id: mins\ntitle: Bridge to reopen\noutlet: Daily\nkind: news report\n"
                       "published: 2021-03\nlanguage: en\nremove_lines: [4]\n", encoding="utf-8")
    out = tmp_path / "html"
    first = sphinx_build(src, out)
    assert first.warnings == "", first.warnings  # the quote spans p1 and p2
    raw = src / "sources_raw" / "mins.txt"
    raw.write_text(SPLIT_ARTICLE.replace("ADVERTISEMENT CONTINUE READING BELOW\n", "\n"),
                   encoding="utf-8")
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("remove_lines: [4]\n", ""),
                       encoding="utf-8")
    again = sphinx_build(src, out, fresh=False)
    full = sphinx_build(src, tmp_path / "full")
    for build in (again, full):
        assert len(build.warning_lines("kb.quote")) == 1, build.warnings
        export = json.loads((build.outdir / "kb.json").read_text(encoding="utf-8"))
        assert [p["verified"] for c in export["claims"] for p in c["positions"]] == [False]


@pytest.mark.parametrize(("quote", "counts"), [
    ("", False), (".", False), ("the", False), ("Lukashenko", False), ("a lane", False),
    ("<b>the</b> vote", False), ("one lane closed", True), ("the old bridge", True),
    ("the vote was rigged", True), ("…", False),
])
def test_the_minimum_a_quote_must_hold(quote: str, counts: bool) -> None:
    assert quote_counts(quote) is counts


# -- the closest-text hint: still useful, and bounded --------------------------------

def _article(passages: int, seed: int = 11) -> list[str]:
    """Passages of about 1,000 characters of made-up words (each passage its own)."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(rng.randint(2, 10)))
             for _ in range(5000)]
    texts = []
    for _ in range(passages):
        text = ""
        while len(text) < 1000:
            text += " ".join(rng.choice(vocab) for _ in range(rng.randint(8, 20))) + ". "
        texts.append(text.strip())
    return texts


def _hint(texts: list[str], quote: str, cited: int = 1) -> str:
    passages = {f"big/p{n}": PassageRecord("sources/big", f"p{n}", "big", n, text, (n, n))
                for n, text in enumerate(texts, start=1)}
    sources = {"big": SourceRecord("sources/big", "kb-source-big", None, tuple(passages))}
    position = PositionRecord("claims", "kb-pos-c-1", "c", "big", f"p{cited}", quote,
                              "supports", "", 1)
    return locate_quote(sources, passages, position)  # type: ignore[arg-type]


def _mistype(text: str, every: int) -> str:
    chars = list(text)
    for i in range(every // 2, len(chars), every):
        if chars[i].isalpha():
            chars[i] = "x" if chars[i] != "x" else "y"
    return "".join(chars)


def test_the_hint_names_the_passage_of_a_near_miss() -> None:
    texts = _article(60)
    words = texts[41].split()[20:45]
    quote = _mistype(" ".join(words), 50)               # p42, a few typos
    assert quote != " ".join(words)
    hint = _hint(texts, quote)
    assert hint.startswith("closest text is in big/p42: "), hint
    # The excerpt starts where the quote would, with enough to copy it again.
    excerpt = hint.partition(": ")[2].strip("'")
    assert excerpt.startswith(" ".join(words)), hint
    assert len(excerpt) <= HINT_EXCERPT_CHARS
    # Found elsewhere in the source, it says where.
    assert _hint(texts, texts[7][:120]) == "the quote is in big/p8 (raw line 8)"


def test_a_long_mistyped_quote_against_a_big_article_is_bounded() -> None:
    """A 10 KB quote with a typo every 40 characters against a 1 MB article:
    86 s before the hint was bounded (a character diff over every passage)."""
    texts = _article(1000)
    quote = _mistype(" ".join(texts[500:510])[:10_000], 40)
    started = time.perf_counter()
    hint = _hint(texts, quote, cited=501)
    elapsed = time.perf_counter() - started
    assert hint.startswith(f"closest text is in big/p501: '{texts[500][:20]}"), hint[:120]
    assert len(hint) < HINT_EXCERPT_CHARS + 100
    assert elapsed < 20, f"{elapsed:.1f} s"
    # One passage of the whole article: the stretch compared is bounded too.
    started = time.perf_counter()
    hint = _hint([" ".join(texts)], quote)
    assert time.perf_counter() - started < 20
    assert hint.startswith(f"closest text is in big/p1: '{texts[500][:20]}"), hint[:120]
