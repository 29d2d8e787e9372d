"""arXiv: fetch papers' metadata politely, and turn its entries into catalog records.

Modules, one job each:

- :mod:`.atom` — Atom bytes -> :class:`ArxivEntry` records (pure, safe against hostile XML);
- :mod:`.client` — what to ask arXiv and how to read its answers (batches, POST for long lists,
  HTTP 400 naming a malformed ID), over the polite session of :mod:`vlacli.sources.net`;
- :mod:`.cache` — the per-paper response cache (a day), on :mod:`vlacli.sources.net.cache`;
- :mod:`.fetch` — cache first, then the client, batch by batch; :func:`~.fetch.fetching`, the one
  way an operation runs its requests and reports what a network error left undone;
- :mod:`.convert` — entry -> :class:`~vlacli.core.paper.Paper`, and what a refresh changes (pure);
The operations behind ``vla add``, ``vla refresh`` and ``vla resolve`` are in :mod:`vlacli.ops`.

Nothing here imports httpx or defusedxml at import time.
"""

from __future__ import annotations

from .atom import ArxivEntry, Feed, parse_feed
from .client import ArxivClient
from .fetch import Fetcher, NetworkRun

__all__ = [
    "ArxivClient",
    "ArxivEntry",
    "Feed",
    "Fetcher",
    "NetworkRun",
    "parse_feed",
]
