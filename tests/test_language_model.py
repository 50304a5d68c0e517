"""The language model's unpacked copy gives py3langid's own identifier."""

from __future__ import annotations

import functools
import lzma
import os
import time
from pathlib import Path
from typing import Any

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from kb_ext.sources import language_model

#: Texts in scripts and languages the knowledge base meets, and one the
#: model has no letters for.
TEXTS = (
    "Прэзідэнт Беларусі заявіў, што краіна не будзе ўдзельнічаць у вайне.",
    "Президент России Владимир Путин встретился с Лукашенко в Минске.",
    "Президент України заявив, що переговори тривають.",
    "Der Präsident sagte am Montag, die Gespräche gingen weiter.",
    "Opozycja na Białorusi wezwała do uwolnienia więźniów politycznych.",
    "The election commission announced the results on Monday night.",
    "12345 — ",
)


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(language_model.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@functools.cache
def _shipped() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_the_copy_ranks_every_language_as_the_shipped_model(cache: Path) -> None:
    made = language_model.load_identifier()
    copies = list(cache.glob("py3langid-*.npz"))
    assert len(copies) == 1 and copies[0].stat().st_size > 10_000_000
    reference = _shipped()
    for text in TEXTS:
        assert made.rank(text) == reference.rank(text), text
    # A later build reads the copy and does not decompress the model again.
    again = language_model.load_identifier()
    for text in TEXTS:
        assert again.rank(text) == reference.rank(text), text


def test_a_later_load_does_not_decompress(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    language_model.load_identifier()
    expected = _shipped().rank(TEXTS[0])

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model was decompressed again")

    monkeypatch.setattr(lzma, "open", refuse)
    monkeypatch.setattr(lzma, "decompress", refuse)
    assert language_model.load_identifier().rank(TEXTS[0]) == expected


def test_a_damaged_copy_is_made_again(cache: Path) -> None:
    language_model.load_identifier()
    (copy,) = cache.glob("py3langid-*.npz")
    size = copy.stat().st_size
    copy.write_bytes(copy.read_bytes()[: size // 3])
    identifier = language_model.load_identifier()
    assert identifier.rank(TEXTS[1]) == _shipped().rank(TEXTS[1])
    assert copy.stat().st_size == size
    assert not list(cache.glob("*.part"))


def test_no_writable_cache_falls_back_to_the_shipped_model(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(language_model.CACHE_ENV, str(blocker / "cache"))
    calls: list[str] = []
    decompress, open_packed = lzma.decompress, lzma.open

    def counted_decompress(data: bytes) -> bytes:
        calls.append("decompress")
        return decompress(data)

    def counted_open(*args: Any, **kwargs: Any) -> Any:
        calls.append("open")
        return open_packed(*args, **kwargs)

    monkeypatch.setattr(lzma, "decompress", counted_decompress)
    monkeypatch.setattr(lzma, "open", counted_open)
    identifier = language_model.load_identifier()
    assert calls == ["decompress"]  # once, though no copy could be kept
    for text in TEXTS:
        assert identifier.rank(text) == _shipped().rank(text), text


def test_a_copy_left_half_written_by_a_killed_build_is_removed(cache: Path) -> None:
    cache.mkdir(parents=True)
    stale, fresh = cache / "py3langid-killed.part", cache / "py3langid-writing.part"
    for part in (stale, fresh):
        part.write_bytes(b"\0" * 1000)
    old = time.time() - language_model.STALE_PART_SECONDS - 60
    os.utime(stale, (old, old))
    language_model.load_identifier()
    assert not stale.exists()
    assert fresh.exists()  # another build may be writing it now
    assert len(list(cache.glob("py3langid-*.npz"))) == 1


def test_the_copy_is_named_by_version_and_model_digest(cache: Path) -> None:
    shipped = language_model._shipped_model()
    name = language_model.unpacked_path(shipped).name
    assert name.startswith("py3langid-0.4") and name.endswith(".npz")
    other = cache.parent / "other.npz.xz"
    other.write_bytes(shipped.read_bytes() + b"\0")
    assert language_model.unpacked_path(other).name != name


def test_a_copy_without_the_window_depth_is_made_again(cache: Path) -> None:
    """A copy made before kb_ext added the automaton's window depth (the plain
    decompressed archive) is replaced by one that has it."""
    import shutil

    import numpy as np

    shipped = language_model._shipped_model()
    target = language_model.unpacked_path(shipped)
    target.parent.mkdir(parents=True)
    with lzma.open(shipped) as packed, open(target, "wb") as out:
        shutil.copyfileobj(packed, out)
    identifier = language_model.load_identifier()
    assert type(identifier).__name__ == "Identifier"
    with np.load(target) as data:
        assert int(data[language_model.WINDOW]) == 6
    assert identifier.rank(TEXTS[1]) == _shipped().rank(TEXTS[1])
