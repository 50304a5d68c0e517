"""Stemming a page in its own language, the same way in Python and in the browser.

Sphinx stems every page with the project's language. A page whose text is in
another language (a source's sidecar ``language``, given through
:mod:`.pageinfo`) is also indexed under that language's stems:

* a language with a Snowball stemmer that Sphinx also ships in JavaScript
  (``sphinx/search/minified-js/<name>-stemmer.js``): PyStemmer's Snowball
  stemmer; the search page loads the same algorithm's JavaScript to stem
  the query;
* Ukrainian and Belarusian, which Snowball lacks, and Polish, for which
  PyStemmer 3 has an algorithm but Sphinx ships no JavaScript (the query
  could not be stemmed the same way): :func:`light_stem`,
  one longest inflectional ending from :data:`LIGHT_ENDINGS` stripped when
  at least :data:`LIGHT_MIN_STEM` letters remain. The client gets the same
  table in the manifest, so both sides strip the same endings.

A query word is then looked up under its project-language stem and under its
stem in every language of the site (the client loads only the stemmers whose
alphabet the word is written in).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import NamedTuple

import sphinx.search
import Stemmer  # type: ignore[import-not-found]  # PyStemmer: no type information

#: ISO 639-1 code -> Snowball algorithm, where Sphinx ships the JavaScript too.
SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "es": "spanish", "et": "estonian", "eu": "basque", "fi": "finnish", "fr": "french",
    "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian",
    "nb": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}

#: Case and number endings of nouns, adjectives and names, longest tried first.
#: Deliberately short lists: a light stemmer that strips too much merges words.
LIGHT_ENDINGS: dict[str, tuple[str, ...]] = {
    "uk": ("ами", "ями", "ові", "еві", "ого", "ому", "их", "ім", "ій", "ої", "ою", "ею",
           "ах", "ях", "ам", "ям", "ом", "ем", "ів", "а", "я", "у", "ю", "і", "и", "е",
           "о", "ь"),
    "be": ("амі", "ямі", "ага", "ому", "аму", "ых", "ім", "ай", "ой", "ою", "ая", "ую",
           "ах", "ях", "ам", "ям", "ом", "ем", "аў", "оў", "а", "я", "у", "ю", "і", "ы",
           "е", "о", "ь"),
    "pl": ("ami", "ach", "owi", "ego", "emu", "ych", "ich", "iej", "ej", "om", "em", "ie",
           "ów", "ą", "ę", "a", "u", "y", "i", "e", "o"),
}
LIGHT_MIN_STEM = 3

MINIFIED_JS = Path(sphinx.search.__file__).parent / "minified-js"


class Language(NamedTuple):
    """How one language's words are stemmed, for the index and the client."""

    code: str
    snowball: str | None   # algorithm name, or None for a light stemmer
    endings: tuple[str, ...] = ()

    def js_file(self) -> Path | None:
        return MINIFIED_JS / f"{self.snowball}-stemmer.js" if self.snowball else None

    def client(self) -> dict[str, object]:
        """What the manifest tells the client about this language."""
        if self.snowball:
            return {"snowball": self.snowball}
        return {"endings": list(self.endings), "min": LIGHT_MIN_STEM}


def _base(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


@cache
def language(code: str | None) -> Language | None:
    """The stemming of ``code`` (``ru``, ``de-AT``), or None when there is none."""
    if not code:
        return None
    base = _base(code)
    if base in SNOWBALL and (MINIFIED_JS / f"{SNOWBALL[base]}-stemmer.js").is_file():
        return Language(base, SNOWBALL[base])
    if base in LIGHT_ENDINGS:
        return Language(base, None, LIGHT_ENDINGS[base])
    return None


def light_stem(word: str, endings: tuple[str, ...], min_stem: int = LIGHT_MIN_STEM) -> str:
    """``word`` lower-cased without its longest ending from ``endings``."""
    word = word.lower()
    best = ""
    for ending in endings:
        if len(ending) > len(best) and word.endswith(ending) and \
                len(word) - len(ending) >= min_stem:
            best = ending
    return word[:len(word) - len(best)] if best else word


@cache
def stemmer(code: str) -> Callable[[str], str] | None:
    """A function stemming one word of language ``code``, or None."""
    found = language(code)
    if found is None:
        return None
    if found.snowball:
        algorithm = Stemmer.Stemmer(found.snowball)
        return lambda word: str(algorithm.stemWord(word.lower()))
    endings = found.endings
    return lambda word: light_stem(word, endings)


def same_language(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and _base(a or "") == _base(b or "")
