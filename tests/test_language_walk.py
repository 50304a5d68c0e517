"""kb_ext's walk of py3langid's automaton (kb_ext/sources/language_walk.py)
gives py3langid's own counts and ranks, to the bit; and the automaton check
it rests on tells an Aho-Corasick automaton from one that is not."""

from __future__ import annotations

import functools
import random
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from kb_ext.sources import language_model
from kb_ext.sources.language_walk import Identifier, window_depth

from .conftest import REPO, ROOTS
from .test_language_model import TEXTS


@functools.cache
def _shipped() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@functools.cache
def _walked() -> Identifier:
    identifier = language_model.load_identifier()
    assert isinstance(identifier, Identifier), "the copy's automaton did not check out"
    return identifier


@functools.cache
def _rowbase() -> list[int]:
    """py3langid's row offsets, as its identifier makes them from ``tk_row``."""
    return [row << 8 for row in _shipped().tk_row]


def _articles() -> list[str]:
    """The seeds and every test site's raw articles, whole and as the
    language check samples them (2,000 characters)."""
    texts = []
    for path in sorted([*REPO.glob("seeds/*.txt"), *ROOTS.glob("*/sources_raw/*.txt")]):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        texts += [text, text[:2000], text.upper()[:500]]
    return texts


def _counts(identifier: Identifier, text: str) -> Counter[int] | None:
    """The n-grams :meth:`Identifier.states` finds, counted in the order they occur."""
    found = identifier.out_feat[identifier.states(_encoded(text))]
    found = found[found >= 0]
    return Counter(found.tolist()) if len(found) else None


def _encoded(text: str) -> bytes:
    """The bytes py3langid walks for a ``str``."""
    text = text.lower() if text.isupper() else text
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _same_as_py3langid(texts: Sequence[str]) -> None:
    shipped, walked = _shipped(), _walked()
    for text in texts:
        expected = visit_counts(shipped.tk_nextmove, _rowbase(), shipped.tk_output,
                                _encoded(text))
        counted = _counts(walked, text)
        assert counted == expected and list(counted or ()) == list(expected or ()), text[:80]
        assert walked.rank(text) == shipped.rank(text), text[:80]


def test_the_shipped_model_is_checked_and_walked() -> None:
    assert _walked().depth == 6


def test_articles_rank_as_py3langid_ranks_them() -> None:
    texts = _articles()
    assert len(texts) > 100
    _same_as_py3langid([*TEXTS, *texts, "", " ", "\ud800 lone surrogate", "ÉCOLE ÉTÉ"])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_ranks_as_py3langid_ranks_it(text: str) -> None:
    _same_as_py3langid([text])


def test_mixed_scripts_rank_as_py3langid_ranks_them() -> None:
    rng = random.Random(18)
    letters = ("abcxyz АБВгдеёЖ ĄąŁłšž ñ 日本語中文 عربي \u0301\u00a0\t\n.,;:!?\"'—–-0123456789"
               "ўіїєґ ÄÖÜß")
    _same_as_py3langid(["".join(rng.choice(letters) for _ in range(rng.randrange(1, 2500)))
                        for _ in range(200)])


# -- the automaton check on small automata ----------------------------------------

def _automaton(words: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray, int]:
    """The Aho-Corasick automaton of ``words`` in py3langid's layout (one row
    of 256 moves per state) and its deepest state's depth."""
    children: list[dict[int, int]] = [{}]
    depth = [0]
    for word in words:
        state = 0
        for byte in word:
            if byte not in children[state]:
                children.append({})
                depth.append(depth[state] + 1)
                children[state][byte] = len(children) - 1
            state = children[state][byte]
    moves = np.zeros((len(children), 256), dtype=np.uint32)
    fail = [0] * len(children)
    queue = [0]
    for state in queue:
        for byte in range(256):
            child = children[state].get(byte)
            if child is None:
                moves[state, byte] = moves[fail[state], byte] if state else 0
            else:
                fail[child] = int(moves[fail[state], byte]) if state else 0
                moves[state, byte] = child
                queue.append(child)
    return moves.ravel(), np.arange(len(children), dtype=np.uint16), max(depth)


@pytest.mark.parametrize("words", [[b"a"], [b"ab", b"bc", b"abcd", b"cab"],
                                   [b"the", b"he", b"hers", b"his", b"she", b"\xd0\xb0"]])
def test_an_aho_corasick_automaton_gives_its_depth(words: list[bytes]) -> None:
    moves, rows, depth = _automaton(words)
    assert window_depth(moves, rows) == depth


def test_an_automaton_that_is_not_aho_corasick_gives_none() -> None:
    moves, rows, _ = _automaton([b"ab", b"bc", b"abcd", b"cab"])
    broken = moves.copy()
    broken[ord("x")] = 1  # from the start, "x" now leads where "a" does
    assert window_depth(broken, rows) == 0
    forgetful = moves.copy()
    state_a = int(moves[ord("a")])
    state_ab = int(moves[state_a * 256 + ord("b")])
    assert moves[state_ab * 256 + ord("a")] == state_a
    forgetful[state_ab * 256 + ord("a")] = 0  # "aba" forgets the "a" it ends with
    assert window_depth(forgetful, rows) == 0
    unreached = np.vstack([moves.reshape(-1, 256), np.zeros((1, 256), dtype=np.uint32)])
    assert window_depth(unreached.ravel(), np.append(rows, len(rows)).astype(np.uint16)) == 0


def test_a_copy_whose_automaton_is_not_checked_ranks_with_py3langid(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kb_ext.sources import language_walk

    monkeypatch.setenv(language_model.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(language_walk, "window_depth", lambda *arrays: 0)
    identifier = language_model.load_identifier()
    assert isinstance(identifier, LanguageIdentifier)
    for text in TEXTS:
        assert identifier.rank(text) == _shipped().rank(text), text
