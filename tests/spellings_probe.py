"""Mention recall and precision on the spellings probe (tests/roots/test-spellings).

``expected.txt`` there lists, for each passage, the actors it names, read
by hand. Run ``python -m tests.spellings_probe <built html folder>`` to
compare a build's actor pages with it; tests/test_spellings.py asserts the
same comparison."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import NamedTuple

from bs4 import BeautifulSoup

ROOT = Path(__file__).parent / "roots" / "test-spellings"
_ANCHOR = re.compile(r"sources/([^/.#]+)\.html#(p\d+)$")


class Expected(NamedTuple):
    #: (passage id, actor id) of every mention a reader sees
    mentions: frozenset[tuple[str, str]]
    #: the ones kb_ext is known to miss ("?id")
    missed: frozenset[tuple[str, str]]
    #: matches kb_ext is known to make where the actor is not named ("!id")
    false: frozenset[tuple[str, str]]


def expected(path: Path = ROOT / "expected.txt") -> Expected:
    mentions, missed, false = set(), set(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        passage, _, actors = line.partition(":")
        for actor in actors.split():
            pair = (passage.strip(), actor.lstrip("?!"))
            if actor.startswith("!"):
                false.add(pair)
                continue
            mentions.add(pair)
            if actor.startswith("?"):
                missed.add(pair)
    return Expected(frozenset(mentions), frozenset(missed), frozenset(false))


def found(html: Path) -> set[tuple[str, str]]:
    """(passage id, actor id) of every passage an actor's page lists as naming it."""
    soup = BeautifulSoup((html / "actors.html").read_text(encoding="utf-8"), "html.parser")
    pairs = set()
    for actor in soup.select("div.kb-actor[id^=kb-actor-]"):
        actor_id = actor["id"].removeprefix("kb-actor-")
        for link in actor.select("ul.kb-mentions a[href]"):
            match = _ANCHOR.search(link["href"])
            if match:
                pairs.add((f"{match[1]}/{match[2]}", actor_id))
    return pairs


def report(html: Path) -> str:
    want, got = expected().mentions, found(html)
    hits = want & got
    lines = [f"mentions {len(want)}, found {len(got)}, right {len(hits)}",
             f"recall {len(hits) / len(want):.2f}, precision "
             f"{len(hits) / len(got) if got else 1:.2f}"]
    lines += [f"missed {p} {a}" for p, a in sorted(want - got)]
    lines += [f"false  {p} {a}" for p, a in sorted(got - want)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(Path(sys.argv[1])))
