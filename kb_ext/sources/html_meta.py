"""The author a saved page declares for itself, against trafilatura's guess.

trafilatura reads the author from the page's metadata, and failing that
guesses it from the text near elements named like an author's. The guess
can be a label: "Authority control" (Wikipedia's navigation box), "Username"
(a comment form), 作者 ("author") before the name. When the page declares
its author (``<meta name="author">``, JSON-LD ``author``) and the guess
names none of the declared names, the declared ones are the page's word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

#: ``<meta>`` names and properties whose content is an author's name.
AUTHOR_META = frozenset({"author", "article:author", "dc.creator", "dcterms.creator",
                         "parsely-author", "sailthru.author"})
#: Longest JSON-LD script read, in characters: a page's metadata, not its data.
JSON_LD_MAX = 200_000
#: The CDATA wrapper some sites put around JSON-LD (Wikipedia's, MediaWiki's).
_CDATA = re.compile(r"^\s*(//\s*)?<!\[CDATA\[|(//\s*)?\]\]>\s*$")
#: A link beside a name: "Bradley M. Kuhn (http://ebb.org/bkuhn/)".
_LINK = re.compile(r"\(?\s*(https?://|www\.)\S+?\s*(\)|$)")


def _names(value: Any) -> Iterator[str]:
    """Authors' names in a JSON-LD ``author`` value: a string, a Person, a list."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from _names(value.get("name"))
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


def _json_ld_authors(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        if "author" in data:
            yield from _names(data["author"])
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            yield from _json_ld_authors(data.get(key))
    elif isinstance(data, list):
        for item in data:
            yield from _json_ld_authors(item)


def _is_name(text: str) -> bool:
    """Not a handle, a link or a number: something a reader can read as a name."""
    return any(char.isalpha() for char in text) and not text.startswith("@")


def declared_authors(root: Any) -> list[str]:
    """The authors' names the page's metadata declares, in order, once each."""
    found: list[str] = []
    if root is None:
        return found
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key in AUTHOR_META and meta.get("content"):
            found.append(str(meta.get("content")))
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = _CDATA.sub("", script.text or "")
        if len(text) > JSON_LD_MAX:
            continue
        try:
            data = json.loads(text)
        except ValueError:  # broken JSON-LD is common; the page's other metadata stands
            continue
        found.extend(_json_ld_authors(data))
    names: dict[str, str] = {}
    for name in (" ".join(_LINK.sub(" ", str(n)).split()) for n in found):
        if _is_name(name):
            names.setdefault(name.casefold(), name)
    return list(names.values())


def page_author(guess: str, declared: list[str]) -> str:
    """trafilatura's author, unless the page declares authors it names none of."""
    if not declared:
        return guess
    wanted = [name.casefold() for name in declared]
    guessed = [part.strip().casefold() for part in guess.split(";") if part.strip()]
    if any(g in w or w in g for g in guessed for w in wanted):
        return guess
    return "; ".join(declared)
