"""Take a PNG screenshot of a page of the built site with headless Chromium.

    python -m tests.screenshot                      # landing page -> docs/_static/screenshot.png
    python -m tests.screenshot --page network.html --out /tmp/network.png --full-page
    python -m tests.screenshot --page timeline.html --selector svg --out /tmp/timeline.png

The site is served on 127.0.0.1 for the duration of the shot; nothing is
fetched from the network. Needs Debian's ``chromium`` and the ``playwright``
Python package (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .localsite import CHROMIUM, CHROMIUM_ARGS, serve

REPO = Path(__file__).resolve().parent.parent
# Scrollbars would show in the picture.
SHOT_ARGS = [*CHROMIUM_ARGS, "--hide-scrollbars"]


def screenshot(site: Path, page: str, out: Path, width: int, height: int, full_page: bool,
               scheme: str, selector: str = "") -> None:
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=SHOT_ARGS)
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
