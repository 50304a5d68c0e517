"""A project without kb_ext that cites the published knowledge base through
intersphinx, with ``ref`` to the std labels every kb object is published as."""

project = "consumer without kb_ext"
extensions = ["sphinx.ext.intersphinx"]
exclude_patterns = ["_build"]
html_theme = "basic"

# Where the knowledge base is published, and where its objects.inv is read
# from (None: downloaded from KB_URL). The test appends a local inventory path.
KB_URL = "https://kb.example.org/"
KB_INVENTORY = None
intersphinx_mapping = {"kb": (KB_URL, KB_INVENTORY)}
