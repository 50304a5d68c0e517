"""Phase timings for the benchmark, as a tiny Sphinx extension.

``run.py`` adds it with ``-D extensions=<the project's own>,tests.bench.phases``
and names an output file in ``$KB_BENCH_PHASES``. It wraps the builder's own
methods, so each figure is the time Sphinx spent inside that step (and
everything that step triggers, extension handlers included):

read
    ``Builder.read``: find changed files, parse them, ``env-updated`` handlers.
read_docs
    ``Builder.read_doc``, summed: parsing and directives only.
env_get_updated
    every ``env-get-updated`` handler, run just after ``read`` (kb_ext derives
    mentions, checks quotes and digests every generated placeholder here).
write
    ``Builder.write``: prepare, copy assets, then per page resolve, render
    and index.
resolve
    ``env.get_and_resolve_doctree``, summed: load the pickled doctree, build
    toctrees, resolve references, ``doctree-resolved`` handlers.
doctree_resolved
    every ``doctree-resolved`` handler, summed (kb_ext fills its placeholders).
render
    ``write_doc``: docutils HTML translation, the theme's templates (furo's
    navigation tree), writing the file.
index
    ``write_doc_serialized``: feeding the page to the search indexer.
finish
    ``Builder.finish``: general index, search index and inventory dumps,
    static files.
build_finished
    every ``build-finished`` handler (kb_ext writes kb.json).
exports
    kb_ext's export handlers among them: kb.json, the schemas, the CSV
    files, GraphML and SQLite (``kb_ext.outputs``).

The file also lists the documents read and written. Overhead is a few
``perf_counter`` calls per document.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import time
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx

FIRST, LAST = -10_000, 10_000   # event priorities: before and after every other handler


class Recorder:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.read: list[str] = []
        self.written: list[str] = []
        self._open: dict[str, float] = {}

    def add(self, phase: str, seconds: float) -> None:
        self.seconds[phase] = self.seconds.get(phase, 0.0) + seconds

    def wrap(self, owner: Any, name: str, phase: str, docnames: list[str] | None = None) -> None:
        inner: Callable[..., Any] = getattr(owner, name)

        @functools.wraps(inner)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if docnames is not None and args:
                docnames.append(args[0])
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.add(phase, time.perf_counter() - start)

        setattr(owner, name, timed)

    def around(self, app: Sphinx, event: str, phase: str) -> None:
        """Time every handler of ``event`` with a first and a last handler."""
        def start(*_args: Any) -> list[str]:
            self._open[phase] = time.perf_counter()
            return []   # env-get-updated handlers must return docnames

        def stop(*_args: Any) -> list[str]:
            self.add(phase, time.perf_counter() - self._open.pop(phase))
            return []

        app.connect(event, start, priority=FIRST)
        app.connect(event, stop, priority=LAST)


EXPORT_HANDLERS = ("kb_ext.outputs.kbjson.write_export", "kb_ext.outputs.exports.write_exports")


def _time_exports(app: Sphinx, recorder: Recorder) -> None:
    """Time kb_ext's export handlers: each ``build-finished`` listener that is
    one of them is replaced by a timed wrapper (Sphinx keeps them as
    ``EventListener`` rows in ``app.events.listeners``; a private detail,
    acceptable in a benchmark)."""
    listeners = app.events.listeners["build-finished"]
    for index, listener in enumerate(listeners):
        handler = listener.handler
        name = f"{getattr(handler, '__module__', '')}.{getattr(handler, '__qualname__', '')}"
        if name in EXPORT_HANDLERS:
            def timed(*args: Any, _inner: Callable[..., Any] = handler) -> Any:
                start = time.perf_counter()
                try:
                    return _inner(*args)
                finally:
                    recorder.add("exports", time.perf_counter() - start)
            listeners[index] = listener._replace(handler=timed)


def setup(app: Sphinx) -> dict[str, Any]:
    recorder = Recorder()

    def builder_inited(app: Sphinx) -> None:
        _time_exports(app, recorder)
        builder = app.builder
        recorder.wrap(builder, "read", "read")
        recorder.wrap(builder, "read_doc", "read_docs", recorder.read)
        recorder.wrap(builder, "write", "write")
        recorder.wrap(builder, "write_doc", "render")
        recorder.wrap(builder, "write_doc_serialized", "index")
        recorder.wrap(builder, "finish", "finish")

    def write_started(app: Sphinx, builder: Any) -> None:
        # Wrapped only now: the environment has been pickled by this point.
        recorder.wrap(app.env, "get_and_resolve_doctree", "resolve", recorder.written)

    def dump(app: Sphinx, exception: Exception | None) -> None:
        path = os.environ.get("KB_BENCH_PHASES")
        if not path:
            return
        if "build_finished" in recorder._open:
            recorder.add("build_finished", time.perf_counter() - recorder._open.pop(
                "build_finished"))
        app.env.__dict__.pop("get_and_resolve_doctree", None)
        with open(path, "w", encoding="utf-8") as stream:
            json.dump({"seconds": recorder.seconds, "read": recorder.read,
                       "written": recorder.written,
                       "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss},
                      stream, indent=1)

    app.connect("builder-inited", builder_inited, priority=FIRST)
    app.connect("write-started", write_started, priority=FIRST)
    recorder.around(app, "env-get-updated", "env_get_updated")
    recorder.around(app, "doctree-resolved", "doctree_resolved")
    app.connect("build-finished", lambda app, exc: recorder._open.__setitem__(
        "build_finished", time.perf_counter()), priority=FIRST)
    app.connect("build-finished", dump, priority=LAST)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
