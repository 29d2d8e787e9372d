"""Time for the network layer, read through one injectable object so tests never sleep.

``now()`` is monotonic (deadlines, backoff); ``wall()`` is seconds since the epoch, the one time that
vla processes share (the spacing stamp, an HTTP-date ``Retry-After``); ``sleep()`` waits. A test
replaces :data:`default_clock` (or passes ``clock=`` to a session) with a fake whose ``sleep`` moves
its time forward.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    def wall(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


# Read when a session is made; tests replace it with a fake clock.
default_clock: Clock = SystemClock()
