"""A plain Sphinx project that loads only the search extension (no kb_ext)."""

project = "search only"
extensions = ["kb_ext.search"]
exclude_patterns = ["_build"]
html_theme = "basic"

kb_search_shards = True
