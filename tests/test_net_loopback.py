"""The network layer end to end, through `vla add` and real sockets on 127.0.0.1: a server that drips,
one that answers 50 MB, a gzip label on a plain body, a redirect loop, a host that cannot be resolved,
entries vla must not store, and seven `vla add` processes at once sharing arXiv's spacing."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from arxiv_server import ArxivReplay, Fault, RealClock, synthetic_entry
from conftest import ROOT, Invoke
from loopback import serving

from vlacli.errors import ServiceUnavailable
from vlacli.sources.arxiv import client as client_mod
from vlacli.sources.net import RetryPolicy, Service, Session


def papers(catalog: Path) -> list[str]:
    return sorted(p.name for p in (catalog / "papers").glob("*.toml"))


def cached(cache: Path) -> list[str]:
    return sorted(p.name for p in (cache / "arxiv").glob("*")) if (cache / "arxiv").is_dir() else []


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivReplay]:
    """A replay server on real time (no fake clock), with a short test spacing."""
    monkeypatch.setenv("VLA_TEST_MIN_INTERVAL", "0.1")
    replay = ArxivReplay(RealClock(), synthesize=True)  # type: ignore[arg-type]
    yield from serving(replay, "VLA_ARXIV_URL", monkeypatch)


def short_deadlines(monkeypatch: pytest.MonkeyPatch, **fields: Any) -> None:
    """The arXiv service as `vla add` builds it, with some settings replaced."""
    real = client_mod.arxiv_service
    monkeypatch.setattr(client_mod, "arxiv_service", lambda url=None: replace(real(url), **fields))


# -- deadlines against a server that drips ---------------------------------------------------


def test_drip_server_cannot_hold_a_command_past_its_deadline(vla: Invoke, empty_catalog: Path, live: ArxivReplay,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    live.always = Fault(kind="drip", delay=0.2)  # one byte every 0.2 s: each byte resets the read timeout
    short_deadlines(monkeypatch, request_deadline=1.0, deadline=3.0, retry=RetryPolicy(backoff=0.2))
    started = time.monotonic()
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    elapsed = time.monotonic() - started
    assert res.exit_code == 3
    assert res.stderr.splitlines() == [
        "arXiv did not finish answering within 1 s; retrying in 0.2 s, attempt 2 of 4",
        "arXiv did not finish answering within 1 s; retrying in 0.4 s, attempt 3 of 4",
        f"error: arXiv is unavailable at {live.url}: answer too slow (3 attempts; no answer within 3 s)",
    ]
    assert 3.0 <= elapsed < 3.6, elapsed
    assert len(live.requests) == 3 and all(r.ended is None for r in live.requests)
    assert papers(empty_catalog) == []


def test_drip_cut_at_the_request_deadline_then_an_answer(vla: Invoke, empty_catalog: Path, live: ArxivReplay,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    live.script(Fault(kind="drip", delay=0.2))
    short_deadlines(monkeypatch, request_deadline=0.5, retry=RetryPolicy(backoff=0.1))
    started = time.monotonic()
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert res.stderr == "arXiv did not finish answering within 0.5 s; retrying in 0.1 s, attempt 2 of 4\n"
    assert time.monotonic() - started < 2.0
    assert papers(empty_catalog) == ["1605.08386.toml"]


def test_deadline_holds_while_the_host_is_being_resolved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A resolver that hangs (no socket yet to shut): each attempt is still cut at its deadline, and the
    next one gets a new connection pool instead of waiting for the stuck one."""
    release = threading.Event()

    def hanging(*args: Any, **kwargs: Any) -> Any:
        release.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    service = Service(name="Example", key="example", url="http://example.org/api", min_interval=0.0,
                      request_deadline=0.3, deadline=1.0, retry=RetryPolicy(backoff=0.1))
    events: list[str] = []
    started = time.monotonic()
    try:
        with pytest.raises(ServiceUnavailable) as exc, \
                Session(service, on_retry=lambda e: events.append(str(e)), stamp_dir=tmp_path) as s:
            s.request("GET")
    finally:
        release.set()
    # The resolver hangs for 30 s: the command ends at its 1 s deadline (with slack for a loaded machine).
    assert time.monotonic() - started < 5.0
    # Two or three attempts fit in the second, by how long making a new connection pool takes (one,
    # on a machine so loaded that the first attempt's thread starts late).
    # (On a very loaded machine the deadline may come while waiting for the turn instead: it holds too.)
    assert re.fullmatch(r"Example is unavailable at http://example\.org/api: answer too slow "
                        r"\([123] attempts?; no answer within 1 s\)|Example: no turn to send a request before the "
                        r"deadline \(other vla processes are using it\)", str(exc.value)), exc.value
    assert events[:1] in ([], ["Example did not finish answering within 0.3 s; retrying in 0.1 s, attempt 2 of 4"])


# -- answers that must not be written ----------------------------------------------------------


