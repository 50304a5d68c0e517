"""A built site on a local HTTP server, and the headless Chromium that reads it.

Shared by the browser tests (conftest.py), the search-download benchmark
(bench/search_download.py) and the README screenshot (screenshot.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Debian's Chromium: Playwright cannot download its own browser here. Without the
# background-networking flags it keeps dialling out on a machine with no network.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the browser dropping a connection when it navigates away is normal


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` on http://127.0.0.1:<free port>/ while the block runs."""
    server = QuietServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
