"""py3langid's model, loaded from a decompressed copy kept between builds.

The model ships in the py3langid wheel as an xz-compressed NumPy archive
(4.5 MB, 68 MB unpacked). Decompressing it is nearly all of its load time:
0.65 s of CPU on this project's 2-core machine, 7 % of a ``make check`` of
1,000 sources, paid again by every build process. The first build on a
machine writes the unpacked archive to kb_ext's cache folder; later builds
read that (0.17 s). The copy is named by py3langid's version and the
shipped file's SHA-256, so an upgrade makes a new one, and it is written
atomically, so builds running at once never read half a file. Anything that
goes wrong with the copy (a read-only home, a damaged file) falls back to
the shipped model, which gives the same identifier.

The copy also holds, as one more array, the window depth of the model's
automaton (:func:`.language_walk.window_depth`, about a second, checked
once when the copy is made): with it the identifier is kb_ext's
:class:`.language_walk.Identifier`, which walks the automaton with NumPy and
ranks exactly as py3langid's own. A copy made before it had the array is made
again.

Nothing is downloaded: the copy is made from the wheel's own file.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import lzma
import os
import tempfile
import time
import zipfile
from array import array
from pathlib import Path
from typing import Any

#: Where the copy goes: ``$KB_EXT_CACHE_DIR``, else ``$XDG_CACHE_HOME/kb_ext``,
#: else ``~/.cache/kb_ext``.
CACHE_ENV = "KB_EXT_CACHE_DIR"
#: The arrays py3langid 0.4's model archive holds (its ``modelio.load_model``).
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
#: The array kb_ext adds to its copy: the window depth (0: not Aho-Corasick).
WINDOW = "kb_window"


def cache_dir() -> Path:
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kb_ext"


def _shipped_model() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE  # type: ignore[import-untyped]
    return Path(MODEL_DIR) / MODEL_FILE


def unpacked_path(shipped: Path) -> Path:
    """The copy's path for this py3langid and this model file."""
    digest = hashlib.sha256(shipped.read_bytes()).hexdigest()[:16]
    version = importlib.metadata.version("py3langid")
    return cache_dir() / f"py3langid-{version}-{digest}.npz"


#: A partly written copy older than this was left by a build that was killed.
STALE_PART_SECONDS = 3600


def _unpack(shipped: Path, target: Path) -> bytes:
    """The model decompressed once, in memory, given its window depth, and
    kept at ``target`` when it can be (a full disk, a read-only home: not
    kept, still returned, so the build does not decompress it a second time)."""
    unpacked = _with_window(lzma.decompress(shipped.read_bytes()))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_parts(target.parent)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix="py3langid-",
                                             suffix=".part")
    except OSError:
        return unpacked
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(unpacked)
        # mkstemp makes the file private; a cache folder shared by a team's
        # builds should be readable by all of them, as the wheel's file is.
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return unpacked


def _remove_stale_parts(folder: Path) -> None:
    """Copies a killed build left half written (68 MB each); a recent one
    may be another build's, being written now."""
    now = time.time()
    for part in folder.glob("py3langid-*.part"):
        with contextlib.suppress(OSError):
            if now - part.stat().st_mtime > STALE_PART_SECONDS:
                part.unlink()


def _int_array(values: Any) -> array:
    """A NumPy array of unsigned integers as the stdlib array py3langid's
    walk over the text indexes (item by item, faster than from NumPy)."""
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(values.tobytes())
    return out


def _with_window(unpacked: bytes) -> bytes:
    """The unpacked archive with the automaton's checked window depth added,
    as an array of its own (NumPy's archive is a zip file of ``.npy`` files)."""
    import numpy as np

    from .language_walk import window_depth

    buffer = io.BytesIO(unpacked)
    with np.load(buffer, allow_pickle=False) as data:
        depth = window_depth(data["nextmove"], data["nextmove_row"])
    with zipfile.ZipFile(buffer, "a") as archive, archive.open(f"{WINDOW}.npy", "w") as out:
        np.lib.format.write_array(out, np.array(depth, dtype=np.int64))
    return buffer.getvalue()


def _from_archive(path: Path | io.BytesIO) -> Any:
    """The identifier built from kb_ext's copy: :class:`.language_walk.Identifier`
    when the automaton's window depth was checked, else py3langid's own, built
    as its ``LanguageIdentifier.from_model_file`` builds it from the packed
    archive (the arrays of its ``modelio.load_model``; py3langid is pinned to 0.4)."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    from .language_walk import Identifier

    with np.load(path, allow_pickle=False) as data:
        if set(_ARRAYS) - set(data.files) or WINDOW not in data.files:
            raise ValueError(f"{path!r}: not kb_ext's copy of a py3langid model archive")
        # The feature table ships as float16; scoring multiplies it by float32
        # counts, for which NumPy casts the rows it picks on every call. Cast
        # once here (an exact widening, so every score is the same): scoring
        # 1,000 articles took 0.52 s instead of 0.62 s, for 28 MB more memory.
        ptc, pc = data["ptc"].astype(np.float32), np.asarray(data["pc"])
        classes = data["classes"].tolist()
        depth = int(data[WINDOW])
        if depth:
            return Identifier(ptc, pc, classes, data["nextmove"], data["nextmove_row"],
                              data["out_feat"], depth)
        return LanguageIdentifier(ptc, pc, classes, _int_array(data["nextmove"]),
                                  data["out_feat"].tolist(), norm_probs=True,
                                  tk_row=_int_array(data["nextmove_row"]))


def load_identifier() -> Any:
    """py3langid's identifier with normalised probabilities."""
    shipped = _shipped_model()
    try:
        unpacked = unpacked_path(shipped)
        if unpacked.is_file():
            try:
                return _from_archive(unpacked)
            except Exception:  # noqa: BLE001 - a damaged copy is made again
                unpacked.unlink(missing_ok=True)
        return _from_archive(io.BytesIO(_unpack(shipped, unpacked)))
    except Exception:  # noqa: BLE001 - no usable copy: the wheel's own file
        from py3langid.langid import LanguageIdentifier
        return LanguageIdentifier.from_model_file(shipped, norm_probs=True)
