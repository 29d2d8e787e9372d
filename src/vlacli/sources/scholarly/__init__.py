"""Semantic Scholar and DBLP: where papers were published, and how often they are cited.

Modules, one job each:

- :mod:`.s2` — Semantic Scholar batch answers -> records (pure);
- :mod:`.dblp` — DBLP search answers -> hits (pure);
- :mod:`.client` — the two clients over :mod:`vlacli.sources.net` (the only code here that makes requests);
- answers are cached a week per service by :mod:`vlacli.sources.net.cache`;
- :mod:`.fetch` — cache first, then the clients, counting requests.

What the answers mean for a catalog (findings, proposals, applying them) is :mod:`vlacli.ops.venues`.
Nothing here imports httpx at import time.
"""
