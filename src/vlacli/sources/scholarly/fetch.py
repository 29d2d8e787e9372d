"""Answers from Semantic Scholar and DBLP: from the week-long cache first, then from the services.

A client (and httpx with it) is created only when a request is actually needed, so a run answered
from the cache, or ``--offline``, opens no connection. Semantic Scholar is asked in batches of 500
IDs (N papers cost ⌈N/500⌉ requests); each answer, ``null`` included, is cached per ID. DBLP is
asked one title at a time; its hits are cached per query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..net import OnRetry
from ..net.cache import Cached, ResponseCache
from . import dblp as dblp_mod
from . import s2 as s2_mod
from .dblp import DblpHit

NOT_CACHED = "not in the cache (--offline)"


class S2Api(Protocol):
    @property
    def requests_made(self) -> int: ...

    def batch(self, ids: Sequence[str]) -> list[dict[str, Any] | None]: ...

    def close(self) -> None: ...


class DblpApi(Protocol):
    @property
    def requests_made(self) -> int: ...

    def search(self, query: str) -> list[DblpHit]: ...

    def close(self) -> None: ...


@dataclass
class S2Answers:
    found: dict[str, Cached] = field(default_factory=dict)  # batch ID -> raw record (None: unknown there)
    uncached: list[str] = field(default_factory=list)  # --offline, and not in the cache


def _hits(value: Any) -> list[DblpHit] | None:
    """Cached hits back as records; a cache file of another shape is a miss."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return None
    try:
        return [DblpHit.from_dict(v) for v in value]
    except TypeError:
        return None


def _default_s2(on_retry: OnRetry | None) -> S2Api:
    from .client import S2Client

    return S2Client(on_retry=on_retry)


def _default_dblp(on_retry: OnRetry | None) -> DblpApi:
    from .client import DblpClient

    return DblpClient(on_retry=on_retry)


class Sources:
    """Cache first, then the services; counts the requests it made. A client is made on the first
    request it has to send; ``on_retry`` hears of each retry."""

    def __init__(
        self,
        *,
        offline: bool = False,
        s2_factory: Callable[[], S2Api] | None = None,
        dblp_factory: Callable[[], DblpApi] | None = None,
        s2_cache: ResponseCache | None = None,
        dblp_cache: ResponseCache | None = None,
        on_retry: OnRetry | None = None,
    ) -> None:
        self.offline = offline
        self.s2_factory = s2_factory or (lambda: _default_s2(on_retry))
        self.dblp_factory = dblp_factory or (lambda: _default_dblp(on_retry))
        self.s2_cache = s2_cache if s2_cache is not None else ResponseCache("s2")
        self.dblp_cache = dblp_cache if dblp_cache is not None else ResponseCache("dblp")
        self._s2: S2Api | None = None
        self._dblp: DblpApi | None = None

    @property
    def requests(self) -> dict[str, int]:
        return {s2_mod.SERVICE: self._s2.requests_made if self._s2 is not None else 0,
                dblp_mod.SERVICE: self._dblp.requests_made if self._dblp is not None else 0}

    def s2(self, ids: Sequence[str]) -> S2Answers:
        """Semantic Scholar's records for these batch IDs (``ARXIV:…``, ``DOI:…``)."""
        out = S2Answers()
        rest = []
        for i in dict.fromkeys(ids):
            hit = self.s2_cache.get(i, any_age=self.offline)
            if hit is None or not (hit.value is None or isinstance(hit.value, dict)):
                rest.append(i)
            else:
                out.found[i] = hit
        if not rest:
            return out
        if self.offline:
            out.uncached = rest
            return out
        if self._s2 is None:
            self._s2 = self.s2_factory()
        for start in range(0, len(rest), s2_mod.BATCH_SIZE):
            chunk = rest[start:start + s2_mod.BATCH_SIZE]
            out.found.update(self.s2_cache.put_many(list(zip(chunk, self._s2.batch(chunk), strict=True))))
        return out

    def dblp(self, title: str) -> list[DblpHit] | None:
        """DBLP's hits for a title (cached per query), or None when offline and not cached."""
        query = dblp_mod.query_for(title)
        if not query:
            return []
        hit = self.dblp_cache.get(query, any_age=self.offline)
        hits = _hits(hit.value) if hit is not None else None
        if hits is not None or self.offline:
            return hits
        if self._dblp is None:
            self._dblp = self.dblp_factory()
        found = self._dblp.search(query)
        self.dblp_cache.put(query, [h.to_dict() for h in found])
        return found

    def close(self) -> None:
        for client in (self._s2, self._dblp):
            if client is not None:
                client.close()
