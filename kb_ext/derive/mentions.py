"""Find actor mentions in passages with one combined matcher.

Each alias becomes a tuple of folded word tokens, indexed by its first token,
so scanning a passage costs one dictionary look-up per word however many
aliases there are. Word tokens give word boundaries for free and make
possessives ("Lukashenko's", "Lukashenka`s") match. Short all-capital
aliases (US, EU, UN) are matched case-sensitively so "us" is not the US, and
not inside a run of capitals ("THEY TOLD US"), but in the title case some
outlets write acronyms in (Nato, Opec) when they have four letters. Other
romanisations, Latin spellings of Cyrillic names, the Russian, Ukrainian and
Belarusian letters of one name, and declined forms are found too
(:mod:`.spellings`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from itertools import accumulate
from typing import NamedTuple

from ..knowledge.aliases import ACRONYM_MAX, is_acronym
from ..normalize import unified_offsets, unify
from .spellings import (
    PHRASE_STEM_MIN,
    SKELETON_ENDINGS,
    STEM_MIN,
    has_cyrillic,
    latin_spellings,
    may_have_particles,
    romanisations,
    skeleton,
    split_ending,
    stems,
    without_particles,
)

#: Chinese and Japanese are written without spaces: each Han or kana character
#: is a token of its own, so 习近平 is found inside 主席习近平12日在 (as one
#: \w+ run the sentence was one token, and a name matched only between
#: punctuation). Korean, written with spaces, keeps its words.
_SPACELESS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(f"[{_SPACELESS}]|(?:(?![{_SPACELESS}])[\\w\u0300-\u036f])+")
_WORD_SPLIT = re.compile(f"({TOKEN.pattern})")

_VOWEL = re.compile("[AEIOUY]")
#: Part of the fingerprint of cached matches: bump when matching changes.
MATCHING_VERSION = 8
#: An acronym alias this long also matches in title case (NATO: Nato); a
#: shorter one would match words (US: "Us", WHO: "Who").
TITLE_ACRONYM_MIN = 4


class Alias(NamedTuple):
    tokens: tuple[str, ...]
    case_sensitive: bool
    actor_id: str
    text: str


class Phrase(NamedTuple):
    """A name of several words, each of which may be declined."""

    alias: Alias
    #: each word's stems (skeleton form) -> (None, whether it is the whole word)
    stems: tuple[dict[str, tuple[None, bool]], ...]


#: stem -> (the one-word name declining from it, whether the stem is the whole name)
Stems = dict[str, tuple[Alias, bool]]


class Collision(NamedTuple):
    alias: str
    kept_by: str
    dropped_from: str


def _alias(text: str, actor_id: str) -> Alias | None:
    unified = unify(text)
    tokens = tuple(TOKEN.findall(unified))
    if not tokens:
        return None
    case_sensitive = is_acronym(tokens)
    if not case_sensitive:
        tokens = tuple(token.casefold() for token in tokens)
    return Alias(tokens, case_sensitive, actor_id, text)


class AliasMatcher:
    def __init__(self, names: Mapping[str, Iterable[str]]):
        """``names`` maps actor id to its canonical name and aliases, in the
        order actors should win a collision (first wins)."""
        self.index: dict[str, list[Alias]] = {}
        # (tokens, case_sensitive) of every alias in the index: a set, since
        # derived spellings add thousands to a few buckets.
        self._indexed: set[tuple[tuple[str, ...], bool]] = set()
        self.collisions: list[Collision] = []
        owners: dict[tuple[tuple[str, ...], bool], str] = {}
        written: list[Alias] = []
        for actor_id, texts in names.items():
            for text in texts:
                alias = _alias(text, actor_id)
                if alias is None:
                    continue
                key = (alias.tokens, alias.case_sensitive)
                owner = owners.setdefault(key, actor_id)
                if owner != actor_id:
                    self.collisions.append(Collision(text, owner, actor_id))
                    continue
                written.append(alias)
                self._add(alias)
        # Spellings nobody wrote come after all that were: a written alias of
        # one actor is never taken by another actor's variant.
        for alias in [a for a in written if not a.case_sensitive]:
            for tokens in sorted(_derived_spellings(alias)):
                if owners.setdefault((tokens, False), alias.actor_id) == alias.actor_id:
                    self._add(alias._replace(tokens=tokens))
        #: stem -> (the one-word name declining from it, whether it is the whole name)
        self.stems: Stems = _stems_of(alias for bucket in self.index.values() for alias in bucket
                               if len(alias.tokens) == 1 and not alias.case_sensitive)
        # Cyrillic names compared by skeleton (Путин: Путін, Пуцін), whole and declined.
        #: skeleton of a first word -> the Cyrillic names it starts
        self.skeletons: dict[str, list[Alias]] = {}
        by_skeleton: dict[tuple[str, ...], Alias | None] = {}
        for alias in written:
            if not alias.case_sensitive and has_cyrillic(alias.text):
                keys = tuple(map(skeleton, alias.tokens))
                other = by_skeleton.setdefault(keys, alias)
                if other is not None and other.actor_id != alias.actor_id:
                    by_skeleton[keys] = None  # two actors' names: no guess
        for keys, found in sorted(by_skeleton.items()):
            if found is not None:
                self.skeletons.setdefault(keys[0], []).append(found._replace(tokens=keys))
        self.skeleton_stems = _stems_of(a for bucket in self.skeletons.values() for a in bucket
                                        if len(a.tokens) == 1)
        for aliases in self.skeletons.values():
            aliases.sort(key=lambda a: -len(a.tokens))
        #: skeleton stem of a first word -> the names of several words it starts
        self.phrases: dict[str, list[Phrase]] = {}
        for bucket in self.index.values():
            for alias in bucket:
                if len(alias.tokens) > 1 and not alias.case_sensitive:
                    keys = tuple(map(skeleton, alias.tokens))
                    word_stems = tuple({stem: (None, whole) for stem, whole in
                                        stems(key, PHRASE_STEM_MIN).items()} for key in keys)
                    for stem in word_stems[0]:
                        self.phrases.setdefault(stem, []).append(Phrase(alias, word_stems))
        for bucket in self.index.values():
            bucket.sort(key=lambda a: -len(a.tokens))
        self.fingerprint = hashlib.sha256(repr((MATCHING_VERSION, sorted(
            (a.tokens, a.case_sensitive, a.actor_id)
            for bucket in self.index.values() for a in bucket))).encode()).hexdigest()

    def _add(self, alias: Alias) -> None:
        key = (alias.tokens, alias.case_sensitive)
        if key in self._indexed:
            return
        self._indexed.add(key)
        first = alias.tokens[0] if not alias.case_sensitive else alias.tokens[0].casefold()
        self.index.setdefault(first, []).append(alias)

    def find(self, text: str, declined: bool = False) -> list[tuple[str, int, int]]:
        """Mentions in ``text`` as ``(actor_id, start, end)`` character offsets
        into ``text`` (matched in ``unify(text)``, mapped back). With
        ``declined``, for text in a language that declines names, declined
        forms of one-word names count too."""
        unified = unify(text)
        # Words at odd indexes, the text between them at even ones: offsets are
        # running sums of lengths, so no match object is made per word.
        parts = _WORD_SPLIT.split(unified)
        cased = parts[1::2]
        folded = [token.casefold() for token in cased]
        index = self.index
        found: list[tuple[str, int, int]] = []
        ends: list[int] = []
        free = 0  # tokens before this one belong to a match already found
        # Only tokens that start some alias, or capitalised words that may be
        # another spelling or a declined form of a name, are looked at: most
        # tokens are neither.
        # Arabic, Hebrew and Korean words may be names with particles joined.
        if declined:
            candidates = [i for i, token in enumerate(folded) if token in index or (
                _name_like(cased[i]) and len(token) > PHRASE_STEM_MIN) or (
                not token.isascii() and may_have_particles(token))]
        else:
            candidates = [i for i, token in enumerate(folded) if token in index or (
                not token.isascii() and (cased[i][0].isupper() or may_have_particles(token)))]
        for i in candidates:
            if i < free:
                continue
            match = self._written(cased, folded, i) or (
                self._derived(folded, i, declined) if _name_like(cased[i]) else None
            ) or self._with_particles(cased, folded, i)
            if match is None:
                continue
            actor_id, n = match
            ends = ends or list(accumulate(map(len, parts)))
            found.append((actor_id, ends[2 * i], ends[2 * (i + n) - 1]))
            free = i + n
        offsets = unified_offsets(text, unified) if found else None
        if offsets is not None:
            # The end is where the next character starts: a name's last
            # letter keeps the marks that unify dropped after it.
            found = [(actor_id, offsets[start], offsets[end]) for actor_id, start, end in found]
        return found

    def _written(self, cased: list[str], folded: list[str], i: int) -> tuple[str, int] | None:
        """The longest alias (or romanisation) starting at token ``i``, as
        (actor id, number of tokens)."""
        for alias in self.index.get(folded[i], ()):
            n = len(alias.tokens)
            if not alias.case_sensitive:
                if tuple(folded[i:i + n]) == alias.tokens:
                    return alias.actor_id, n
            elif tuple(cased[i:i + n]) == alias.tokens:
                if not self._in_capitals(cased, i, n):
                    return alias.actor_id, n
            elif (n == 1 and TITLE_ACRONYM_MIN <= len(cased[i]) <= ACRONYM_MAX
                    and cased[i] == alias.tokens[0].title()):
                return alias.actor_id, n  # a house style's acronym: Nato
        return None

    def _with_particles(self, cased: list[str], folded: list[str], i: int
                        ) -> tuple[str, int] | None:
        """A name written with particles joined to it: Arabic or Hebrew ones
        before it (والسيسي, للسيسي, בכנסת), Korean ones after it (윤석열은):
        the name, particles stripped, is an alias."""
        token = folded[i]
        match = None
        for form in without_particles(token):
            if form in self.index:
                folded[i] = form
                match = self._written(cased, folded, i)
                folded[i] = token
                if match:
                    break
        return match

    def _derived(self, folded: list[str], i: int, declined: bool) -> tuple[str, int] | None:
        """A name at token ``i`` (capitalised) in a spelling nobody wrote:
        Cyrillic letters of another language, or, with ``declined``, a
        declined form of a name of one word or several."""
        token = folded[i]
        key = skeleton(token)
        for alias in self.skeletons.get(key, ()):
            n = len(alias.tokens)
            if tuple(skeleton(t) for t in folded[i:i + n]) == alias.tokens:
                return alias.actor_id, n
        if not declined:
            return None
        for size in range(min(ENDING_SPAN, len(key) - PHRASE_STEM_MIN), -1, -1):
            for phrase in self.phrases.get(key[:len(key) - size], ()):
                n = len(phrase.stems)
                if len(folded) >= i + n and all(
                        _declines(skeleton(folded[i + j]), phrase.stems[j])
                        for j in range(n)):
                    return phrase.alias.actor_id, n
        if len(token) <= STEM_MIN:
            return None
        stem = split_ending(token, self.stems)
        if stem is not None:
            return self.stems[stem][0].actor_id, 1
        stem = split_ending(key, self.skeleton_stems, SKELETON_ENDINGS)
        if stem is not None:
            return self.skeleton_stems[stem][0].actor_id, 1
        return None

    def _in_capitals(self, cased: list[str], i: int, n: int) -> bool:
        """An acronym among words in capitals is a word of a line in capitals
        ("THEY TOLD US THE SAME"), not the acronym: both neighbours are in
        capitals, or one is a capitalised word (with a vowel: not an acronym
        such as CDC or GDPR) that is no alias."""
        neighbours = [w for w in cased[max(0, i - 1):i] + cased[i + n:i + n + 1]
                      if w.isupper() and len(w) >= 2]
        if len(neighbours) == 2:
            return True
        return any(len(w) >= 3 and _VOWEL.search(w) and w.casefold() not in self.index
                   for w in neighbours)


ENDING_SPAN = max(map(len, SKELETON_ENDINGS))


def _name_like(token: str) -> bool:
    """A token that may be a name: capitalised, or in Georgian, whose
    capitals (Mtavruli) are not used for names."""
    return token[:1].isupper() or "\u10d0" <= token[:1] <= "\u10ff"


def _derived_spellings(alias: Alias) -> set[tuple[str, ...]]:
    """Folded tokens of the spellings of ``alias`` nobody wrote: other
    romanisations, and the Latin spellings of a Cyrillic alias with theirs."""
    found = romanisations(alias.tokens)
    for spelling in latin_spellings(alias.text):
        latin = _alias(spelling, alias.actor_id)
        if latin is not None and not latin.case_sensitive:
            found |= {latin.tokens} | romanisations(latin.tokens)
    found.discard(alias.tokens)
    return found


def _stems_of(aliases: Iterable[Alias]) -> Stems:
    """stem -> (the one-word name declining from it, whether it is the whole
    name); a stem two actors decline from (Тихановская, Тихановский) is no guess."""
    found: Stems = {}
    shared: set[str] = set()
    for alias in aliases:
        for stem, whole in stems(alias.tokens[0]).items():
            if found.setdefault(stem, (alias, whole))[0].actor_id != alias.actor_id:
                shared.add(stem)
    for stem in shared:
        del found[stem]
    return found


def _declines(key: str, word_stems: Mapping[str, tuple[None, bool]]) -> bool:
    """Whether a word (skeleton form) is one word of a name, or declined from it."""
    entry = word_stems.get(key)
    if entry is not None and entry[1]:
        return True
    return split_ending(key, word_stems, SKELETON_ENDINGS, PHRASE_STEM_MIN) is not None


def snippet(text: str, start: int, end: int, width: int = 90) -> str:
    """A window of ``text`` around a match, cut at word boundaries."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    if left > 0:
        left = text.find(" ", left) + 1 or left
    if right < len(text):
        cut = text.rfind(" ", end, right)
        right = cut if cut > 0 else right
    prefix = "… " if left > 0 else ""
    suffix = " …" if right < len(text) else ""
    return prefix + text[left:right].strip() + suffix
