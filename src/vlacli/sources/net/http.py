"""A polite HTTP session for one web service: the only place vla talks HTTP (httpx).

    from vlacli.sources.net import Service, Session

    DBLP = Service(name="DBLP", key="dblp", url="https://dblp.org", min_interval=2.0)
    with Session(DBLP, on_retry=print) as s:
        answer = s.request("GET", "/search/publ/api", params={"q": "openvla", "format": "json"})
        hits = answer.json()

Every request:

- waits for the service's turn, shared by all vla processes (:mod:`.spacing`): one connection at a
  time, and ``min_interval`` seconds from the end of the previous response to the next request;
- carries a User-Agent naming vla and its version;
- is cut at ``request_deadline`` seconds (connect, send, and the whole body), however slowly the
  bytes drip, and its body is streamed and refused past ``max_bytes``;
- is retried by the service's :class:`~.policy.RetryPolicy` on timeouts, lost connections, 429 and
  5xx, each retry reported through ``on_retry``; all of it within ``deadline`` seconds, and all the
  requests of a session (one command) within ``command_deadline`` seconds of its first;
- fails as one :class:`~vlacli.errors.NetworkError` (exit 3), never as an httpx exception: a host
  that cannot be resolved at once (no retries), a status not in ``ok``, a body that cannot be
  decoded, a redirect loop, a body too large.

A session takes an ``httpx.Client`` (used as it is, and not closed) or an ``httpx.BaseTransport``
(e.g. ``httpx.MockTransport`` in tests; closed with the session), and a clock (tests pass a fake).
httpx is imported only when the first request is made.
"""

from __future__ import annotations

import contextlib
import json as jsonlib
import socket
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ... import __version__, settings
from ...errors import AnswerTooLarge, BadAnswer, HostNotFound, ServiceRefused, ServiceUnavailable
from . import clock as clock_mod
from .clock import Clock
from .policy import OnRetry, RetryPolicy, Transient, parse_retry_after, seconds_text
from .spacing import Spacing

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"vla/{__version__} (+https://github.com/vla-survey/vla)"
MAX_REDIRECTS = 5
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
DRAIN_BYTES = 65_536  # an error body up to this size is read, to keep the connection
STRAGGLER_GRACE = 0.5  # seconds for an attempt whose socket was shut at its deadline to wind down


@dataclass(frozen=True)
class Service:
    """How to talk to one web service. ``name`` is the service as users read it ("arXiv"), in every
    message; ``key`` names its spacing files; ``url`` is the base every request path is appended to."""

    name: str
    key: str
    url: str
    min_interval: float  # seconds from the end of one response to the next request, across processes
    connect_timeout: float = 10.0  # seconds to connect
    read_timeout: float = 30.0  # seconds without a byte
    request_deadline: float = 60.0  # seconds for one attempt: connect, send, the whole body
    deadline: float = 120.0  # seconds for an answer: turns, attempts and waits between them included
    command_deadline: float = 3600.0  # seconds for all the answers of one session (one command)
    max_bytes: int = 10_000_000  # the largest body accepted (decoded)
    headers: Mapping[str, str] = field(default_factory=dict)  # sent with every request (Accept, API keys)
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    @property
    def spacing_interval(self) -> float:
        """``min_interval``, or ``VLA_TEST_MIN_INTERVAL`` for a service on the loopback address."""
        override = settings.test_min_interval()
        if override is not None and _host(self.url) in LOOPBACK:
            return override
        return self.min_interval


@dataclass(frozen=True)
class Answer:
    """A complete response: status, headers, the whole (decoded) body, and the URL it came from."""

    service: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    url: str

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return jsonlib.loads(self.content)
        except ValueError as e:
            raise BadAnswer(f"{self.service}'s answer is not JSON ({e})") from None


