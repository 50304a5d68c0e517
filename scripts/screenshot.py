"""Take a PNG screenshot of a page of the built site with headless Chromium.

    python scripts/screenshot.py                      # landing page -> docs/_static/screenshot.png
    python scripts/screenshot.py --page network.html --out /tmp/network.png --full-page
    python scripts/screenshot.py --page timeline.html --selector svg --out /tmp/timeline.png

The site is served on 127.0.0.1 for the duration of the shot; nothing is
fetched from the network. Needs Debian's ``chromium`` and the ``playwright``
Python package (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def screenshot(site: Path, page: str, out: Path, width: int, height: int, full_page: bool,
               scheme: str, selector: str = "") -> None:
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height},
                                          device_scale_factor=1, color_scheme=scheme)
            view = context.new_page()
            view.goto(url + page, wait_until="load")
            view.evaluate("document.fonts.ready")
            if selector:
                view.locator(selector).first.screenshot(path=str(out), animations="disabled")
            else:
                view.screenshot(path=str(out), full_page=full_page, animations="disabled")
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "docs/_build/html",
                        help="built HTML folder (default: docs/_build/html)")
    parser.add_argument("--page", default="index.html", help="page to open (default: index.html)")
    parser.add_argument("--out", type=Path, default=REPO / "docs/_static/screenshot.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=860)
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the window")
    parser.add_argument("--color-scheme", default="light", choices=("light", "dark"))
    parser.add_argument("--selector", default="", help="shoot only the first matching element")
    args = parser.parse_args(argv)
    if not (args.site / args.page).is_file():
        print(f"{args.site / args.page} does not exist: run 'make html' first", file=sys.stderr)
        return 1
    if not CHROMIUM.is_file():
        print(f"Chromium is missing at {CHROMIUM}: run 'make browser-deps'", file=sys.stderr)
        return 1
    screenshot(args.site, args.page, args.out, args.width, args.height, args.full_page,
               args.color_scheme, args.selector)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
