"""Build-cost benchmark: kb_ext against plain Sphinx + MyST (``make bench``).

For each corpus size N (default 250, 1000 and 4000; ``--full`` adds 10000,
``--sizes`` overrides, ``--smoke`` runs N=20 only) it generates the corpus
(tests/bench/generate.py) under ``<workdir>/N<n>/`` and then, each build in a
fresh ``sphinx-build -b html`` subprocess:

1. builds the plain sites (``plain`` only up to ``--plain-max``, default
   1000, as furo makes its flat toctree quadratic) and the KB from scratch
   (``-E``, empty output and doctree folders, ``-q``), measuring wall time, CPU time and peak RSS of
   that process (``os.wait4``), output size, ``searchindex.js`` size and the
   time per phase (tests/bench/phases.py, added with ``-D extensions=...``);
2. rebuilds the KB three times without ``-E``: with nothing changed, after
   editing one article (a copy-edit that drops one actor mention, from
   bench.json) and after editing one claim (one position's stance). Each
   rebuild reports the documents re-read and re-written (parsed from
   Sphinx's "reading sources... / writing output..." lines) and, by hashing
   every HTML page before and after, which pages actually changed. Each edit
   is undone and rebuilt (unmeasured) before the next one.

``--corpus short`` uses the generator's other corpus shape instead (3–6
short passages an article, dense actor names; see generate.py), generated
under ``<workdir>/short-N<n>/``.

Results are merged into ``<workdir>/results.json`` (one entry per corpus and
N, under ``sizes`` as ``"<n>"`` for the standard corpus and ``"short-<n>"``
for the short one, so sizes and corpora can be run separately) and printed as
markdown tables, one set per corpus, also written to ``<workdir>/results.md``.
``--profile N`` instead runs the full builds of ``--sites`` at size N (of
``--corpus``) under cProfile (``python -m cProfile -o ... -m sphinx``)
and prints the top cumulative entries, kb_ext's own functions separately.

Wall time on a shared machine depends on what else runs; CPU time
(user + system of the build process) is reported beside it and used for the
ratios, and the 1-minute load average at the start of each build is recorded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .generate import SEED, SHAPES, generate

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SIZES = [250, 1000, 4000]
SITES = ("plain", "plain-list", "kb")
LABELS = {"plain": "plain", "plain-list": "plain-list", "kb": "kb"}
FULL_SIZE = 10000
SMOKE_SIZE = 20
PHASES = ["read", "env_get_updated", "resolve", "doctree_resolved", "render", "index", "finish",
          "build_finished"]
READ_LINE = re.compile(r"reading sources\.\.\. \[\s*\d+%\] (\S+)")
WRITE_LINE = re.compile(r"writing output\.\.\. \[\s*\d+%\] (\S+)")
WARNING_TYPE = re.compile(r"\[(kb\.\w+)\]\s*$")
STANDARD = "standard"


def result_key(corpus: str, n: int) -> str:
    """An entry's key in results.json: the size alone for the standard corpus
    (as before there were corpora), ``<corpus>-<n>`` for the others."""
    return str(n) if corpus == STANDARD else f"{corpus}-{n}"


def corpus_dir(root: Path, corpus: str, n: int) -> Path:
    return root / (f"N{n}" if corpus == STANDARD else f"{corpus}-N{n}")


def corpus_of(entry: dict[str, Any]) -> str:
    return entry.get("corpus", STANDARD)


# -- one build -----------------------------------------------------------------

def _tree_size(path: Path) -> tuple[int, int]:
    total = pages = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
            pages += name.endswith(".html")
    return total, pages


EVERY_BUILD = ("curation",)


def _html_hashes(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in path.rglob("*.html")}


def _search_download(outdir: Path) -> dict[str, int]:
    """What a first search query fetches: search.html, the local scripts and
    stylesheets it references, and searchindex.js (raw and gzip -6 bytes)."""
    page = outdir / "search.html"
    if not page.exists():
        return {}
    html = page.read_text(encoding="utf-8")
    files = {page, outdir / "searchindex.js"}
    for ref in re.findall(r'(?:src|href)="([^"#?]+\.(?:js|css))(?:\?[^"]*)?"', html):
        if "://" not in ref and (outdir / ref).is_file():
            files.add((outdir / ref).resolve())
    raw = sum(f.stat().st_size for f in files if f.exists())
    gz = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files if f.exists())
    return {"files": len(files), "bytes": raw, "gzip": gz}


def _shards(folder: Path) -> dict[str, int]:
    """Number, total and largest size of the sharded search files, if any."""
    sizes = [f.stat().st_size for f in folder.glob("*.json")] if folder.is_dir() else []
    return {"files": len(sizes), "bytes": sum(sizes), "largest": max(sizes, default=0)}


def searchindex_parts(path: Path) -> dict[str, int]:
    """Bytes of each top-level key of ``searchindex.js`` (as compact JSON)."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1:text.rindex(")")])
    return {key: len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
            for key, value in data.items()}


