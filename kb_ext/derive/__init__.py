"""Functions over the whole domain, run once after reading: actor mentions,
quote checks and reverse links, gathered into one evidence view."""