class Session:
    """Requests to one service, politely; see the module's documentation."""

    def __init__(
        self,
        service: Service,
        *,
        http: httpx.Client | httpx.BaseTransport | None = None,
        clock: Clock | None = None,
        on_retry: OnRetry | None = None,
        stamp_dir: Path | None = None,
    ) -> None:
        self.service = service
        self.clock = clock if clock is not None else clock_mod.default_clock
        self.on_retry = on_retry
        self.requests_made = 0  # attempts sent, retries included
        self._began: float | None = None  # clock time of the first request: the command's deadline counts from it
        self._given = http
        self._stamp_dir = stamp_dir
        self._spacing: Spacing | None = None
        self._http: httpx.Client | None = None
        self._stream: Any = None  # the network stream of the connection in use (to cut a straggler)

    # -- lifecycle ------------------------------------------------------------------------
    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (a client passed in is left open: it is the caller's)."""
        if self._http is not None and self._http is not self._given:
            self._http.close()
        self._http = None

    @property
    def spacing(self) -> Spacing:
        if self._spacing is None:
            folder = self._stamp_dir if self._stamp_dir is not None else settings.cache_dir() / "net"
            self._spacing = Spacing(folder, self.service.key, self.service.spacing_interval, self.clock,
                                    service=self.service.name)
        return self._spacing

    def _client(self) -> httpx.Client:
        if self._http is None:
            import httpx

            if isinstance(self._given, httpx.Client):
                self._http = self._given
            else:
                self._http = httpx.Client(
                    transport=self._given,
                    headers={"User-Agent": USER_AGENT},
                    limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                    follow_redirects=True,
                    max_redirects=MAX_REDIRECTS,
                )
        return self._http

    # -- requests -------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str = "",
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        ok: Collection[int] = (200,),
    ) -> Answer:
        """One request to ``service.url + path``, retried by the service's policy; the complete answer.

        A status in ``ok`` is an answer; 429 and 5xx are retried; any other status raises
        :class:`ServiceRefused`. Every failure is a :class:`~vlacli.errors.NetworkError`.
        """
        url = self.service.url + path
        now = self.clock.now()
        if self._began is None:
            self._began = now
        left = self._began + self.service.command_deadline - now
        if left <= 0:
            raise self._spent()
        spec = {"method": method, "url": url, "params": params, "data": data, "json": json,
                "headers": {"User-Agent": USER_AGENT, **self.service.headers, **(headers or {})}}

        def attempt(until: float) -> Answer:
            client = self._client()  # made (httpx imported) before the turn, not while holding it
            with self.spacing.turn(until):
                self.requests_made += 1
                return self._attempt(client, spec, ok, until)

        try:
            return self.service.retry.run(attempt, service=self.service.name, where=url, clock=self.clock,
                                          deadline=min(self.service.deadline, left), on_retry=self.on_retry)
        except ServiceUnavailable:
            if left < self.service.deadline and self.clock.now() >= self._began + self.service.command_deadline:
                raise self._spent() from None  # cut by the command's deadline, not the answer's
            raise

    def _spent(self) -> ServiceUnavailable:
        return ServiceUnavailable(f"{self.service.name}: this command has spent its "
                                  f"{seconds_text(self.service.command_deadline)} s deadline on "
                                  f"{self.requests_made} requests; giving up")

    def _attempt(self, client: httpx.Client, spec: dict[str, Any], ok: Collection[int], until: float) -> Answer:
        """One attempt (``spec``: what ``httpx.Client.build_request`` takes), run in a worker thread so
        that it ends at its deadline whatever the server does."""
        import httpx

        svc = self.service
        stop = min(until, self.clock.now() + svc.request_deadline)
        left = max(0.001, stop - self.clock.now())
        try:
            request = client.build_request(
                **spec, extensions={"trace": self._trace},
                timeout=httpx.Timeout(min(svc.read_timeout, left), connect=min(svc.connect_timeout, left)),
            )
        except httpx.InvalidURL as e:
            raise ServiceUnavailable(f"{svc.name} is unavailable at {spec['url']}: not a usable URL ({e})") from None
        work = _Exchange(self, client, request, spec["url"], ok, stop, left)
        thread = threading.Thread(target=work.run, name=f"vla-{svc.key}-request", daemon=True)
        thread.start()
        if not work.done.wait(left):
            self._cut(work, thread, client)
            raise work.too_slow()
        return work.outcome()

    def _trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's ``trace`` extension: remember the connection's stream, to cut it at a deadline."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self._stream = info.get("return_value")

    def _cut(self, work: _Exchange, thread: threading.Thread, client: httpx.Client) -> None:
        """End an attempt that ran past its deadline: shut its socket so the worker wakes and the
        connection is dropped. If it still runs (blocked where no socket is known yet, e.g. resolving
        the host), a client this session built is left to it, to close when it wakes, and the next
        attempt gets a new one; a client or transport passed in stays in use."""
        work.abandoned = True
        sock = self._stream.get_extra_info("socket") if self._stream is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            thread.join(STRAGGLER_GRACE)
        if thread.is_alive() and self._given is None:
            work.close_client = True  # the worker closes it when it wakes
            self._http = None
            if work.done.is_set():  # it woke meanwhile, maybe before it saw the flag
                client.close()


class Client:
    """A client of one service: a :class:`Session` to it, its URL and the requests made so far, closed
    after use. Each service's own client (arXiv's, Semantic Scholar's, DBLP's) adds what to ask."""

    def __init__(self, service: Service, *, http: httpx.Client | httpx.BaseTransport | None = None,
                 clock: Clock | None = None, on_retry: OnRetry | None = None) -> None:
        self.session = Session(service, http=http, clock=clock, on_retry=on_retry)

    @property
    def url(self) -> str:
        return self.session.service.url

    @property
    def requests_made(self) -> int:
        return self.session.requests_made

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()


