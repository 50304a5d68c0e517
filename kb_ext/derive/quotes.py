"""Positions checked against their sources: the cited passage exists and
holds the quote. A failed check warns with where the quote really is, or the
closest text, so the curator can copy it again from the page.

The quote is the anchor, the passage id a hint: a quote that is not in the
cited passage but in exactly one other passage of the source counts there
(:attr:`Checked.moved_to`), with a warning naming the passage to cite; in
several passages or none it does not. Never approximately: the closest text
is only a hint. A quote may span two passages a removed line cuts one
sentence into (:func:`spanning`).

Finding the closest text is bounded, since it runs on every build that
derives: only the :data:`HINT_PASSAGES` passages sharing the most words with
the quote are compared, and the comparison (the longest common run of
characters, as before) looks at most at :data:`HINT_QUOTE_CHARS` characters
of the quote and :data:`HINT_TEXT_CHARS` of a passage (in a longer one, the
stretch holding the most of the quote's words). Quotes and passages of
ordinary length are compared whole, as before. A 10 KB mistyped quote
against a 1 MB article (952 passages) took 81 s with a character diff over
every passage whole, and takes 0.4 s.
"""

from __future__ import annotations

import difflib
import heapq
from itertools import accumulate
from typing import NamedTuple

from ..diagnostics import warn
from ..knowledge.domain import KbDomain
from ..knowledge.quoting import quote_counts
from ..knowledge.records import PassageRecord, PositionRecord, SourceRecord
from ..knowledge.suggest import did_you_mean
from ..normalize import WORD, as_written, for_quotes, quote_in

#: passages compared with a quote not found: those sharing the most words with
#: the part of it compared
HINT_PASSAGES = 3
#: characters of the quote compared (its first)
HINT_QUOTE_CHARS = 500
#: characters of a passage compared (the stretch sharing the most words with the quote)
HINT_TEXT_CHARS = 4000
#: longest excerpt a hint shows
HINT_EXCERPT_CHARS = 200


class _Candidate:
    """A passage sharing words with the quote, as compared and as shown."""

    __slots__ = ("order", "passage_id", "shown", "text")

    def __init__(self, order: int, passage_id: str, shown: str, text: str) -> None:
        self.order, self.passage_id, self.shown, self.text = order, passage_id, shown, text

    def __lt__(self, other: _Candidate) -> bool:  # in the heap, a later passage is worse
        return self.order > other.order


def _window(text: str, wanted: set[str]) -> int:
    """Where, in a passage longer than :data:`HINT_TEXT_CHARS`, the stretch
    of that length holding the most ``wanted`` words starts."""
    words = list(WORD.finditer(text))
    if not words:
        return 0
    hits = [0, *accumulate(m.group() in wanted for m in words)]
    best, best_start, end = -1, 0, 0
    for first, word in enumerate(words):  # two pointers: the words fitting from here
        end = max(end, first)
        while end < len(words) and words[end].end() - word.start() <= HINT_TEXT_CHARS:
            end += 1
        if hits[end] - hits[first] > best:
            best, best_start = hits[end] - hits[first], word.start()
    return best_start


def _closest(candidate: _Candidate, quote: str, wanted: set[str]) -> tuple[int, str]:
    """The longest run of characters a passage shares with the quote, and the
    passage's text from where the quote would start there."""
    text = candidate.text
    low = _window(text, wanted) if len(text) > HINT_TEXT_CHARS else 0
    part, head = text[low:low + HINT_TEXT_CHARS], quote[:HINT_QUOTE_CHARS]
    match = difflib.SequenceMatcher(None, part, head, autojunk=False).find_longest_match(
        0, len(part), 0, len(head))
    start = max(0, low + match.a - match.b)
    # Shown with the source's own capitals, unless casefolding changed lengths.
    excerpt = candidate.shown if len(candidate.shown) == len(text) else text
    return match.size, excerpt[start:start + min(len(quote) + 20, HINT_EXCERPT_CHARS)]


def locate_quote(sources: dict[str, SourceRecord], passages: dict[str, PassageRecord],
                 position: PositionRecord) -> str:
    """Where a quote really is in the cited source, or the closest text."""
    source = sources[position.source_id]
    quote = for_quotes(position.quote)
    # The words of the part of the quote compared choose the passages and stretches.
    wanted = set(WORD.findall(quote[:HINT_QUOTE_CHARS]))
    # (words shared, candidate): the HINT_PASSAGES sharing most, the earlier on a tie
    chosen: list[tuple[int, _Candidate]] = []
    for order, passage_id in enumerate(source.passage_ids):
        passage = passages.get(passage_id)
        if passage is None:
            continue
        # Compared folded, shown with the source's own capitals: the user
        # copies the quote from the page again.
        shown = as_written(passage.text)
        text = shown.casefold()
        if quote_in(quote, text):
            return f"the quote is in {passage_id} (raw line {passage.lines[0]})"
        shared = len(wanted.intersection(WORD.findall(text)))
        if shared:
            item = (shared, _Candidate(order, passage_id, shown, text))
            if len(chosen) < HINT_PASSAGES:
                heapq.heappush(chosen, item)
            elif item > chosen[0]:
                heapq.heapreplace(chosen, item)
    best: tuple[int, str, str] = (0, "", "")
    for _, candidate in sorted(chosen, key=lambda item: item[1].order):
        size, excerpt = _closest(candidate, quote, wanted)
        if size > best[0]:  # the longest run; on a tie, the earlier passage
            best = (size, candidate.passage_id, excerpt)
    if best[0]:
        return f"closest text is in {best[1]}: {best[2]!r}"
    return "no similar text in that source"


