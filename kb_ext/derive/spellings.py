"""Other spellings of a name that an alias list cannot be expected to hold.

Two families, both general to names from Slavic languages:

- romanisations: one alias written with ``sh``/``ch``/``zh``/``kh`` stands
  for the Czech-style letters (Lukašenka, which ``unify`` makes Lukasenka),
  the Polish digraphs (Łukaszenka) and the German ones (Lukaschenko);
- inflection: Slavic languages decline names (Путина, Лукашэнку, Тихановской,
  Łukaszenki) and German adds a genitive ``s`` (Putins). A token matches a
  one-word alias when it is the alias, or the alias without its final vowel
  (or without a Russian adjective ending, Тихановская → Тихановск-ой), plus
  one of a few case endings. English does not decline names, and there such
  endings mostly make other words (George, Crimes, Germans), so the matcher
  only looks for declined forms in text in a declining language
  (:data:`DECLINING_LANGUAGES`).

Only names long enough to make a wrong match unlikely get either treatment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..normalize import fold

#: An alias token must have this many letters to get romanisation variants.
VARIANT_MIN = 7
#: A stem (the alias, maybe without its final vowel) must be this long to take endings.
STEM_MIN = 5

# Each scheme rewrites every digraph of an English-style romanisation at once.
_SCHEMES = (
    {"shch": "sc", "sh": "s", "ch": "c", "zh": "z", "kh": "ch"},        # Lukašenka → Lukasenka
    {"shch": "szcz", "sh": "sz", "ch": "cz", "zh": "z", "kh": "ch"},    # Łukaszenka
    {"shch": "schtsch", "sh": "sch", "ch": "tsch", "zh": "sch", "kh": "ch"},  # Lukaschenko
)
_DIGRAPH = re.compile("shch|sh|ch|zh|kh")

# Case endings (Russian, Belarusian, Ukrainian, Polish, Czech, and the German
# genitive), in the folded form tokens are compared in: ``fold`` maps the
# Cyrillic letters that look Latin to Latin ones.
ENDINGS = frozenset(fold(ending) for ending in (
    "a", "u", "e", "i", "y", "o", "s", "om", "em", "ym", "im", "am", "ej", "oj", "ou",
    "ow", "ov", "ie", "owi", "ovi", "ami", "ach", "ych", "ich",
    "as", "is", "ys", "us", "ui", "ą", "ę", "os", "ai",          # Lithuanian
    "а", "у", "е", "и", "ы", "о", "ю", "я", "і", "ом", "ем", "ым", "им", "ам", "ой", "ей",
    "ою", "ёй", "ых", "их", "ами", "ах", "ях", "ям", "аю", "ай"))
ENDING_MAX = max(map(len, ENDINGS))
_VOWELS = frozenset(fold("aeiouyаеёиоуыэюяіьй"))
# Russian and Belarusian adjective endings of feminine and masculine surnames.
_ADJECTIVE_ENDINGS = frozenset(fold(e) for e in ("ая", "ий", "ый", "ой"))
#: Languages (ISO 639-1) whose texts decline names: Slavic, Baltic, German.
DECLINING_LANGUAGES = frozenset(
    "be ru uk pl cs sk sl hr sr bs bg mk lt lv de".split())


def romanisations(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Folded alias ``tokens`` as the other romanisation schemes write them
    (each scheme applied to every long enough token)."""
    if not any(len(token) >= VARIANT_MIN and _DIGRAPH.search(token) for token in tokens):
        return set()
    variants = set()
    for scheme in _SCHEMES:
        def spell(match: re.Match[str], scheme: Mapping[str, str] = scheme) -> str:
            return scheme[match.group()]
        variants.add(tuple(_DIGRAPH.sub(spell, token) if len(token) >= VARIANT_MIN else token
                           for token in tokens))
    variants.discard(tokens)
    return variants


def stems(token: str) -> dict[str, bool]:
    """The stems a folded one-word alias declines from, each with whether it
    is the whole name: itself, itself without a final vowel (Лукашэнка →
    Лукашэнк-у, Россия → Росси-и) or without an adjective ending
    (Тихановская → Тихановск-ой)."""
    found = {token: True} if len(token) >= STEM_MIN else {}
    if token[-1:] in _VOWELS and len(token) - 1 >= STEM_MIN:
        found[token[:-1]] = False
    if token[-2:] in _ADJECTIVE_ENDINGS and len(token) - 2 >= STEM_MIN:
        found[token[:-2]] = False
    return found


def split_ending(token: str, known: Mapping[str, tuple[object, bool]]) -> str | None:
    """The stem in ``known`` (stem -> (its name, whether the stem is the whole
    name)) that ``token`` is a declined form of, or None. Only a whole name
    takes the German genitive ``s``: Crimea's stem "crime" plus "s" is
    another word."""
    for size in range(min(ENDING_MAX, len(token) - STEM_MIN), 0, -1):
        stem, ending = token[:-size], token[-size:]
        entry = known.get(stem)
        if entry is not None and ending in ENDINGS and (entry[1] or ending != "s"):
            return stem
    return None
