"""A progress line on stderr: a bar redrawn in place on a terminal, a count
line every tenth of the run otherwise (a log file gets a few lines, not a
carriage-return soup)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 30
REDRAW_SECONDS = 0.1
#: Runs shorter than this print no progress at all, only the summary.
MIN_TOTAL = 50


class Progress:
    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._drawn = 0.0
        self._step = max(1, total // 10)

    def advance(self, count: int = 1) -> None:
        before, self.done = self.done, self.done + count
        if self.total < MIN_TOTAL:
            return
        if self.tty:
            now = time.monotonic()
            if now - self._drawn >= REDRAW_SECONDS or self.done >= self.total:
                self._drawn = now
                filled = BAR_WIDTH * self.done // self.total
                self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}]"
                                  f" {self.done}/{self.total}")
                self.stream.flush()
        elif self.done // self._step > before // self._step or self.done == self.total:
            self.stream.write(f"{self.label}: {self.done}/{self.total}\n")
            self.stream.flush()

    def close(self) -> None:
        if self.tty and self.total >= MIN_TOTAL:
            self.stream.write("\n")
            self.stream.flush()
