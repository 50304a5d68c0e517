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
(:class:`kb_ext.sources.page.SourcePage`), SmartQuotes, which only
changes how text is typeset, is off (docutils' option parser is built once
per kind of document in every build: :mod:`kb_ext.reading`), and no doctree
is written to the doctree folder. No check reads a doctree: each reads what
the directives recorded in the ``kb`` domain while parsing.

A document the check read has no doctree (and a source page's would be its
title alone), so a builder that writes pages from the same doctree folder
reads it again (:class:`CheckedDocuments`).
"""

from __future__ import annotations

from collections.abc import Set

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from .._compat import disable_smart_quotes, restore_smart_quotes, without_doctree_files


@without_doctree_files
class KbCheckBuilder(Builder):
    name = "kbcheck"
    format = ""
    epilog = "kb checks done: no output is written."
    allow_parallel = True

    def init(self) -> None:
        before = disable_smart_quotes(self.env)

        # Switched back on when reading is done: the environment is pickled
        # with its settings, which another builder may load.
        def restore(app: Sphinx, env: BuildEnvironment) -> list[str]:
            restore_smart_quotes(env, before)
            return []

        self.events.connect("env-updated", restore, priority=900)

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


def checked_documents(env: BuildEnvironment) -> set[str]:
    """The documents last read by ``kbcheck``, kept with the environment."""
    checked: set[str] | None = getattr(env, "kb_checked_documents", None)
    if checked is None:
        checked = env.kb_checked_documents = set()  # type: ignore[attr-defined]
    return checked


class CheckedDocuments(EnvironmentCollector):
    """Which documents were last read by the check: another builder reads
    them again, since the check left no doctree for them."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        checked_documents(env).discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str],
                    other: BuildEnvironment) -> None:
        checked_documents(env).update(checked_documents(other) & set(docnames))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        if app.builder.name == KbCheckBuilder.name:
            checked_documents(app.env).add(app.env.docname)

    def get_outdated_docs(self, app: Sphinx, env: BuildEnvironment, added: Set[str],
                          changed: Set[str], removed: Set[str]) -> list[str]:
        if app.builder.name == KbCheckBuilder.name:
            return []
        return sorted(checked_documents(env) - set(removed))
