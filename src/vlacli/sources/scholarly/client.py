"""The Semantic Scholar and DBLP clients: what to ask each service and how to read its answers, over
:mod:`vlacli.sources.net`.

The sessions keep each service's manners -- one connection at a time and a spacing shared by every vla
process (Semantic Scholar 1 s, DBLP 2 s, counted from the end of the previous answer), a User-Agent
naming vla, timeouts, deadlines, a size cap, retries on timeouts, 429 (honouring ``Retry-After``) and
5xx, one line per retry through ``on_retry``. This module adds the services' own: the batch of at most
500 IDs with the fields vla reads, the optional API key (``S2_API_KEY``, sent as ``x-api-key``), DBLP's
JSON search, and refusing an answer that is an HTML page.

    S2Client().batch(["ARXIV:2506.01844"])          # [ {raw record} | None ]
    DblpClient().search("Long VLA Unleashing …")    # [DblpHit, …]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import ScholarlyError
from ..net import Answer, Client, Service
from . import dblp, s2

S2_MIN_INTERVAL = 1.0  # seconds between two requests (Semantic Scholar's rate for a key: 1 a second)
DBLP_MIN_INTERVAL = 2.0  # seconds between two requests (DBLP asks for 1-2 s)
S2_MAX_BYTES = 10_000_000  # Semantic Scholar's own cap on a batch answer
DBLP_MAX_BYTES = 2_000_000  # ten hits are a few kB


def s2_service(url: str | None = None) -> Service:
    """Semantic Scholar's Graph API: ``VLA_S2_URL`` (unless ``url``), with ``S2_API_KEY`` as ``x-api-key``."""
    from ... import settings

    key = settings.s2_api_key()
    headers = {"Accept": "application/json", **({"x-api-key": key} if key else {})}
    return Service(name=s2.SERVICE, key="s2", url=url or settings.s2_url(), min_interval=S2_MIN_INTERVAL,
                   max_bytes=S2_MAX_BYTES, headers=headers)


def dblp_service(url: str | None = None) -> Service:
    """DBLP's search API: ``VLA_DBLP_URL`` unless ``url`` is given."""
    from ... import settings

    return Service(name=dblp.SERVICE, key="dblp", url=url or settings.dblp_url(), min_interval=DBLP_MIN_INTERVAL,
                   max_bytes=DBLP_MAX_BYTES, headers={"Accept": "application/json"})


def _json_body(answer: Answer) -> bytes:
    """The body of an answer that should be JSON; an HTML page (a proxy's, a rate-limit page) is an error."""
    ctype = answer.headers.get("Content-Type", "").lower()
    if "html" in ctype or answer.content.lstrip()[:1] == b"<":
        raise ScholarlyError(f"{answer.service} answered with an HTML page (HTTP {answer.status}), not JSON")
    return answer.content


class S2Client(Client):
    def __init__(self, url: str | None = None, *, service: Service | None = None, **kwargs: Any) -> None:
        super().__init__(service or s2_service(url), **kwargs)

    def batch(self, ids: Sequence[str]) -> list[dict[str, Any] | None]:
        """One batch request for at most 500 IDs: their raw records, in order, None where unknown."""
        if len(ids) > s2.BATCH_SIZE:
            raise ValueError(f"at most {s2.BATCH_SIZE} IDs a batch")
        if not ids:
            return []
        answer = self.session.request("POST", "/paper/batch", params={"fields": ",".join(s2.FIELDS)},
                                      json={"ids": list(ids)})
        return s2.parse_batch(_json_body(answer), len(ids))


class DblpClient(Client):
    def __init__(self, url: str | None = None, *, service: Service | None = None, **kwargs: Any) -> None:
        super().__init__(service or dblp_service(url), **kwargs)

    def search(self, query: str) -> list[dblp.DblpHit]:
        """The hits of one publication search (at most ``dblp.MAX_HITS``)."""
        answer = self.session.request("GET", "/search/publ/api",
                                      params={"q": query, "format": "json", "h": str(dblp.MAX_HITS)})
        return dblp.parse_search(_json_body(answer))
