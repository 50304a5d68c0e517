"""kb_sources_dir: a folder the project names must exist (one kb.config
warning otherwise), while a project that names none and has no ``../seeds``
(kb_ext loaded for its roles only) builds without a word."""

from __future__ import annotations

import pickle
from pathlib import Path

from kb_ext.config import DEFAULTS

from .conftest import BuiltSite, sphinx_build
from .pagetext import kb_warnings


def config_warnings(site: BuiltSite) -> list[str]:
    """Warning lines of type kb.config (they name no file: the setting is at fault)."""
    return [line for line in site.warnings.splitlines() if line.endswith("[kb.config]")]


def test_no_setting_and_no_default_folder_gives_no_warning(build_root) -> None:
    site = build_root("roles-only")
    assert site.warnings == "", site.warnings
    assert kb_warnings(site.warnings) == []
    assert (site.outdir / "index.html").is_file()
    # The saved environment's default equals this build's: nothing is read again.
    again = sphinx_build(site.srcdir, site.outdir, fresh=False)
    assert again.warnings == "" and "config changed" not in again.status, again.status


def test_a_folder_set_in_conf_py_and_missing_still_warns(build_root) -> None:
    def set_default_explicitly(srcdir: Path) -> None:
        with open(srcdir / "conf.py", "a", encoding="utf-8") as conf:
            conf.write('kb_sources_dir = "../seeds"\n')  # the default's value, but chosen

    site = build_root("roles-only", prepare=set_default_explicitly)
    found = config_warnings(site)
    assert len(found) == 1 and "kb_sources_dir '../seeds' is not a directory" in found[0]


def test_a_folder_set_with_an_override_and_missing_still_warns(build_root) -> None:
    site = build_root("roles-only", confoverrides={"kb_sources_dir": "articles"})
    found = config_warnings(site)
    assert len(found) == 1 and "kb_sources_dir 'articles' is not a directory" in found[0]


def test_the_default_is_the_plain_path_for_everything_else() -> None:
    default = DEFAULTS["kb_sources_dir"]
    assert default == "../seeds" and hash(default) == hash("../seeds")
    assert pickle.loads(pickle.dumps(default)) == "../seeds"