def sphinx_build(srcdir: Path, outdir: Path, doctreedir: Path, extensions: list[str],
                 log: Path, *, fresh: bool, quiet: bool, jobs: int = 1) -> dict[str, Any]:
    """One ``sphinx-build`` in a child process, measured from outside and inside."""
    if fresh:
        shutil.rmtree(outdir, ignore_errors=True)
        shutil.rmtree(doctreedir, ignore_errors=True)
    phases_file = log.with_suffix(".phases.json")
    phases_file.unlink(missing_ok=True)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-N", "-d", str(doctreedir),
               "-D", "extensions=" + ",".join([*extensions, "tests.bench.phases"])]
    command += ["-E"] if fresh else []
    command += ["-q"] if quiet else []
    command += ["-j", str(jobs)] if jobs > 1 else []
    command += [str(srcdir), str(outdir)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
        str(REPO), os.environ.get("PYTHONPATH", "")])), "KB_BENCH_PHASES": str(phases_file),
        "NO_COLOR": "1", "PYTHONHASHSEED": "0"}
    load = os.getloadavg()[0]
    with open(log.with_suffix(".out"), "w") as out, open(log.with_suffix(".err"), "w") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=REPO)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout = log.with_suffix(".out").read_text(errors="replace")
    stderr = log.with_suffix(".err").read_text(errors="replace")
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    inside = json.loads(phases_file.read_text()) if phases_file.exists() else {}
    warnings = [line for line in stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    kb_types: dict[str, int] = {}
    for line in warnings:
        match = WARNING_TYPE.search(line)
        if match:
            kb_types[match.group(1)] = kb_types.get(match.group(1), 0) + 1
    size, pages = _tree_size(outdir)
    # With kb_ext managing the search index, Sphinx's full index has another name
    # and searchindex.js may be the sharded loader (kb_ext/search/).
    full_index = outdir / "_kb_searchindex_full.js"
    index = full_index if full_index.exists() else outdir / "searchindex.js"
    return {
        "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024, "load": load,
        "output_bytes": size, "html_pages": pages,
        "searchindex_bytes": index.stat().st_size if index.exists() else 0,
        "searchindex_gzip": len(gzip.compress(index.read_bytes(), 6)) if index.exists() else 0,
        "search_download": _search_download(outdir),
        "search_shards": _shards(outdir / "_kb_search"),
        "searchindex_parts": searchindex_parts(index),
        "phases": inside.get("seconds", {}),
        "read_docs": len(inside.get("read", [])), "written_docs": len(inside.get("written", [])),
        "status_read": sorted(set(READ_LINE.findall(stdout))),
        "status_written": sorted(set(WRITE_LINE.findall(stdout))),
        "warnings": len(warnings), "kb_warnings": kb_types,
        "warning_lines": warnings[:20],
        "commit": _commit(), "date": dt.datetime.now().isoformat(" ", "seconds"),
    }


# -- one corpus size -------------------------------------------------------------

def _edit(workdir: Path, edit: dict[str, str]) -> tuple[Path, str]:
    path = workdir / edit["path"]
    original = path.read_text(encoding="utf-8")
    if edit["old"] not in original:
        raise RuntimeError(f"edit target not found in {path}")
    path.write_text(original.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    return path, original


def _rebuild(workdir: Path, name: str, manifest: dict[str, Any], full: dict[str, Any],
             edit: dict[str, str] | None) -> dict[str, Any]:
    src, out, doctrees = workdir / "kb", workdir / "build/kb/html", workdir / "build/kb/doctrees"
    before = _html_hashes(out)
    restore = _edit(workdir, edit) if edit else None
    try:
        result = sphinx_build(src, out, doctrees, manifest["kb_extensions"],
                              workdir / "build" / f"kb-{name.replace(' ', '-')}", fresh=False,
                              quiet=False)
    finally:
        if restore:
            restore[0].write_text(restore[1], encoding="utf-8")
    after = _html_hashes(out)
    if restore:   # settle the undo so the next measurement starts from the generated corpus
        sphinx_build(src, out, doctrees, manifest["kb_extensions"],
                     workdir / "build" / f"kb-{name.replace(' ', '-')}-undo", fresh=False,
                     quiet=True)
    changed = sorted(p.removesuffix(".html") for p, h in after.items() if before.get(p) != h)
    # kb_ext's curation report (html-collect-pages) is rewritten on every build,
    # whether or not Sphinx lists it among the pages it writes.
    written = result["status_written"] + [p for p in EVERY_BUILD if f"{p}.html" in after]
    result.update({
        "kind": name, "changed_pages": changed,
        "written_unchanged": sorted(set(written) - set(changed)),
        "changed_not_written": sorted(set(changed) - set(written)),
        "cpu_share": result["cpu"] / full["cpu"], "wall_share": result["wall"] / full["wall"],
        "edit": {k: v for k, v in (edit or {}).items() if k not in ("old", "new")},
    })
    return result


#: First-query measurements in Chromium: a common pair of words (thousands of
#: results) and a rarer pair; both occur in every generated corpus.
SEARCH_QUERIES = ["president minister", "potash exports"]


def _browser_search(outdir: Path, log: Any) -> dict[str, Any]:
    """What the first query downloads in Debian Chromium (tests/bench/search_download.py)."""
    from .search_download import CHROMIUM, first_query_download

    if not CHROMIUM.is_file():
        log(f"search download not measured: no Chromium at {CHROMIUM}")
        return {}
    return first_query_download(outdir, SEARCH_QUERIES)


def bench_size(n: int, root: Path, *, sites: list[str], incremental: bool,
               plain_max: int = 1000, browser_search: bool = True, jobs: int = 1,
               log: Any = print, corpus_name: str = STANDARD) -> dict[str, Any]:
    workdir = corpus_dir(root, corpus_name, n)
    start = time.perf_counter()
    corpus = generate(n, workdir, corpus=corpus_name)
    manifest = corpus.manifest
    log(f"N={n}: generated the {corpus_name} corpus {manifest['counts']} in "
        f"{time.perf_counter() - start:.1f} s; shape {manifest['shape']}")
    (workdir / "build").mkdir(parents=True, exist_ok=True)
    entry: dict[str, Any] = {"n": n, "corpus": corpus_name, "counts": manifest["counts"],
                             "shape": manifest["shape"], "full": {}, "rebuilds": [],
                             "commit": _commit(),
                             "date": dt.datetime.now().isoformat(" ", "seconds")}
    for site in sites:
        if site == "plain" and n > plain_max:
            log(f"N={n}: plain skipped (its furo sidebar makes it quadratic; --plain-max "
                f"{plain_max})")
            continue
        extensions = manifest[f"{site}_extensions"]
        result = sphinx_build(workdir / site, workdir / f"build/{site}/html",
                              workdir / f"build/{site}/doctrees", extensions,
                              workdir / "build" / f"{site}-full", fresh=True, quiet=True)
        entry["full"][site] = result
        log(f"N={n}: {site} full build {result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, "
            f"{result['maxrss_mb']:.0f} MB, {result['warnings']} warnings")
        # Sphinx's own search page fetches every result page for its snippets (tens
        # of MB for thousands of results), so only the KB is measured in the browser.
        if site == "kb" and browser_search:
            result["browser_search"] = _browser_search(workdir / "build/kb/html", log)
            for query, got in result["browser_search"].items():
                log(f"N={n}: first query {query!r}: {got['bytes'] / 1e3:,.0f} KB in "
                    f"{got['files']} files, {got['results']} results listed")
    if jobs > 1 and "kb" in sites:
        # The same KB build with `-j`: reading and writing in worker processes.
        site = f"kb -j{jobs}"
        result = sphinx_build(workdir / "kb", workdir / "build/kb-parallel/html",
                              workdir / "build/kb-parallel/doctrees", manifest["kb_extensions"],
                              workdir / "build" / f"kb-j{jobs}-full", fresh=True, quiet=True,
                              jobs=jobs)
        entry["full"][site] = result
        shutil.rmtree(workdir / "build/kb-parallel", ignore_errors=True)
        log(f"N={n}: {site} full build {result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, "
            f"{result['maxrss_mb']:.0f} MB, {result['warnings']} warnings")
    if incremental and "kb" in sites:
        full = entry["full"]["kb"]
        for name, edit in (("no change", None), ("one article edited", manifest["edit_article"]),
                           ("one claim edited", manifest["edit_claim"])):
            result = _rebuild(workdir, name, manifest, full, edit)
            entry["rebuilds"].append(result)
            log(f"N={n}: kb rebuild, {name}: {result['wall']:.1f} s, read "
                f"{len(result['status_read'])}, wrote {len(result['status_written'])}, "
                f"changed {len(result['changed_pages'])}")
    return entry


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "kb_ext"], cwd=REPO,
                               capture_output=True, text=True).stdout.strip()
        return head + ("+dirty kb_ext" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# -- report ------------------------------------------------------------------------

def machine() -> dict[str, str]:
    def version(module: str) -> str:
        try:
            from importlib.metadata import version as get
            return get(module)
        except Exception:  # noqa: BLE001
            return "?"

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
        ram = f"{int(mem.split()[1]) / 1024 ** 2:.1f} GiB"
    except (OSError, StopIteration):
        ram = "?"
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram,
            "python": platform.python_version(), "sphinx": version("sphinx"),
            "docutils": version("docutils"), "myst-parser": version("myst-parser"),
            "sphinx-design": version("sphinx-design"), "furo": version("furo"),
            "kb_ext": version("kb_ext"), "os": platform.platform()}


