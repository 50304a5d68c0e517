"""Positions checked against their sources: the cited passage exists and
holds the quote. A failed check warns with where the quote really is, or the
closest text, so the curator can copy it again from the page."""

from __future__ import annotations

import difflib

from ..diagnostics import warn
from ..knowledge.quoting import quote_counts
from ..knowledge.records import PassageRecord, PositionRecord, SourceRecord
from ..normalize import as_written, for_quotes, quote_in


def locate_quote(sources: dict[str, SourceRecord], passages: dict[str, PassageRecord],
                 position: PositionRecord) -> str:
    """Where a quote really is in the cited source, or the closest text."""
    source = sources[position.source_id]
    quote = for_quotes(position.quote)
    best: tuple[int, str, str] = (0, "", "")
    for passage_id in source.passage_ids:
        passage = passages[passage_id]
        # Compared folded, shown with the source's own capitals: the user
        # copies the quote from the page again.
        shown = as_written(passage.text)
        text = shown.casefold()
        if quote_in(quote, text):
            return f"the quote is in {passage_id} (raw line {passage.lines[0]})"
        match = difflib.SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(
            0, len(text), 0, len(quote))
        if match.size > best[0]:
            start = max(0, match.a - match.b)
            excerpt = shown if len(shown) == len(text) else text  # casefold may change lengths
            best = (match.size, passage_id, excerpt[start:start + len(quote) + 20])
    if best[0]:
        return f"closest text is in {best[1]}: {best[2]!r}"
    return "no similar text in that source"


def check_position(sources: dict[str, SourceRecord], passages: dict[str, PassageRecord],
                   position: PositionRecord) -> bool:
    """Whether the position's passage exists and holds its quote; warns if not
    (a missing or too short quote was reported by the directive)."""
    location = (position.docname, position.lineno)
    source = sources.get(position.source_id)
    if source is None:
        warn("ref", f"position on claim {position.claim_id!r} cites unknown source "
             f"{position.source_id!r}", location=location)
        return False
    passage_id = f"{position.source_id}/{position.passage}"
    passage = passages.get(passage_id)
    if passage is None:
        hint = (f"; {locate_quote(sources, passages, position)}"
                if quote_counts(position.quote) else "")
        warn("ref", f"position on claim {position.claim_id!r} cites unknown passage "
             f"{passage_id!r} ({len(source.passage_ids)} passages in that source){hint}",
             location=location)
        return False
    if not quote_counts(position.quote):
        return False  # no quote, or too short: the directive warned (kb.quote)
    if not quote_in(for_quotes(position.quote), for_quotes(passage.text)):
        warn("quote", f"quote not found in {passage_id}: {position.quote[:80]!r}; "
             f"{locate_quote(sources, passages, position)}", location=location)
        return False
    return True
