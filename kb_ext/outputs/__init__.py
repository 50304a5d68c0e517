"""What the build writes besides pages: kb.json, JSON-LD, tooltip data and labels."""
