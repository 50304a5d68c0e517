project = "search reader test"
extensions = ["myst_parser", "sphinx_design", "kb_ext"]
kb_sources_dir = "raw"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "raw"]
html_theme = "basic"
