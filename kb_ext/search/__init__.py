"""kb_ext.search: a sharded search index for large Sphinx sites.

Sphinx writes one ``searchindex.js`` and its search page downloads all of it
before the first query (32 MB at 10,000 sources). When the index is large
this extension rewrites it as many small JSON files under ``_kb_search/``
plus a ``searchindex.js`` that holds only a client and a manifest; the client
fetches just the files a query needs. It is part of kb_ext (whose ``setup``
loads it) and works on its own: ``extensions = ["kb_ext.search"]``.

Its parts, one concern each:

* :mod:`.config`: the ``kb_search_*`` configuration values and their validation;
* :mod:`.hooks`: the Sphinx events (which builds are managed, when to shard);
* :mod:`.shards`: Sphinx's index -> the shard files, and their format;
* :mod:`.grouping`: grouping words by prefix and packing groups into files;
* :mod:`.postings`: a term's documents as a list or a bitmap;
* :mod:`.encoding`: the compact JSON every file is written in, and its size;
* :mod:`.output`: writing the files and the loader, and the stamp that skips
  an unchanged index;
* ``static/kb-search-shards.js``: the client, inlined in ``searchindex.js``;
  ``static/kb-search.js``: leaves kb_ext's page furniture out of Sphinx's
  search snippets (it does nothing on pages without it).

docs/guide/search.md describes the modes, the files and the client.
"""

from __future__ import annotations

from typing import Any


def setup(app: Any) -> dict[str, Any]:
    from .. import __version__
    from .config import setup_config
    from .hooks import setup_hooks

    setup_config(app)
    setup_hooks(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
