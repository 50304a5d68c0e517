"""Quote verification: what a curator may change in a quote and still match."""

from __future__ import annotations

import pytest

from kb_ext.normalize import as_written, for_quotes, quote_in

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
