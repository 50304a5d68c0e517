"""Grouping words by prefix and packing the groups into files.

Words (stemmed terms, or the lower-cased words of names) are grouped by
their first character; a group larger than ``limit`` bytes is split by the
next character, the word equal to the prefix itself keeping the shorter key,
down to ``max_key`` characters. Groups are then packed, in key order, into
files of at most ``limit`` bytes. The client finds a word's file as the one
of the longest key that is a prefix of the word.
"""

from __future__ import annotations

import re
from collections import defaultdict

#: Longest key a group is split to; a longer common prefix stays in one group.
MAX_KEY = 8
_WORD = re.compile(r"[^\w]+")


def group_by_prefix(sizes: dict[str, int], limit: int, max_key: int = MAX_KEY
                    ) -> dict[str, list[str]]:
    """Key -> words: a key's words all start with it, and its group is no
    larger than ``limit`` unless it cannot be split further (one word, or
    ``max_key`` reached)."""
    groups: dict[str, list[str]] = {}

    def split(prefix: str, words: list[str]) -> None:
        depth = len(prefix)
        if sum(sizes[w] for w in words) <= limit or depth >= max_key or len(words) == 1:
            groups[prefix] = words
            return
        exact = [w for w in words if len(w) == depth]
        if exact:
            groups[prefix] = exact
        children: dict[str, list[str]] = defaultdict(list)
        for word in words:
            if len(word) > depth:
                children[word[depth]].append(word)
        for char in sorted(children):
            split(prefix + char, children[char])

    first: dict[str, list[str]] = defaultdict(list)
    for word in sorted(sizes):
        if word:
            first[word[0]].append(word)
    for char in sorted(first):
        split(char, first[char])
    return groups


def pack(groups: dict[str, list[str]], sizes: dict[str, int], limit: int
         ) -> list[list[str]]:
    """Keys packed, in key order, into files of at most ``limit`` bytes."""
    files: list[list[str]] = []
    total = limit + 1
    for key in sorted(groups):
        size = sum(sizes[w] for w in groups[key])
        if total + size > limit:
            files.append([])
            total = 0
        files[-1].append(key)
        total += size
    return files


def name_words(name: str) -> set[str]:
    """The lower-cased words of a name, split as Sphinx's ``splitQuery`` does."""
    return {w for w in _WORD.split(name.lower()) if w}
