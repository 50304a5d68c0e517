project = "kb assessed test"
extensions = ["myst_parser", "sphinx_design", "kb_ext"]
kb_sources_dir = "sources_raw"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "sources_raw"]
html_theme = "basic"
html_baseurl = "https://kb.example.org/"
kb_sidecar_fields = {
    "desk": "text",
    "paywalled": "bool",
    "checked_on": "date",
    "word_count": "int",
    "region": ["north", "south"],
}
kb_verdict_scale = ["pants on fire", "false", "half true", "true"]
