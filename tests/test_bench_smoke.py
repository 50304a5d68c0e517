"""The build benchmark (``make bench``) at a tiny size: the generator writes a
corpus whose passages are exactly its body paragraphs, and the bench script
builds it as a plain site and as a KB without a single kb.* warning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.bench.generate import generate, verify_passages

from .conftest import REPO

N = 12


def test_generated_passages_are_the_body_paragraphs(tmp_path: Path) -> None:
    corpus = generate(N, tmp_path)
    assert verify_passages(corpus, tmp_path) == []
    generate(N, tmp_path / "again")
    first = sorted(p.read_bytes() for p in (tmp_path / "articles").iterdir())
    second = sorted(p.read_bytes() for p in (tmp_path / "again" / "articles").iterdir())
    assert first == second, "the generator is not deterministic"
    assert corpus.manifest["counts"]["positions"] >= 4 * 5


def test_bench_smoke(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.run", "--sizes", str(N), "--workdir", str(tmp_path),
         "--jobs", "2"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]

    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert f"| {N} | plain |" in table
    assert f"| {N} | kb |" in table
    assert f"| {N} | **KB ÷ plain** |" in table
    assert f"| {N} | kb -j2 |" in table

    entry = json.loads((tmp_path / "results.json").read_text())["sizes"][str(N)]
    kb = entry["full"]["kb"]
    assert kb["kb_warnings"] == {}, kb["warning_lines"]
    assert kb["warnings"] == 0, kb["warning_lines"]
    assert entry["full"]["plain"]["warnings"] == 0
    assert entry["full"]["kb -j2"]["warnings"] == 0, entry["full"]["kb -j2"]["warning_lines"]
    assert kb["phases"]["read"] > 0 and kb["searchindex_bytes"] > 0

    rebuilds = {r["kind"]: r for r in entry["rebuilds"]}
    assert rebuilds["no change"]["status_written"] == []
    article = rebuilds["one article edited"]
    edited = article["edit"]["docname"]
    assert article["status_read"] == [edited]
    assert edited in article["changed_pages"]
    assert article["changed_not_written"] == []
    claim = rebuilds["one claim edited"]
    assert claim["status_read"] == [claim["edit"]["docname"]]
    for rebuild in entry["rebuilds"]:
        assert rebuild["warnings"] == 0, rebuild["warning_lines"]
    searched = kb["browser_search"]
    assert set(searched) == {"president minister", "potash exports"}
    assert all(got["bytes"] > 0 and got["files"] > 0 for got in searched.values()), searched
    assert any(got["results"] > 0 and "finished" in got["status"]
               for got in searched.values()), {q: g["status"] for q, g in searched.items()}
    assert "First search query downloads" in table
