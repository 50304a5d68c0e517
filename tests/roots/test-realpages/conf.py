project = "probe of real saved pages"
extensions = ["myst_parser", "sphinx_design", "kb_ext"]
kb_sources_dir = "sources_raw"
exclude_patterns = ["_build", "sources_raw"]
html_theme = "basic"
myst_enable_extensions = ["colon_fence"]
