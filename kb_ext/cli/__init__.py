"""The command-line tools of ``python -m kb_ext`` (see :mod:`kb_ext.__main__`)."""
