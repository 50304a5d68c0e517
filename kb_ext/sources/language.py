"""The language of an article's text, checked against its sidecar.

py3langid's model ships in its wheel, so nothing is downloaded at build time.
The check is conservative: it speaks only with enough letters of text and a
clear verdict, and asks for more text and a wider margin between languages
that share most of their words and letters (Belarusian, Russian, Ukrainian;
the Serbo-Croatian group; Czech and Slovak; ...), where a short text can
honestly look like its neighbour.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

#: Letters of text below which no verdict is given.
MIN_LETTERS = 200
#: Letters needed before a close neighbour of the declared language is believed.
CLOSE_MIN_LETTERS = 500
#: The probability the identifier must give its first choice...
SURE = 0.99
#: ...and at most the probability left for the declared language (for a close
#: neighbour, the stricter one).
DECLARED_AT_MOST = 1e-3
CLOSE_DECLARED_AT_MOST = 1e-6
#: The identifier reads at most this much of an article: its cost is linear in the
#: text (measured at load 12 on 2 cores: 3 ms for 1,000 characters, 49 ms for
#: 8,000), and 2,000 characters are well past the letters the thresholds ask for.
SAMPLE_CHARS = 2_000

#: Languages that a short text cannot tell apart with confidence.
CLOSE_GROUPS = (
    frozenset({"be", "ru", "uk"}),
    frozenset({"hr", "bs", "sr", "sl"}),
    frozenset({"cs", "sk"}),
    frozenset({"da", "no", "nb", "nn", "sv"}),
    frozenset({"id", "ms"}),
    frozenset({"es", "gl", "pt", "ca"}),
    frozenset({"pl", "hr"}),  # short Polish is often read as Croatian
)

#: Varieties the model tells apart that ISO 639-3 counts as one macrolanguage:
#: Moroccan and Egyptian Arabic in Arabic, Wu and Cantonese in Chinese,
#: Southern Uzbek in Uzbek, Southern Kurdish in Kurdish. A text in the standard
#: language splits its probability among them (a plain Arabic news article:
#: 0.94 ar, 0.06 ary), so their scores are counted as the macrolanguage's.
MACROLANGUAGES = {"ary": "ar", "arz": "ar", "wuu": "zh", "yue": "zh", "uzs": "uz", "sdh": "ku"}


class LanguageCheck(NamedTuple):
    """What the page shows as the article's language, and why."""

    language: str | None
    #: True when the sidecar gave none and the text's language was filled in.
    detected: bool = False
    #: A mismatch between the sidecar and the text, worded for a warning.
    problem: str | None = None


class Verdict(NamedTuple):
    language: str
    probability: float
    #: The probability of each language the model knows.
    scores: dict[str, float]
    letters: int


@functools.cache
def _identifier() -> Any:
    # Imported here: the model is loaded on the first article that needs it.
    from .language_model import load_identifier
    return load_identifier()


def preload_model(app: Any, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs``: with parallel reading, Sphinx forks a reader
    per chunk of documents (45 chunks at 10,000 sources on 2 cores), and each
    would load the model again (seconds each); loaded here, before the forks,
    every reader inherits it. Only when source pages are to be read, so an
    incremental build that reads none does not pay for it."""
    from .discovery import PAGES_DIR

    if getattr(app, "parallel", 0) > 1 and any(d.startswith(f"{PAGES_DIR}/") for d in docnames):
        _identifier()


def identify(text: str) -> Verdict | None:
    """The language of ``text``, or None when it has too few letters to say."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(map(str.isalpha, sample))
    if letters < MIN_LETTERS:
        return None
    scores: dict[str, float] = {}
    for code, score in _identifier().rank(sample):
        language = MACROLANGUAGES.get(str(code), str(code))
        scores[language] = scores.get(language, 0.0) + float(score)
    best = max(scores, key=scores.__getitem__)
    return Verdict(best, scores[best], scores, letters)


def _close(one: str, other: str) -> bool:
    return any(one in group and other in group for group in CLOSE_GROUPS)


def _clear(verdict: Verdict, other: str | None) -> bool:
    """The verdict is clear enough against ``other`` (the declared language,
    or None when there is none)."""
    if verdict.probability < SURE:
        return False
    close = other is None and any(verdict.language in group for group in CLOSE_GROUPS) or (
        other is not None and _close(verdict.language, other))
    if close and verdict.letters < CLOSE_MIN_LETTERS:
        return False
    if other is None:
        return True
    limit = CLOSE_DECLARED_AT_MOST if close else DECLARED_AT_MOST
    return verdict.scores.get(other, 0.0) <= limit


def check_language(declared: str | None, text: str, by_page: bool = False) -> LanguageCheck:
    """The sidecar's language (``en``, ``en-GB``) checked against ``text``;
    with none declared, the text's language when it is clear. ``by_page``:
    the language is a web page's or PDF's own (``<html lang>``), not the
    sidecar's, and the warning says so."""
    if declared:
        primary = declared.partition("-")[0].lower()
        verdict = identify(text)
        # A language the model does not know cannot be contradicted.
        if (verdict is None or verdict.language == primary or primary not in verdict.scores
                or not _clear(verdict, primary)):
            return LanguageCheck(declared)
        said, fix = (("the page says", "give the right one in a sidecar") if by_page
                     else ("the sidecar says", "correct the sidecar"))
        return LanguageCheck(declared, problem=(
            f"language: {said} {declared!r} but the text reads as "
            f"{verdict.language!r} (probability {verdict.probability:.2f} over "
            f"{verdict.letters:,} letters); {fix} if it is wrong"))
    verdict = identify(text)
    if verdict is None or not _clear(verdict, None):
        return LanguageCheck(None)
    return LanguageCheck(verdict.language, detected=True)
