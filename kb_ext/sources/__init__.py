"""Raw source articles: discovery, sidecar metadata, decoding, cleaning,
passage splitting and the ``kb:source`` page directive."""
