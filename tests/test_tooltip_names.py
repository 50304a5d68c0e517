"""Tooltip data files, ``_static/kb-evidence/<shard_name(page)>.js``: one file
per page, with a short name, computed alike by Python and by ``kb.js``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kb_ext.outputs.tooltips import SHARD_NAME_MAX, fnv1a64, shard_name

KB_JS = Path(__file__).resolve().parent.parent / "kb_ext" / "static" / "kb.js"
FILE_STEM = re.compile(r"[A-Za-z0-9._~-]+")

# Pages whose names used to share a file, or are long, or not ASCII.
PAGES = [
    "sources/x.html", "sources_x.html", "sources/x/", "sources_x/",
    "a/b", "a_b", "a~5f~b", "a~2f~b", "a_2f_b", "a/_b", "a_/b", "a__b", "a//b",
    "claims/gas prices.html", "claims/gas_prices.html", "claims/gas-prices.html",
    "Ёлка/ёж.html", "日本/語.html", "emoji/😀.html", "quote\"amp&lt.html",
    "x" * (SHARD_NAME_MAX - 1), "x" * SHARD_NAME_MAX, "x" * (SHARD_NAME_MAX + 1),
    "x" * 500 + ".html", "x" * 500 + "y.html", "sources/" + "a" * 300 + ".html",
    "sources/" + "a" * 300 + "-b.html", "ж" * 60 + ".html", "ж" * 61 + ".html",
    "", "index.html",
]


def test_shard_names_are_one_per_page_and_short() -> None:
    names = [shard_name(page) for page in PAGES]
    assert len(set(names)) == len(PAGES), [n for n in names if names.count(n) > 1]
    for page, name in zip(PAGES, names, strict=True):
        assert not page or FILE_STEM.fullmatch(name), (page, name)
        assert len(name) <= SHARD_NAME_MAX + 1, (page, len(name))
    assert shard_name("sources/x.html") != shard_name("sources_x.html")


def test_ordinary_page_names_keep_their_file_names() -> None:
    assert shard_name("sources/rt-2021-belarus.html") == "sources_rt-2021-belarus.html"
    assert shard_name("claims/index.html") == "claims_index.html"
    assert shard_name("claims/") == "claims_"


def test_fnv1a64_known_values() -> None:
    # Published FNV-1a 64 test vectors.
    assert fnv1a64("") == "cbf29ce484222325"
    assert fnv1a64("a") == "af63dc4c8601ec8c"
    assert fnv1a64("foobar") == "85944171f73967e8"


def shard_names_in_js(pages: list[str]) -> list[str]:
    """``kb.js``'s own shardName, cut out of the file and run by node."""
    source = KB_JS.read_text(encoding="utf-8")
    block = re.search(r"// -- shard names:.*?\n(.*?)\n\s*// -- end of shard names --",
                      source, re.DOTALL)
    assert block, "kb.js has no shard-name block"
    script = (block[1] + "\nconst pages = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "\nprocess.stdout.write(JSON.stringify(pages.map(shardName)));\n")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: kb.js's shard names cannot be run here")
    done = subprocess.run([node, "-e", script], input=json.dumps(pages), capture_output=True,
                          text=True, encoding="utf-8", check=True, timeout=60)
    return json.loads(done.stdout)


def test_kb_js_names_the_same_files() -> None:
    assert shard_names_in_js(PAGES) == [shard_name(page) for page in PAGES]