class Checked(NamedTuple):
    """What checking a position found."""

    verified: bool
    #: the passage (``p<N>``) holding the quote when it is not the one cited
    #: and is the only one in the source that does: the position counts there
    moved_to: str = ""


def holders(source: SourceRecord, passages: dict[str, PassageRecord], quote: str
            ) -> list[PassageRecord]:
    """The passages of ``source`` that hold ``quote`` (compared as quotes are)."""
    folded = for_quotes(quote)
    found = []
    for passage_id in source.passage_ids:
        passage = passages.get(passage_id)
        if passage is not None and quote_in(folded, for_quotes(passage.text)):
            found.append(passage)
    return found


def _elsewhere(source: SourceRecord, passages: dict[str, PassageRecord],
               position: PositionRecord) -> tuple[str, PassageRecord | None]:
    """Where else the quote is: a hint for the warning, and the passage that
    holds it when it is the only one (the quote is the anchor, the cited
    passage a hint; a near match is never evidence)."""
    found = holders(source, passages, position.quote)
    if len(found) == 1:
        passage = found[0]
        cite = f"{position.source_id}/{passage.node_id}"
        return (f"the quote is in {cite} (raw line {passage.lines[0]}) and only there: counted "
                f"as evidence there; cite {cite}", passage)
    if found:
        return (f"the quote is in {len(found)} passages "
                f"({', '.join(p.node_id for p in found)}): not counted as evidence until the "
                "position cites the one meant", None)
    return locate_quote({source.meta.id: source}, passages, position), None


def joins(source: SourceRecord, passages: dict[str, PassageRecord],
          passage: PassageRecord) -> tuple[bool, bool]:
    """Whether a sentence runs on into ``passage`` from the one before, and
    from it into the one after, across lines the cleaner removed
    (:attr:`PassageRecord.continues`): what :func:`spanning` reads besides
    the texts, so part of what a verified quote was checked against."""
    index = passage.number - 1
    ids = source.passage_ids
    if not 0 <= index < len(ids) or ids[index] != f"{source.meta.id}/{passage.node_id}":
        return False, False
    after = passages.get(ids[index + 1]) if index + 1 < len(ids) else None
    return (passage.continues and index > 0 and ids[index - 1] in passages,
            after is not None and after.continues)


def spanning(source: SourceRecord, passages: dict[str, PassageRecord],
             passage: PassageRecord) -> list[str]:
    """The texts a quote cited in ``passage`` may be in: the passage, and
    the passage joined with its neighbour when a sentence runs on between
    them (:func:`joins`)."""
    texts = [passage.text]
    before, after = joins(source, passages, passage)
    ids, index = source.passage_ids, passage.number - 1
    if before:
        texts.append(f"{passages[ids[index - 1]].text} {passage.text}")
    if after:
        texts.append(f"{passage.text} {passages[ids[index + 1]].text}")
    return texts


def check_position(domain: KbDomain, position: PositionRecord) -> Checked:
    """Whether the position's quote is in its passage, or in exactly one other
    passage of its source (:attr:`Checked.moved_to`); warns if not in the
    cited one (a missing or too short quote was reported by the directive)."""
    sources, passages = domain.sources, domain.passages
    location = position.location
    source = sources.get(position.source_id)
    if source is None:
        warn("ref", f"position on claim {position.claim_id!r} cites unknown source "
             f"{position.source_id!r}{did_you_mean(domain, 'source', position.source_id)}",
             location=location)
        return Checked(False)
    passage_id = f"{position.source_id}/{position.passage}"
    passage = passages.get(passage_id)
    counts = quote_counts(position.quote)
    if passage is None:
        # Where the quote is instead, unless it is too short to tell.
        hint, moved = _elsewhere(source, passages, position) if counts else ("", None)
        hint = f"; {hint}" if hint else ""
        if not position.passage:
            warn("directive", f"kb:position {position.source_id!r} names no passage (use "
                 f"<source-id>/p<N>){hint}", location=location)
        else:
            warn("ref", f"position on claim {position.claim_id!r} cites unknown passage "
                 f"{passage_id!r} ({len(source.passage_ids)} passages in that source){hint}",
                 location=location)
        return Checked(moved is not None, moved.node_id if moved else "")
    if not counts:
        return Checked(False)  # no quote, or too short: the directive warned (kb.quote)
    if not any(quote_in(for_quotes(position.quote), for_quotes(text))
               for text in spanning(source, passages, passage)):
        hint, moved = _elsewhere(source, passages, position)
        warn("quote", f"quote not found in {passage_id}: {position.quote[:80]!r}; {hint}",
             location=location)
        return Checked(moved is not None, moved.node_id if moved else "")
    return Checked(True)
