"""What the first search query downloads: bytes and files, in a real browser.

``first_query_download(outdir, queries)`` serves a built site on a local HTTP
server, opens ``search.html?q=<query>`` in headless Debian Chromium (one
fresh browser context, so an empty cache, per query), waits until the search
status says it finished, and adds up every response: the page, its
stylesheets and scripts, ``searchindex.js`` and any index files fetched by the
query. Sizes are what crossed the wire (headers + body as sent; Python's
server does not compress). A text result's snippet is not fetched in sharded
mode unless asked for; in Sphinx's own mode every result's page is, and those
pages are counted too, as they are part of answering the query.

    .venv/bin/python -m tests.bench.search_download <outdir> <query>...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from ..localsite import CHROMIUM, CHROMIUM_ARGS, serve

# Sphinx's search page sets this status once every result is listed.
SEARCH_DONE = """() => {
    const status = document.querySelector('#search-results .search-summary');
    return status !== null && /finished|did not match|failed/i.test(status.textContent);
}"""
TIMEOUT_MS = 120_000
SETTLE_MS = 500  # after the status, for responses still arriving (Sphinx's snippets)


def _kind(path: str) -> str:
    if "/_kb_search/" in path:
        return "shard"
    if path.endswith("searchindex.js"):
        return "searchindex"
    suffix = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return {"html": "html", "css": "css", "js": "js", "json": "json"}.get(suffix, "other")


def first_query_download(outdir: Path, queries: list[str], browser: Any = None
                         ) -> dict[str, Any]:
    """``{query: {"bytes", "files", "by_kind": {kind: [bytes, files]}, "results",
    "status"}}`` for the first query of a fresh browser on ``search.html``.

    ``browser`` is a running Playwright browser to use (a test's), else one is started."""
    from playwright.sync_api import sync_playwright

    report: dict[str, Any] = {}
    with serve(outdir) as base:
        if browser is not None:
            for query in queries:
                report[query] = _measure(browser, base, query)
            return report
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            try:
                for query in queries:
                    report[query] = _measure(browser, base, query)
            finally:
                browser.close()
    return report


def _measure(browser: Any, base: str, query: str) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    responses: list[tuple[str, int]] = []

    def finished(request: Any) -> None:
        sizes = request.sizes()
        responses.append((request.url, sizes["responseHeadersSize"]
                          + sizes["responseBodySize"]))

    try:
        page = context.new_page()
        page.on("requestfinished", finished)
        page.goto(f"{base}search.html?q={quote(query)}")
        page.wait_for_function(SEARCH_DONE)
        page.wait_for_timeout(SETTLE_MS)
        status = page.locator("#search-results .search-summary").inner_text()
        results = page.locator("#search-results ul.search > li").count()
    finally:
        context.close()
    by_kind: dict[str, list[int]] = {}
    for url, size in responses:
        entry = by_kind.setdefault(_kind(urlsplit(url).path), [0, 0])
        entry[0] += size
        entry[1] += 1
    return {"bytes": sum(size for _url, size in responses), "files": len(responses),
            "by_kind": by_kind, "results": results, "status": status}


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    print(json.dumps(first_query_download(Path(sys.argv[1]), sys.argv[2:]), indent=1,
                     ensure_ascii=False))
