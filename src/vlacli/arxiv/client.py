"""The arXiv API client: the one module that touches the network (and imports httpx).

It keeps arXiv's terms of use: at most one request every three seconds, one connection at a
time, a User-Agent naming vla. Transient failures (timeouts, connection errors, 429, 5xx) are
retried a bounded number of times with exponential backoff, honouring ``Retry-After``. Time is
read from an injectable clock (``now()``/``sleep()``), so tests never sleep.

    client = ArxivClient()
    result = client.fetch(["1605.08386", "astro-ph/0601001"])   # ⌈N/100⌉ requests
    result.entries["1605.08386"].title
"""

from __future__ import annotations

import email.utils
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlencode

from .. import __version__
from ..errors import ArxivError, ArxivUnavailable
from .atom import ArxivEntry, Feed, match_key, parse_feed

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"vla/{__version__} (+https://github.com/vla-survey/vla)"
MIN_INTERVAL = 3.0  # seconds between two requests: arXiv's terms of use
BATCH_SIZE = 100  # IDs per request
MAX_ATTEMPTS = 4  # 1 try + 3 retries
BACKOFF = 3.0  # seconds; doubled after each failed attempt
MAX_RETRY_AFTER = 300.0  # a longer Retry-After is not waited for
DEFAULT_TIMEOUT = 30.0  # seconds to connect / read
MAX_GET_URL = 1500  # longer queries are sent as a POST form


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


# Tests replace this with a fake clock shared with their replay server.
default_clock: Clock = SystemClock()


def base_url() -> str:
    from ..settings import arxiv_url

    return arxiv_url()


@dataclass
class FetchResult:
    """What a fetch of IDs gave: entries by requested ID, IDs arXiv has no paper for, IDs it
    called malformed."""

    entries: dict[str, ArxivEntry] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)
    uncached: list[str] = field(default_factory=list)  # offline, and not in the cache


Progress = Callable[[int, int], None]  # (requests done, requests planned)


