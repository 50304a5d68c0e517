"""How much text a position's quote must hold to count as evidence.

A quote is found in its passage by substring search, so a very short one
("." or "the") is found almost anywhere and proves nothing. A quote counts
only if, in the form quotes are compared in (:func:`kb_ext.normalize.for_quotes`:
markup dropped, look-alike letters unified, case folded), it has at least
:data:`MIN_QUOTE_WORDS` words and :data:`MIN_QUOTE_CHARS` letters or digits.
"""

from __future__ import annotations

from ..normalize import WORD, for_quotes

MIN_QUOTE_WORDS = 2
MIN_QUOTE_CHARS = 10


def quote_problem(quote: str) -> str | None:
    """Why ``quote`` cannot count as evidence, or None when it can."""
    if not quote.strip():
        return "has no quote"
    words = WORD.findall(for_quotes(quote))
    chars = sum(len(word) for word in words)
    if len(words) < MIN_QUOTE_WORDS or chars < MIN_QUOTE_CHARS:
        return (f"quote {quote[:40]!r} is too short to check (a quote needs at least "
                f"{MIN_QUOTE_WORDS} words and {MIN_QUOTE_CHARS} letters or digits)")
    return None


def quote_counts(quote: str) -> bool:
    return quote_problem(quote) is None
