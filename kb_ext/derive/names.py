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
from typing import NamedTuple

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


class NamesFound(NamedTuple):
    """What :func:`scan_names` found: folded names and folded single words,
    and each source's scan, to be kept."""

    names: dict[str, Seen]
    words: dict[str, Seen]
    scans: dict[str, SourceNames]
    #: the sources in the order given, each with its scan
    order: list[tuple[SourceRecord, SourceNames]]

    def add_samples(self, entries: Iterable[Seen], passages: Mapping[str, PassageRecord],
                    words: bool = False) -> None:
        """Give ``entries`` (of :attr:`names`, or of :attr:`words`) their first
        passages, in the sources' order, one per source. Only for the entries
        a report shows: looking them up for every entry would cost a pass
        over over a million at 10,000 sources."""
        wanted: dict[str, Seen] = {}
        for entry in entries:
            if len(entry.samples) < SAMPLES:
                wanted.update(dict.fromkeys(entry.spellings, entry))
        for source, scanned in self.order:
            if not wanted:
                return
            spellings, at = (scanned.words, scanned.word_at) if words else (
                scanned.names, scanned.name_at)
            for spelling in wanted.keys() & spellings:  # a source writes a key one way
                entry = wanted[spelling]
                index = at[spellings.index(spelling)]
                entry.samples.append(passages[source.passage_ids[index]])
                if len(entry.samples) >= SAMPLES:
                    for other in entry.spellings:
                        wanted.pop(other, None)


def _grouped(counts: Counter[str], keys: Mapping[str, str], declined: set[str]
             ) -> dict[str, Seen]:
    """Spellings counted over every source, grouped by their folded key, in
    the order first written. One step per spelling, not per source and
    spelling: the counting is Counter's, in C."""
    seen: dict[str, Seen] = {}
    for spelling, count in counts.items():
        key = keys[spelling]
        entry = seen.get(key)
        if entry is None:
            entry = seen[key] = Seen()
        entry.spellings[spelling] = count
        entry.sources += count  # a source writes each key once, one way
        if spelling in declined:
            entry.declined = True
    return seen


def scan_names(sources: Iterable[SourceRecord], passages: Mapping[str, PassageRecord],
               kept: Mapping[str, SourceNames] | None = None) -> NamesFound:
    """Folded names (of one word or more) and folded single words, as seen in
    ``sources`` in the order given, without samples (:meth:`NamesFound.add_samples`);
    and each source's scan by source id, to be kept: a source whose scan in
    ``kept`` has its passages digest is not scanned again."""
    scans: dict[str, SourceNames] = {}
    order: list[tuple[SourceRecord, SourceNames]] = []
    folded = _Folded()
    runs = _Runs(folded)
    name_counts: Counter[str] = Counter()
    word_counts: Counter[str] = Counter()
    declined_names: set[str] = set()
    declined_words: set[str] = set()
    for source in sources:
        source_id, digest = source.meta.id, source.meta.passages_digest
        scanned = kept.get(source_id) if kept else None
        if (scanned is None or not digest or scanned.passages_digest != digest
                or scanned.passages != len(source.passage_ids)
                or not all(p in passages for p in source.passage_ids)):
            # A scan made now leaves out a passage missing from the store.
            scanned = _scan_source(source, passages, runs)
        scans[source_id] = scanned
        order.append((source, scanned))
        name_counts.update(scanned.names)
        word_counts.update(scanned.words)
        if (source.meta.language or "").partition("-")[0] in DECLINING_LANGUAGES:
            declined_names.update(scanned.names)
            declined_words.update(scanned.words)
    return NamesFound(_grouped(name_counts, _NameKeys(folded), declined_names),
                      _grouped(word_counts, folded, declined_words), scans, order)


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
