"""Take PNG screenshots of the built site with headless Chromium.

    python -m tests.screenshot                      # landing page -> docs/_static/screenshot.png
    python -m tests.screenshot --page network.html --out /tmp/network.png --full-page
    python -m tests.screenshot --page timeline.html --selector svg --out /tmp/timeline.png
    python -m tests.screenshot --all                # each page kind at 1280 and 390 px
                                                    # -> docs/_screenshots/<kind>-<width>.png

The site is served on 127.0.0.1 for the duration of the shot; nothing is
fetched from the network. Needs Debian's ``chromium`` and the ``playwright``
Python package (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NamedTuple

from .localsite import CHROMIUM, CHROMIUM_ARGS, serve

REPO = Path(__file__).resolve().parent.parent
# Scrollbars would show in the picture.
SHOT_ARGS = [*CHROMIUM_ARGS, "--hide-scrollbars"]

#: page kind -> a page of that kind on the seeds site (``make html``)
PAGE_KINDS = {
    "overview": "index.html",
    "source": "sources/belarusdigest-astapenia-2014-winning-crimea.html",
    "actor": "actors/lukashenko.html",
    "theme": "themes/union-state.html",
    "claim": "claims/election-2020-rigged.html",
    "event": "events/election-2020.html",
    "sources-index": "sources/index.html",
    "actors-index": "actors/index.html",
    "themes-index": "themes/index.html",
    "claims-index": "claims/index.html",
    "events-index": "events/index.html",
    "matrix": "matrix.html",
    "network": "network.html",
    "timeline": "timeline.html",
    "guide": "guide/authoring.html",
}


class Window(NamedTuple):
    width: int
    height: int


#: a desktop window and a phone (an iPhone 12-15's CSS pixels)
WINDOWS = (Window(1280, 800), Window(390, 844))


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


def screenshot_all(site: Path, out_dir: Path) -> list[Path]:
    """The first screen of each page kind in each window, one browser for all."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=SHOT_ARGS)
        try:
            for window in WINDOWS:
                context = browser.new_context(viewport=window._asdict(),  # type: ignore[arg-type]
                                              device_scale_factor=1, color_scheme="light")
                view = context.new_page()
                for kind, page in PAGE_KINDS.items():
                    view.goto(url + page, wait_until="load")
                    view.evaluate("document.fonts.ready")
                    out = out_dir / f"{kind}-{window.width}.png"
                    view.screenshot(path=str(out), animations="disabled")
                    written.append(out)
                context.close()
        finally:
            browser.close()
    return written


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
    parser.add_argument("--all", action="store_true",
                        help="each page kind at each window size, into --out-dir")
    parser.add_argument("--out-dir", type=Path, default=REPO / "docs/_screenshots")
    args = parser.parse_args(argv)
    if args.all:
        missing = [page for page in PAGE_KINDS.values() if not (args.site / page).is_file()]
        if missing:
            print(f"{args.site} has no {', '.join(missing)}: run 'make html' first",
                  file=sys.stderr)
            return 1
        if not CHROMIUM.is_file():
            print(f"Chromium is missing at {CHROMIUM}: run 'make browser-deps'", file=sys.stderr)
            return 1
        for out in screenshot_all(args.site, args.out_dir):
            print(f"wrote {out}")
        return 0
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
