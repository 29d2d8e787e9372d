"""The arXiv client against a real HTTP server on 127.0.0.1: pacing, batching, retries, faults, caps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from email.utils import formatdate
from itertools import pairwise

import pytest
from arxiv_server import ArxivReplay, FakeClock, Fault, closed_port_url, feed, synthetic_entry
from loopback import serving

from vlacli.errors import ArxivError, ServiceRefused, ServiceUnavailable
from vlacli.sources.arxiv.client import ArxivClient, arxiv_service
from vlacli.sources.net import USER_AGENT, RetryPolicy

MAX_ATTEMPTS = RetryPolicy().attempts


def client(**service: object) -> ArxivClient:
    """A client of the arXiv service at VLA_ARXIV_URL, with some of its settings replaced."""
    return ArxivClient(service=replace(arxiv_service(), **service))  # type: ignore[arg-type]


@pytest.fixture
def server(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivReplay]:
    yield from serving(ArxivReplay(clock, synthesize=True), "VLA_ARXIV_URL", monkeypatch)


def gaps(server: ArxivReplay) -> list[float]:
    times = [r.time for r in server.requests]
    return [b - a for a, b in pairwise(times)]


def test_url_from_env_and_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLA_ARXIV_URL", "http://127.0.0.1:1/x")
    assert ArxivClient().url == "http://127.0.0.1:1/x"
    monkeypatch.delenv("VLA_ARXIV_URL")
    assert ArxivClient().url == "http://export.arxiv.org/api/query"


def test_single_fetch(server: ArxivReplay) -> None:
    with ArxivClient() as c:
        res = c.fetch(["1605.08386"])
    assert list(res.entries) == ["1605.08386"] and res.missing == [] and res.malformed == []
    [req] = server.requests
    assert req.method == "GET" and req.id_list == ["1605.08386"] and req.max_results == 1
    assert req.user_agent == USER_AGENT and USER_AGENT.startswith("vla/0.1.0 (+https://")


def test_250_ids_three_requests_spaced_and_posted(server: ArxivReplay) -> None:
    ids = [f"2501.{n:05d}" for n in range(1, 251)]
    res = ArxivClient().fetch(ids)
    assert len(res.entries) == 250
    assert [len(r.id_list) for r in server.requests] == [100, 100, 50]
    assert [r.max_results for r in server.requests] == [100, 100, 50]
    assert [i for r in server.requests for i in r.id_list] == ids
    assert all(g >= 3.0 for g in gaps(server))
    assert all(r.url_length < 2000 for r in server.requests)


def test_long_id_list_is_posted(server: ArxivReplay) -> None:
    ids = [f"2501.{n:05d}" for n in range(1, 251)]
    res = ArxivClient(batch_size=250).fetch(ids)
    assert len(res.entries) == 250
    [req] = server.requests
    assert req.method == "POST" and req.id_list == ids and req.max_results == 250


def test_short_list_uses_get(server: ArxivReplay) -> None:
    ArxivClient().fetch(["2501.00001", "2501.00002"])
    assert [r.method for r in server.requests] == ["GET"]


def test_spacing_holds_across_calls(server: ArxivReplay, clock: FakeClock) -> None:
    c = ArxivClient()
    c.fetch(["2501.00001"])
    c.fetch(["2501.00002"])
    c.search('ti:"heat bath"')
    assert len(server.requests) == 3 and all(g >= 3.0 for g in gaps(server))


def test_entries_matched_by_id_not_position(server: ArxivReplay) -> None:
    body = feed([synthetic_entry("2501.00009"), synthetic_entry("2501.00002", "Second"),
                 synthetic_entry("2501.00001", "First")])
    server.script(Fault(kind="body", body=body))
    res = ArxivClient().fetch(["2501.00001", "2501.00002", "2501.00003"])
    assert res.entries["2501.00001"].title == "First"
    assert res.entries["2501.00002"].title == "Second"
    assert "2501.00009" not in res.entries  # not asked for
    assert res.missing == ["2501.00003"]


def test_nonexistent_id_is_missing(server: ArxivReplay) -> None:
    res = ArxivClient().fetch(["1605.08386", "0000.0000"])
    assert list(res.entries) == ["1605.08386"] and res.missing == ["0000.0000"]


def test_http_400_names_the_bad_id_and_keeps_the_good(server: ArxivReplay) -> None:
    res = ArxivClient().fetch(["abc", "1605.08386"])
    assert res.malformed == ["abc"] and list(res.entries) == ["1605.08386"]
    assert [r.id_list for r in server.requests] == [["abc", "1605.08386"], ["1605.08386"]]


def test_old_style_with_subject_class_matched(server: ArxivReplay) -> None:
    server.add_entry("math/0309136", synthetic_entry("math/0309136", "Knots"))
    res = ArxivClient().fetch(["math.GT/0309136"])
    assert res.entries["math.GT/0309136"].title == "Knots"
    assert server.requests[0].id_list == ["math/0309136"]


def test_503_twice_then_200(server: ArxivReplay) -> None:
    server.script(503, 503)
    res = ArxivClient().fetch(["1605.08386"])
    assert list(res.entries) == ["1605.08386"]
    assert len(server.requests) == 3
    g = gaps(server)
    assert g[0] >= 3.0 and g[1] >= 6.0  # exponential backoff


def test_always_503_gives_up(server: ArxivReplay) -> None:
    server.always = Fault(status=503)
    with pytest.raises(ServiceUnavailable, match=r"HTTP 503 \(4 attempts\)"):
        ArxivClient().fetch(["1605.08386"])
    assert len(server.requests) == MAX_ATTEMPTS


def test_429_retry_after_seconds(server: ArxivReplay) -> None:
    server.script(Fault(status=429, retry_after="20"))
    ArxivClient().fetch(["1605.08386"])
    assert len(server.requests) == 2 and gaps(server)[0] >= 20.0


def test_retry_after_http_date(server: ArxivReplay, clock: FakeClock) -> None:
    server.script(Fault(status=503, retry_after=formatdate(clock.wall() + 40, usegmt=True)))
    ArxivClient().fetch(["1605.08386"])
    assert 39.0 <= gaps(server)[0] <= 41.0


def test_huge_retry_after_is_not_waited(server: ArxivReplay) -> None:
    server.always = Fault(status=429, retry_after="86400")
    with pytest.raises(ServiceUnavailable, match=r"^arXiv asks to wait 86400 s before trying again \(HTTP 429\)$"):
        ArxivClient().fetch(["1605.08386"])
    assert len(server.requests) == 1


def test_timeout_is_retried(server: ArxivReplay) -> None:
    server.script(Fault(kind="slow", delay=10.0))
    res = client(read_timeout=0.2).fetch(["1605.08386"])
    assert list(res.entries) == ["1605.08386"] and len(server.requests) == 2


def test_timeouts_give_up(server: ArxivReplay) -> None:
    server.always = Fault(kind="slow", delay=10.0)
    with pytest.raises(ServiceUnavailable, match=r": timeout \(2 attempts\)$"):
        client(read_timeout=0.1, retry=RetryPolicy(attempts=2)).fetch(["1605.08386"])


def test_connection_refused(clock: FakeClock) -> None:
    with pytest.raises(ServiceUnavailable, match="connection refused") as exc:
        ArxivClient(closed_port_url()).fetch(["1605.08386"])
    assert "\n" not in str(exc.value)
    assert clock.sleeps == [3.0, 6.0, 12.0]  # backed off between attempts, on the fake clock


def test_other_4xx_not_retried(server: ArxivReplay) -> None:
    server.script(404)
    with pytest.raises(ServiceRefused, match=r"^arXiv answered HTTP 404 for http://127\.0\.0\.1:"):
        ArxivClient().fetch(["1605.08386"])
    assert len(server.requests) == 1


@pytest.mark.parametrize(("kind", "message"), [
    ("html", "HTML page"),
    ("html-as-atom", "HTML page"),
    ("truncated", "not well-formed"),
    ("bomb", "forbidden XML"),
    ("external", "forbidden XML"),
])
def test_bad_bodies_are_errors_not_records(server: ArxivReplay, kind: str, message: str) -> None:
    server.script(Fault(kind=kind))
    with pytest.raises(ArxivError, match=message):
        ArxivClient().fetch(["1605.08386"])
    assert len(server.requests) == 1


def test_title_search(server: ArxivReplay) -> None:
    hits = ArxivClient().search_title("Heat-bath random walks with Markov bases")
    assert [e.id for e in hits] == ["1605.08386"]
    assert server.requests[0].search_query == 'ti:"Heat bath random walks with Markov bases"'


@pytest.mark.parametrize(("title", "why"), [
    ("", "has an empty title"),
    ("   ", "has an empty title"),
    ("T" * 1001, "has a title longer than 1,000 characters"),
])
def test_entries_vla_must_not_store_are_refused_per_id(server: ArxivReplay, title: str, why: str) -> None:
    server.add_entry("2501.00001", synthetic_entry("2501.00001", title))
    res = ArxivClient().fetch(["2501.00001", "2501.00002"])
    assert res.refused == {"2501.00001": why}
    assert list(res.entries) == ["2501.00002"] and res.missing == []


def test_search_leaves_out_entries_that_must_not_be_stored(server: ArxivReplay) -> None:
    server.add_entry("2501.00001", synthetic_entry("2501.00001", "Heat bath random walks with Markov bases " * 30))
    hits = ArxivClient().search_title("Heat-bath random walks with Markov bases")
    assert [e.id for e in hits] == ["1605.08386"]
