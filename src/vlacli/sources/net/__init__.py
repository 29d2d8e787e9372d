"""The network layer every web-service client is built on: polite, bounded, injectable.

- :mod:`.http` — :class:`Service` (one service's name, URL, spacing, timeouts, deadlines, size cap,
  headers, retry policy), :class:`Session` (requests to it), :class:`Answer` (a complete response)
  and :class:`Client` (a session with its URL and count of requests, the base of every client);
- :mod:`.policy` — :class:`RetryPolicy` (attempts, backoff, ``Retry-After``) and :class:`Retry`, the
  event a session reports before each retry;
- :mod:`.spacing` — the lock and timestamp files that space requests across vla processes;
- :mod:`.clock` — the injectable clock.

A client for a new service is a :class:`Service` and a few methods over :meth:`Session.request`:

    API = Service(name="Semantic Scholar", key="s2", url=settings.s2_url(), min_interval=1.0,
                  headers={"x-api-key": key} if key else {})

    class S2Client(Client):
        def __init__(self, **kwargs):
            super().__init__(API, **kwargs)

        def papers(self, ids):
            answer = self.session.request("POST", "/paper/batch", params={"fields": "venue,year"},
                                          json={"ids": ids})
            return answer.json()

Nothing here imports httpx at import time.
"""

from __future__ import annotations

from .clock import Clock, SystemClock
from .http import USER_AGENT, Answer, Client, Service, Session
from .policy import OnRetry, Retry, RetryPolicy

__all__ = ["USER_AGENT", "Answer", "Client", "Clock", "OnRetry", "Retry", "RetryPolicy", "Service", "Session",
           "SystemClock"]
