"""kb_ext: a Sphinx extension that builds a cross-referenced knowledge base
from raw source articles and curated actor, theme and claim pages."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    from .extension import setup_extension

    return setup_extension(app)
