"""Text normalisation shared by quote verification and mention matching.

Scraped text mixes typographic quotes, dashes, invisible characters and
look-alike letters from other scripts (a Cyrillic "е" inside "Thе"). Both
sides of every comparison go through the same functions, so a quote or an
alias matches whatever mix of these a source uses.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

# Cyrillic and Greek letters that render like Latin ones. Mapping them on both
# sides keeps Cyrillic aliases matching Cyrillic text while letting a stray
# homoglyph inside a Latin word match its Latin spelling.
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "ӏ": "l", "һ": "h", "ԛ": "q", "ԝ": "w",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
}
_QUOTES = dict.fromkeys("‘’‚‛′`´ʼʹ", "'") | dict.fromkeys("“”„‟″«»", '"')
_DASHES = dict.fromkeys("‐‑‒–—―−⁃", "-")
# Zero-width characters and bidi controls carry no visible text.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    None,
)
_HOMOGLYPHS |= {key.upper(): value.upper() for key, value in _HOMOGLYPHS.items()
                if key.upper() != key}
# Latin letters with a stroke, which have no decomposition to drop a mark from
# (Łukaszenka must fold like Lukaszenka).
_STROKED = {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ħ": "h", "Ħ": "H",
            "ı": "i", "ŧ": "t", "Ŧ": "T"}
_LOOKALIKES = {**_HOMOGLYPHS, **_STROKED, **_QUOTES, **_DASHES}
# Regular expressions, not str.translate: scanning for a character class runs
# at C speed, while translate looks every character up in a dict (4x slower
# on 13,600 passages, the cost of every mention scan and quote check).
_LOOKALIKE = re.compile("[" + re.escape("".join(_LOOKALIKES)) + "]")
_INVISIBLE_CHARS = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
_SPACE = re.compile(r"\s+")
#: Combining diacritics, and the vowel points and cantillation of Hebrew and
#: the short vowels, shadda and superscript alef of Arabic, with the tatweel
#: that only stretches a word (السِّيسِي, السيـسي: السيسي), as a name's alias
#: is written without them.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
                    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u0640]")


def drop_invisible(text: str) -> str:
    """Remove zero-width, soft-hyphen and bidi control characters."""
    return _INVISIBLE_CHARS.sub("", text)


def _lookalike(match: re.Match[str]) -> str:
    return _LOOKALIKES[match.group()]


def unify(text: str) -> str:
    """Keep case, but drop diacritics and invisible characters and map
    look-alike letters, stroked letters, quotes and dashes to one form
    (Lukašenka → Lukasenka, Łukaszenka → Lukaszenka)."""
    if not text.isascii():  # ASCII is its own normal form, with no marks or invisibles
        text = _INVISIBLE_CHARS.sub("", unicodedata.normalize("NFKC", text))
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return _LOOKALIKE.sub(_lookalike, text)


def unified_offsets(text: str, unified: str) -> list[int] | None:
    """Where each character of ``unified`` (``unify(text)``) comes from in
    ``text``, with ``len(text)`` at the end, when unifying changed the
    length (NFKC's … is ..., Arabic أ is ا and a hamza, a soft hyphen is
    dropped); None when it did not, and offsets are the same in both."""
    if len(unified) == len(text):
        return None
    offsets: list[int] = []
    for index, char in enumerate(text):
        offsets.extend([index] * len(unify(char)))
    if len(offsets) != len(unified):  # unified across characters: no exact map
        return None
    offsets.append(len(text))
    return offsets


def fold(text: str) -> str:
    """``unify`` and lower-case: the form used for case-insensitive matching."""
    return unify(text).casefold()


# Only real HTML element names: "<<We will never give up>>" is text.
_TAG = re.compile(
    r"</?(a|abbr|address|article|aside|b|bdi|bdo|blockquote|body|br|button|caption|center|cite"
    r"|code|dd|del|details|dfn|div|dl|dt|em|figcaption|figure|font|footer|form|h[1-6]|head"
    r"|header|hr|html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|nav|noscript"
    r"|ol|option|p|picture|pre|q|s|samp|script|section|select|small|source|span|strike"
    r"|strong|style|sub|summary|sup|svg|table|tbody|td|tfoot|th|thead|time|title|tr|u|ul"
    r"|var|video|wbr)\b[^<>]*>", re.IGNORECASE)
# Elements inside a line of text: dropping them must not split a word.
_INLINE = frozenset("a abbr b bdi bdo cite code del dfn em font i ins kbd mark q s samp small "
                    "span strike strong sub sup time u var".split())
# Only entities with their semicolon ("&section=" in a URL is not "§ion=").
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")
_MD_STRONG = re.compile(r"(?<!\w)(\*\*|__)(?=\S)|(?<=\S)(\*\*|__)(?!\w)")


def _tag(match: re.Match[str]) -> str:
    return "" if match.group(1).lower() in _INLINE else " "


def plain(text: str) -> str:
    """Text without the markup a scraped page may leave in it: HTML tags and
    entities (``&#8217;``), Markdown links and bold marks. Quotes are compared
    on this, so a plain quote matches marked-up source text and back."""
    if "<" in text:
        text = _TAG.sub(_tag, text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _MD_STRONG.sub("", text)
    return text


def as_written(text: str) -> str:
    """Markup dropped, look-alikes unified, whitespace collapsed, case kept:
    text as it is compared, in a form to show to a user."""
    return _SPACE.sub(" ", unify(plain(text))).strip()


def for_quotes(text: str) -> str:
    """Normal form for quote verification: :func:`as_written`, case-folded."""
    return as_written(text).casefold()


WORD = re.compile(r"[\w\u0300-\u036f]+")

# An ellipsis in a quote marks words left out: "...", "…" (NFKC makes it
# "..."), alone or in brackets.
_GAP = re.compile(r"\s*(?:[\[(]\s*\.\s*\.\s*\.\s*[\])]|\.\s*\.\s*\.)\s*")


def quote_in(quote: str, text: str) -> bool:
    """Whether ``quote`` appears in ``text``, both in :func:`for_quotes` form.
    The parts of a quote shortened with an ellipsis must appear in order, each
    as whole words ("I will ... sign" is not in "I will never resign")."""
    parts = [part for part in _GAP.split(quote) if part]
    if len(parts) == 1:
        return parts[0] in text
    start = 0
    for part in parts:
        found = re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text[start:])
        if found is None:
            return False
        start += found.end()
    return bool(parts)


def url_host(url: str) -> str:
    """A URL's host in lower case without ``www.``; "" for none or a URL that
    does not parse. Outlets are matched by it (curator rules, learnt furniture)."""
    try:
        return (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    except ValueError:
        return ""
