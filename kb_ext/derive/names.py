"""Capitalised names as a corpus writes them, for the curation report.

Runs of capitalised words in any script (Latin and Cyrillic capitals) are
found with one regular expression per passage, at C speed: a Python loop
over every word of 10,000 sources would cost more than the report may.
Each source's result is kept between builds by the digest of its passages
(:class:`SourceNames`), so an edit scans only the sources it changed.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple, cast

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
        #: number of sources writing it
        self.sources = 0
        self.samples: list[PassageRecord] = []
        self.declined = False


class _Folded(dict[str, str]):
    """fold(), remembered: the same capitalised words recur in every source."""

    def __missing__(self, word: str) -> str:
        self[word] = folded = fold(word)
        return folded


class _Run(NamedTuple):
    """What a run of capitalised words gives, whatever source writes it."""

    #: its words, without stop words at its ends
    words: tuple[str, ...]
    #: whether the run begins with the first of them (it may start a sentence)
    leads: bool
    #: the words as one name (interned) and its folded key
    name: str
    key: str
    #: (word, folded key) of each word long enough to be compared with aliases
    long_words: tuple[tuple[str, str], ...]
    #: a single calendar word (a month, a weekday)
    calendar: bool


class _Runs(dict[str, "_Run | None"]):
    """A run of capitalised words -> what it gives, or None for a run left out
    (no word kept, or a line in capitals). The same runs recur in every
    source (1.2 million runs at 10,000 sources, far fewer distinct ones), so
    each is taken apart once."""

    def __init__(self, folded: Mapping[str, str]) -> None:
        super().__init__()
        self.folded = folded

    def __missing__(self, run: str) -> _Run | None:
        folded = self.folded
        words = WORD.findall(run)
        while words and (len(words[0]) < 2 or folded[words[0]] in STOP_WORDS):
            words.pop(0)
        while words and (len(words[-1]) < 2 or folded[words[-1]] in STOP_WORDS):
            words.pop()
        found = None
        if words and not (len(words) > 2 and all(w.isupper() for w in words)):
            keys = [folded[word] for word in words]
            long_words = tuple((sys.intern(word), key)
                               for word, key in zip(words, keys, strict=True)
                               if len(word) >= WORD_MIN and not word.isupper())
            found = _Run(tuple(words), run.startswith(words[0]), sys.intern(" ".join(words)),
                         " ".join(keys), long_words, len(words) == 1 and keys[0] in _CALENDAR)
        self[run] = found
        return found


def _runs_in(text: str, runs: Mapping[str, _Run | None]) -> Iterator[tuple[_Run, bool]]:
    """Each run of capitalised words in ``text`` that is not left out, with
    whether it starts a sentence."""
    for match in _NAME.finditer(text):
        found = runs[match.group()]
        if found is None:
            continue
        at = match.start() - 1
        while at >= 0 and text[at].isspace():
            at -= 1
        yield found, (at < 0 or text[at] in _SENTENCE_END) and found.leads


def names_in(text: str, folded: Mapping[str, str]) -> Iterator[tuple[list[str], bool]]:
    """Runs of capitalised words, without stop words at their ends, each with
    whether it starts a sentence."""
    for found, starts in _runs_in(text, _Runs(folded)):
        yield list(found.words), starts


class SourceNames(NamedTuple):
    """A source's capitalised forms as last scanned, kept by the digest of its
    passages (:attr:`.SourceMeta.passages_digest`): each name and each long
    word, once, in the order first written, with the index (in its
    ``passage_ids``) of the passage first writing it. Only spellings and
    small ints, the spellings interned: at 10,000 sources there are over a
    million, pickled with the environment. Whether the language declines
    names is not in it, nor anything about actors: both are applied when the
    sources are merged."""

    passages_digest: str
    passages: int
    names: tuple[str, ...]
    name_at: tuple[int, ...]
    words: tuple[str, ...]
    word_at: tuple[int, ...]


def _scan_source(source: SourceRecord, passages: Mapping[str, PassageRecord],
                 runs: Mapping[str, _Run | None]) -> SourceNames:
    names: list[str] = []
    name_at: list[int] = []
    words: list[str] = []
    word_at: list[int] = []
    # Keys noted for this source: each is noted once per source.
    names_here: set[str] = set()
    words_here: set[str] = set()
    for at, passage_id in enumerate(source.passage_ids):
        passage = passages.get(passage_id)
        if passage is None:
            continue
        for found, starts in _runs_in(passage.text, runs):
            for word, key in found.long_words:
                if key not in words_here:
                    words_here.add(key)
                    words.append(word)
                    word_at.append(at)
            if len(found.words) == 1 and (starts or found.calendar):
                continue  # a capital that only starts a sentence, or a month
            if found.key not in names_here:
                names_here.add(found.key)
                names.append(found.name)
                name_at.append(at)
    return SourceNames(source.meta.passages_digest, len(source.passage_ids), tuple(names),
                       tuple(name_at), tuple(words), tuple(word_at))


class _NameKeys(dict[str, str]):
    """A name's folded key from its spelling (words joined by one space)."""

    def __init__(self, folded: Mapping[str, str]) -> None:
        super().__init__()
        self._folded = folded

    def __missing__(self, name: str) -> str:
        self[name] = key = " ".join(self._folded[word] for word in name.split(" "))
        return key


def _note(seen: dict[str, Seen], keys: Mapping[str, str], spellings: tuple[str, ...],
          at: tuple[int, ...], records: list[PassageRecord], declined: bool) -> None:
    """Notes one source's spellings, each once. Every edit runs this over
    every kept entry (over a million at 10,000 sources), so it is one loop
    with no call per entry."""
    for spelling, index in zip(spellings, at, strict=True):
        key = keys[spelling]
        entry = seen.get(key)
        if entry is None:
            entry = seen[key] = Seen()
        counts = entry.spellings
        counts[spelling] = counts.get(spelling, 0) + 1
        entry.sources += 1
        if len(entry.samples) < SAMPLES:
            entry.samples.append(records[index])
        if declined:
            entry.declined = True


def scan_names(sources: Iterable[SourceRecord], passages: Mapping[str, PassageRecord],
               kept: Mapping[str, SourceNames] | None = None
               ) -> tuple[dict[str, Seen], dict[str, Seen], dict[str, SourceNames]]:
    """Folded names (of one word or more) and folded single words, as seen in
    ``sources`` in the order given; and each source's scan by source id, to
    be kept: a source whose scan in ``kept`` has its passages digest is not
    scanned again."""
    names: dict[str, Seen] = {}
    words: dict[str, Seen] = {}
    scans: dict[str, SourceNames] = {}
    folded = _Folded()
    name_keys = _NameKeys(folded)
    runs = _Runs(folded)
    for source in sources:
        source_id, digest = source.meta.id, source.meta.passages_digest
        records = [passages.get(passage_id) for passage_id in source.passage_ids]
        scanned = kept.get(source_id) if kept else None
        if (scanned is None or not digest or scanned.passages_digest != digest
                or scanned.passages != len(records) or None in records):
            # A scan made now leaves out a passage missing from the store.
            scanned = _scan_source(source, passages, runs)
        scans[source_id] = scanned
        present = cast("list[PassageRecord]", records)  # the scan points to present ones only
        declined = (source.meta.language or "").partition("-")[0] in DECLINING_LANGUAGES
        _note(words, folded, scanned.words, scanned.word_at, present, declined)
        _note(names, name_keys, scanned.names, scanned.name_at, present, declined)
    return names, words, scans


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
