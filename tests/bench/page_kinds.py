"""Furniture lines left in view and article lines lost on the page-kind
probes: ``python tests/bench/page_kinds.py tests/roots/test-pagekinds``.

A raw line is in view when the cleaner makes it a passage, heading or
comment. Each non-blank raw line may be in view as often as the expected
article (``expected/<name>.tsv``) holds it; any more is furniture left in
view, any fewer an article line lost. Text is compared without markup (an
RSS item's tags and CDATA), as a reader reads it.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from kb_ext.normalize import plain
from kb_ext.sources.clean import COMMENT, HEADING, PASSAGE
from kb_ext.sources.cut_sentences import join_cut_sentences
from kb_ext.sources.formats import cleaned_segments, read_source
from kb_ext.sources.page_meta import merged
from kb_ext.sources.sidecar import find_sidecars, load_sidecar

LETTER = {PASSAGE: "P", HEADING: "H", COMMENT: "C"}
_MARKUP = re.compile(r"<!\[CDATA\[|\]\]>|<[^<>]+>")


def norm(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", plain(text)).split())


def measure(raw: Path, expected_file: Path) -> tuple[int, int, bool]:
    source = read_source(raw)
    sidecars = find_sidecars(raw)
    sidecar, _ = merged(load_sidecar(sidecars[0] if sidecars else None), source)
    segments = cleaned_segments(source, sidecar.get("title"))
    # As the page numbers passages (after the curator's corrections, none here).
    segments = join_cut_sentences(segments)
    expected = [(kind, norm(item)) for kind, item in
                (line.split("\t", 1) for line in expected_file.read_text().splitlines() if line)]
    allowed: Counter[str] = Counter()
    # Each raw line as its segment holds it (an XML dump's item line: its text).
    for line in (line for segment in segments for line in segment.lines):
        if n := norm(line):
            allowed[n] = max(allowed[n], sum(n in item for _, item in expected))
    used: Counter[str] = Counter()
    left = 0
    for segment in segments:
        if segment.kind not in LETTER:
            continue
        for line in segment.lines:
            if n := norm(line):
                used[n] += 1
                left += used[n] > allowed[n]
    lost = sum(max(0, allowed[n] - used[n]) for n in allowed)
    shown = [(LETTER[s.kind], norm(s.text)) for s in segments if s.kind in LETTER]
    return left, lost, shown == expected


def main(root: Path) -> None:
    totals = [0, 0, 0]
    probes = sorted((root / "expected").glob("*.tsv"))
    for expected_file in probes:
        left, lost, exact = measure(root / "sources_raw" / f"{expected_file.stem}.txt",
                                    expected_file)
        totals = [totals[0] + left, totals[1] + lost, totals[2] + exact]
        print(f"{expected_file.stem:10} furniture left in view {left:2}  article lines lost "
              f"{lost:2}  shown exactly as expected: {exact}")
    print(f"total: furniture left in view {totals[0]}, article lines lost {totals[1]}, "
          f"pages exactly as expected {totals[2]}/{len(probes)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