class _Exchange:
    """One attempt's work in its thread: send, check the status, read the body within the cap and the
    deadline. ``outcome()`` (in the caller's thread) returns the answer or raises what went wrong."""

    def __init__(self, session: Session, client: httpx.Client, request: httpx.Request, where: str,
                 ok: Collection[int], stop: float, allowed: float) -> None:
        self.session = session
        self.client = client
        self.request = request
        self.where = where  # the URL without its query, for messages
        self.ok = ok
        self.stop = stop  # clock time by which the body must be complete
        self.allowed = allowed  # seconds this attempt was given
        self.done = threading.Event()
        self.abandoned = False
        self.close_client = False
        self._answer: Answer | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            self._answer = self._exchange()
        except BaseException as e:  # handed to the caller's thread
            self._error = e
        finally:
            self.done.set()
            if self.close_client:
                self.client.close()

    def too_slow(self) -> Transient:
        return Transient(f"did not finish answering within {seconds_text(self.allowed)} s", "answer too slow")

    def outcome(self) -> Answer:
        if self._error is not None:
            raise self._error
        assert self._answer is not None
        return self._answer

    def _exchange(self) -> Answer:
        import httpx

        svc = self.session.service
        try:
            response = self.client.send(self.request, stream=True, follow_redirects=True)
            try:
                return self._read(response)
            finally:
                response.close()
        except httpx.TimeoutException:
            raise Transient("did not answer (timeout)", "timeout") from None
        except httpx.ConnectError as e:
            if _caused_by(e, socket.gaierror):
                raise HostNotFound(f"{svc.name} is unavailable at {self.where}: cannot resolve "
                                   f"{self.request.url.host} (no network?)") from None
            reason = _describe(e)
            raise Transient(f"could not be reached ({reason})", reason) from None
        except httpx.UnsupportedProtocol as e:
            raise ServiceUnavailable(f"{svc.name} is unavailable at {self.where}: {e}") from None
        except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError) as e:
            reason = _describe(e)
            raise Transient(f"broke off the answer ({reason})", reason) from None
        except httpx.DecodingError as e:
            raise BadAnswer(f"{svc.name}'s answer could not be decoded ({_describe(e)})") from None
        except httpx.TooManyRedirects:
            raise BadAnswer(f"{svc.name} redirected more than {MAX_REDIRECTS} times from {self.where}") from None
        except httpx.InvalidURL as e:
            raise BadAnswer(f"{svc.name} redirected to an unusable URL ({e})") from None
        except httpx.HTTPError as e:
            raise BadAnswer(f"{svc.name}: {_describe(e)}") from None

    def _drain(self, response: httpx.Response) -> None:
        """Read a short error body, so the connection stays open for the next request; a long one is
        left (the connection is closed instead)."""
        import httpx

        if response.is_stream_consumed:
            return
        size = 0
        try:
            for chunk in response.iter_raw():
                size += len(chunk)
                if size > DRAIN_BYTES or self.abandoned or self.session.clock.now() > self.stop:
                    return
        except httpx.HTTPError:
            return

    def _read(self, response: httpx.Response) -> Answer:
        svc = self.session.service
        clock = self.session.clock
        status = response.status_code
        if status not in self.ok:
            self._drain(response)
            if RetryPolicy.retryable(status):
                wait = parse_retry_after(response.headers.get("Retry-After"), clock.wall())
                raise Transient(f"answered HTTP {status}", f"HTTP {status}", wait)
            raise ServiceRefused(f"{svc.name} answered HTTP {status} for {self.where}")
        cap = svc.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise AnswerTooLarge(f"{svc.name}'s answer is larger than the size cap of {_size(cap)} "
                                 f"({_size(int(declared))}); refused")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise AnswerTooLarge(f"{svc.name}'s answer is larger than the size cap of {_size(cap)}; "
                                     "cut off and refused")
            if self.abandoned or clock.now() > self.stop:
                raise self.too_slow()
            chunks.append(chunk)
        if clock.now() > self.stop:
            raise self.too_slow()
        return Answer(svc.name, status, response.headers, b"".join(chunks), str(response.url))


def _caused_by(e: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    cur: BaseException | None = e
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, kind):
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


def _describe(e: BaseException) -> str:
    """An httpx error in a few words, one line."""
    text = " ".join(str(e).split())
    low = text.lower()
    for words, short in (("refused", "connection refused"), ("reset", "connection reset"),
                         ("disconnected", "connection closed"), ("peer closed", "connection closed")):
        if words in low:
            return short
    name = type(e).__name__
    return f"{name}: {text}" if text else name


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n:,} bytes"


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
