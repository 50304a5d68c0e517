"""``python -m kb_ext import``, run as a user runs it, on files written for
this test (tests/data/import): saved pages, text files, Zotero exports."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb_ext.cli.importer import import_files, summary
from kb_ext.cli.progress import Progress
from kb_ext.sources import html
from kb_ext.sources.sidecar import load_sidecar

from .conftest import REPO, sphinx_build

DATA = Path(__file__).resolve().parent / "data" / "import"
PAGES = DATA / "pages"


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kb_ext", "import", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def values(path: Path) -> dict[str, str]:
    sidecar = load_sidecar(path)
    assert sidecar.problems == [], sidecar.problems
    return dict(sidecar.values)


Run = subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    base = tmp_path_factory.mktemp("import")
    result = run(PAGES, "--to", base / "sources", "--zotero", DATA / "zotero" / "library.json",
                 cwd=base)
    return base / "sources", result


def test_copies_are_byte_identical_with_one_draft_each(imported) -> None:
    target, result = imported
    assert result.returncode == 0, result.stderr + result.stdout
    names = sorted(p.name for p in target.iterdir())
    assert names == [".kb-extracted", "handel-de.md", "handel-de.yaml", "handel.txt", "handel.yaml",
                     "minsk-talks.html", "minsk-talks.yaml", "note.text", "note.yaml",
                     "report.htm", "report.yaml"]
    for name in ("handel-de.md", "handel.txt", "minsk-talks.html", "note.text", "report.htm"):
        assert sha(target / name) == sha(PAGES / name), name


def test_summary_counts_and_names_each_case(imported) -> None:
    _target, result = imported
    out = result.stdout.splitlines()
    assert out[0].startswith("imported 5 file(s)") and "(2 filled from Zotero)" in out[0]
    assert out[1].startswith("skipped 1 duplicate(s)")
    assert out[2].endswith("sub/minsk-talks (1).html: same bytes as "
                           f"{PAGES / 'minsk-talks.html'}")
    assert out[3] == "failed 0"
    assert out[4].startswith("ignored 1 file(s)") and out[5].endswith("sub/picture.png")
    assert out[6] == "Zotero: 1 entry matched no file (by URL or attachment file name)"
    assert out[7] == "  'An entry with no file' (library.json line 23)"


def test_zotero_fills_the_drafts_it_matches(imported) -> None:
    target, _result = imported
    # Matched by URL (the page's "saved from" comment; http/https, www and "/" aside).
    assert values(target / "minsk-talks.yaml") == {
        "id": "minsk-talks", "title": "Перамовы ў Мінску: што вырашылі",
        "outlet": "Example News", "kind": "news report", "author": "Алесь Каваль, Jane Doe",
        "published": "2024-03-07", "language": "be",
        "url": "http://example-news.by/politics/minsk-talks", "retrieved": "2024-03-09"}
    # Matched by the attachment's file name; "Polish" is written as a code.
    assert values(target / "handel.yaml") == {
        "id": "handel", "title": "Handel między krajami", "outlet": "Instytut Przykładowy",
        "kind": "report", "author": "Instytut Przykładowy", "published": "2023-11",
        "language": "pl"}
    text = (target / "handel.yaml").read_text(encoding="utf-8")
    assert "title: Handel między krajami  # from Zotero (library.json line 13)" in text


def test_guesses_are_marked_and_missing_keys_left_as_comments(imported) -> None:
    target, _result = imported
    lines = (target / "handel-de.yaml").read_text(encoding="utf-8").splitlines()
    assert "title: Handel zwischen den Ländern  # guessed: the first line of the text" in lines
    assert "language: de  # guessed: detected from the text" in lines
    assert [line for line in lines if line.startswith("# ") and "not found" in line] == [
        "# outlet:  (not found; write it here)", "# kind:  (not found; write it here)",
        "# published:  (not found; write it here)"]
    # One short line: a guessed title, no language (too little text to tell).
    assert values(target / "note.yaml") == {"id": "note", "title": "Short note."}
    # A saved page without Zotero: its language from <html lang> is all the draft holds;
    # the rest is the build's to read from the page.
    report = (target / "report.yaml").read_text(encoding="utf-8")
    assert values(target / "report.yaml") == {"id": "report"}
    assert "# title:  (not in Zotero; the build reads it from the page)" in report


def test_a_second_run_skips_everything_and_overwrites_nothing(imported, tmp_path: Path) -> None:
    target, _result = imported
    def files() -> dict[str, tuple[str, int]]:
        return {str(p.relative_to(target)): (sha(p), p.stat().st_mtime_ns)
                for p in target.rglob("*") if p.is_file()}

    before = files()
    again = run(PAGES, "--to", target, cwd=tmp_path)
    assert again.returncode == 0
    assert again.stdout.splitlines()[0].startswith("imported 0 file(s)")
    assert again.stdout.splitlines()[1].startswith("skipped 6 duplicate(s)")
    assert files() == before  # the kept extractions too


def test_web_pages_are_extracted_once_at_import_and_not_by_the_build(
        imported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target, result = imported
    pages = sorted(p for p in target.iterdir() if p.suffix in (".html", ".htm"))
    kept = target / ".kb-extracted"
    assert sorted(p.name for p in kept.iterdir()) == sorted(f"{sha(p)}.json" for p in pages)
    assert (f"extracted the text of {len(pages)} web page(s) and kept it in {kept}, so the "
            "first build need not") in result.stdout
    project = tmp_path / "project"
    shutil.copytree(target, project / "sources_raw")
    shutil.copy(REPO / "tests" / "roots" / "test-language" / "conf.py", project / "conf.py")
    (project / "index.md").write_text("# Imported\n", encoding="utf-8")
    built = sphinx_build(project, tmp_path / "built")

    # A first build with extraction made impossible shows the same pages.
    def no_extraction(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build extracted a page the import had extracted")

    monkeypatch.setattr(html, "read_html", no_extraction)
    again = sphinx_build(project, tmp_path / "again")
    for page in pages:
        name = f"sources/{page.stem}"
        assert again.page(name).get_text() == built.page(name).get_text()
        assert "minsk" in again.page(name).get_text().lower() or page.stem == "report"
    assert again.warnings == built.warnings


def test_a_renamed_copy_keeps_problems_that_name_the_copy(tmp_path: Path) -> None:
    whole = (PAGES / "minsk-talks.html").read_bytes()
    for folder, data in (("one", whole), ("two", whole[: whole.index(b"</body>")])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.html").write_bytes(data)
    outcome = import_files([tmp_path / "one", tmp_path / "two"], tmp_path / "sources")
    renamed = next(i.raw for i in outcome.imported if i.raw.name != "page.html")
    entry = tmp_path / "sources" / ".kb-extracted" / f"{sha(renamed)}.json"
    problems = " ".join(message for _line, message in json.loads(
        entry.read_text(encoding="utf-8"))["problems"])
    assert renamed.name in problems and "page.html" not in problems.replace(renamed.name, "")
    assert outcome.extracted == 2


def test_a_page_whose_extraction_fails_is_still_imported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("an extractor's own bug")

    monkeypatch.setattr(html, "read_html", broken)
    outcome = import_files([PAGES / "minsk-talks.html", PAGES / "handel.txt"],
                           tmp_path / "sources")
    assert sorted(i.raw.name for i in outcome.imported) == ["handel.txt", "minsk-talks.html"]
    assert outcome.failed == [] and outcome.extracted == 0
    assert not list((tmp_path / "sources").glob(".kb-extracted/*.json"))
    assert not any("extracted the text" in line
                   for line in summary(outcome, tmp_path / "sources"))


def test_no_extract_leaves_the_extraction_to_the_build(tmp_path: Path) -> None:
    result = run(PAGES / "minsk-talks.html", "--to", tmp_path / "sources", "--no-extract",
                 cwd=tmp_path)
    assert result.returncode == 0
    assert not (tmp_path / "sources" / ".kb-extracted").exists()
    assert "extracted the text" not in result.stdout


def test_a_taken_name_gets_the_hash_and_failures_set_the_exit_code(tmp_path: Path) -> None:
    target = tmp_path / "sources"
    target.mkdir()
    (target / "handel.txt").write_text("Another article, another text.\n", encoding="utf-8")
    other = tmp_path / "other.pdf.bak"
    other.write_text("x", encoding="utf-8")
    result = run(PAGES / "handel.txt", other, tmp_path / "missing.html", "--to", target,
                 cwd=tmp_path)
    assert result.returncode == 1
    digest = sha(PAGES / "handel.txt")[:8]
    assert sorted(p.name for p in target.iterdir()) == sorted([
        "handel.txt", f"handel-{digest}.txt", f"handel-{digest}.yaml"])
    assert (target / "handel.txt").read_text(encoding="utf-8") == "Another article, another text.\n"
    assert f"id: handel-{digest}  # from the file name" in (
        target / f"handel-{digest}.yaml").read_text(encoding="utf-8")
    out = result.stdout.splitlines()
    assert "failed 2" in out
    assert any(re.search(r"other\.pdf\.bak: not a saved page \(\.html/\.htm\), PDF or text "
                         r"file \((\.\w+, )+\.\w+\)$", line) for line in out), out
    assert any(line.endswith("missing.html: no such file or folder") for line in out), out


@pytest.mark.parametrize(("name", "line", "message"), [
    ("bad.json", 3, "not valid JSON: Expecting ',' delimiter"),
    ("bad.ris", 5, "not a RIS line"),
    ("unclosed.ris", 1, "RIS record has no 'ER  - ' line"),
])
def test_a_bad_zotero_file_is_one_error_and_nothing_is_written(
        tmp_path: Path, name: str, line: int, message: str) -> None:
    result = run(PAGES, "--to", tmp_path / "sources", "--zotero", DATA / "zotero" / name,
                 cwd=tmp_path)
    assert result.returncode == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1, errors
    assert f"{DATA / 'zotero' / name}:{line}: {message}" in errors[0], errors[0]
    assert errors[0].endswith("(nothing imported)")
    assert not (tmp_path / "sources").exists()


def test_ris_matches_by_url_and_attachment(tmp_path: Path) -> None:
    result = run(PAGES, "--to", tmp_path / "s", "--zotero", DATA / "zotero" / "library.ris",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert values(tmp_path / "s" / "report.yaml") == {   # by og:url
        "id": "report", "title": "Trade between the countries: a report", "outlet": "Think Example",
        "kind": "report", "author": "Roe, Richard, Poe, Paula", "published": "2024-02-15",
        "language": "en", "url": "https://think.example.org/reports/2024/trade"}
    assert values(tmp_path / "s" / "handel-de.yaml") == {   # by L1's file name
        "id": "handel-de", "title": "Handel zwischen den Ländern", "outlet": "Beispiel-Zeitung",
        "kind": "news report", "published": "2022", "language": "de"}
    assert "  'Nobody saved this one' (library.ris line 20)" in result.stdout.splitlines()


def _corpus(folder: Path, count: int) -> None:
    folder.mkdir()
    template = (PAGES / "handel.txt").read_text(encoding="utf-8")
    for number in range(count):
        (folder / f"article-{number:03d}.txt").write_text(
            f"{template}\nAnnex {number}: the figures of month {number}.\n", encoding="utf-8")


def test_parallel_run_equals_serial_run_and_reports_progress(tmp_path: Path) -> None:
    _corpus(tmp_path / "in", 60)
    serial = run(tmp_path / "in", "--to", tmp_path / "one", "--jobs", "1", cwd=tmp_path)
    parallel = run(tmp_path / "in", "--to", tmp_path / "two", "--jobs", "2", cwd=tmp_path)
    assert serial.returncode == parallel.returncode == 0
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert len(one) == 120 and one == two
    # Not a terminal: a count line per tenth of the run, the last one complete.
    progress = parallel.stderr.strip().splitlines()
    assert progress[-1] == "import: 60/60" and 5 <= len(progress) <= 11, progress


def test_imported_text_builds_with_one_warning_naming_the_missing_fields(tmp_path: Path) -> None:
    target = tmp_path / "project" / "sources_raw"
    result = run(PAGES / "handel.txt", PAGES / "handel-de.md", PAGES / "note.text", "--to", target,
                 "--zotero", DATA / "zotero" / "library.json", cwd=tmp_path)
    assert result.returncode == 0
    project = tmp_path / "project"
    shutil.copy(REPO / "tests" / "roots" / "test-language" / "conf.py", project / "conf.py")
    (project / "index.md").write_text("# Imported\n", encoding="utf-8")
    site = sphinx_build(project, tmp_path / "html")
    warnings = site.warning_lines("kb.")
    assert sorted(w.split("sources_raw/")[1] for w in warnings) == [
        "handel-de.yaml:1: WARNING: missing required key(s): outlet, kind, published [kb.sidecar]",
        "note.yaml:1: WARNING: missing required key(s): outlet, kind, published, language "
        "[kb.sidecar]"]
    assert "handel" not in " ".join(w for w in warnings if "handel-de" not in w)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_count_lines_otherwise() -> None:
    terminal, log = _Terminal(), io.StringIO()
    for stream in (terminal, log):
        progress = Progress(200, "import", stream)
        for _ in range(200):
            progress.advance()
        progress.close()
    assert terminal.getvalue().startswith("\rimport [")
    assert terminal.getvalue().endswith(f"\rimport [{'#' * 30}] 200/200\n")
    assert "\r" not in log.getvalue()
    assert log.getvalue().splitlines() == [f"import: {n}/200" for n in range(20, 201, 20)]
    quiet = io.StringIO()
    short = Progress(10, "import", quiet)
    short.advance(10)
    short.close()
    assert quiet.getvalue() == ""  # a short run prints only its summary


def test_the_dispatcher_names_its_commands(tmp_path: Path) -> None:
    for args, code in (([], 2), (["frobnicate"], 2), (["--help"], 0)):
        result = subprocess.run([sys.executable, "-m", "kb_ext", *args], cwd=tmp_path,
                                capture_output=True, text=True, timeout=60,
                                env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
        assert result.returncode == code, args
        usage = "usage: python -m kb_ext {fix-positions,import,learn-furniture} ..."
        assert usage in result.stderr, result.stderr
