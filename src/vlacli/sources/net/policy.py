"""When to try a request again, and when to give up. Pure: no I/O, no httpx.

:class:`RetryPolicy` runs one request's attempts: a failure worth retrying (a timeout, a lost
connection, HTTP 429 or 5xx) is raised by the attempt as :class:`Transient`; the policy waits
(exponential backoff, or the server's ``Retry-After`` when longer, up to a bound) and tries again,
until the attempts or the deadline run out. Before each wait it reports a :class:`Retry` through a
callback, never by printing: the CLI turns it into one line on stderr.
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from ...errors import ServiceUnavailable
from ...text import plural
from .clock import Clock

T = TypeVar("T")


class Transient(Exception):
    """A failed attempt worth retrying. ``said`` completes "<service> …" in a retry line ("did not
    answer (timeout)"); ``reason`` is the short form of the final error ("timeout", "HTTP 503")."""

    def __init__(self, said: str, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.said = said
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class Retry:
    """A retry about to happen: ``str()`` is the line the CLI prints,
    ``arXiv did not answer (timeout); retrying in 6 s, attempt 3 of 4``."""

    service: str
    said: str
    wait: float  # seconds until the next attempt may start
    attempt: int  # the attempt about to be made (2 … attempts)
    attempts: int

    def __str__(self) -> str:
        return (f"{self.service} {self.said}; retrying in {seconds_text(self.wait)} s, "
                f"attempt {self.attempt} of {self.attempts}")


OnRetry = Callable[[Retry], None]


def seconds_text(value: float) -> str:
    """Seconds as people read them in a message: whole seconds rounded up ("3", "12"), or one
    significant digit below a second ("0.2")."""
    if 0 < value < 1:
        return f"{value:.1g}"
    return str(max(0, math.ceil(value - 1e-6)))


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` tries in all; after attempt n, wait ``backoff * factor**(n-1)`` seconds (3, 6, 12
    by default), or the ``Retry-After`` the server sent if longer. A ``Retry-After`` beyond
    ``max_retry_after`` ends the request at once (vla will not wait that long)."""

    attempts: int = 4
    backoff: float = 3.0
    factor: float = 2.0
    max_retry_after: float = 60.0

    @staticmethod
    def retryable(status: int) -> bool:
        """HTTP 429 and every 5xx are worth another try; other statuses are answers."""
        return status == 429 or 500 <= status <= 599

    def backoff_after(self, attempt: int) -> float:
        return self.backoff * self.factor ** (attempt - 1)

    def run(
        self,
        attempt: Callable[[float], T],
        *,
        service: str,
        where: str,
        clock: Clock,
        deadline: float,
        on_retry: OnRetry | None = None,
    ) -> T:
        """Call ``attempt(until)`` until it returns, retrying on :class:`Transient`.

        ``until`` is the clock time by which the answer must be complete: ``deadline`` seconds from
        now, waits and retries included. Gives up with :class:`ServiceUnavailable` when the attempts
        run out, when the next attempt could not start before ``until``, or when the server asks
        to wait more than ``max_retry_after``. Any other exception goes through untouched.
        """
        until = clock.now() + deadline
        attempts = max(1, self.attempts)
        for n in range(1, attempts + 1):
            try:
                return attempt(until)
            except Transient as failure:
                last = failure
            if n == attempts:
                break
            wait = self.backoff_after(n)
            if last.retry_after is not None:
                if last.retry_after > self.max_retry_after:
                    raise ServiceUnavailable(
                        f"{service} asks to wait {last.retry_after:.0f} s before trying again ({last.reason})")
                wait = max(wait, last.retry_after)
            if clock.now() + wait >= until:
                raise ServiceUnavailable(f"{service} is unavailable at {where}: {last.reason} "
                                         f"({plural(n, 'attempt')}; no answer within {seconds_text(deadline)} s)")
            if on_retry is not None:
                on_retry(Retry(service, last.said, wait, n + 1, attempts))
            clock.sleep(wait)
        raise ServiceUnavailable(f"{service} is unavailable at {where}: {last.reason} ({plural(attempts, 'attempt')})")


def parse_retry_after(value: str | None, wall_now: float) -> float | None:
    """``Retry-After`` as seconds from ``wall_now``: a number of seconds, or an HTTP date.
    None when absent or unreadable; never negative."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # an HTTP date is GMT
        from datetime import UTC

        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - wall_now)
