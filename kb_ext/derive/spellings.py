"""Other spellings of a name that an alias list cannot be expected to hold.

Two families, both general to names from Slavic languages:

- romanisations: one alias written with ``sh``/``ch``/``zh``/``kh`` stands
  for the Czech-style letters (Lukašenka, which ``unify`` makes Lukasenka),
  the Polish digraphs (Łukaszenka) and the German ones (Lukaschenko);
- inflection: Slavic, Baltic, Armenian and Georgian decline names (Путина,
  Лукашэнку, Тихановской, Łukaszenki, Փաշինյանի, კობახიძემ) and German adds a
  genitive ``s`` (Putins). A token matches a one-word alias when it is the
  alias, or the alias without its final vowel (or without a Russian adjective
  ending, Тихановская → Тихановск-ой), plus one of a few case endings.
  English does not decline names, and there such endings mostly make other
  words (George, Crimes, Germans), so the matcher only looks for declined
  forms in text in a declining language (:data:`DECLINING_LANGUAGES`).

Only names long enough to make a wrong match unlikely get either treatment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from ..normalize import fold

#: An alias token must have this many letters to get romanisation variants.
VARIANT_MIN = 7
#: A stem (the alias, maybe without its final vowel) must be this long to take
#: endings: four letters, with the case endings of one of a few languages
#: after it (Rosj-i, Iran-u, Киев-е), is a name; three are not (Kub-a).
STEM_MIN = 4
#: Each word of a name of several words declines from a stem this long: the
#: other words make the match safe (Unii Europejskiej, Владимира Путина).
PHRASE_STEM_MIN = 3

# Each scheme rewrites every digraph of an English-style romanisation at once.
_SCHEMES = (
    {"shch": "sc", "sh": "s", "ch": "c", "zh": "z", "kh": "ch"},        # Lukašenka → Lukasenka
    {"shch": "szcz", "sh": "sz", "ch": "cz", "zh": "z", "kh": "ch"},    # Łukaszenka
    {"shch": "schtsch", "sh": "sch", "ch": "tsch", "zh": "sch", "kh": "ch"},  # Lukaschenko
)
_DIGRAPH = re.compile("shch|sh|ch|zh|kh")

# Case endings (Russian, Belarusian, Ukrainian, Polish, Czech, Lithuanian,
# Armenian, Georgian, and the German genitive), in the folded form tokens are
# compared in: ``fold`` maps the Cyrillic letters that look Latin to Latin ones.
ENDINGS = frozenset(fold(ending) for ending in (
    "a", "u", "e", "i", "y", "o", "s", "om", "em", "ym", "im", "am", "ej", "oj", "ou",
    "ow", "ov", "ie", "owi", "ovi", "ami", "ach", "ych", "ich",
    "as", "is", "ys", "us", "ui", "ą", "ę", "os", "ai",          # Lithuanian
    "а", "у", "е", "и", "ы", "о", "ю", "я", "і", "ом", "ем", "ым", "им", "ам", "ой", "ей",
    "ою", "ёй", "ых", "их", "ами", "ах", "ях", "ям", "аю", "ай",
    "iej", "ego", "emu",                                          # Polish adjectives
    "ого", "его", "ому", "ему", "ій", "ої", "ої", "ім", "ів",     # adjectives, plurals
    "ові", "еві", "єві",                                          # Ukrainian dative
    "ը", "ն", "ի", "ին", "ից", "ով", "ում", "ու",                  # Armenian cases, article
    "მა", "მ", "ს", "ის", "ით", "ად", "ო", "ზე", "ში", "თან"))      # Georgian cases
ENDING_MAX = max(map(len, ENDINGS))
_VOWELS = frozenset(fold("aeiouyаеёиоуыэюяіьй" "აეიოუ"))  # Georgian -ე names: -ის
# Russian and Belarusian adjective endings of feminine and masculine surnames.
_ADJECTIVE_ENDINGS = frozenset(fold(e) for e in ("ая", "ий", "ый", "ой"))
#: Languages (ISO 639-1) whose texts decline names: Slavic, Baltic, German,
#: Armenian and Georgian (Փաշինյանի, კობახიძემ).
DECLINING_LANGUAGES = frozenset(
    "be ru uk pl cs sk sl hr sr bs bg mk lt lv de hy ka".split())


#: Particles Arabic and Hebrew write joined to the front of the next word:
#: Arabic و ف ب ل ك (and, so, with, for, like), Hebrew ו ה ב כ ל מ ש.
PROCLITICS = frozenset("وفبلك" "והבכלמש")
#: Stripped particles above which a word is not a name with particles.
PROCLITICS_MAX = 2
#: Letters a name keeps after its particles are stripped.
PROCLITIC_STEM_MIN = 3


def without_proclitics(token: str) -> list[str]:
    """A folded Arabic or Hebrew word without the particles joined to its
    front, shortest particle first (والسيسي: السيسي). A name's article
    after ل or ב כ ל is not written: للسيسي is ل + السيسي, בכנסת is ב + הכנסת."""
    forms: list[str] = []
    for size in range(1, PROCLITICS_MAX + 1):
        prefix, rest = token[:size], token[size:]
        if len(rest) < PROCLITIC_STEM_MIN or not set(prefix) <= PROCLITICS:
            break
        forms.append(rest)
        if prefix.endswith("ل") and rest.startswith("ل"):
            forms.append("ا" + rest)
        elif prefix[-1] in "בכל":
            forms.append("ה" + rest)
    return forms


#: Korean particles written joined after a name: topic, subject, object,
#: genitive, dative, locative, comitative, instrumental, "also", "only", the
#: honorific subject marker; in the folded form tokens are compared in, where
#: a syllable is its letters (jamo), longest first.
KOREAN_PARTICLES = tuple(sorted((fold(p) for p in (
    "에게서", "께서", "에게", "에서", "으로", "부터", "까지", "이랑", "은", "는", "이", "가", "을",
    "를", "의", "에", "와", "과", "도", "만", "로", "랑")), key=len, reverse=True))
#: Syllables a Korean name keeps without its particle.
KOREAN_STEM_MIN = 2


def _is_hangul(char: str) -> bool:
    """A Hangul letter (jamo), as folded text writes a syllable, or a syllable."""
    return "\u1100" <= char <= "\u11ff" or "\uac00" <= char <= "\ud7a3"


def _syllables(folded: str) -> int:
    """Syllables of folded Korean: one initial consonant each."""
    return sum("\u1100" <= char <= "\u1112" for char in folded)


def may_have_particles(token: str) -> bool:
    """An Arabic or Hebrew word that starts with a particle's letter, or a
    Korean word (its particle would end it)."""
    return token[0] in PROCLITICS or _is_hangul(token[-1])


def without_particles(token: str) -> list[str]:
    """A folded word without the particles joined to it: Arabic and Hebrew
    ones before it (:func:`without_proclitics`), Korean ones after it
    (윤석열은: 윤석열)."""
    if token[0] in PROCLITICS:
        return without_proclitics(token)
    if not _is_hangul(token[-1]):
        return []
    return [token[:-len(particle)] for particle in KOREAN_PARTICLES
            if token.endswith(particle)
            and _syllables(token[:-len(particle)]) >= KOREAN_STEM_MIN]


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


def stems(token: str, least: int = STEM_MIN) -> dict[str, bool]:
    """The stems a folded one-word alias declines from, each with whether it
    is the whole name: itself, itself without a final vowel (Лукашэнка →
    Лукашэнк-у, Россия → Росси-и) or without an adjective ending
    (Тихановская → Тихановск-ой)."""
    found = {token: True} if len(token) >= least else {}
    if token[-1:] in _VOWELS and len(token) - 1 >= least:
        found[token[:-1]] = False
    if token[-2:] in _ADJECTIVE_ENDINGS and len(token) - 2 >= least:
        found[token[:-2]] = False
    return found


def split_ending(token: str, known: Mapping[str, tuple[object, bool]],
                 endings: frozenset[str] = ENDINGS, least: int = STEM_MIN) -> str | None:
    """The stem in ``known`` (stem -> (its name, whether the stem is the whole
    name)) that ``token`` is a declined form of, or None. Only a whole name
    takes the German genitive ``s``: Crimea's stem "crime" plus "s" is
    another word."""
    for size in range(min(ENDING_MAX, len(token) - least), 0, -1):
        stem, ending = token[:-size], token[-size:]
        entry = known.get(stem)
        if entry is not None and ending in endings and (entry[1] or ending != "s"):
            return stem
    return None


# --- Other scripts and the letter variants of one name --------------------
#
# A Cyrillic alias also stands for its Latin spellings: the English-style
# romanisation anyascii gives (Ціханоўская → Tsikhanouskaya, which the
# schemes above turn into Czech, Polish and German spellings) and Belarusian
# Łacinka (Ціханоўская → Cichanoŭskaja, Пуцін → Pucin). Russian, Ukrainian
# and Belarusian write one name with different letters (Путин, Путін, Пуцін;
# Минск, Мінськ; Россия, Росія): tokens are compared by a *skeleton* in which
# those letters are one.

_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Łacinka for the letters that differ from a letter-by-letter reading; the
# soft vowels are "i"+vowel after a consonant and "j"+vowel elsewhere.
_LACINKA = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "ж": "ž", "з": "z",
    "и": "i", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "ŭ", "ф": "f",
    "х": "ch", "ц": "c", "ч": "č", "ш": "š", "щ": "šč", "ы": "y", "э": "e", "ь": "",
    "ъ": "", "'": "", "ʼ": "",
}
_SOFT = {"е": "e", "ё": "o", "є": "e", "ю": "u", "я": "a"}
_LACINKA_VOWELS = frozenset("аеёєиіїоуўыэюяʼ'ьъ")
# Hard consonants: a soft vowel after them is written without the "i".
_HARD = frozenset("жшчщцр")
# Belarusian writes т and д before a soft vowel as ц and дз (Пуцін, Дзмітрый),
# and в after a vowel before a consonant as ў (Ціханоўская).
_TSEKANNE = re.compile("([тТ])(?=[іиеёяюьІИЕЁЯЮЬ])|([дД])(?=[іиеёяюьІИЕЁЯЮЬ])")
_SHORT_V = re.compile("(?<=[аеёиоуыэюяі])в(?![аеёиоуыэюяіь])")


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def _lacinka(text: str) -> str:
    out: list[str] = []
    before = ""
    for char in text:
        lower = char.lower()
        if lower in _SOFT:
            prefix = ("" if before.lower() in _HARD else "j" if not before.isalpha()
                      or before.lower() in _LACINKA_VOWELS else "i")
            latin = prefix + _SOFT[lower]
        else:
            latin = _LACINKA.get(lower, char if not lower.isalpha() else lower)
        out.append(latin[:1].upper() + latin[1:] if char.isupper() and latin else latin)
        before = char
    return "".join(out)


def _tsekanne(text: str) -> str:
    def soften(match: re.Match[str]) -> str:
        t, d = match.groups()
        return {"т": "ц", "Т": "Ц"}[t] if t else d + ("з" if d == "д" else "З")
    return _SHORT_V.sub("ў", _TSEKANNE.sub(soften, text))


def latin_spellings(text: str) -> set[str]:
    """Latin spellings of a Cyrillic ``text`` (an alias as written): English-
    style (anyascii) and Łacinka, of the text and of its Belarusian form."""
    if not has_cyrillic(text):
        return set()
    from anyascii import anyascii
    found = {anyascii(text), _lacinka(text), _lacinka(_tsekanne(text))}
    return {spelling for spelling in found if sum(c.isalpha() for c in spelling) >= STEM_MIN}


# In folded form (``fold`` has already made ё е, й и, ў у, ї і and mapped the
# Latin-looking letters): the letters one name takes in ru, uk and be.
_SKELETON = str.maketrans({"i": "и", "ы": "и", "є": "e", "э": "e", "ґ": "г", "ь": None,
                           "ъ": None, "'": None, "ц": "t"})
_FOLDED_VOWELS = "aeoиiыэяюyєі"
# Doubled consonants (Россия, Росія); doubled vowels are endings (Unii).
_DOUBLE = re.compile(f"(?![{_FOLDED_VOWELS}])(\\w)\\1")
# ў after a vowel before a consonant is the в of another language (Ціханоўская).
_SHORT_U = re.compile(f"(?<=[{_FOLDED_VOWELS}])y(?![{_FOLDED_VOWELS}])")
_DZ = re.compile("дз")


@lru_cache(maxsize=1 << 16)  # names repeat: most calls are for a word seen before
def skeleton(folded: str) -> str:
    """A folded Cyrillic token with the letters that differ between Russian,
    Ukrainian and Belarusian spellings of one name made one: и/і/ы, е/є/э,
    г/ґ, в/ў, т/ц, д/дз, soft signs dropped and doubled letters single
    (Путин, Путін, Пуцін; Минск, Мінськ; Россия, Росія). A Cyrillic word
    of letters that look Latin folds to Latin letters (Мінска: "mihcka"), so
    Latin tokens are made skeletons too; only Cyrillic names are compared
    by it, and a Latin word spelt like one (Tokio, Токио) is that name."""
    folded = _DZ.sub("д", _SHORT_U.sub("b", folded))
    return _DOUBLE.sub(r"\1", folded.translate(_SKELETON))


#: Case endings in skeleton form, for declined forms compared by skeleton.
SKELETON_ENDINGS = frozenset(map(skeleton, ENDINGS))
