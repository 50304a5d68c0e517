"""Generated content: one (collect, render) pair per kind, run by one registry."""
