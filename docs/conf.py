"""Sphinx configuration for the Belarus–Russia knowledge base."""

project = "Belarus–Russia relations: a knowledge base"
author = "kb_ext contributors"
copyright = "2026, kb_ext contributors"

extensions = ["myst_parser", "sphinx_design", "kb_ext"]

# Raw articles and their metadata sidecars, relative to this file.
kb_sources_dir = "../seeds"

myst_enable_extensions = ["colon_fence", "deflist"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]

html_theme = "furo"
html_title = "Belarus–Russia KB"
html_static_path: list[str] = []
html_last_updated_fmt = None
