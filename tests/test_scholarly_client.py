"""The Semantic Scholar and DBLP clients against loopback stand-ins: batching, spacing, the API key,
429 with Retry-After, 5xx, timeouts, HTML bodies, null entries, refused requests."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import Any

import pytest
from arxiv_server import FakeClock, closed_port_url
from scholarly_server import DblpStandIn, Fault, S2StandIn, StandIn, dblp_info, s2_record

from vlacli.errors import ScholarlyError, ServiceRefused, ServiceUnavailable
from vlacli.sources.net import USER_AGENT, RetryPolicy
from vlacli.sources.scholarly.client import DblpClient, S2Client, dblp_service, s2_service
from vlacli.sources.scholarly.s2 import FIELDS


def gaps(server: StandIn) -> list[float]:
    return [b.time - a.time for a, b in pairwise(server.requests)]


def record(arxiv: str, **kw: Any) -> dict[str, Any]:
    return s2_record(arxiv=arxiv, title=f"Paper {arxiv}", authors=["Ada Lovelace"], **kw)


# -- Semantic Scholar ---------------------------------------------------------------------------------

def test_batch_request_shape(s2: S2StandIn) -> None:
    s2.records = {"ARXIV:2508.19958": record("2508.19958", venue="Conference on Robot Learning")}
    out = S2Client().batch(["ARXIV:2508.19958", "ARXIV:0000.00000"])
    assert out[0] is not None and out[0]["venue"] == "Conference on Robot Learning" and out[1] is None
    [req] = s2.requests
    assert (req.method, req.path, req.params["fields"]) == ("POST", "/graph/v1/paper/batch", ",".join(FIELDS))
    assert req.ids == ["ARXIV:2508.19958", "ARXIV:0000.00000"]
    assert req.headers["user-agent"] == USER_AGENT and "x-api-key" not in req.headers


def test_api_key_is_sent(s2: S2StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("S2_API_KEY", "k3y")
    S2Client().batch(["ARXIV:2508.19958"])
    assert s2.requests[0].headers["x-api-key"] == "k3y"


def test_spacing_of_one_second(s2: S2StandIn) -> None:
    c = S2Client()
    for n in range(3):
        c.batch([f"ARXIV:2501.0000{n + 1}"])
    assert len(s2.requests) == 3 and all(g >= 1.0 for g in gaps(s2))


def test_more_than_500_ids_is_a_bug_not_a_request(s2: S2StandIn) -> None:
    with pytest.raises(ValueError):
        S2Client().batch([f"ARXIV:2501.{n:05d}" for n in range(1, 502)])
    assert S2Client().batch([]) == [] and s2.requests == []


def test_429_with_retry_after(s2: S2StandIn) -> None:
    s2.script(Fault(status=429, retry_after="30"))
    events: list[str] = []
    assert S2Client(on_retry=lambda e: events.append(str(e))).batch(["ARXIV:2501.00001"]) == [None]
    assert len(s2.requests) == 2 and gaps(s2)[0] >= 30.0
    assert events == ["Semantic Scholar answered HTTP 429; retrying in 30 s, attempt 2 of 4"]


def test_5xx_then_an_answer(s2: S2StandIn) -> None:
    s2.script(500, 503)
    assert S2Client().batch(["ARXIV:2501.00001"]) == [None]
    assert len(s2.requests) == 3 and gaps(s2)[0] >= 3.0 and gaps(s2)[1] >= 6.0


def test_always_429_gives_up_in_one_line(s2: S2StandIn) -> None:
    s2.script(*[Fault(status=429, retry_after="1")] * 4)
    with pytest.raises(ServiceUnavailable) as e:
        S2Client().batch(["ARXIV:2501.00001"])
    assert str(e.value) == f"Semantic Scholar is unavailable at {s2.url}/paper/batch: HTTP 429 (4 attempts)"


def test_timeout_is_retried(s2: S2StandIn) -> None:
    s2.script(Fault(kind="slow", delay=10.0))
    c = S2Client(service=replace(s2_service(), read_timeout=0.2))
    assert c.batch(["ARXIV:2501.00001"]) == [None] and len(s2.requests) == 2


def test_timeouts_give_up(s2: S2StandIn) -> None:
    s2.script(*[Fault(kind="slow", delay=10.0)] * 2)
    c = S2Client(service=replace(s2_service(), read_timeout=0.1, retry=RetryPolicy(attempts=2)))
    with pytest.raises(ServiceUnavailable, match=r"^Semantic Scholar is unavailable at .*: timeout \(2 attempts\)$"):
        c.batch(["ARXIV:2501.00001"])


@pytest.mark.parametrize(("fault", "message"), [
    (Fault(kind="html"), "Semantic Scholar answered with an HTML page (HTTP 200), not JSON"),
    (Fault(kind="body", body=b"<!DOCTYPE html><p>maintenance</p>"),
     "Semantic Scholar answered with an HTML page (HTTP 200), not JSON"),
    (Fault(kind="body", body=b'{"data": []}'), "Semantic Scholar answered with not a list"),
    (Fault(kind="body", body=b"[null]"), "Semantic Scholar answered 1 records for 2 IDs"),
    (Fault(kind="body", body=b"[nul"), "Semantic Scholar answered with something that is not JSON"),
])
def test_bad_bodies_are_errors(s2: S2StandIn, fault: Fault, message: str) -> None:
    s2.script(fault)
    with pytest.raises(ScholarlyError) as e:
        S2Client().batch(["ARXIV:2501.00001", "ARXIV:2501.00002"])
    assert str(e.value) == message and e.value.exit_code == 3
    assert len(s2.requests) == 1  # not retried


def test_400_is_refused_not_retried(s2: S2StandIn) -> None:
    s2.script(Fault(kind="body", status=400, body=b'{"error": "Unrecognized or unsupported fields"}'))
    with pytest.raises(ServiceRefused) as e:
        S2Client().batch(["ARXIV:2501.00001"])
    assert str(e.value) == f"Semantic Scholar answered HTTP 400 for {s2.url}/paper/batch"
    assert len(s2.requests) == 1


def test_connection_refused(clock: FakeClock) -> None:
    url = closed_port_url().replace("/api/query", "/graph/v1")
    with pytest.raises(ServiceUnavailable, match="connection refused"):
        S2Client(url).batch(["ARXIV:2501.00001"])
    assert clock.sleeps[-3:] == [3.0, 6.0, 12.0]


# -- DBLP --------------------------------------------------------------------------------------------

def test_search_request_and_spacing_of_two_seconds(dblp: DblpStandIn) -> None:
    dblp.hits = [dblp_info(key="conf/corl/FanDW25", title="Long-VLA: Unleashing Long-Horizon Capability",
                           authors=["Yiguo Fan"], venue="CoRL", year=2025)]
    c = DblpClient()
    [hit] = c.search("Long VLA Unleashing Long Horizon Capability")
    assert c.search("nothing like it") == []
    assert (hit.key, hit.venue, hit.year, hit.authors) == ("conf/corl/FanDW25", "CoRL", 2025, ["Yiguo Fan"])
    first = dblp.requests[0]
    assert (first.method, first.path) == ("GET", "/search/publ/api")
    assert first.params == {"q": "Long VLA Unleashing Long Horizon Capability", "format": "json", "h": "10"}
    assert first.headers["user-agent"] == USER_AGENT and gaps(dblp)[0] >= 2.0


def test_dblp_429_and_html(dblp: DblpStandIn) -> None:
    dblp.script(Fault(status=429, retry_after="5"), Fault(kind="html"))
    with pytest.raises(ScholarlyError, match=r"^DBLP answered with an HTML page \(HTTP 200\), not JSON$"):
        DblpClient().search("anything")
    assert len(dblp.requests) == 2 and gaps(dblp)[0] >= 5.0


def test_services_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLA_S2_URL", "http://127.0.0.1:1/s2/")
    monkeypatch.setenv("VLA_DBLP_URL", "http://127.0.0.1:1/dblp")
    assert s2_service().url == "http://127.0.0.1:1/s2" and dblp_service().url == "http://127.0.0.1:1/dblp"
    assert (s2_service().min_interval, dblp_service().min_interval) == (1.0, 2.0)
    monkeypatch.delenv("VLA_S2_URL")
    monkeypatch.delenv("VLA_DBLP_URL")
    assert s2_service().url == "https://api.semanticscholar.org/graph/v1" and dblp_service().url == "https://dblp.org"
