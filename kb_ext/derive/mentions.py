"""Find actor mentions in passages with one combined matcher.

Each alias becomes a tuple of folded word tokens, indexed by its first token,
so scanning a passage costs one dictionary look-up per word however many
aliases there are. Word tokens give word boundaries for free and make
possessives ("Lukashenko's", "Lukashenka`s") match. Short all-capital
aliases (US, EU, UN) are matched case-sensitively so "us" is not the US, and
not inside a run of capitals ("THEY TOLD US"). Other romanisations and the
inflected forms of one-word names are found too (:mod:`.spellings`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from itertools import accumulate
from typing import NamedTuple

from ..knowledge.aliases import is_acronym
from ..normalize import WORD, unify
from .spellings import STEM_MIN, romanisations, split_ending, stems

_WORD_SPLIT = re.compile(f"({WORD.pattern})")

_VOWEL = re.compile("[AEIOUY]")
#: Part of the fingerprint of cached matches: bump when matching changes.
MATCHING_VERSION = 3


class Alias(NamedTuple):
    tokens: tuple[str, ...]
    case_sensitive: bool
    actor_id: str
    text: str


class Collision(NamedTuple):
    alias: str
    kept_by: str
    dropped_from: str


def _alias(text: str, actor_id: str) -> Alias | None:
    unified = unify(text)
    tokens = tuple(WORD.findall(unified))
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
            for tokens in sorted(romanisations(alias.tokens)):
                if owners.setdefault((tokens, False), alias.actor_id) == alias.actor_id:
                    self._add(alias._replace(tokens=tokens))
        #: stem -> (the one-word name declining from it, whether it is the whole name)
        self.stems: dict[str, tuple[Alias, bool]] = {}
        shared: set[str] = set()
        for bucket in self.index.values():
            for alias in bucket:
                if len(alias.tokens) == 1 and not alias.case_sensitive:
                    for stem, whole in stems(alias.tokens[0]).items():
                        first = self.stems.setdefault(stem, (alias, whole))[0]
                        if first.actor_id != alias.actor_id:
                            shared.add(stem)
        for stem in shared:  # two actors decline from it (Тихановская, Тихановский): no guess
            del self.stems[stem]
        for bucket in self.index.values():
            bucket.sort(key=lambda a: -len(a.tokens))
        self.fingerprint = hashlib.sha256(repr((MATCHING_VERSION, sorted(
            (a.tokens, a.case_sensitive, a.actor_id)
            for bucket in self.index.values() for a in bucket))).encode()).hexdigest()

    def _add(self, alias: Alias) -> None:
        first = alias.tokens[0] if not alias.case_sensitive else alias.tokens[0].casefold()
        bucket = self.index.setdefault(first, [])
        if not any(a.tokens == alias.tokens and a.case_sensitive == alias.case_sensitive
                   for a in bucket):
            bucket.append(alias)

    def find(self, text: str, declined: bool = False) -> list[tuple[str, int, int]]:
        """Mentions in ``text`` as ``(actor_id, start, end)`` character offsets
        into ``unify(text)`` (close to the original's for snippets). With
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
        declining = self.stems if declined else {}
        # Only tokens that start some alias, or capitalised words that may be
        # a declined name, are looked at: most tokens are neither.
        for i in [i for i, token in enumerate(folded) if token in index or (
                declining and len(token) > STEM_MIN and cased[i][0].isupper())]:
            if i < free:
                continue
            for alias in index.get(folded[i], ()):
                n = len(alias.tokens)
                window = cased[i:i + n] if alias.case_sensitive else folded[i:i + n]
                if tuple(window) == alias.tokens and not (
                        alias.case_sensitive and self._in_capitals(cased, i, n)):
                    break
            else:
                stem = split_ending(folded[i], declining)
                if stem is None:
                    continue
                alias, n = declining[stem][0], 1
            ends = ends or list(accumulate(map(len, parts)))
            found.append((alias.actor_id, ends[2 * i], ends[2 * (i + n) - 1]))
            free = i + n
        return found

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
