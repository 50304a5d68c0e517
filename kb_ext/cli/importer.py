"""``python -m kb_ext import PATH... [--to SOURCES_DIR] [--zotero FILE]``

Copies saved pages (.html/.htm), PDFs and text files into the sources folder,
byte for byte, each with a draft sidecar (:mod:`.draft`), filled from a
Zotero export when one describes the file (:mod:`.zotero`). Never overwrites
a file: a name already taken gets the first 8 hex digits of the file's
SHA-256 added. A file whose bytes are already in the folder, or were
imported earlier in the run, is skipped as a duplicate. Reading and hashing
run in worker processes; writing is done by this process, in input order,
so the names chosen do not depend on the workers' timing. The workers then
extract each copied web page's text, as a build would, and keep it in the
sources folder's ``.kb-extracted/`` (:mod:`kb_ext.sources.extract_cache`), so the
first build over imported pages costs what a build over text costs;
``--no-extract`` leaves that to the build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple, TypeVar

from ..sources.extract_cache import IMPORTED_DIR, keep_extraction
from ..sources.sidecar import SIDECAR_SUFFIXES
from .draft import (
    IMPORTED_SUFFIXES,
    Field,
    Inspected,
    draft_sidecar,
    file_sha256,
    inspect,
    kind_of,
    source_id_for,
)
from .progress import Progress
from .zotero import ZoteroError, ZoteroIndex, load_zotero

#: Below this many files, work in this process (a pool costs more than it saves).
POOL_MIN_FILES = 32
CHUNK = 16

T = TypeVar("T")


class Skipped(NamedTuple):
    path: str
    same_as: str


class Failed(NamedTuple):
    path: str
    reason: str


class Imported(NamedTuple):
    path: str
    raw: Path
    sidecar: Path
    zotero: str  # where the Zotero entry that filled it stands, or ""


class Outcome(NamedTuple):
    imported: list[Imported]
    skipped: list[Skipped]
    failed: list[Failed]
    ignored: list[str]        # files in the folders given that are not pages, PDFs or text
    unmatched: list[str]      # Zotero entries that matched no file
    extracted: int = 0        # web pages whose extraction was kept for the build


def gather(paths: Iterable[Path], target: Path) -> tuple[list[Path], list[str], list[Failed]]:
    """The files to import (folders walked, in sorted order), the files of
    other types found in folders, and the paths that are not there."""
    files: list[Path] = []
    ignored: list[str] = []
    failed: list[Failed] = []
    target = target.resolve()
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                if target in found.resolve().parents:
                    continue  # the sources folder itself, inside a folder given
                if found.suffix.lower() in IMPORTED_SUFFIXES:
                    files.append(found)
                elif found.suffix.lower() not in SIDECAR_SUFFIXES:
                    ignored.append(str(found))
        elif path.is_file():
            if path.suffix.lower() in IMPORTED_SUFFIXES:
                files.append(path)
            else:
                failed.append(Failed(str(path), "not a saved page (.html/.htm), PDF or text "
                                                f"file ({', '.join(IMPORTED_SUFFIXES)})"))
        else:
            failed.append(Failed(str(path), "no such file or folder"))
    return files, ignored, failed


def _run(function: Callable[[str], T], items: list[str], jobs: int,
         progress: Progress | None = None) -> Iterator[T]:
    if jobs <= 1 or len(items) < POOL_MIN_FILES:
        for item in items:
            yield function(item)
            if progress:
                progress.advance()
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for result in pool.map(function, items, chunksize=CHUNK):
            yield result
            if progress:
                progress.advance()


def _taken(target: Path) -> set[str]:
    """Lower-case names and ids in the folder (a case-insensitive file system
    has one "A.html" and "a.html")."""
    names: set[str] = set()
    for path in target.iterdir():
        if path.name.startswith("."):
            continue  # hidden: never a source (.kb-extracted)
        names.add(path.name.lower())
        names.add("id:" + source_id_for(path.name))
    return names


def _destination(name: str, sha: str, taken: set[str]) -> Path:
    """A name for the copy whose file, sidecar and id are all free."""
    path = Path(name)
    for stem in (path.stem, f"{path.stem}-{sha[:8]}", f"{path.stem}-{sha[:16]}", sha):
        names = [stem + path.suffix, *(stem + s for s in SIDECAR_SUFFIXES)]
        if not any(n.lower() in taken for n in names) and (
                "id:" + source_id_for(stem)) not in taken:
            return Path(stem + path.suffix)
    raise FileExistsError(name)


def _copy(source: Path, destination: Path, sha: str) -> None:
    """Copy byte for byte, refusing to replace anything ("x" mode), and check
    that the bytes written are the ones hashed."""
    data = source.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha:
        raise OSError(0, "the file changed while it was imported")
    with open(destination, "xb") as stream:
        stream.write(data)


def import_files(paths: list[Path], target: Path, zotero: ZoteroIndex | None = None,
                 jobs: int = 1, label: str = "import", today: dt.date | None = None,
                 extract: bool = True) -> Outcome:
    """``extract``: once the copies are written, extract each web page in
    the workers and keep the result beside the pages, so the first build
    does not extract it."""
    target.mkdir(parents=True, exist_ok=True)
    files, ignored, failed = gather(paths, target)
    existing = sorted(str(p) for p in target.iterdir()
                      if p.is_file() and p.suffix.lower() in IMPORTED_SUFFIXES)
    progress = Progress(len(files) + len(existing), label)
    seen: dict[str, str] = {}
    for path, sha in zip(existing, _run(file_sha256, existing, jobs, progress), strict=True):
        if sha:
            seen.setdefault(sha, path)
    inspected = list(_run(inspect, [str(p) for p in files], jobs, progress))
    progress.close()
    taken = _taken(target)
    imported: list[Imported] = []
    skipped: list[Skipped] = []
    for item in inspected:
        if item.error:
            failed.append(Failed(item.path, item.error))
        elif item.sha256 in seen:
            skipped.append(Skipped(item.path, seen[item.sha256]))
        else:
            result = _write(item, target, taken, zotero, today or dt.date.today())
            if isinstance(result, Failed):
                failed.append(result)
            else:
                imported.append(result)
                seen[item.sha256] = item.path
    unmatched = [f"{e.label!r} ({e.where})" for e in zotero.unmatched()] if zotero else []
    pages = [str(item.raw) for item in imported if kind_of(item.raw) == "html"]
    extracted = 0
    if extract and pages:
        # From the copies, so the problems kept with an extraction name the
        # file the build reads (a copy may have been renamed).
        progress = Progress(len(pages), f"{label}: extract")
        keep = functools.partial(keep_page, folder=target / IMPORTED_DIR)
        extracted = sum(_run(keep, pages, jobs, progress))
        progress.close()
    return Outcome(imported, skipped, failed, ignored, unmatched, extracted)


def keep_page(path_text: str, folder: Path) -> bool:
    """Extract one imported web page into ``folder`` (in a worker process);
    whether its entry is there. The extraction only saves the build time, so
    a page whose extraction fails is left to the build, which reports it."""
    path = Path(path_text)
    try:
        entry = keep_extraction(path.read_bytes(), path, folder)
    except Exception:  # noqa: BLE001 - an extractor's own failure must not stop the import
        return False
    return entry.is_file()


def _write(item: Inspected, target: Path, taken: set[str], zotero: ZoteroIndex | None,
           today: dt.date) -> Imported | Failed:
    source = Path(item.path)
    fields = list(item.fields)
    entry = zotero.match(source.name, item.urls) if zotero else None
    if entry is not None:
        # Zotero's values replace what was read or guessed from the file.
        given = {key for key, _value in entry.values}
        fields = [f for f in fields if f.key not in given]
        fields += [Field(key, value, f"from Zotero ({entry.where})") for key, value in entry.values]
    try:
        name = _destination(source.name, item.sha256, taken)
        raw, sidecar = target / name, target / name.with_suffix(".yaml")
        text = draft_sidecar(source_id_for(name.name), name.name, item.kind, fields, today)
        _copy(source, raw, item.sha256)
        try:
            with open(sidecar, "x", encoding="utf-8") as stream:
                stream.write(text)
        except OSError:
            raw.unlink()  # the copy is ours and has no sidecar: take it back
            raise
    except OSError as exc:
        return Failed(item.path, f"cannot write into {target}: {exc.strerror or exc}")
    for claimed in (raw.name, sidecar.name, raw.with_suffix(".yml").name):
        taken.add(claimed.lower())
    taken.add("id:" + source_id_for(raw.name))
    return Imported(item.path, raw, sidecar, entry.where if entry else "")


def summary(outcome: Outcome, target: Path) -> list[str]:
    lines = [f"imported {len(outcome.imported)} file(s) into {target}, each with a draft "
             "sidecar" + (f" ({sum(1 for i in outcome.imported if i.zotero)} filled from "
                          "Zotero)" if any(i.zotero for i in outcome.imported) else "")]
    lines.append(f"skipped {len(outcome.skipped)} duplicate(s) (same SHA-256 as a file already "
                 "there or imported before)")
    lines += [f"  {s.path}: same bytes as {s.same_as}" for s in outcome.skipped]
    lines.append(f"failed {len(outcome.failed)}")
    lines += [f"  {f.path}: {f.reason}" for f in outcome.failed]
    if outcome.ignored:
        lines.append(f"ignored {len(outcome.ignored)} file(s) of other types in the folders "
                     "given (not .html, .htm, .pdf, .txt, .md or .text)")
        lines += [f"  {path}" for path in outcome.ignored]
    if outcome.unmatched:
        count = len(outcome.unmatched)
        lines.append(f"Zotero: {count} {'entry' if count == 1 else 'entries'} matched no file "
                     "(by URL or attachment file name)")
        lines += [f"  {entry}" for entry in outcome.unmatched]
    if outcome.extracted:
        lines.append(f"extracted the text of {outcome.extracted} web page(s) and kept it in "
                     f"{target / IMPORTED_DIR}, so the first build need not")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kb_ext import",
        description="Copy saved pages, PDFs and text files into the sources folder, each with "
                    "a draft metadata sidecar.")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="files, or folders to import every page, PDF and text file from")
    parser.add_argument("--to", type=Path, default=Path("seeds"), metavar="SOURCES_DIR",
                        help="the sources folder (kb_sources_dir); default: seeds")
    parser.add_argument("--zotero", type=Path, metavar="FILE",
                        help="a Zotero export (CSL JSON or RIS) describing the files")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: one per CPU)")
    parser.add_argument("--no-extract", action="store_true",
                        help="do not extract web pages' text now (by default it is kept in "
                             f"SOURCES_DIR/{IMPORTED_DIR}, so the first build need not)")
    args = parser.parse_args(argv)
    index = None
    if args.zotero:
        try:
            index = ZoteroIndex(load_zotero(args.zotero))
        except ZoteroError as exc:
            print(f"error: {exc} (nothing imported)", file=sys.stderr)
            return 2
    outcome = import_files(args.paths, args.to, index, max(1, args.jobs),
                           extract=not args.no_extract)
    print("\n".join(summary(outcome, args.to)))
    return 1 if outcome.failed else 0
