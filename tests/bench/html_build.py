"""Build cost of web page sources against the same build over their text.
Not run by the tests.

    python tests/bench/html_build.py TRAFILATURA_TESTS_DIR [--every 5] [--runs 2]

Takes every N-th page of trafilatura's evaluation set (real saved pages,
``evaldata.json`` with ``cache/`` and ``eval/``), and writes two kb_ext
projects: one whose sources are the ``.html`` files, one whose sources are
the text kb_ext extracts from them (``.txt``), each with the same sidecar.
Each is built serially in its own ``sphinx-build`` process, ``--runs``
times: a first build (empty output and doctree folders) and a rebuild
(``-E``: a fresh environment, the doctree folder kept, so web pages'
extractions come from kb_ext's extraction cache). A third project holds
the same pages brought in by ``python -m kb_ext import``, which extracts
each page and keeps the result beside it: its first build is measured, and
the import's own CPU time. The least CPU time (user + system,
``os.wait4``) of each is reported, with their ratios and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kb_ext.sources.html import read_html
from kb_ext.sources.ingest import RawArticle

CONF = """project = "bench"
extensions = ["myst_parser", "sphinx_design", "kb_ext"]
kb_sources_dir = "../sources"
html_theme = "basic"
"""
INDEX = "# Bench\n\n```{kb:index} source\n```\n"


def write_projects(tests_dir: Path, every: int, root: Path) -> int:
    annotations = json.loads((tests_dir / "evaldata.json").read_text(encoding="utf-8"))
    count = 0
    for kind in ("html", "text"):
        (root / kind / "docs").mkdir(parents=True)
        (root / kind / "sources").mkdir()
        (root / kind / "docs" / "conf.py").write_text(CONF, encoding="utf-8")
        (root / kind / "docs" / "index.md").write_text(INDEX, encoding="utf-8")
    for number, url in enumerate(sorted(annotations)[::every]):
        name = annotations[url]["file"]
        path = next((tests_dir / folder / name for folder in ("cache", "eval")
                     if (tests_dir / folder / name).is_file()), None)
        if path is None:
            continue
        data = path.read_bytes()
        page = read_html(data, RawArticle(path, "", "", len(data)))
        sidecar = (f"id: page-{number}\ntitle: {json.dumps(page.meta.get('title') or name)}\n"
                   f"outlet: Bench\nkind: news report\npublished: 2024-01-01\nlanguage: en\n")
        for kind, suffix, body in (("html", ".html", data),
                                   ("text", ".txt", page.text.encode("utf-8"))):
            (root / kind / "sources" / f"page-{number}{suffix}").write_bytes(body)
            (root / kind / "sources" / f"page-{number}.yaml").write_text(sidecar,
                                                                        encoding="utf-8")
        count += 1
    return count


def build_cpu(project: Path, fresh: bool) -> float:
    """CPU seconds of one serial build of ``project``; ``fresh``: from empty
    output and doctree folders, else a rebuild that keeps the doctrees."""
    out = project / "out"
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    for stub in (project / "docs" / "sources").glob("*.kbsource"):
        stub.unlink()
    command = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html",
               str(project / "docs"), str(out)]
    with open(os.devnull, "w") as quiet:
        process = subprocess.Popen(command, stdout=quiet, stderr=quiet,
                                   env={**os.environ, "NO_COLOR": "1"})
        _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"build of {project} failed")
    return usage.ru_utime + usage.ru_stime


def import_cpu(root: Path) -> float:
    """Writes the ``imported`` project: the web pages brought in by
    ``python -m kb_ext import`` (serial, so its CPU time compares with the
    builds'), which keeps each page's extraction beside it, with the bench's
    sidecars in place of the drafts. Returns the import's CPU seconds."""
    shutil.copytree(root / "html" / "docs", root / "imported" / "docs")
    pages = root / "html" / "sources"
    target = root / "imported" / "sources"
    command = [sys.executable, "-m", "kb_ext", "import", str(pages), "--to", str(target),
               "--jobs", "1"]
    with open(os.devnull, "w") as quiet:
        process = subprocess.Popen(command, stdout=quiet, stderr=quiet)
        _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit("import failed")
    for sidecar in pages.glob("*.yaml"):
        shutil.copy(sidecar, target / sidecar.name)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tests_dir", type=Path)
    parser.add_argument("--every", type=int, default=5)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        count = write_projects(args.tests_dir, args.every, root)
        load = os.getloadavg()[0]
        imported = import_cpu(root)
        best: dict[tuple[str, bool], float] = {}
        for _ in range(args.runs):
            for kind in ("text", "html", "imported"):
                for fresh in (True, False) if kind != "imported" else (True,):
                    seconds = build_cpu(root / kind, fresh)
                    best[kind, fresh] = min(best.get((kind, fresh), seconds), seconds)
        load = max(load, os.getloadavg()[0])
    print(f"{count} pages, least CPU seconds of {args.runs} serial builds each "
          f"(1-minute load average up to {load:.1f})")
    for fresh, name in ((True, "first build"), (False, "rebuild (-E)")):
        text, html = best["text", fresh], best["html", fresh]
        print(f"{name}: text sources {text:.1f} s, web page sources {html:.1f} s, "
              f"ratio {html / text:.2f}")
    text, after = best["text", True], best["imported", True]
    print(f"first build after `python -m kb_ext import` (serial import: {imported:.1f} s): "
          f"{after:.1f} s, ratio {after / text:.2f}")


if __name__ == "__main__":
    main()
