"""py3langid's identifier with its automaton walked by NumPy instead of a Python loop.

py3langid counts the byte n-grams of a text by walking a DFA over the text
one byte at a time in Python (``py3langid.langid.visit_counts``): 1.6 s of a
25 s profiled ``make check`` of 1,000 sources, for 2,000 characters of each.
The DFA is an Aho-Corasick automaton over the model's n-grams: the state
after a byte is the longest suffix of the text so far that is a prefix of
an n-gram, so it depends on the last ``depth`` bytes only (the longest
n-gram's length, 6 for py3langid 0.4's model). The state at every position
is then the walk from the start state over the ``depth`` bytes ending
there: ``depth`` vectorised look-ups over the whole text instead of one
Python step per byte. :func:`window_depth` checks once, when kb_ext makes
its copy of the model (:mod:`.language_model`), that the automaton really is
one; a model that is not keeps py3langid's own walk.

:class:`Identifier` then scores the counted n-grams exactly as
py3langid 0.4's ``LanguageIdentifier.rank`` does with ``norm_probs=True``
(the same NumPy operations on the same arrays in the same order), so every
probability is the same to the bit: ``tests/test_language_walk.py`` compares
both on the bench articles, the test sites and generated text.
"""

from __future__ import annotations

import math
import unicodedata
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

#: States checked at a time by :func:`window_depth` (each a row of 256 moves).
_CHUNK = 4096
_BYTES = np.arange(256, dtype=np.intp)


def _moves(nextmove: npt.NDArray[Any], rowbase: npt.NDArray[np.intp],
           states: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """The state after each byte from each of ``states``: shape (len, 256)."""
    return nextmove[rowbase[states][:, None] + _BYTES].astype(np.intp)


def window_depth(nextmove: npt.NDArray[Any], rows: npt.NDArray[Any]) -> int:
    """The length of the longest n-gram when the DFA (py3langid's
    ``nextmove`` and ``nextmove_row`` arrays, state ``s`` moving on byte ``b``
    to ``nextmove[(rows[s] << 8) + b]``, start state 0) is the Aho-Corasick
    automaton of a set of strings; 0 when it is not.

    Checked, not assumed: a breadth-first walk from the start gives every
    state its depth and the string that reaches it first; those strings must
    form a trie (each state reached from one state of the level above, by one
    byte), and every move must be the Aho-Corasick one: to the child when the
    trie has it, else (from the start state: to itself) where the state's
    failure link moves on that byte. Then the state after any text is that
    of its longest suffix in the trie, which the last ``depth`` bytes decide.
    About a second for py3langid's model (104,583 states), once per copy.
    """
    rowbase = rows.astype(np.intp) << 8
    count = len(rowbase)
    depth = np.full(count, -1, dtype=np.intp)
    parent = np.full(count, -1, dtype=np.intp)
    label = np.zeros(count, dtype=np.intp)
    depth[0] = 0
    levels = [np.zeros(1, dtype=np.intp)]
    while len(levels[-1]):
        found, sources, labels = [], [], []
        for chunk in np.array_split(levels[-1], -(-len(levels[-1]) // _CHUNK)):
            targets = _moves(nextmove, rowbase, chunk)
            new = depth[targets] < 0
            found.append(targets[new])
            sources.append(np.broadcast_to(chunk[:, None], targets.shape)[new])
            labels.append(np.broadcast_to(_BYTES, targets.shape)[new])
        targets = np.concatenate(found)
        states, first, reached = np.unique(targets, return_index=True, return_counts=True)
        if (reached > 1).any():
            return 0  # a state two strings of one length reach: not a trie
        depth[states] = len(levels)
        parent[states] = np.concatenate(sources)[first]
        label[states] = np.concatenate(labels)[first]
        levels.append(states)
    levels.pop()
    if (depth < 0).any():
        return 0  # states the start never reaches: not what py3langid builds
    fail = np.zeros(count, dtype=np.intp)
    for number, level in enumerate(levels):
        if number > 1:  # the failure links of depth 1 are the start state
            fail[level] = nextmove[rowbase[fail[parent[level]]] + label[level]]
        for chunk in np.array_split(level, -(-len(level) // _CHUNK)):
            targets = _moves(nextmove, rowbase, chunk)
            child = (depth[targets] == number + 1) & (parent[targets] == chunk[:, None])
            other = (np.zeros_like(targets) if number == 0
                     else _moves(nextmove, rowbase, fail[chunk]))
            if (targets != np.where(child, targets, other)).any():
                return 0
    return len(levels) - 1


class Identifier:
    """py3langid 0.4's ``LanguageIdentifier(..., norm_probs=True)`` for a model
    whose automaton :func:`window_depth` checked: the same :meth:`rank`."""

    def __init__(self, ptc: npt.NDArray[np.float32], pc: npt.NDArray[Any],
                 classes: list[str], nextmove: npt.NDArray[Any], rows: npt.NDArray[Any],
                 out_feat: npt.NDArray[Any], depth: int) -> None:
        if depth < 1:
            raise ValueError("the automaton's window depth was not checked")
        self.ptc, self.pc, self.classes, self.depth = ptc, pc, classes, depth
        self.nextmove = nextmove
        self.rowbase = rows.astype(np.intp) << 8
        self.out_feat = out_feat
        # Labels that appear twice (a language in two scripts): the second
        # column's probability is added to the first's, as py3langid does.
        first: dict[str, int] = {}
        self.alias_pairs: list[tuple[int, int]] = []
        for column, label in enumerate(classes):
            if label in first:
                self.alias_pairs.append((first[label], column))
            else:
                first[label] = column

    def states(self, data: bytes) -> npt.NDArray[np.intp]:
        """The automaton's state after each byte of ``data``: at each position
        the walk from the start over the last ``depth`` bytes (fewer at the
        start of the text, where the walk is the whole text so far)."""
        text = np.frombuffer(data, dtype=np.uint8).astype(np.intp)
        size = len(text)
        states = np.zeros(size, dtype=np.intp)
        for back in range(min(self.depth, size) - 1, -1, -1):
            # Every position at or after ``back`` reads the byte ``back`` before it.
            states[back:] = self.nextmove[self.rowbase[states[back:]] + text[:size - back]]
        return states

    def _scores(self, data: bytes) -> npt.NDArray[np.float32]:
        """py3langid's ``_raw_score``: the naive Bayes log-posterior of each
        class from the n-grams counted, in the order they first occur (the
        order of py3langid's ``Counter``, which the sum follows)."""
        found = self.out_feat[self.states(data)]
        found = found[found >= 0]
        if not len(found):
            return np.full(len(self.classes), 0.0, dtype=np.float32)
        features, first, counts = np.unique(found, return_index=True, return_counts=True)
        order = np.argsort(first)
        index = features[order].astype(np.intp)
        scores: npt.NDArray[np.float32] = (
            np.log1p(counts[order].astype(np.float32)) @ self.ptc[index] + self.pc)
        return scores

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every language with its probability, most probable first, as
        py3langid's ``rank`` gives them for a ``str``."""
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        scores = self._scores(data)
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        for kept, folded in self.alias_pairs:
            scores[kept] += scores[folded]
            scores[folded] = 0.0
        merged: dict[str, float] = {}
        for language, score in zip(self.classes, scores.tolist(), strict=True):
            merged.setdefault(language, score)
        return sorted(merged.items(), key=itemgetter(1), reverse=True)
