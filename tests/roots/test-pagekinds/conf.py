project = "kb page kinds"
extensions = ["myst_parser", "sphinx_design", "kb_ext"]
kb_sources_dir = "sources_raw"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "sources_raw"]
html_theme = "basic"
