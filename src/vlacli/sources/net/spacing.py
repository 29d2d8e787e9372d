"""Polite spacing per service, shared by every vla process on the machine.

Two files per service in ``cache_dir()/net``: ``<key>.lock`` (held with filelock for the whole of a
request, so one connection at a time) and ``<key>.stamp`` (the wall time at which the last response
ended). A turn starts ``interval`` seconds after that stamp, so requests reach the server at least
``interval`` apart whichever process sends them. The stamp is written whether the request
succeeded or not — unless the service's host could not be resolved: then nothing reached it, and the
next command (say, run again once the network is back) need not wait.

A stamp that cannot be read as a time (a write cut short) counts as "just now"; a stamp in the
future (the clock was set back, or a reboot) is never waited on for more than one interval. When
the folder cannot be written (a read-only cache dir), the spacing holds within this process only.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ...errors import HostNotFound, ServiceUnavailable
from .clock import Clock

POLL = 0.05  # seconds between two tries of a lock another process holds


class Spacing:
    def __init__(self, folder: Path, key: str, interval: float, clock: Clock, *, service: str = "") -> None:
        self.lock_path = folder / f"{key}.lock"
        self.stamp_path = folder / f"{key}.stamp"
        self.interval = max(0.0, interval)
        self.clock = clock
        self.service = service or key
        self._last: float | None = None  # wall time this process last saw a response end

    @contextmanager
    def turn(self, until: float) -> Iterator[None]:
        """Wait for this service's turn (the lock, then the interval since the last response), run
        the body, then stamp the end of the response. Raises ServiceUnavailable when the turn cannot
        come before the clock time ``until``."""
        lock = self._acquire(until)
        try:
            wait = self._wait(shared=lock is not None)
            if self.clock.now() + wait > until:
                raise ServiceUnavailable(f"{self.service}: no turn to send a request before the deadline "
                                         "(other vla processes are using it)")
            if wait > 0:
                self.clock.sleep(wait)
            try:
                yield
            except HostNotFound:
                raise  # no request left this machine: nothing to space the next one from
            except BaseException:
                self._stamp(self.clock.wall(), shared=lock is not None)
                raise
            else:
                self._stamp(self.clock.wall(), shared=lock is not None)
        finally:
            if lock is not None:
                lock.release()

    def _acquire(self, until: float) -> Any:
        from filelock import FileLock, Timeout

        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(self.lock_path)
            lock.acquire(timeout=max(0.0, until - self.clock.now()), poll_interval=POLL)
        except Timeout:
            raise ServiceUnavailable(f"{self.service}: no turn to send a request before the deadline "
                                     "(other vla processes are using it)") from None
        except OSError:
            return None  # a folder we cannot write: spacing within this process only
        return lock

    def _wait(self, shared: bool) -> float:
        """Seconds until the next request may start: never negative, never more than one interval."""
        ends = [t for t in (self._read_stamp() if shared else None, self._last) if t is not None]
        if not ends:
            return 0.0
        return min(self.interval, max(0.0, max(ends) + self.interval - self.clock.wall()))

    def _read_stamp(self) -> float | None:
        try:
            text = self.stamp_path.read_text(encoding="ascii")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            return self.clock.wall()
        try:
            value = float(text)
        except ValueError:
            return self.clock.wall()
        return value if math.isfinite(value) else self.clock.wall()

    def _stamp(self, end: float, shared: bool) -> None:
        self._last = end
        if not shared:
            return
        with suppress(OSError):
            self.stamp_path.write_text(f"{end!r}\n", encoding="ascii")
