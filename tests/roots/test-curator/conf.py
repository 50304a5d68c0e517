project = "kb curator corrections"
extensions = ["myst_parser", "sphinx_design", "kb_ext"]
kb_sources_dir = "sources_raw"
exclude_patterns = ["_build", "sources_raw"]
html_theme = "basic"
kb_outlet_cleaning = {
    "coast-herald.example": {
        "keep_patterns": [r"^By Jane"],
        "remove_patterns": [r"^The authority promised", r"^Sponsored:"],
    },
    "Bay Times": {
        "remove_patterns": [r"^Tickets are sold", r"[bad"],
        "drop_patterns": ["x"],
    },
}
