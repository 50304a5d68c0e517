"""Web page and PDF sources build the same site serially, with ``-j 2`` and
incrementally after an edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import ROOTS, sphinx_build
from .sourcefiles import write_inputs


def _pages(outdir: Path) -> dict[str, bytes]:
    return {str(path.relative_to(outdir)): path.read_bytes()
            for path in sorted(outdir.rglob("*.html"))}


def _copy(destination: Path, inputs: Path | None = None) -> Path:
    shutil.copytree(ROOTS / "test-html", destination)
    if inputs is None:
        write_inputs(destination)
    else:  # the same PDFs (an encrypted one differs each time it is written)
        for pdf in (inputs / "sources_raw").glob("*.pdf"):
            shutil.copy(pdf, destination / "sources_raw" / pdf.name)
        shutil.copytree(inputs / "sources_raw" / "news_files",
                        destination / "sources_raw" / "news_files")
        shutil.copy(inputs / "sources_raw" / "report.yaml", destination / "sources_raw")
    return destination


def test_parallel_and_incremental_builds_equal_a_full_build(tmp_path: Path) -> None:
    serial_src = _copy(tmp_path / "serial")
    serial = sphinx_build(serial_src, tmp_path / "serial-out")
    parallel_src = _copy(tmp_path / "parallel", serial_src)
    parallel = sphinx_build(parallel_src, tmp_path / "parallel-out", parallel=2)
    assert _pages(tmp_path / "serial-out") == _pages(tmp_path / "parallel-out")
    assert sorted(serial.warnings.replace(str(serial_src), "").splitlines()) == sorted(
        parallel.warnings.replace(str(parallel_src), "").splitlines())

    # Edit a saved page: a paragraph more. The incremental build writes what a full build does.
    news = serial_src / "sources_raw" / "news.html"
    news.write_text(news.read_text(encoding="utf-8").replace(
        "</article>", "<p>A fifth paragraph added when the page was saved again, long enough "
                      "to count as part of the article.</p>\n</article>"), encoding="utf-8")
    sphinx_build(serial_src, tmp_path / "serial-out", fresh=False)
    full_src = _copy(tmp_path / "full", serial_src)
    shutil.copy(news, full_src / "sources_raw" / "news.html")
    sphinx_build(full_src, tmp_path / "full-out")
    incremental, full = _pages(tmp_path / "serial-out"), _pages(tmp_path / "full-out")
    assert incremental == full
    assert b"A fifth paragraph added" in full["sources/news.html"]
