"""The retry policy alone: attempts, backoff, Retry-After, the deadline, the retry events. No I/O."""

from __future__ import annotations

from email.utils import formatdate

import pytest
from arxiv_server import FakeClock
from hypothesis import given
from hypothesis import strategies as st

from vlacli.errors import ServiceUnavailable
from vlacli.sources.net import Retry, RetryPolicy
from vlacli.sources.net.policy import Transient, parse_retry_after, seconds_text


def run(policy: RetryPolicy, outcomes: list[Transient | str], clock: FakeClock,
        deadline: float = 120.0) -> tuple[str, list[Retry], list[float]]:
    """Run the policy over scripted attempt outcomes; the result, the retries reported, and when
    each attempt started."""
    events: list[Retry] = []
    starts: list[float] = []

    def attempt(until: float) -> str:
        starts.append(clock.now())
        outcome = outcomes.pop(0)
        if isinstance(outcome, Transient):
            raise outcome
        return outcome

    result = policy.run(attempt, service="arXiv", where="http://x/api", clock=clock, deadline=deadline,
                        on_retry=events.append)
    return result, events, starts


def timeout() -> Transient:
    return Transient("did not answer (timeout)", "timeout")


def test_first_answer_no_retry() -> None:
    clock = FakeClock()
    assert run(RetryPolicy(), ["ok"], clock) == ("ok", [], [1000.0])
    assert clock.sleeps == []


def test_backoff_doubles_and_each_retry_is_reported() -> None:
    clock = FakeClock()
    result, events, starts = run(RetryPolicy(), [timeout(), timeout(), timeout(), "ok"], clock)
    assert result == "ok"
    assert [str(e) for e in events] == [
        "arXiv did not answer (timeout); retrying in 3 s, attempt 2 of 4",
        "arXiv did not answer (timeout); retrying in 6 s, attempt 3 of 4",
        "arXiv did not answer (timeout); retrying in 12 s, attempt 4 of 4",
    ]
    assert clock.sleeps == [3.0, 6.0, 12.0]
    assert starts == [1000.0, 1003.0, 1009.0, 1021.0]


def test_attempts_run_out() -> None:
    clock = FakeClock()
    failures: list[Transient | str] = [Transient("answered HTTP 503", "HTTP 503") for _ in range(4)]
    with pytest.raises(ServiceUnavailable) as exc:
        run(RetryPolicy(), failures, clock)
    assert str(exc.value) == "arXiv is unavailable at http://x/api: HTTP 503 (4 attempts)"
    assert clock.sleeps == [3.0, 6.0, 12.0]  # no wait after the last attempt


def test_retry_after_longer_than_backoff_is_honoured() -> None:
    clock = FakeClock()
    _, events, starts = run(RetryPolicy(), [Transient("answered HTTP 429", "HTTP 429", 20.0), "ok"], clock)
    assert str(events[0]) == "arXiv answered HTTP 429; retrying in 20 s, attempt 2 of 4"
    assert starts[1] - starts[0] == 20.0


def test_retry_after_shorter_than_backoff_keeps_the_backoff() -> None:
    clock = FakeClock()
    run(RetryPolicy(), [Transient("answered HTTP 503", "HTTP 503", 1.0), "ok"], clock)
    assert clock.sleeps == [3.0]


def test_retry_after_beyond_the_bound_ends_at_once() -> None:
    clock = FakeClock()
    with pytest.raises(ServiceUnavailable) as exc:
        run(RetryPolicy(max_retry_after=60), [Transient("answered HTTP 429", "HTTP 429", 61.0)], clock)
    assert str(exc.value) == "arXiv asks to wait 61 s before trying again (HTTP 429)"
    assert clock.sleeps == []


def test_deadline_stops_retries_before_the_attempts_run_out() -> None:
    clock = FakeClock()
    failures: list[Transient | str] = [Transient("answered HTTP 503", "HTTP 503", 50.0) for _ in range(4)]
    with pytest.raises(ServiceUnavailable) as exc:
        run(RetryPolicy(), failures, clock, deadline=120.0)
    assert str(exc.value) == "arXiv is unavailable at http://x/api: HTTP 503 (3 attempts; no answer within 120 s)"
    assert clock.sleeps == [50.0, 50.0]


def test_attempt_is_given_the_deadline() -> None:
    clock = FakeClock()
    seen: list[float] = []

    def attempt(until: float) -> str:
        seen.append(until)
        return "ok"

    RetryPolicy().run(attempt, service="arXiv", where="x", clock=clock, deadline=42.0)
    assert seen == [1042.0]


def test_other_errors_go_through_untouched() -> None:
    def attempt(until: float) -> str:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        RetryPolicy().run(attempt, service="arXiv", where="x", clock=FakeClock(), deadline=1.0)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504, 599])
def test_retryable_statuses(status: int) -> None:
    assert RetryPolicy.retryable(status)


@pytest.mark.parametrize("status", [200, 301, 400, 401, 403, 404, 410, 414, 451, 600])
def test_answers_not_retried(status: int) -> None:
    assert not RetryPolicy.retryable(status)


def test_retry_after_forms() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("20", now) == 20.0
    assert parse_retry_after(" 1.5 ", now) == 1.5
    assert parse_retry_after("-5", now) == 0.0
    assert parse_retry_after(formatdate(now + 40, usegmt=True), now) == 40.0
    assert parse_retry_after(formatdate(now - 40, usegmt=True), now) == 0.0
    for junk in ("soon", "", "nan", "inf", "Mon, 99 Foo 2026"):
        assert parse_retry_after(junk, now) is None, junk


@given(st.text(max_size=40))
def test_retry_after_never_raises(value: str) -> None:
    seconds = parse_retry_after(value, 1_700_000_000.0)
    assert seconds is None or seconds >= 0


def test_seconds_text() -> None:
    assert [seconds_text(s) for s in (0, 0.2, 0.25, 1, 2.9999999, 3, 3.2, 12, 120)] == [
        "0", "0.2", "0.2", "1", "3", "3", "4", "12", "120"]
