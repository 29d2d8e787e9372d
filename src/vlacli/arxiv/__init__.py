"""arXiv: fetch papers' metadata politely, and add, refresh or resolve catalog records.

Modules, one job each:

- :mod:`.atom` — Atom bytes -> :class:`ArxivEntry` records (pure, safe against hostile XML);
- :mod:`.client` — what to ask arXiv and how to read its answers (batches, POST for long lists,
  HTTP 400 naming a malformed ID), over the polite session of :mod:`vlacli.net`;
- :mod:`.cache` — the per-paper response cache (a day), on :mod:`vlacli.net.cache`;
- :mod:`.fetch` — cache first, then the client, batch by batch; :func:`~.fetch.fetching`, the one
  way an operation runs its requests and reports what a network error left undone;
- :mod:`.convert` — entry -> :class:`~vlacli.model.Paper`, and what a refresh changes (pure);
- :mod:`.add`, :mod:`.refresh`, :mod:`.resolve` — the operations behind ``vla add``,
  ``vla refresh`` and ``vla resolve``, usable from Python without the CLI.

Nothing here imports httpx or defusedxml at import time.
"""

from __future__ import annotations

from .add import AddReport, add_papers
from .atom import ArxivEntry, Feed, parse_feed
from .client import ArxivClient
from .fetch import Fetcher, NetworkRun
from .refresh import RefreshReport, refresh_papers
from .resolve import ResolveReport, resolve_papers

__all__ = [
    "AddReport",
    "ArxivClient",
    "ArxivEntry",
    "Feed",
    "Fetcher",
    "NetworkRun",
    "RefreshReport",
    "ResolveReport",
    "add_papers",
    "parse_feed",
    "refresh_papers",
    "resolve_papers",
]
