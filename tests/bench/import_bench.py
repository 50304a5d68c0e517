"""Import benchmark: ``python -m kb_ext import`` over generated saved pages.

    python -m tests.bench.import_bench --sizes 1000 10000 [--workdir .bench/import]

For each N it writes N saved pages (``.html``, about 80 KB each: a head with
``<html lang>``, a "saved from" comment, a canonical link, inline scripts and
styles, a menu, 30-60 paragraphs, a footer; 1 in 50 a byte-identical copy of
another, as a page saved twice) and a CSL-JSON export describing every other
page by URL, then times one import into an empty folder in a fresh process:
wall time, and CPU time (user + system of the import and its workers), with
the 1-minute load average at the start (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

WORDS = ("the government said trade border minister talks agreement report sanctions "
         "economy energy gas oil pipeline president parliament election opposition court "
         "statement week month year region city officials police army union market "
         "prices growth figures data plan budget").split()


def _paragraph(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(30, 70))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def page(number: int, rng: random.Random) -> tuple[str, str]:
    url = f"https://www.news{number % 40}.example/politics/{number:06d}-story"
    script = "var x = " + json.dumps([rng.random() for _ in range(3000)]) + ";"
    body = "\n".join(f"<p>{_paragraph(rng)}</p>" for _ in range(rng.randint(30, 60)))
    html = (f"<!DOCTYPE html>\n<!-- saved from url=({len(url):04d}){url} -->\n"
            f'<html lang="{rng.choice(["en", "ru", "be", "uk", "pl", "de"])}"><head>'
            f'<meta charset="utf-8"><title>Story {number}</title>'
            f'<link rel="canonical" href="{url}"><style>{"p{margin:0}" * 200}</style>'
            f"<script>{script}</script></head><body><nav>Home News Politics Sport</nav>"
            f"<article><h1>Story {number}</h1>\n{body}\n</article>"
            "<footer>© Example News. All rights reserved.</footer></body></html>\n")
    return url, html


def generate(n: int, folder: Path) -> Path:
    rng = random.Random(n)
    pages = folder / "pages"
    if pages.exists():
        shutil.rmtree(pages)
    pages.mkdir(parents=True)
    entries = []
    for number in range(n):
        if number % 50 == 49:  # saved twice
            shutil.copy(pages / f"page-{number - 1:06d}.html", pages / f"page-{number:06d}.html")
            continue
        url, html = page(number, rng)
        (pages / f"page-{number:06d}.html").write_text(html, encoding="utf-8")
        if number % 2 == 0:
            entries.append({"id": str(number), "type": "article-newspaper",
                            "title": f"Story {number}", "container-title": "Example News",
                            "issued": {"date-parts": [[2024, 1 + number % 12, 1]]},
                            "URL": url.replace("https://www.", "http://"), "language": "en"})
    (folder / "zotero.json").write_text(json.dumps(entries, indent=2), encoding="utf-8")
    return pages


def measure(n: int, workdir: Path, jobs: int) -> dict[str, float]:
    folder = workdir / f"N{n}"
    pages = generate(n, folder)
    target = folder / "sources"
    if target.exists():
        shutil.rmtree(target)
    size = sum(p.stat().st_size for p in pages.iterdir())
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kb_ext", "import", str(pages), "--to",
                             str(target), "--zotero", str(folder / "zotero.json"),
                             "--jobs", str(jobs)], capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = result.stdout.splitlines()
    print(f"N={n}: {summary[:2]} rc={result.returncode}", file=sys.stderr)
    return {"pages": n, "megabytes": round(size / 1e6, 1), "wall_s": round(wall, 1),
            "cpu_s": round(cpu, 1), "load": round(load, 1), "jobs": jobs,
            "returncode": result.returncode}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workdir", type=Path, default=Path(".bench/import"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    rows = [measure(n, args.workdir, args.jobs) for n in args.sizes]
    print("| pages | MB | jobs | wall s | CPU s | wall ms/page | load at start |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['pages']:,} | {row['megabytes']} | {row['jobs']} | {row['wall_s']} | "
              f"{row['cpu_s']} | {1000 * row['wall_s'] / row['pages']:.1f} | {row['load']} |")


if __name__ == "__main__":
    main()