class ArxivClient:
    def __init__(
        self,
        url: str | None = None,
        *,
        clock: Clock | None = None,
        timeout: float | None = None,
        max_attempts: int = MAX_ATTEMPTS,
        min_interval: float = MIN_INTERVAL,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.url = url or base_url()
        self.clock = clock or default_clock
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self.max_attempts = max(1, max_attempts)
        self.min_interval = min_interval
        self.batch_size = batch_size
        self.requests_made = 0
        self._last: float | None = None  # clock time of the last request sent
        self._not_before: float | None = None  # from a Retry-After
        self._http: httpx.Client | None = None

    # -- lifecycle ------------------------------------------------------------------------
    def __enter__(self) -> ArxivClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def _client(self) -> httpx.Client:
        if self._http is None:
            import httpx

            self._http = httpx.Client(
                headers={"User-Agent": USER_AGENT, "Accept": "application/atom+xml"},
                timeout=httpx.Timeout(self.timeout),
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                follow_redirects=True,
            )
        return self._http

    # -- high level -----------------------------------------------------------------------
    def fetch(self, ids: Sequence[str], progress: Progress | None = None) -> FetchResult:
        """Fetch many IDs in batches of ``batch_size``; see :meth:`fetch_batches`."""
        result = FetchResult()
        for part in self.fetch_batches(ids, progress):
            result.entries.update(part.entries)
            result.missing.extend(part.missing)
            result.malformed.extend(part.malformed)
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
        result = FetchResult()
        by_key = {match_key(i): i for i in batch}
        pending = list(batch)
        while pending:
            status, feed = self.query(id_list=[match_key(i) for i in pending], max_results=len(pending))
            if status == 400:
                bad = [by_key.get(match_key(b), b) for b in feed.bad_ids]
                bad = [b for b in bad if b in pending]
                if not bad:
                    why = "; ".join(feed.errors) or "bad request"
                    raise ArxivError(f"arXiv refused the request (HTTP 400: {why})")
                result.malformed.extend(bad)
                pending = [p for p in pending if p not in bad]
                continue
            for entry in feed.entries:
                asked = by_key.get(match_key(entry.id))
                if asked is not None and asked in pending:
                    result.entries[asked] = entry
            result.missing.extend(p for p in pending if p not in result.entries)
            break
        return result

    def search(self, query: str, max_results: int = 5) -> list[ArxivEntry]:
        """Run a ``search_query`` (e.g. ``ti:"heat bath random walks"``)."""
        _, feed = self.query(search_query=query, max_results=max_results)
        return feed.entries

    def search_title(self, title: str, max_results: int = 5) -> list[ArxivEntry]:
        words = [w for w in _SEARCH_DROP.sub(" ", title).split() if w]
        if not words:
            return []
        return self.search(f'ti:"{" ".join(words)}"', max_results)

    # -- one request, politely, with retries ------------------------------------------------
    def query(
        self,
        *,
        id_list: Sequence[str] = (),
        search_query: str = "",
        start: int = 0,
        max_results: int = 10,
    ) -> tuple[int, Feed]:
        """One API call (retried on transient failures); returns the HTTP status and the feed.

        A 200 or a 400 (arXiv's answer to a malformed ID) come back parsed; anything else that
        is not retried raises ArxivError, and running out of attempts raises ArxivUnavailable.
        """
        import httpx

        params = {
            "search_query": search_query,
            "id_list": ",".join(id_list),
            "start": str(start),
            "max_results": str(max_results),
        }
        encoded = urlencode(params)
        use_post = len(self.url) + 1 + len(encoded) > MAX_GET_URL
        last_problem = "no answer"
        for attempt in range(1, self.max_attempts + 1):
            self._wait_turn()
            self.requests_made += 1
            try:
                if use_post:
                    resp = self._client().post(self.url, data=params)
                else:
                    resp = self._client().get(self.url, params=params)
            except httpx.TimeoutException:
                last_problem = f"timed out after {self.timeout:g} s"
            except httpx.TransportError as e:
                last_problem = _describe_transport_error(e)
            else:
                status = resp.status_code
                if status == 200 or status == 400:
                    return status, self._parse(resp)
                if status == 429 or status >= 500:
                    last_problem = f"HTTP {status}"
                    wait = _retry_after(resp.headers.get("Retry-After"))
                    if wait is not None:
                        if wait > MAX_RETRY_AFTER:
                            raise ArxivUnavailable(
                                f"arXiv asks to wait {wait:.0f} s before trying again (HTTP {status})")
                        self._not_before = self.clock.now() + wait
                else:
                    raise ArxivError(f"arXiv answered HTTP {status} for {self.url}")
            if attempt < self.max_attempts:
                backoff = BACKOFF * 2 ** (attempt - 1)
                self._not_before = max(self._not_before or 0.0, self.clock.now() + backoff)
        raise ArxivUnavailable(
            f"arXiv is unavailable at {self.url}: {last_problem} ({self.max_attempts} attempts)"
        )

    def _wait_turn(self) -> None:
        now = self.clock.now()
        due = now
        if self._last is not None:
            due = max(due, self._last + self.min_interval)
        if self._not_before is not None:
            due = max(due, self._not_before)
        if due > now:
            self.clock.sleep(due - now)
        self._last = self.clock.now()
        self._not_before = None

    def _parse(self, resp: httpx.Response) -> Feed:
        ctype = resp.headers.get("Content-Type", "")
        if "html" in ctype.lower():
            raise ArxivError(f"arXiv answered with an HTML page (HTTP {resp.status_code}), not an Atom feed")
        return parse_feed(resp.content)


_SEARCH_DROP = re.compile(r"[^\w]+")


def _describe_transport_error(e: Exception) -> str:
    import httpx

    if isinstance(e, httpx.ConnectError):
        text = str(e).lower()
        if "refused" in text:
            return "connection refused"
        if "name" in text or "resolution" in text or "nodename" in text:
            return "no network (cannot resolve the host)"
        return f"cannot connect ({e})" if str(e) else "cannot connect"
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds: a number, or an HTTP date."""
    if value is None:
        return None
    v = value.strip()
    try:
        return max(0.0, float(v))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())

