"""What reading a document costs beyond parsing it: docutils' option parser.

Sphinx builds a new ``OptionParser`` (about a hundred options) for every
document it reads, and MyST builds another for a scratch document it throws
away; at 1,000 sources that was a tenth of a check's time. Both are built
once per kind of document instead (:mod:`kb_ext._compat`); each document
still gets fresh settings from the parser's defaults, so the pages are the
same (tests/test_snapshots.py).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ._compat import reuse_document_settings, skip_myst_scratch_document


def _on_builder_inited(app: Sphinx) -> None:
    reuse_document_settings()
    skip_myst_scratch_document()


def setup_reading(app: Sphinx) -> None:
    app.connect("builder-inited", _on_builder_inited)
