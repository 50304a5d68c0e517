"""Build-cost benchmark: a synthetic corpus built as a knowledge base and as a
plain Sphinx + MyST site (``make bench``; see docs/guide/benchmarks.md)."""
