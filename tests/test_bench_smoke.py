"""The build benchmark (``make bench``) at a tiny size: the generator writes a
corpus whose passages are exactly its body paragraphs, and the bench script
builds it as a plain site and as a KB without a single kb.* warning. The
same for the short corpus (``--corpus short``), which must really be shorter
and denser in actor names than the standard one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from kb_ext.derive.mentions import AliasMatcher
from kb_ext.derive.spellings import DECLINING_LANGUAGES
from kb_ext.sources.clean import PASSAGE, classify
from tests.bench.generate import Corpus, generate, verify_passages

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


# -- the short corpus (``--corpus short``) ----------------------------------------

def _measured(corpus: Corpus, workdir: Path) -> dict[str, float]:
    """Mean words per article, passages per article and mentions per passage,
    measured on the written files: passages as kb_ext's cleaner finds them,
    mentions as kb_ext's matcher finds them (declined forms only where the
    sidecar's language declines names, as kb_ext does)."""
    matcher = AliasMatcher({a.id: (a.name, *a.aliases)
                            for a in sorted(corpus.actors, key=lambda a: a.id)})
    words = passages = mentions = extra = 0
    for article in corpus.articles:
        stem = workdir / "articles" / article.stem
        language = yaml.safe_load(stem.with_suffix(".yaml").read_text(encoding="utf-8"))[
            "language"]
        declined = language in DECLINING_LANGUAGES
        for segment in classify(stem.with_suffix(".txt").read_text(encoding="utf-8"),
                                article.title):
            if segment.kind != PASSAGE:
                continue
            passages += 1
            words += len(segment.text.split())
            found = len(matcher.find(segment.text, declined))
            mentions += found
            extra += found - len(matcher.find(segment.text))
    return {"words_per_article": words / len(corpus.articles),
            "passages_per_article": passages / len(corpus.articles),
            "mentions_per_passage": mentions / passages, "declined_mentions": extra}


def test_short_corpus_is_shorter_and_denser(tmp_path: Path) -> None:
    standard = generate(N, tmp_path / "standard")
    short = generate(N, tmp_path / "short", corpus="short")
    assert verify_passages(short, tmp_path / "short") == []
    generate(N, tmp_path / "again", corpus="short")
    first = sorted(p.read_bytes() for p in (tmp_path / "short" / "articles").iterdir())
    second = sorted(p.read_bytes() for p in (tmp_path / "again" / "articles").iterdir())
    assert first == second, "the short corpus is not deterministic"
    assert all(3 <= len(a.paragraphs) <= 6 for a in short.articles)
    # Claims keep their structure: positions quote a sentence of the passage they cite.
    assert short.manifest["counts"]["positions"] >= 4 * 5
    paragraphs = {(a.id, number + 1): " ".join(p)
                  for a in short.articles for number, p in enumerate(a.paragraphs)}
    for claim in short.claims:
        for source_id, number, _stance, _note, quote in claim["positions"]:
            assert quote in paragraphs[source_id, number]

    std, dense = _measured(standard, tmp_path / "standard"), _measured(short, tmp_path / "short")
    assert dense["words_per_article"] <= 360 < 600 <= std["words_per_article"]
    assert dense["words_per_article"] < 0.4 * std["words_per_article"]
    assert 3 <= dense["passages_per_article"] <= 6 < std["passages_per_article"]
    assert dense["mentions_per_passage"] > 1.8 * std["mentions_per_passage"]
    assert dense["declined_mentions"] > 0 and std["declined_mentions"] == 0
    # bench.json's shape says the same as the files.
    shape = short.manifest["shape"]
    assert shape["words_per_article"] == round(dense["words_per_article"], 1)
    assert shape["mentions_per_passage"] == round(dense["mentions_per_passage"], 2)


def test_bench_smoke_short_corpus(tmp_path: Path) -> None:
    standard_entry = {"n": N, "counts": {"passages": 1, "words": 1, "actors": 1, "claims": 1,
                                         "positions": 1},
                      "full": {}, "rebuilds": [], "marker": "an earlier standard run"}
    (tmp_path / "results.json").write_text(json.dumps({"sizes": {str(N): standard_entry}}))
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.run", "--corpus", "short", "--sizes", str(N),
         "--workdir", str(tmp_path), "--no-browser", "--sites", "plain-list,kb"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]

    sizes = json.loads((tmp_path / "results.json").read_text())["sizes"]
    assert sizes[str(N)] == standard_entry, "the standard corpus's entry was overwritten"
    entry = sizes[f"short-{N}"]
    assert entry["corpus"] == "short" and (tmp_path / f"short-N{N}" / "kb").is_dir()
    assert entry["shape"]["passages_per_article"] <= 6
    kb = entry["full"]["kb"]
    assert kb["kb_warnings"] == {}, kb["warning_lines"]
    assert kb["warnings"] == 0, kb["warning_lines"]
    assert entry["full"]["plain-list"]["warnings"] == 0
    rebuilds = {r["kind"]: r for r in entry["rebuilds"]}
    article = rebuilds["one article edited"]
    assert article["status_read"] == [article["edit"]["docname"]]
    assert article["edit"]["docname"] in article["changed_pages"]
    assert f"actors/{article['edit']['actor']}" in article["changed_pages"]
    assert article["changed_not_written"] == []
    for rebuild in entry["rebuilds"]:
        assert rebuild["warnings"] == 0, rebuild["warning_lines"]

    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert f"| short | {N} |" in table and "## Full builds, short corpus" in table
    assert f"| {N} | **KB ÷ plain-list** |" in table
