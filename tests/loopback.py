"""What the loopback servers of the tests share (:class:`arxiv_server.ArxivReplay`, the Semantic Scholar and
DBLP stand-ins of :mod:`scholarly_server`): a real HTTP server on 127.0.0.1 in the test process, started and
stopped by the test, with the requests it was sent and the faults scripted for the next ones; and
:func:`serving`, the fixtures' way to run one."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self, TypeVar

if TYPE_CHECKING:
    import pytest

RequestT = TypeVar("RequestT")
FaultT = TypeVar("FaultT")


class Clock(Protocol):
    def now(self) -> float: ...


class LoopbackServer(Generic[RequestT, FaultT]):
    """A server on a free port of 127.0.0.1. A subclass gives its request handler (``_handler``), which
    records each request in ``requests`` and answers the next fault in ``faults`` first, and the ``Fault``
    class that :meth:`script` makes of a bare status."""

    fault_type: Callable[..., FaultT]

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.requests: list[RequestT] = []
        self.faults: deque[FaultT] = deque()
        self.release = threading.Event()  # ends a slow answer early
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        """What a client is pointed at: the root of the API it stands in for."""
        return self.base

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    def script(self, *faults: FaultT | int) -> None:
        """Answer the next requests with these faults (an int is a bare status), then normally."""
        for f in faults:
            self.faults.append(self.fault_type(status=f) if isinstance(f, int) else f)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError


ServerT = TypeVar("ServerT", bound=LoopbackServer[Any, Any])


def serving(server: ServerT, variable: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServerT]:
    """For a fixture (``yield from``): start ``server``, point the environment ``variable`` at its
    :attr:`~LoopbackServer.url` while the test runs, and stop it after."""
    server.start()
    monkeypatch.setenv(variable, server.url)
    yield server
    server.stop()
