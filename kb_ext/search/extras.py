"""What the client needs beyond Sphinx's index: per-page facts and stemmers.

:func:`collect` asks :mod:`.pageinfo` about every page once the build is
done and returns :class:`Extras`, keyed by docname (so that it can be
digested into the stamp before the full index is parsed). :func:`for_client`
turns it into the client's form for one index: the languages (how the client
stems a query word in each), the pages that rank first as a bitmap of document
numbers (:mod:`.postings`), and each page's subtitle (the sharded index files
subtitles in its metadata files instead, :mod:`.shards`).

:func:`write_stemmers` copies Sphinx's own JavaScript Snowball stemmers for
the site's languages to ``_kb_stemmers/``; the client loads one only when a
query word is written in its alphabet.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from sphinx.application import Sphinx

from ..outputs.files import write_if_changed
from .encoding import dumps
from .languages import language, same_language
from .pageinfo import page_info
from .postings import encode_postings

STEMMER_DIR = "_kb_stemmers"


class Extras(NamedTuple):
    languages: dict[str, dict[str, object]]   # code -> the client's stemmer
    primary: frozenset[str]                   # docnames ranked first
    subtitles: dict[str, str]                 # docname -> subtitle

    def digest_input(self) -> str:
        return dumps([self.languages, sorted(self.primary), self.subtitles])


def collect(app: Sphinx, docnames: list[str]) -> Extras:
    project = app.config.html_search_language or app.config.language
    languages: dict[str, dict[str, object]] = {}
    primary: set[str] = set()
    subtitles: dict[str, str] = {}
    for docname in docnames:
        info = page_info(app, docname)
        if info.primary:
            primary.add(docname)
        if info.subtitle:
            subtitles[docname] = info.subtitle
        found = language(info.language)
        if found and found.code not in languages and not same_language(found.code, project):
            languages[found.code] = found.client()
    return Extras(dict(sorted(languages.items())), frozenset(primary), subtitles)


def for_client(extras: Extras, docnames: list[str]) -> dict[str, Any]:
    """The extras in the client's form, for an index of ``docnames``."""
    numbers = [n for n, name in enumerate(docnames) if name in extras.primary]
    return {"languages": extras.languages,
            "primary": encode_postings(numbers, len(docnames)) if numbers else [],
            "stemmers": STEMMER_DIR}


def subtitles_by_number(extras: Extras, docnames: list[str]) -> list[str | None]:
    return [extras.subtitles.get(name) for name in docnames]


def write_stemmers(outdir: Path, extras: Extras) -> None:
    """``_kb_stemmers/<name>-stemmer.js`` for each Snowball language of the site,
    and Sphinx's ``base-stemmer.js`` they need."""
    target = outdir / STEMMER_DIR
    wanted = {}
    for code in extras.languages:
        found = language(code)
        js = found.js_file() if found else None
        if js is not None:
            wanted[js.name] = js.read_bytes()
            # loaded when the page has no Snowball stemmer of its own
            wanted["base-stemmer.js"] = (js.parent / "base-stemmer.js").read_bytes()
    if not wanted:
        if target.is_dir():
            for entry in os.scandir(target):
                os.unlink(entry.path)
            target.rmdir()
        return
    target.mkdir(exist_ok=True)
    for name, data in wanted.items():
        write_if_changed(target / name, data)
    for entry in os.scandir(target):
        if entry.name not in wanted:
            os.unlink(entry.path)
