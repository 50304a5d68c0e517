"""Other spellings of a name that an alias list cannot be expected to hold.

Two families, both general to names from Slavic languages:

- romanisations: one alias written with ``sh``/``ch``/``zh``/``kh`` stands
  for the Czech-style letters (Lukašenka, which ``unify`` makes Lukasenka),
  the Polish digraphs (Łukaszenka) and the German ones (Lukaschenko);
- inflection: Slavic languages decline names (Путина, Лукашэнку, Тихановской,
  Łukaszenki) and German adds a genitive ``s`` (Putins). A token matches a
  one-word alias when it is the alias, or the alias without its final vowel,
  plus one of a few case endings.

Only names long enough to make a wrong match unlikely get either treatment.
"""

from __future__ import annotations

import re

from .normalize import fold

#: An alias token must have this many letters to get romanisation variants.
VARIANT_MIN = 6
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
    "а", "у", "е", "и", "ы", "о", "ю", "я", "і", "ом", "ем", "ым", "им", "ам", "ой", "ей",
    "ою", "ёй", "ых", "их", "ами", "ах", "ях", "ям", "аю", "ай"))
ENDING_MAX = max(map(len, ENDINGS))
_VOWELS = frozenset(fold("aeiouyаеёиоуыэюяіьй"))


def romanisations(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Folded alias ``tokens`` as the other romanisation schemes write them
    (each scheme applied to every long enough token)."""
    if not any(len(token) >= VARIANT_MIN and _DIGRAPH.search(token) for token in tokens):
        return set()
    variants = set()
    for scheme in _SCHEMES:
        variants.add(tuple(
            _DIGRAPH.sub(lambda m, s=scheme: s[m.group()], token)
            if len(token) >= VARIANT_MIN else token for token in tokens))
    variants.discard(tokens)
    return variants


def stems(token: str) -> set[str]:
    """The stems a folded one-word alias declines from: itself, and itself
    without a final vowel (Лукашэнка → Лукашэнк-у, Россия → Росси-и)."""
    found = {token} if len(token) >= STEM_MIN else set()
    if token[-1:] in _VOWELS and len(token) - 1 >= STEM_MIN:
        found.add(token[:-1])
        if token[-2:-1] in _VOWELS and len(token) - 2 >= STEM_MIN:  # Тихановская → Тихановск-ой
            found.add(token[:-2])
    return found


def split_ending(token: str, known: dict[str, object]) -> str | None:
    """The stem in ``known`` that ``token`` is an inflected form of, or None."""
    for size in range(min(ENDING_MAX, len(token) - STEM_MIN), 0, -1):
        stem, ending = token[:-size], token[-size:]
        if stem in known and ending in ENDINGS:
            return stem
    return None