def _mb(value: float) -> str:
    return f"{value / 1e6:,.1f}"


def _kb(value: float) -> str:
    return f"{value / 1e3:,.0f}"


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}" if value >= 10 else f"{value:.2f}"


def _phase(result: dict[str, Any], name: str) -> float:
    return result["phases"].get(name, 0.0)


def _exports(result: dict[str, Any]) -> str:
    """Seconds spent writing the exports, and their share of the wall time."""
    if "exports" not in result["phases"]:
        return ""
    seconds = _phase(result, "exports")
    return f"{_s(seconds)} ({100 * seconds / result['wall']:.1f} %)"


def _order(entry: dict[str, Any]) -> tuple[int, str, int]:
    corpus = corpus_of(entry)
    known = list(SHAPES)
    return (known.index(corpus) if corpus in known else len(known), corpus, entry["n"])


def render(results: dict[str, Any]) -> str:
    entries = sorted(results["sizes"].values(), key=_order)
    info = results.get("machine", machine())
    lines = corpora(entries)
    for corpus in dict.fromkeys(corpus_of(e) for e in entries):
        lines += render_corpus([e for e in entries if corpus_of(e) == corpus], corpus, info)
    return "\n".join(lines) + "\n"


def corpora(entries: list[dict[str, Any]]) -> list[str]:
    """The shape of every corpus measured (generate.shape_stats)."""
    lines = ["## Corpora", "",
             "Means over the generated body text; mentions as kb_ext's `AliasMatcher` finds "
             "them (declined forms only in articles in a language that declines names).", "",
             "| corpus | N | passages | words | words / article | passages / article | "
             "words / passage | mentions / passage | actors / passage | actors | claims | "
             "positions |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for entry in entries:
        counts, shape = entry["counts"], entry.get("shape", {})

        def get(key: str, shape: dict[str, float] = shape) -> str:
            return f"{shape[key]:,}" if key in shape else "–"
        lines.append(
            f"| {corpus_of(entry)} | {entry['n']:,} | {counts['passages']:,} | "
            f"{counts['words']:,} | {get('words_per_article')} | {get('passages_per_article')} | "
            f"{get('words_per_passage')} | {get('mentions_per_passage')} | "
            f"{get('actors_per_passage')} | {counts['actors']:,} | {counts['claims']:,} | "
            f"{counts['positions']:,} |")
    return lines + [""]


def render_corpus(entries: list[dict[str, Any]], corpus: str, info: dict[str, str]
                  ) -> list[str]:
    """The tables of one corpus; headings name the corpus unless it is the standard one."""
    suffix = "" if corpus == STANDARD else f", {corpus} corpus"
    lines = [f"## Full builds{suffix}", "",
             f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM; Python "
             f"{info['python']}, Sphinx {info['sphinx']}, docutils {info['docutils']}, "
             f"myst-parser {info['myst-parser']}, sphinx-design {info['sphinx-design']}, "
             f"furo {info['furo']}. Each build is a fresh `sphinx-build -b html -E -q` "
             f"subprocess, serial (no `-j`) except *kb -jN* (`-j N`). *plain* = the "
             f"articles as MyST pages in one flat toctree; *plain-list* = the same pages as "
             f"orphans linked from a list (as the KB's source pages are); *kb* = kb_ext "
             f"with actor, theme and claim pages.", "",
             "| N | site | wall s | CPU s | peak RSS MB | output MB | pages | searchindex.js KB "
             "(gzip) | read | kb derive | resolve (kb fill) | render | index | finish | exports | "
             "other | warnings | load |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
             "|---:|"]
    for entry in entries:
        full = entry["full"]
        for site in [*SITES, *sorted(set(full) - set(SITES))]:
            if site not in full:
                continue
            r = full[site]
            named = sum(_phase(r, p) for p in ("read", "env_get_updated", "finish",
                                               "build_finished")) + r["phases"].get("write", 0)
            lines.append(
                f"| {entry['n']:,} | {site} | {_s(r['wall'])} | {_s(r['cpu'])} | "
                f"{r['maxrss_mb']:,.0f} | {_mb(r['output_bytes'])} | {r['html_pages']:,} | "
                f"{_kb(r['searchindex_bytes'])} ({_kb(r['searchindex_gzip'])}) | "
                f"{_s(_phase(r, 'read'))} | {_s(_phase(r, 'env_get_updated'))} | "
                f"{_s(_phase(r, 'resolve'))} ({_s(_phase(r, 'doctree_resolved'))}) | "
                f"{_s(_phase(r, 'render'))} | {_s(_phase(r, 'index'))} | "
                f"{_s(_phase(r, 'finish') + _phase(r, 'build_finished'))} | "
                f"{_exports(r)} | "
                f"{_s(r['wall'] - named)} | {r['warnings']} | {r['load']:.1f} |")
        for base in ("plain", "plain-list"):
            if base not in full or "kb" not in full:
                continue
            p, k = full[base], full["kb"]
            cells = [f"{entry['n']:,}", f"**KB ÷ {base}**", f"{k['wall'] / p['wall']:.2f}×",
                     f"**{k['cpu'] / p['cpu']:.2f}×**", f"{k['maxrss_mb'] / p['maxrss_mb']:.2f}×",
                     f"{k['output_bytes'] / p['output_bytes']:.2f}×", "",
                     f"{k['searchindex_bytes'] / max(1, p['searchindex_bytes']):.2f}×"]
            lines.append("| " + " | ".join(cells + [""] * 10) + " |")
    lines += ["", "Phases (seconds, measured inside the build by tests/bench/phases.py): *read* "
              "= parse every page; *kb derive* = `env-get-updated` handlers; *resolve* = load "
              "doctrees, toctrees, references, with the `doctree-resolved` handlers (kb_ext "
              "fills its placeholders) in brackets; *render* = HTML translation and templates; "
              "*index* = search-index feed; *finish* = indices, `searchindex.js`, inventory, "
              "static files, `build-finished` handlers; *exports* = kb_ext's export handlers "
              "(kb.json, schemas, CSV, GraphML, SQLite; part of *finish*) and their share of "
              "the wall time; *other* = wall minus those (start-up, "
              "pickling the environment, consistency checks, exit). *load* = 1-minute load "
              "average when the build started (2 would fill this machine). In *kb -jN* rows, "
              "work done in worker processes (parsing, HTML translation) is not seen by the "
              "timers, and peak RSS is that of the largest single process.", ""]

    lines += [f"## Incremental KB rebuilds{suffix}", "",
              "After each full KB build: `sphinx-build` again without `-E`. Re-read and "
              "re-written counts come from Sphinx's status lines; *changed* pages are those "
              "whose HTML bytes differ afterwards.", "",
              "| N | change | wall s | CPU s | CPU % of full | kb derive s | re-read | "
              "re-written | changed | re-written but unchanged |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for entry in entries:
        for r in entry["rebuilds"]:
            unchanged = r["written_unchanged"]
            sample = ", ".join(unchanged[:4]) + (" …" if len(unchanged) > 4 else "")
            lines.append(
                f"| {entry['n']:,} | {r['kind']} | {_s(r['wall'])} | {_s(r['cpu'])} | "
                f"{100 * r['cpu_share']:.1f} % | {_s(_phase(r, 'env_get_updated'))} | "
                f"{len(r['status_read'])} | {len(r['status_written'])} | "
                f"{len(r['changed_pages'])} | {len(unchanged)}{': ' + sample if sample else ''} |")
    lines += ["", targets(entries, suffix), ""]
    return lines


def targets(entries: list[dict[str, Any]], suffix: str = "") -> str:
    """The targets, over the entries of one corpus."""
    by_n = {e["n"]: e for e in entries}
    out = [f"## Targets{suffix}", ""]
    kb1000 = by_n.get(1000, {}).get("full", {})
    for base in ("plain", "plain-list"):
        if "kb" in kb1000 and base in kb1000:
            ratio = kb1000["kb"]["cpu"] / kb1000[base]["cpu"]
            wall = kb1000["kb"]["wall"] / kb1000[base]["wall"]
            out.append(f"- KB ÷ {base} at N=1000 ≤ 1.3×: CPU {ratio:.2f}×, wall {wall:.2f}× — "
                       f"{'met' if ratio <= 1.3 else 'NOT met'}.")
    for site in SITES:
        a = by_n.get(1000, {}).get("full", {}).get(site)
        b = by_n.get(4000, {}).get("full", {}).get(site)
        if a and b:
            ratio = b["cpu"] / a["cpu"]
            out.append(f"- {site}: time(4000) ÷ time(1000) ≤ 4.4: CPU {ratio:.2f}, wall "
                       f"{b['wall'] / a['wall']:.2f} — {'met' if ratio <= 4.4 else 'NOT met'}.")
    for entry in entries:
        if entry["n"] < FULL_SIZE:
            continue
        for site, r in sorted(entry["full"].items()):
            if site.startswith("kb"):
                ok = r["wall"] < 600 and r["maxrss_mb"] < 4096
                # wait4 reports the largest single process, not the sum of workers.
                rss = "largest process " if "-j" in site else ""
                out.append(f"- N={entry['n']:,} in under 10 minutes, peak RSS under 4 GB "
                           f"({site}): {_s(r['wall'])} s wall, {rss}{r['maxrss_mb']:,.0f} MB — "
                           f"{'met' if ok else 'NOT met'}.")
    for entry in entries:
        edit = next((r for r in entry["rebuilds"] if r["kind"] == "one article edited"), None)
        if edit:
            extra = len(edit["written_unchanged"])
            ok = edit["cpu_share"] < 0.05 and extra == 0
            out.append(f"- N={entry['n']:,}: one-article edit rebuild < 5 % of the full build, "
                       f"re-writing only pages that change: {100 * edit['cpu_share']:.1f} % CPU "
                       f"({100 * edit['wall_share']:.1f} % wall), "
                       f"{len(edit['status_written'])} re-written of which "
                       f"{len(edit['changed_pages'])} changed — {'met' if ok else 'NOT met'}.")
    measured = [(e["n"], e["full"]["kb"]["browser_search"]) for e in entries
                if e["full"].get("kb", {}).get("browser_search")]
    if measured:
        n, queries = measured[-1]
        worst = max(got["bytes"] for got in queries.values())
        detail = "; ".join(f"{query!r} {got['bytes'] / 1e3:,.0f} KB in {got['files']} files "
                           f"({got['results']} results listed)"
                           for query, got in queries.items())
        met = "met" if worst < 500e3 else "NOT met"
        scope = "" if n >= FULL_SIZE else f" (measured at N={n:,}; run `--full` for N=10,000)"
        out.append(f"- First search query downloads < 500 KB at N=10,000, in Chromium, "
                   f"everything fetched: {detail} — {met}{scope}.")
    sizes = sorted((e["n"], e["full"]["kb"]["search_download"], e["full"]["kb"])
                   for e in entries if "kb" in e["full"] and e["full"]["kb"]["search_download"])
    if sizes and not measured:
        n, download, _ = sizes[-1]
        line = (f"- First search query downloads < 500 KB at N=10,000: at N={n:,} search.html, "
                f"its {download['files'] - 2} scripts/stylesheets and searchindex.js are "
                f"{_kb(download['bytes'])} KB ({_kb(download['gzip'])} KB gzipped)")
        if n < FULL_SIZE and len(sizes) >= 2:
            (n1, d1, _), (n2, d2, _) = sizes[-2], sizes[-1]
            slope = (d2["gzip"] - d1["gzip"]) / (n2 - n1)
            slope_raw = (d2["bytes"] - d1["bytes"]) / (n2 - n1)
            est = d2["gzip"] + slope * (FULL_SIZE - n2)
            est_raw = d2["bytes"] + slope_raw * (FULL_SIZE - n2)
            line += (f"; linear extrapolation to N=10,000: ~{_kb(est_raw)} KB "
                     f"(~{_kb(est)} KB gzipped) — {'met' if est < 500e3 else 'NOT met'}"
                     f" (estimate; run `--full` to measure).")
        else:
            line += f" — {'met' if download['gzip'] < 500e3 else 'NOT met'} (gzipped)."
        out.append(line)
    return "\n".join(out)


# -- profiling ------------------------------------------------------------------------

def profile(n: int, root: Path, sites: list[str], top: int = 25,
            corpus: str = STANDARD) -> str:
    import pstats

    workdir = corpus_dir(root, corpus, n)
    if not all((workdir / site / "conf.py").exists() for site in sites):
        generate(n, workdir, corpus=corpus)
    manifest = json.loads((workdir / "bench.json").read_text())
    report = []
    for site in sites:
        tag = "" if corpus == STANDARD else f"{corpus}-"
        out, prof = workdir / f"profile/{site}/html", root / f"profile-{tag}{site}-{n}.prof"
        shutil.rmtree(workdir / "profile" / site, ignore_errors=True)
        command = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "sphinx", "-b",
                   "html", "-E", "-q", "-N", "-d", str(workdir / f"profile/{site}/doctrees"),
                   "-D", "extensions=" + ",".join(manifest[f"{site}_extensions"]),
                   str(workdir / site), str(out)]
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=REPO, env={**os.environ, "PYTHONHASHSEED": "0"})
        report.append(f"### {site}, {corpus} corpus, N={n}: "
                      f"{time.perf_counter() - start:.1f} s under cProfile "
                      f"({prof.name})\n")
        stats = pstats.Stats(str(prof))
        rows = []
        for (filename, line, func), (_cc, calls, tottime, cumtime, _callers) in \
                stats.stats.items():
            rows.append((cumtime, tottime, calls, _where(filename, line, func)))
        rows.sort(reverse=True)
        report.append("| cumulative s | own s | calls | function |\n|---:|---:|---:|---|")
        report += [f"| {c:.1f} | {t:.1f} | {k:,} | `{w}` |" for c, t, k, w in rows[:top]]
        kb_rows = [r for r in rows if r[3].startswith("kb_ext")][:top]
        if kb_rows:
            report.append("\nkb_ext functions by cumulative time:\n\n"
                          "| cumulative s | own s | calls | function |\n|---:|---:|---:|---|")
            report += [f"| {c:.1f} | {t:.1f} | {k:,} | `{w}` |" for c, t, k, w in kb_rows]
        report.append("")
    return "\n".join(report)


