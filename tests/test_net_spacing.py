"""Spacing shared by every vla process: sessions that share a stamp folder (as processes share the cache
dir) keep the interval from the end of one response to the next request. Deterministic: a fake clock,
httpx.MockTransport, and the lock file taken as another process would."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from arxiv_server import FakeClock
from filelock import FileLock, Timeout

from vlacli.errors import HostNotFound, ServiceUnavailable
from vlacli.sources.net import Service, Session
from vlacli.sources.net.spacing import Spacing

SERVICE = Service(name="arXiv", key="arxiv", url="http://export.arxiv.org/api/query", min_interval=3.0)


class Server:
    """Answers after ``takes`` seconds of fake time; records when each request came and its answer ended."""

    def __init__(self, clock: FakeClock, takes: float = 0.0, status: int = 200) -> None:
        self.clock = clock
        self.takes = takes
        self.status = status
        self.starts: list[float] = []
        self.ends: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.starts.append(self.clock.now())
        self.clock.advance(self.takes)
        self.ends.append(self.clock.now())
        return httpx.Response(self.status, text="ok")


def process(server: Server, folder: Path, service: Service = SERVICE) -> Session:
    """A session as another vla process would hold it: its own client, the same stamp folder."""
    return Session(service, http=httpx.MockTransport(server), clock=server.clock, stamp_dir=folder)


def test_two_processes_keep_the_interval_from_the_end_of_the_response(tmp_path: Path) -> None:
    clock = FakeClock()
    server = Server(clock, takes=0.5)
    a, b = process(server, tmp_path), process(server, tmp_path)
    a.request("GET")
    b.request("GET")
    a.request("GET")
    assert server.starts == [1000.0, 1003.5, 1007.0]
    assert [s - e for s, e in zip(server.starts[1:], server.ends, strict=False)] == [3.0, 3.0]
    assert (tmp_path / "arxiv.stamp").is_file() and (tmp_path / "arxiv.lock").exists()


def test_a_slow_answer_does_not_eat_into_the_interval(tmp_path: Path) -> None:
    clock = FakeClock()
    server = Server(clock, takes=5.0)
    a, b = process(server, tmp_path), process(server, tmp_path)
    a.request("GET")
    b.request("GET")
    assert server.starts[1] - server.ends[0] == 3.0  # not 3 s after the request: after the answer


def test_no_wait_once_the_interval_has_passed(tmp_path: Path) -> None:
    clock = FakeClock()
    server = Server(clock)
    process(server, tmp_path).request("GET")
    clock.advance(10.0)
    process(server, tmp_path).request("GET")
    assert clock.sleeps == []


def test_each_service_has_its_own_turn(tmp_path: Path) -> None:
    clock = FakeClock()
    server = Server(clock)
    process(server, tmp_path).request("GET")
    process(server, tmp_path, replace(SERVICE, name="DBLP", key="dblp")).request("GET")
    assert server.starts == [1000.0, 1000.0]


def test_a_failed_answer_is_stamped_too(tmp_path: Path) -> None:
    clock = FakeClock()
    failing = Server(clock, takes=1.0, status=404)
    with pytest.raises(Exception, match="HTTP 404"):
        process(failing, tmp_path).request("GET")
    server = Server(clock)
    process(server, tmp_path).request("GET")
    assert server.starts == [1004.0]


def test_a_host_that_cannot_be_resolved_is_not_stamped(tmp_path: Path) -> None:
    """Nothing reached the service: the next request (the command run again) goes at once."""
    clock = FakeClock()

    def no_dns(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as e:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from e

    offline = Session(SERVICE, http=httpx.MockTransport(no_dns), clock=clock, stamp_dir=tmp_path)
    with pytest.raises(HostNotFound):
        offline.request("GET")
    server = Server(clock)
    process(server, tmp_path).request("GET")
    assert server.starts == [1000.0] and clock.sleeps == []


def test_the_lock_is_held_for_the_whole_request(tmp_path: Path) -> None:
    clock = FakeClock()
    held: list[bool] = []

    def handler(request: httpx.Request) -> httpx.Response:
        try:
            FileLock(tmp_path / "arxiv.lock").acquire(timeout=0)
        except Timeout:
            held.append(True)
        return httpx.Response(200)

    Session(SERVICE, http=httpx.MockTransport(handler), clock=clock, stamp_dir=tmp_path).request("GET")
    assert held == [True]
    FileLock(tmp_path / "arxiv.lock").acquire(timeout=0)  # and released after


def test_no_turn_before_the_deadline(tmp_path: Path) -> None:
    clock = FakeClock()
    server = Server(clock)
    other = FileLock(tmp_path / "arxiv.lock")
    other.acquire()
    try:
        with pytest.raises(ServiceUnavailable) as exc:
            process(server, tmp_path, replace(SERVICE, deadline=0.2)).request("GET")
    finally:
        other.release()
    assert str(exc.value) == "arXiv: no turn to send a request before the deadline (other vla processes are using it)"
    assert server.starts == []


@pytest.mark.parametrize("stamp", ["", "garbage", "nan", "inf", "-inf", "1e999"])
def test_an_unreadable_stamp_means_a_full_interval(tmp_path: Path, stamp: str) -> None:
    clock = FakeClock()
    (tmp_path / "arxiv.stamp").write_text(stamp)
    process(Server(clock), tmp_path).request("GET")
    assert clock.sleeps == [3.0]


def test_a_stamp_from_the_future_is_waited_on_one_interval_at_most(tmp_path: Path) -> None:
    clock = FakeClock()
    (tmp_path / "arxiv.stamp").write_text(repr(clock.wall() + 86400))  # the clock was set back a day
    process(Server(clock), tmp_path).request("GET")
    assert clock.sleeps == [3.0]


def test_an_unwritable_folder_spaces_within_the_process(tmp_path: Path) -> None:
    clock = FakeClock()
    blocked = tmp_path / "file"
    blocked.write_text("")  # a file where the folder should be: nothing can be made under it
    server = Server(clock, takes=0.5)
    s = process(server, blocked / "net")
    s.request("GET")
    s.request("GET")
    assert server.starts == [1000.0, 1003.5]


def test_spacing_alone(tmp_path: Path) -> None:
    clock = FakeClock()
    spacing = Spacing(tmp_path, "svc", 2.0, clock)
    with spacing.turn(until=clock.now() + 10):
        clock.advance(1.0)
    with spacing.turn(until=clock.now() + 10):
        pass
    assert clock.sleeps == [2.0]
    assert float((tmp_path / "svc.stamp").read_text()) == clock.wall()  # the end of the last turn


def test_test_interval_only_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLA_TEST_MIN_INTERVAL", "0.25")
    assert replace(SERVICE, url="http://127.0.0.1:8000/api/query").spacing_interval == 0.25
    assert replace(SERVICE, url="http://localhost/api").spacing_interval == 0.25
    assert replace(SERVICE, url="http://[::1]:80/").spacing_interval == 0.25
    assert SERVICE.spacing_interval == 3.0  # the real arXiv: never
    monkeypatch.setenv("VLA_TEST_MIN_INTERVAL", "-1")
    assert replace(SERVICE, url="http://127.0.0.1/").spacing_interval == 3.0
