"""Precision, recall and F of the article text kb_ext shows for a saved web
page (trafilatura's extraction, then kb_ext's cleaner), on trafilatura's own
annotated evaluation set, next to trafilatura alone. Not run by the tests.

    python tests/bench/html_eval.py TRAFILATURA_TESTS_DIR [--every 5]

``TRAFILATURA_TESTS_DIR`` is the ``tests/`` folder of trafilatura's repository
(``evaldata.json``, ``cache/`` and ``eval/``). Scoring is trafilatura's
(``tests/eval_common.py``): for each page, each "with" snippet found in the
whitespace-normalised text is a true positive, each "without" snippet found
a false positive. The sample is every N-th URL of the annotations in sorted
order (``--every 5``: 198 of 990 pages).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import trafilatura

from kb_ext.sources.clean import HEADING, PASSAGE, classify
from kb_ext.sources.html import extractor_version, read_html
from kb_ext.sources.ingest import RawArticle


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Counts:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.tn = 0
        self.seconds = 0.0

    def add(self, item: dict, text: str | None) -> None:
        shown = norm(text or "")
        tp = sum(norm(w) in shown for w in item["with"]) if text else 0
        fp = sum(norm(w) in shown for w in item["without"]) if text else 0
        self.tp += tp
        self.fp += fp
        self.fn += len(item["with"]) - tp
        self.tn += len(item["without"]) - fp

    def scores(self) -> tuple[float, float, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn)
        return precision, recall, f1


def trafilatura_alone(data: bytes) -> str | None:
    """trafilatura's benchmark settings ("fallback" runner of eval_common.py)."""
    return trafilatura.extract(data, include_comments=False, include_tables=True,
                               include_formatting=False)


def kb_ext_shown(data: bytes, name: str) -> str:
    """The text a kb_ext source page shows as the article: its passages and headings."""
    article = RawArticle(Path(name), "", "", len(data))
    page = read_html(data, article)
    segments = classify(page.text, page.meta.get("title", ""))
    return "\n".join(s.text for s in segments if s.kind in (PASSAGE, HEADING))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tests_dir", type=Path)
    parser.add_argument("--every", type=int, default=5)
    args = parser.parse_args()
    annotations = json.loads((args.tests_dir / "evaldata.json").read_text(encoding="utf-8"))
    urls = sorted(annotations)[::args.every]
    runs = {"trafilatura alone": Counts(), "kb_ext (trafilatura + cleaning)": Counts()}
    no_article = 0
    for url in urls:
        item = annotations[url]
        path = next((args.tests_dir / folder / item["file"] for folder in ("cache", "eval")
                     if (args.tests_dir / folder / item["file"]).is_file()), None)
        if path is None:
            print(f"missing: {item['file']}", file=sys.stderr)
            continue
        data = path.read_bytes()
        for label, run in runs.items():
            start = time.perf_counter()
            text = (trafilatura_alone(data) if label.startswith("trafilatura")
                    else kb_ext_shown(data, path.name))
            run.seconds += time.perf_counter() - start
            run.add(item, text)
            if not label.startswith("trafilatura") and not text:
                no_article += 1
    print(f"{len(urls)} pages (every {args.every}th URL of {len(annotations)}, sorted), "
          f"{extractor_version()}")
    print("| run | precision | recall | F | seconds |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, run in runs.items():
        precision, recall, f1 = run.scores()
        print(f"| {label} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {run.seconds:.1f} |")
    print(f"kb_ext published no passages for {no_article} pages")


if __name__ == "__main__":
    main()
