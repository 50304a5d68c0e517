"""The ``python -m kb_ext`` commands, one module each (see ``kb_ext.__main__``)."""
