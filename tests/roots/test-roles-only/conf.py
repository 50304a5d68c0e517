"""A project that loads kb_ext for its roles only (as a consumer citing a
knowledge base through intersphinx does) and sets no kb_sources_dir."""

project = "kb roles only"
extensions = ["myst_parser", "kb_ext"]
exclude_patterns = ["_build"]
html_theme = "basic"
