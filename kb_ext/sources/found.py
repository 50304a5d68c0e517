"""What discovery finds on disk: an article, its sidecar and its page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FoundSource:
    id: str
    raw_path: str
    sidecar_path: str
    docname: str


#: sidecar path -> (mtime_ns, size, id or None, line of the id)
SidecarIds = dict[str, tuple[int, int, str | None, int]]
