"""A project that loads kb_ext itself and cites the published knowledge base
through intersphinx, with the kb roles (``external+kb:kb:<type>``)."""

project = "consumer with kb_ext"
extensions = ["myst_parser", "kb_ext", "sphinx.ext.intersphinx"]
kb_sources_dir = "kb_sources"  # this project's own articles: none here
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "kb_sources"]
html_theme = "basic"

# Where the knowledge base is published, and where its objects.inv is read
# from (None: downloaded from KB_URL). The test appends a local inventory path.
KB_URL = "https://kb.example.org/"
KB_INVENTORY = None
intersphinx_mapping = {"kb": (KB_URL, KB_INVENTORY)}
