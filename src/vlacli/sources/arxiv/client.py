"""The arXiv API client: what to ask arXiv and how to read its answers, over :mod:`vlacli.sources.net`.

The session (:class:`~vlacli.sources.net.Session`) keeps arXiv's terms of use — one request every three
seconds counted from the end of the previous answer, across every vla process, one connection at a
time, a User-Agent naming vla — and bounds each request (timeouts, deadlines, a size cap, retries).
This module adds what is arXiv's own: batches of IDs, a POST for long lists, arXiv's HTTP 400 with an
Error entry naming a malformed ID, matching entries to the IDs asked for, and refusing entries that
must not be stored (:func:`~.atom.entry_problem`).

    client = ArxivClient()
    result = client.fetch(["1605.08386", "astro-ph/0601001"])   # ⌈N/100⌉ requests
    result.entries["1605.08386"].title
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from ...errors import ArxivError
from ..net import Answer, Client, OnRetry, Service
from .atom import ArxivEntry, Feed, entry_problem, match_key, parse_feed

if TYPE_CHECKING:
    import httpx

    from ..net import Clock

MIN_INTERVAL = 3.0  # seconds between two requests: arXiv's terms of use
BATCH_SIZE = 100  # IDs per request
PAGE_SIZE = 100  # results per request of a paged search
MAX_BYTES = 10_000_000  # an answer of 100 entries is about 300 kB
MAX_GET_URL = 1500  # longer queries are sent as a POST form


def arxiv_service(url: str | None = None) -> Service:
    """arXiv's API as a :class:`~vlacli.sources.net.Service`: ``VLA_ARXIV_URL`` unless ``url`` is given."""
    from ...settings import arxiv_url

    return Service(name="arXiv", key="arxiv", url=url or arxiv_url(), min_interval=MIN_INTERVAL,
                   max_bytes=MAX_BYTES, headers={"Accept": "application/atom+xml"})


@dataclass
class FetchResult:
    """What a fetch of IDs gave: entries by requested ID, IDs arXiv has no paper for, IDs it called
    malformed, IDs whose entry must not be stored (with why), and IDs not in the cache (offline)."""

    entries: dict[str, ArxivEntry] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    uncached: list[str] = field(default_factory=list)

    @property
    def settled(self) -> list[str]:
        """Every ID this result answers for."""
        return [*self.entries, *self.missing, *self.malformed, *self.refused, *self.uncached]


Progress = Callable[[int, int], None]  # (requests done, requests planned)


