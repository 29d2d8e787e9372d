"""The polite session through httpx.MockTransport and a fake clock: statuses, retries, Retry-After,
deadlines, the size cap, a host that cannot be resolved, undecodable bodies, redirect loops. No socket,
no sleep."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from email.utils import formatdate
from pathlib import Path

import httpx
import pytest
from arxiv_server import FakeClock

from vlacli.errors import AnswerTooLarge, BadAnswer, HostNotFound, NetworkError, ServiceRefused, ServiceUnavailable
from vlacli.sources.net import USER_AGENT, Answer, Retry, Service, Session

URL = "https://api.example.org/v1"
SERVICE = Service(name="Example", key="example", url=URL, min_interval=1.0, headers={"Accept": "application/json"})

Handler = Callable[[httpx.Request], httpx.Response]


class Server:
    """A MockTransport handler answering from a script, recording each request with its clock time."""

    def __init__(self, clock: FakeClock, *answers: Handler | httpx.Response | int) -> None:
        self.clock = clock
        self.answers = list(answers)
        self.requests: list[tuple[float, httpx.Request]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((self.clock.now(), request))
        answer = self.answers.pop(0) if self.answers else httpx.Response(200, json={"ok": True})
        if isinstance(answer, int):
            return httpx.Response(answer, text="busy")
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)

    @property
    def times(self) -> list[float]:
        return [t for t, _ in self.requests]


@pytest.fixture
def fake() -> FakeClock:
    return FakeClock()


def session(server: Server, tmp_path: Path, service: Service = SERVICE, **kw: object) -> tuple[Session, list[Retry]]:
    events: list[Retry] = []
    s = Session(service, http=httpx.MockTransport(server), clock=server.clock, on_retry=events.append,
                stamp_dir=tmp_path / "net", **kw)  # type: ignore[arg-type]
    return s, events


def lines(events: list[Retry]) -> list[str]:
    return [str(e) for e in events]


# -- answers --------------------------------------------------------------------------------


def test_answer_headers_and_user_agent(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake)
    s, events = session(server, tmp_path)
    answer = s.request("GET", "/paper", params={"q": "vla"}, headers={"x-api-key": "k"})
    assert isinstance(answer, Answer)
    assert (answer.status, answer.json(), answer.url) == (200, {"ok": True}, URL + "/paper?q=vla")
    [(_, req)] = server.requests
    assert req.headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("vla/0.1.0 (+https://")
    assert req.headers["Accept"] == "application/json" and req.headers["x-api-key"] == "k"
    assert s.requests_made == 1 and events == []


def test_post_json(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, lambda r: httpx.Response(200, content=r.content))
    s, _ = session(server, tmp_path)
    assert s.request("POST", "/batch", json={"ids": ["a"]}).json() == {"ids": ["a"]}


def test_answer_that_is_not_json(fake: FakeClock, tmp_path: Path) -> None:
    s, _ = session(Server(fake, httpx.Response(200, text="<html>")), tmp_path)
    with pytest.raises(BadAnswer, match=r"^Example's answer is not JSON \("):
        s.request("GET").json()


def test_other_4xx_is_not_retried(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, 404)
    s, events = session(server, tmp_path)
    with pytest.raises(ServiceRefused) as exc:
        s.request("GET", "/paper/x")
    assert str(exc.value) == f"Example answered HTTP 404 for {URL}/paper/x"
    assert len(server.requests) == 1 and events == [] and fake.sleeps == []


def test_a_status_the_caller_expects_is_an_answer(fake: FakeClock, tmp_path: Path) -> None:
    s, _ = session(Server(fake, 400), tmp_path)
    assert s.request("GET", ok=(200, 400)).status == 400


# -- retries -------------------------------------------------------------------------------


def test_5xx_then_answer_with_retry_lines(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, 503, 502)
    s, events = session(server, tmp_path)
    assert s.request("GET").status == 200
    assert lines(events) == ["Example answered HTTP 503; retrying in 3 s, attempt 2 of 4",
                             "Example answered HTTP 502; retrying in 6 s, attempt 3 of 4"]
    assert server.times == [1000.0, 1003.0, 1009.0] and s.requests_made == 3


def test_retries_run_out(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, 500, 500, 500, 500)
    s, events = session(server, tmp_path)
    with pytest.raises(ServiceUnavailable) as exc:
        s.request("GET")
    assert str(exc.value) == f"Example is unavailable at {URL}: HTTP 500 (4 attempts)"
    assert len(events) == 3 and len(server.requests) == 4


def test_429_retry_after_seconds(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, httpx.Response(429, headers={"Retry-After": "20"}))
    s, events = session(server, tmp_path)
    s.request("GET")
    assert lines(events) == ["Example answered HTTP 429; retrying in 20 s, attempt 2 of 4"]
    assert server.times[1] - server.times[0] == 20.0


def test_retry_after_http_date(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, lambda r: httpx.Response(503, headers={"Retry-After": formatdate(fake.wall() + 30,
                                                                                           usegmt=True)}))
    s, _ = session(server, tmp_path)
    s.request("GET")
    assert 29.0 <= server.times[1] - server.times[0] <= 31.0  # an HTTP date has whole seconds


def test_retry_after_beyond_the_bound(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, httpx.Response(503, headers={"Retry-After": "3600"}))
    s, events = session(server, tmp_path)
    with pytest.raises(ServiceUnavailable) as exc:
        s.request("GET")
    assert str(exc.value) == "Example asks to wait 3600 s before trying again (HTTP 503)"
    assert len(server.requests) == 1 and events == []


def test_timeouts_and_lost_connections_are_retried(fake: FakeClock, tmp_path: Path) -> None:
    def raising(exc: Exception) -> Handler:
        def handler(request: httpx.Request) -> httpx.Response:
            raise exc
        return handler

    server = Server(fake, raising(httpx.ReadTimeout("timed out")),
                    raising(httpx.ConnectError("[Errno 111] Connection refused")),
                    raising(httpx.RemoteProtocolError("Server disconnected without sending a response.")))
    s, events = session(server, tmp_path)
    assert s.request("GET").status == 200
    assert lines(events) == [
        "Example did not answer (timeout); retrying in 3 s, attempt 2 of 4",
        "Example could not be reached (connection refused); retrying in 6 s, attempt 3 of 4",
        "Example broke off the answer (connection closed); retrying in 12 s, attempt 4 of 4",
    ]


def test_host_that_cannot_be_resolved_fails_at_once(fake: FakeClock, tmp_path: Path) -> None:
    def no_dns(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as e:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from e

    server = Server(fake, no_dns)
    s, events = session(server, tmp_path)
    with pytest.raises(HostNotFound) as exc:
        s.request("GET")
    assert str(exc.value) == f"Example is unavailable at {URL}: cannot resolve api.example.org (no network?)"
    assert exc.value.exit_code == 3
    assert len(server.requests) == 1 and events == [] and fake.sleeps == []


# -- deadlines -----------------------------------------------------------------------------


def dripping(fake: FakeClock, every: float, size: int = 100) -> Handler:
    """An answer whose bytes come one at a time, ``every`` seconds apart (on the fake clock)."""

    def body() -> Iterator[bytes]:
        for _ in range(size):
            fake.advance(every)
            yield b"x"

    return lambda request: httpx.Response(200, content=body())


def test_drip_is_cut_at_the_request_deadline_then_the_overall_one(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, dripping(fake, 10.0), dripping(fake, 10.0), dripping(fake, 10.0))
    s, events = session(server, tmp_path)
    with pytest.raises(ServiceUnavailable) as exc:
        s.request("GET")
    # Attempt 1 is cut at 60 s (the request deadline); attempt 2, given what is left of the 120 s, at 120 s.
    assert lines(events) == ["Example did not finish answering within 60 s; retrying in 3 s, attempt 2 of 4"]
    assert str(exc.value) == f"Example is unavailable at {URL}: answer too slow (2 attempts; no answer within 120 s)"
    assert server.times == [1000.0, 1073.0]
    assert 1120.0 <= fake.now() <= 1130.0  # one drip past the deadline at most, on the fake clock


def test_slow_but_complete_answer_within_the_deadline(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, dripping(fake, 1.0, size=50))
    s, events = session(server, tmp_path)
    assert s.request("GET").content == b"x" * 50 and events == []


def test_overall_deadline_counts_waits(fake: FakeClock, tmp_path: Path) -> None:
    busy = httpx.Response(503, headers={"Retry-After": "50"})
    server = Server(fake, busy, busy, busy, busy)
    s, _events = session(server, tmp_path)
    with pytest.raises(ServiceUnavailable) as exc:
        s.request("GET")
    assert str(exc.value) == f"Example is unavailable at {URL}: HTTP 503 (3 attempts; no answer within 120 s)"
    assert len(server.requests) == 3


def test_deadlines_come_from_the_service(fake: FakeClock, tmp_path: Path) -> None:
    quick = replace(SERVICE, request_deadline=5.0, deadline=9.0)
    server = Server(fake, dripping(fake, 2.0), dripping(fake, 2.0))
    s, events = session(server, tmp_path, quick)
    with pytest.raises(ServiceUnavailable, match=r"answer too slow \(1 attempt; no answer within 9 s\)$"):
        s.request("GET")
    assert lines(events) == []  # after a 6 s attempt and a 3 s backoff no time is left for another


# -- size cap ------------------------------------------------------------------------------


def fifty_megabytes(read: list[int]) -> Iterator[bytes]:
    """A body of 50 MB in chunks of 1 MB; each chunk adds to ``read`` when it is taken."""
    for _ in range(50):
        read.append(1)
        yield b"\0" * 1_000_000


def test_declared_length_over_the_cap_is_refused_unread(fake: FakeClock, tmp_path: Path) -> None:
    read: list[int] = []
    server = Server(fake, lambda r: httpx.Response(200, headers={"Content-Length": "50000000"},
                                                   content=fifty_megabytes(read)))
    s, events = session(server, tmp_path)
    with pytest.raises(AnswerTooLarge) as exc:
        s.request("GET")
    assert str(exc.value) == "Example's answer is larger than the size cap of 10 MB (50 MB); refused"
    assert read == [] and events == [] and len(server.requests) == 1


def test_undeclared_length_is_cut_at_the_cap(fake: FakeClock, tmp_path: Path) -> None:
    read: list[int] = []
    s, _ = session(Server(fake, lambda r: httpx.Response(200, content=fifty_megabytes(read))), tmp_path)
    with pytest.raises(AnswerTooLarge) as exc:
        s.request("GET")
    assert str(exc.value) == "Example's answer is larger than the size cap of 10 MB; cut off and refused"
    assert len(read) == 11  # stopped at the first chunk past the cap


def test_cap_is_the_services(fake: FakeClock, tmp_path: Path) -> None:
    s, _ = session(Server(fake, httpx.Response(200, content=b"x" * 2000)), tmp_path, replace(SERVICE, max_bytes=1000))
    with pytest.raises(AnswerTooLarge, match=r"size cap of 1,000 bytes \(2,000 bytes\)"):
        s.request("GET")


# -- answers httpx cannot read -------------------------------------------------------------


def test_gzip_header_on_a_plain_body(fake: FakeClock, tmp_path: Path) -> None:
    def lie(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=iter([b"plain text, not gzip"]))

    s, events = session(Server(fake, lie), tmp_path)
    with pytest.raises(BadAnswer) as exc:
        s.request("GET")
    assert str(exc.value).startswith("Example's answer could not be decoded (DecodingError: ")
    assert "\n" not in str(exc.value) and events == []


def test_redirect_loop(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, *[lambda r: httpx.Response(302, headers={"Location": URL + "/again"})] * 10)
    s, _ = session(server, tmp_path)
    with pytest.raises(BadAnswer) as exc:
        s.request("GET")
    assert str(exc.value) == f"Example redirected more than 5 times from {URL}"
    assert len(server.requests) == 6


def test_redirect_followed(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake, httpx.Response(301, headers={"Location": URL + "/moved"}))
    s, _ = session(server, tmp_path)
    assert s.request("GET").url == URL + "/moved"


def test_any_other_httpx_error_is_one_line(fake: FakeClock, tmp_path: Path) -> None:
    def odd(request: httpx.Request) -> httpx.Response:
        raise httpx.LocalProtocolError("illegal header")

    s, _ = session(Server(fake, odd), tmp_path)
    with pytest.raises(NetworkError) as exc:
        s.request("GET")
    assert str(exc.value) == "Example: LocalProtocolError: illegal header" and exc.value.exit_code == 3


def test_unusable_url(fake: FakeClock, tmp_path: Path) -> None:
    for url, why in (("ftp://example.org/x", "Request URL has an unsupported protocol 'ftp://'."),
                     ("http://[::1/x", "not a usable URL (Invalid port: ':1')")):
        s = Session(replace(SERVICE, url=url), clock=fake, stamp_dir=tmp_path)  # httpx's own transport
        with pytest.raises(ServiceUnavailable) as exc:
            s.request("GET")
        assert str(exc.value).startswith(f"Example is unavailable at {url}: "), exc.value
        assert why in str(exc.value)


# -- injection -----------------------------------------------------------------------------


def test_a_client_passed_in_is_used_and_left_open(fake: FakeClock, tmp_path: Path) -> None:
    server = Server(fake)
    client = httpx.Client(transport=httpx.MockTransport(server))
    with Session(SERVICE, http=client, clock=fake, stamp_dir=tmp_path) as s:
        s.request("GET")
    assert not client.is_closed and len(server.requests) == 1
    assert server.requests[0][1].headers["User-Agent"] == USER_AGENT
    client.close()


def test_a_transport_passed_in_is_closed_with_the_session(fake: FakeClock, tmp_path: Path) -> None:
    closed: list[bool] = []

    class Transport(httpx.MockTransport):
        def close(self) -> None:
            closed.append(True)

    with Session(SERVICE, http=Transport(Server(fake)), clock=fake, stamp_dir=tmp_path) as s:
        s.request("GET")
    assert closed == [True]


def test_no_httpx_until_the_first_request() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom vlacli.sources.net import Service, Session\n"
            "from vlacli.sources.arxiv.client import ArxivClient\n"
            "ArxivClient().close()\nprint('httpx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_command_has_a_deadline_for_all_its_answers(fake: FakeClock, tmp_path: Path) -> None:
    """Each answer comes within its own deadline, but a session (one command) gives up once all its
    requests together have taken ``command_deadline`` seconds: no server keeps a command forever."""
    budget = replace(SERVICE, command_deadline=100.0)

    def slow(request: httpx.Request) -> httpx.Response:
        fake.advance(30.0)  # each answer takes 30 s: well within its 120 s
        return httpx.Response(200, json={"ok": True})

    server = Server(fake, *[slow] * 10)
    s, _events = session(server, tmp_path, budget)
    for _ in range(3):  # 0-30, 31-61, 62-92 s
        s.request("GET")
    with pytest.raises(ServiceUnavailable) as exc:  # at 93 s, 7 s are left: the answer is cut at 100 s
        s.request("GET")
    assert str(exc.value) == "Example: this command has spent its 100 s deadline on 4 requests; giving up"
    with pytest.raises(ServiceUnavailable):  # and no request is made once it is spent
        s.request("GET")
    assert len(server.requests) == 4
