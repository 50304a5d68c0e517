"""Capitalised names as a corpus writes them, for the curation report.

Runs of capitalised words in any script (Latin and Cyrillic capitals) are
found with one regular expression per passage, at C speed: a Python loop
over every word of 10,000 sources would cost more than the report may.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from ..knowledge.aliases import STOP_WORDS
from ..knowledge.records import PassageRecord, SourceRecord
from ..normalize import WORD, fold
from .spellings import DECLINING_LANGUAGES

#: sample passages kept per name
SAMPLES = 3
#: a single word this long at least is compared with aliases (near misses)
WORD_MIN = 5

_UPPER = "".join(chr(c) for c in (*range(0x41, 0x250), *range(0x400, 0x530))
                 if chr(c).isupper())
# "of" joins the words of one name (Republic of Belarus, Ministry of Defence).
_NAME = re.compile(f"[{_UPPER}]\\w*(?:[ \\u00a0]+(?:of[ \\u00a0]+)?[{_UPPER}]\\w*)*")
_SENTENCE_END = frozenset(".!?:;\"'«»„“”()[]—–-•|")
# Calendar words are capitalised in English without being names.
_CALENDAR = frozenset("""january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday""".split())


class Seen:
    """One capitalised form as the corpus writes it, noted once per source."""

    __slots__ = ("spellings", "sources", "samples", "declined")

    def __init__(self) -> None:
        #: spelling -> number of sources writing it so
        self.spellings: Counter[str] = Counter()
        self.sources: set[str] = set()
        self.samples: list[PassageRecord] = []
        self.declined = False

    def note(self, spelling: str, passage: PassageRecord, declined: bool) -> None:
        self.spellings[spelling] += 1
        self.sources.add(passage.source_id)
        if len(self.samples) < SAMPLES:
            self.samples.append(passage)
        self.declined |= declined


class _Folded(dict[str, str]):
    """fold(), remembered: the same capitalised words recur in every source."""

    def __missing__(self, word: str) -> str:
        self[word] = folded = fold(word)
        return folded


def names_in(text: str, folded: Mapping[str, str]) -> Iterator[tuple[list[str], bool]]:
    """Runs of capitalised words, without stop words at their ends, each with
    whether it starts a sentence."""
    for match in _NAME.finditer(text):
        run = match.group()
        words = WORD.findall(run)
        while words and (len(words[0]) < 2 or folded[words[0]] in STOP_WORDS):
            words.pop(0)
        while words and (len(words[-1]) < 2 or folded[words[-1]] in STOP_WORDS):
            words.pop()
        if not words or (len(words) > 2 and all(w.isupper() for w in words)):
            continue  # a line in capitals
        at = match.start() - 1
        while at >= 0 and text[at].isspace():
            at -= 1
        starts = (at < 0 or text[at] in _SENTENCE_END) and run.startswith(words[0])
        yield words, starts


def scan_names(sources: Iterable[SourceRecord], passages: Mapping[str, PassageRecord]
               ) -> tuple[dict[str, Seen], dict[str, Seen]]:
    """Folded names (of one word or more) and folded single words, as seen."""
    names: dict[str, Seen] = {}
    words: dict[str, Seen] = {}
    folded = _Folded()
    for source in sources:
        declined = (source.meta.language or "").partition("-")[0] in DECLINING_LANGUAGES
        # Keys noted for this source: each is noted once per source.
        names_here: set[str] = set()
        words_here: set[str] = set()
        for passage_id in source.passage_ids:
            passage = passages.get(passage_id)
            if passage is None:
                continue
            for found, starts in names_in(passage.text, folded):
                for word in found:
                    key = folded[word]
                    if len(word) >= WORD_MIN and key not in words_here and not word.isupper():
                        words_here.add(key)
                        seen = words.get(key) or words.setdefault(key, Seen())
                        seen.note(word, passage, declined)
                if len(found) == 1 and (starts or folded[found[0]] in _CALENDAR):
                    continue  # a capital that only starts a sentence, or a month
                name = " ".join(found)
                key = " ".join(folded[word] for word in found)
                if key not in names_here:
                    names_here.add(key)
                    seen = names.get(key) or names.setdefault(key, Seen())
                    seen.note(name, passage, declined)
    return names, words


def deletions(word: str) -> set[str]:
    """``word`` and every form of it with one letter left out: two words
    within an edit or so of each other share one (a symmetric-deletion index)."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]
