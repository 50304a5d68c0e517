"""A sentence cut in two by removed lines is one passage
(kb_ext/sources/cut_sentences.py), on the cleaner's real segments."""

from __future__ import annotations

from kb_ext.sources.clean import PASSAGE, REMOVED, classify
from kb_ext.sources.cut_sentences import join_cut_sentences

OPENING = ("The council voted on Tuesday to raise the tolls on the old bridge by a third from "
           "January, saying the money would pay for")
REST = ("repairs to the deck, which engineers say will otherwise have to be closed to lorries "
        "within two years.")
LAST = "The opposition said it would ask the regional court to stop the rise before it starts."


def passages(text: str) -> list[tuple[str, int, int]]:
    segments = join_cut_sentences(classify(text))
    return [(" ".join(s.text.split()), s.start, s.end) for s in segments if s.kind == PASSAGE]


def test_the_halves_are_one_passage_and_the_advertisement_stays_listed() -> None:
    text = f"{OPENING}\nAdvertisement\n{REST}\n{LAST}\n"
    assert passages(text) == [(f"{OPENING} {REST}", 1, 3), (LAST, 4, 4)]
    segments = join_cut_sentences(classify(text))
    removed = [s for s in segments if s.kind == REMOVED]
    assert [(s.start, s.lines) for s in removed] == [(2, ("Advertisement",))]
    # Every raw line is still in exactly one segment.
    assert sorted(line for s in segments for line in s.lines) == sorted(text.split("\n"))


def test_a_sentence_cut_twice_is_one_passage() -> None:
    middle = "which the council has put off since"
    text = f"{OPENING}\nAdvertisement\n{middle}\nAdvertisement\n{REST}\n"
    assert passages(text) == [(f"{OPENING} {middle} {REST}", 1, 5)]


def test_no_join_across_a_paragraph_break_or_a_new_sentence() -> None:
    # A blank line ends a paragraph; a capital letter after the removed line
    # starts another sentence; a full stop ends one.
    for text in (f"{OPENING}\n\nAdvertisement\n\n{REST}\n",
                 f"{OPENING}\nAdvertisement\n{REST.capitalize()}\n",
                 f"{LAST}\nAdvertisement\n{REST}\n"):
        assert len(passages(text)) == 2, text
