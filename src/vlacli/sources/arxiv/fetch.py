"""Fetch entries by ID: from the per-paper cache first, then from arXiv in batches; and
:func:`fetching`, the one way an operation (add, refresh, resolve) runs its requests.

No connection is opened (and httpx is not imported) until a request is actually needed, so a run
answered from the cache, or ``--offline``, never touches the network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from ...errors import VlaError
from ..net import OnRetry
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
        client: ArxivClient | None = None,
        progress: Progress | None = None,
        on_retry: OnRetry | None = None,
    ) -> None:
        self.offline = offline
        self.on_retry = on_retry  # heard by the other services a run asks (vla verify --venues)
        self.cache = cache if cache is not None else EntryCache()
        self.client = client if client is not None else ArxivClient(on_retry=on_retry)
        self.progress = progress

    @property
    def requests_made(self) -> int:
        return self.client.requests_made

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
        for part in self.client.fetch_batches(rest, self.progress):
            for key, entry in part.entries.items():
                self.cache.put(key, entry)
            yield part

    def search_title(self, title: str, max_results: int = 5) -> list[ArxivEntry]:
        """Title search (never cached as a query, but its entries are cached per paper)."""
        entries = self.client.search_title(title, max_results)
        for e in entries:
            self.cache.put(e.id, e)
        return entries

    def search_since(self, query: str, since: date, limit: int) -> tuple[list[ArxivEntry], bool]:
        """A paged search, newest first down to ``since`` (:meth:`ArxivClient.search_since`); never
        cached as a query, but its entries are cached per paper, so accepting one asks nothing more."""
        entries, truncated = self.client.search_since(query, since, limit)
        for e in entries:
            self.cache.put(e.id, e)
        return entries, truncated

    def close(self) -> None:
        self.client.close()


@dataclass
class NetworkRun:
    """What an operation that fetches reports besides its results: the error that stopped it early
    (None when it ran to the end), what that error left undone (IDs or paper keys, in order), and
    how many requests it sent."""

    error: VlaError | None = None
    left: list[str] = field(default_factory=list)
    requests: int = 0


@contextmanager
def fetching(fetcher: Fetcher | None, report: NetworkRun, left: Callable[[], list[str]]) -> Iterator[Fetcher]:
    """Run an operation's requests with ``fetcher`` (a new one if None). A :class:`VlaError` that stops
    them is kept in ``report.error`` with what it left undone (``left()``), never raised: what was
    done before it stays done. The request count is recorded and the fetcher closed whatever happens."""
    fetcher = fetcher if fetcher is not None else Fetcher()
    try:
        yield fetcher
    except VlaError as e:
        report.error = e
        report.left = left()
    finally:
        report.requests = fetcher.requests_made
        fetcher.close()


def failure_lines(result: FetchResult) -> list[str]:
    return ([f"{i}: {NOT_AN_ID}" for i in result.malformed]
            + [f"{i}: {NO_SUCH_PAPER}" for i in result.missing]
            + [f"{i}: arXiv's entry {why}; not stored" for i, why in result.refused.items()]
            + [f"{i}: {NOT_CACHED}" for i in result.uncached])