@pytest.mark.parametrize(("kind", "message"), [
    ("huge", "error: arXiv's answer is larger than the size cap of 10 MB (50 MB); refused"),
    ("huge-chunked", "error: arXiv's answer is larger than the size cap of 10 MB; cut off and refused"),
])
def test_50_mb_answer_is_an_error_and_nothing_is_written(vla: Invoke, empty_catalog: Path, server: ArxivReplay,
                                                         tmp_path: Path, kind: str, message: str) -> None:
    server.script(Fault(kind=kind))
    started = time.monotonic()
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert (res.exit_code, res.stdout, res.stderr) == (3, "", message + "\n")
    assert time.monotonic() - started < 5
    assert papers(empty_catalog) == [] and cached(tmp_path / "cache") == []
    assert len(server.requests) == 1  # not retried


def test_gzip_label_on_a_plain_body(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    server.script(Fault(kind="gzip-lie"))
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 3
    assert res.stderr == ("error: arXiv's answer could not be decoded (DecodingError: Error -3 while decompressing "
                          "data: incorrect header check)\n")
    assert papers(empty_catalog) == []


def test_redirect_loop(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    server.always = Fault(kind="redirect-loop")
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 3
    assert res.stderr == f"error: arXiv redirected more than 5 times from {server.url}\n"
    assert len(server.requests) == 6 and papers(empty_catalog) == []


def test_host_that_cannot_be_resolved_is_a_quick_answer(vla: Invoke, empty_catalog: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def no_dns(host: str, *args: Any, **kwargs: Any) -> Any:
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.delenv("VLA_ARXIV_URL")  # the real address; the resolver below answers for the network
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    started = time.monotonic()
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 3
    assert res.stderr == ("error: arXiv is unavailable at http://export.arxiv.org/api/query: cannot resolve "
                          "export.arxiv.org (no network?)\n")
    assert asked == ["export.arxiv.org"] and time.monotonic() - started < 1.0
    started = time.monotonic()  # run again at once: no polite wait, since no request reached arXiv
    assert vla("add", "1605.08386", "-C", str(empty_catalog)).exit_code == 3
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(("title", "abstract", "why"), [
    ("", "Fine.", "has an empty title"),
    ("Fine", "A" * 10_001, "has an abstract longer than 10,000 characters"),
])
def test_entry_vla_must_not_store_is_an_error_for_its_id(vla: Invoke, empty_catalog: Path, server: ArxivReplay,
                                                         tmp_path: Path, title: str, abstract: str, why: str) -> None:
    server.synthesize = True
    bad = synthetic_entry("2501.00001", title).replace(b"About 2501.00001.", abstract.encode())
    server.add_entry("2501.00001", bad)
    res = vla("add", "2501.00001", "2501.00002", "-C", str(empty_catalog))
    assert res.exit_code == 1
    assert res.stderr == f"2501.00001: arXiv's entry {why}; not stored\n"
    assert res.stdout.splitlines()[-1] == f"1 added, 0 already in the catalog, 1 failed · {empty_catalog}"
    assert papers(empty_catalog) == ["2501.00002.toml"] and cached(tmp_path / "cache") == ["2501.00002.json"]


def test_a_cached_entry_vla_must_not_store_is_a_miss(vla: Invoke, empty_catalog: Path, server: ArxivReplay,
                                                     tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "arxiv"
    folder.mkdir(parents=True)
    entry = {"id": "1605.08386", "version": 1, "title": "", "authors": ["X"]}
    (folder / "1605.08386.json").write_text(json.dumps({"fetched": time.time(), "entry": entry}))
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 0 and len(server.requests) == 1  # fetched again, not taken from the cache
    assert "Heat-bath" in res.stdout


# -- spacing across processes ---------------------------------------------------------------


def test_seven_processes_share_the_spacing(empty_catalog: Path, live: ArxivReplay, tmp_path: Path) -> None:
    interval, answer_takes = 0.5, 0.2
    live.always = Fault(kind="slow", delay=answer_takes)
    env = {**os.environ, "VLA_TEST_MIN_INTERVAL": str(interval)}
    ids = [f"2501.{n:05d}" for n in range(1, 8)]
    procs = [subprocess.Popen([sys.executable, "-m", "vlacli", "add", i, "-C", str(empty_catalog)], env=env,
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in ids]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 7, outs
    assert all(err == "" for _, err in outs), outs
    assert papers(empty_catalog) == [f"{i}.toml" for i in ids]
    reqs = sorted(live.requests, key=lambda r: r.time)
    assert sorted(i for r in reqs for i in r.id_list) == ids
    arrivals = [r.time for r in reqs]
    # Each request reached the server at least the interval after the previous answer was sent,
    # so arrivals are at least interval + the answer's time apart.
    assert all(r.ended is not None for r in reqs)
    assert all(b.time - a.ended >= interval for a, b in pairwise(reqs) if a.ended is not None)
    assert min(b - a for a, b in pairwise(arrivals)) >= interval + answer_takes
    assert (tmp_path / "cache" / "net" / "arxiv.stamp").is_file()
