"""kb objects as ``std:label`` targets, present only while pages are written.

Published on ``write-started``, not at read time: the standard domain's
``clear_doc`` scans all labels for every document read, so a label per
passage made full builds quadratic. Not before the environment is pickled
either: the labels follow from kb data, and were a third of the pickle (19 of
62 MB at 4,000 sources) that every later build loads and every parallel
reader sends back.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from ..state import KnowledgeBase


def publish_labels(app: Sphinx, builder: Any) -> None:
    """Publish kb objects as standard labels for writing (``:ref:`` and objects.inv)."""
    withdraw_labels(app)
    kb = KnowledgeBase(app)
    kb.build.published_labels = kb.domain.publish_labels()


def withdraw_labels(app: Sphinx, *_args: Any) -> None:
    """Remove the labels this process published (on ``env-updated``, before
    Sphinx pickles the environment, and on ``build-finished``, so that a next
    build in the same process reads without them)."""
    kb = KnowledgeBase(app)
    std = app.env.domains.standard_domain
    for name in kb.build.published_labels:
        std.labels.pop(name, None)
        std.anonlabels.pop(name, None)
    kb.build.published_labels = []
