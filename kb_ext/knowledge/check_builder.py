"""``kbcheck``: a builder that reads the project and runs every check of a
build (sidecars, directive options, references, quotes, duplicates, claim
consistency) and writes nothing: no page is resolved or written, which is
most of a build's time. ``make check`` runs it with ``-W``, so a kb warning
fails it, as it fails ``make html SPHINXOPTS=-W``.

References are checked once after reading whatever the builder
(:mod:`kb_ext.knowledge.report`), so skipping the writing loses no warning.
Reading is most of what is left, so the check reads less than a build does
(docs/guide/benchmarks.md, "make check"): generated source pages record
their source and passages without building the page
(:class:`kb_ext.sources.page.SourcePage`), and SmartQuotes, which only
changes how text is typeset, is off (docutils' option parser is built once
per kind of document in every build: :mod:`kb_ext.reading`). No check
reads a doctree: each reads what the directives recorded in the ``kb``
domain while parsing.
"""

from __future__ import annotations

from collections.abc import Set

from docutils import nodes
from sphinx.builders import Builder

from .._compat import disable_smart_quotes


class KbCheckBuilder(Builder):
    name = "kbcheck"
    format = ""
    epilog = "kb checks done: no output is written."
    allow_parallel = True

    def init(self) -> None:
        disable_smart_quotes(self.env)

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def get_outdated_docs(self) -> Set[str]:
        return set()

    def write_documents(self, docnames: Set[str]) -> None:
        """Nothing: Sphinx's write step still sends write-started, where the
        checks it skips on a build that read nothing run
        (report._before_writing)."""

    def finish(self) -> None:
        pass