class ArxivClient(Client):
    def __init__(
        self,
        url: str | None = None,
        *,
        service: Service | None = None,
        http: httpx.Client | httpx.BaseTransport | None = None,
        clock: Clock | None = None,
        on_retry: OnRetry | None = None,
        batch_size: int = BATCH_SIZE,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(service or arxiv_service(url), http=http, clock=clock, on_retry=on_retry)
        self.batch_size = batch_size
        self.page_size = page_size

    # -- by ID ----------------------------------------------------------------------------
    def fetch(self, ids: Sequence[str], progress: Progress | None = None) -> FetchResult:
        """Fetch many IDs in batches of ``batch_size``; see :meth:`fetch_batches`."""
        result = FetchResult()
        for part in self.fetch_batches(ids, progress):
            result.entries.update(part.entries)
            result.missing.extend(part.missing)
            result.malformed.extend(part.malformed)
            result.refused.update(part.refused)
        return result

    def fetch_batches(self, ids: Sequence[str], progress: Progress | None = None) -> Iterator[FetchResult]:
        """Yield one FetchResult per batch, so a caller can save each batch before the next
        request (a failure mid-way keeps what was already fetched)."""
        wanted = list(dict.fromkeys(ids))
        batches = [wanted[i:i + self.batch_size] for i in range(0, len(wanted), self.batch_size)]
        if progress is not None and batches:
            progress(0, len(batches))
        for n, batch in enumerate(batches, 1):
            yield self._fetch_batch(batch)
            if progress is not None:
                progress(n, len(batches))

    def _fetch_batch(self, batch: list[str]) -> FetchResult:
        """One batch; arXiv answers HTTP 400 for the whole request when one ID is malformed, so the
        IDs its Error entries name are set aside and the rest asked again."""
        result = FetchResult()
        by_key = {match_key(i): i for i in batch}
        pending = list(batch)
        while pending:
            status, feed = self.query(id_list=[match_key(i) for i in pending], max_results=len(pending))
            if status == 400:
                bad = [b for b in (by_key.get(match_key(b), b) for b in feed.bad_ids) if b in pending]
                if not bad:
                    why = "; ".join(feed.errors) or "bad request"
                    raise ArxivError(f"arXiv refused the request (HTTP 400: {why})")
                result.malformed.extend(bad)
                pending = [p for p in pending if p not in bad]
                continue
            for entry in feed.entries:
                asked = by_key.get(match_key(entry.id))
                if asked is None or asked not in pending:
                    continue
                problem = entry_problem(entry)
                if problem is None:
                    result.entries[asked] = entry
                else:
                    result.refused[asked] = problem
            result.missing.extend(p for p in pending if p not in result.entries and p not in result.refused)
            break
        return result

    # -- by search ------------------------------------------------------------------------
    def search(self, query: str, max_results: int = 5) -> list[ArxivEntry]:
        """Run a ``search_query`` (e.g. ``ti:"heat bath random walks"``); entries that must not be
        stored are left out."""
        _, feed = self.query(search_query=query, max_results=max_results)
        return [e for e in feed.entries if entry_problem(e) is None]

    def search_title(self, title: str, max_results: int = 5) -> list[ArxivEntry]:
        words = [w for w in _SEARCH_DROP.sub(" ", title).split() if w]
        if not words:
            return []
        return self.search(f'ti:"{" ".join(words)}"', max_results)

    def search_since(self, query: str, since: date, limit: int) -> tuple[list[ArxivEntry], bool]:
        """The entries of ``query`` submitted on ``since`` or later, newest first: pages of
        ``page_size`` sorted by submission date, descending, until an older entry, the end of the
        results, or ``limit`` entries. Returns them, and whether ``limit`` stopped the paging while
        newer entries may remain. N entries cost ⌈N/page_size⌉ requests (one more when N is a whole
        number of pages and older entries follow). Entries that must not be stored are left out."""
        found: list[ArxivEntry] = []
        start = 0
        first = since.isoformat()
        while True:
            if len(found) >= limit:
                return found, True
            status, feed = self.query(search_query=query, start=start, max_results=self.page_size,
                                      sort_by="submittedDate", sort_order="descending")
            if status == 400:
                from ...errors import InputError

                raise InputError(f"arXiv refused the query {query!r}: {'; '.join(feed.errors) or 'bad request'}")
            for entry in feed.entries:
                if entry.published is not None and entry.published < first:
                    return found, False
                if entry_problem(entry) is None:
                    if len(found) >= limit:
                        return found, True
                    found.append(entry)
            start += len(feed.entries)
            if len(feed.entries) < self.page_size or (feed.total_results is not None and start >= feed.total_results):
                return found, False

    # -- one API call ---------------------------------------------------------------------
    def query(
        self,
        *,
        id_list: Sequence[str] = (),
        search_query: str = "",
        start: int = 0,
        max_results: int = 10,
        sort_by: str | None = None,
        sort_order: str = "descending",
    ) -> tuple[int, Feed]:
        """One API call (the session retries transient failures); the HTTP status and the feed.

        A 200, or a 400 (arXiv's answer to a malformed ID), comes back parsed; every other outcome
        raises a :class:`~vlacli.errors.NetworkError`.
        """
        params = {
            "search_query": search_query,
            "id_list": ",".join(id_list),
            "start": str(start),
            "max_results": str(max_results),
        }
        if sort_by is not None:  # relevance, lastUpdatedDate or submittedDate
            params |= {"sortBy": sort_by, "sortOrder": sort_order}
        if len(self.url) + 1 + len(urlencode(params)) > MAX_GET_URL:
            answer = self.session.request("POST", data=params, ok=(200, 400))
        else:
            answer = self.session.request("GET", params=params, ok=(200, 400))
        return answer.status, _feed(answer)


def _feed(answer: Answer) -> Feed:
    if "html" in answer.headers.get("Content-Type", "").lower():
        raise ArxivError(f"arXiv answered with an HTML page (HTTP {answer.status}), not an Atom feed")
    return parse_feed(answer.content)


_SEARCH_DROP = re.compile(r"[^\w]+")
