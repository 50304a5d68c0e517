"""The cleaner's general rules on page shapes the seeds do not contain."""

from __future__ import annotations

from kb_ext.sources.clean import HEADING, PASSAGE, REMOVED, classify

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
