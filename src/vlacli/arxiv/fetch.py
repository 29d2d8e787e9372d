"""Fetch entries by ID: from the per-paper cache first, then from arXiv in batches.

The client (and httpx with it) is created only when a request is actually needed, so a run
answered from the cache, or ``--offline``, never opens a connection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from .atom import ArxivEntry
from .cache import EntryCache
from .client import ArxivClient, FetchResult, Progress

# Per-ID failure lines, as `vla add` and `vla refresh` print them.
NOT_AN_ID = "not an arXiv identifier"
NO_SUCH_PAPER = "no such paper on arXiv"
NOT_CACHED = "not in the cache (--offline)"


class Fetcher:
    def __init__(
        self,
        *,
        offline: bool = False,
        cache: EntryCache | None = None,
        client_factory: Callable[[], ArxivClient] | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.offline = offline
        self.cache = cache if cache is not None else EntryCache()
        self.client_factory = client_factory or ArxivClient
        self.progress = progress
        self.client: ArxivClient | None = None

    @property
    def requests_made(self) -> int:
        return self.client.requests_made if self.client is not None else 0

    def batches(self, ids: Sequence[str]) -> Iterator[FetchResult]:
        """Yield results batch by batch: first what the cache holds, then each request's."""
        wanted = list(dict.fromkeys(ids))
        cached = self.cache.get_many(wanted, any_age=self.offline)
        if cached:
            yield FetchResult(entries=cached)
        rest = [i for i in wanted if i not in cached]
        if not rest:
            return
        if self.offline:
            yield FetchResult(uncached=rest)
            return
        if self.client is None:
            self.client = self.client_factory()
        try:
            for part in self.client.fetch_batches(rest, self.progress):
                for key, entry in part.entries.items():
                    self.cache.put(key, entry)
                yield part
        finally:
            self.client.close()

    def search_title(self, title: str, max_results: int = 5) -> list[ArxivEntry]:
        """Title search (never cached as a query, but its entries are cached per paper)."""
        if self.client is None:
            self.client = self.client_factory()
        entries = self.client.search_title(title, max_results)
        for e in entries:
            self.cache.put(e.id, e)
        return entries

    def close(self) -> None:
        if self.client is not None:
            self.client.close()


def failure_lines(result: FetchResult) -> list[str]:
    return ([f"{i}: {NOT_AN_ID}" for i in result.malformed]
            + [f"{i}: {NO_SUCH_PAPER}" for i in result.missing]
            + [f"{i}: {NOT_CACHED}" for i in result.uncached])