def _where(filename: str, line: int, func: str) -> str:
    if filename == "~":
        return func
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/work/main/", str(REPO) + "/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{path.removesuffix('.py').replace('/', '.')}:{func}:{line}"


# -- entry point ----------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated corpus sizes (default 250,1000,4000)")
    parser.add_argument("--full", action="store_true", help=f"also N={FULL_SIZE}")
    parser.add_argument("--smoke", action="store_true", help=f"one tiny run, N={SMOKE_SIZE}")
    parser.add_argument("--corpus", choices=list(SHAPES), default=STANDARD,
                        help="corpus shape (default standard: 600-1200 words an article; "
                             "short: 3-6 short passages, 150-300 words, dense actor names); "
                             "results are kept per corpus and N")
    parser.add_argument("--sites", default=",".join(SITES),
                        help="which sites to build (default plain,plain-list,kb)")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--jobs", type=int, default=1, metavar="J",
                        help="also build the KB with `sphinx-build -j J` (J > 1); the "
                             "serial builds are unchanged")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not measure the first search query in Chromium")
    parser.add_argument("--plain-max", type=int, default=1000, metavar="N",
                        help="build the flat-toctree plain site only up to this size "
                             "(default 1000: with furo its cost is quadratic, about two "
                             "hours at N=4000 on two cores)")
    parser.add_argument("--workdir", type=Path,
                        help="where corpora, builds and results go (default .bench, "
                             "or .bench/smoke with --smoke)")
    parser.add_argument("--fresh-results", action="store_true",
                        help="forget results of earlier runs instead of merging")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="profile the full builds of --sites at size N with cProfile")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be 1 (serial only) or more")

    root = (args.workdir or REPO / ".bench" / ("smoke" if args.smoke else "")).resolve()
    root.mkdir(parents=True, exist_ok=True)
    if args.profile:
        sites = args.sites.split(",")
        text = profile(args.profile, root, sites, corpus=args.corpus)
        tag = "" if args.corpus == STANDARD else f"{args.corpus}-"
        (root / f"profile-{tag}{args.profile}-{'-'.join(sites)}.md").write_text(
            text, encoding="utf-8")
        print(text)
        return 0
    if args.smoke:
        sizes = [SMOKE_SIZE]
    elif args.sizes:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    else:
        sizes = DEFAULT_SIZES + ([FULL_SIZE] if args.full else [])
    results_file = root / "results.json"
    results: dict[str, Any] = {"sizes": {}}
    if results_file.exists() and not args.fresh_results:
        results = json.loads(results_file.read_text())
    results["machine"] = machine()
    results["seed"] = SEED
    for n in sizes:
        entry = bench_size(n, root, sites=args.sites.split(","),
                           incremental=not args.no_incremental, plain_max=args.plain_max,
                           browser_search=not args.no_browser, jobs=args.jobs,
                           log=lambda text: print(text, flush=True), corpus_name=args.corpus)
        key = result_key(args.corpus, n)
        previous = results["sizes"].get(key)
        if previous:   # keep sites and rebuilds this run did not repeat
            entry["full"] = {**previous.get("full", {}), **entry["full"]}
            entry["rebuilds"] = entry["rebuilds"] or previous.get("rebuilds", [])
        results["sizes"][key] = entry
        results_file.write_text(json.dumps(results, indent=1), encoding="utf-8")
        (root / "results.md").write_text(render(results), encoding="utf-8")
    print(render(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
