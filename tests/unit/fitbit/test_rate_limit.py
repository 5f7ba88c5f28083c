"""The per-user token bucket: its arithmetic, the 300-per-minute guarantee, and its use."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.integrations.base import RateLimited
from service.integrations.fitbit import GoogleHealthClient
from service.integrations.google_rate_limit import TokenBucket
from tests.support.clocks import ManualClock


def test_for_quota_300_is_a_burst_of_60_then_4_per_second():
    bucket = TokenBucket.for_quota(300)
    assert (bucket.capacity, bucket.refill_per_s) == (60.0, 4.0)


@pytest.mark.parametrize(
    ("calls", "expected_waits"),
    [
        # capacity 2, refill 1 per second: (now, wait returned)
        ([0.0, 0.0, 0.0], [0.0, 0.0, 1.0]),
        ([0.0, 0.0, 0.5], [0.0, 0.0, 0.5]),
        ([0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 0.0, 1.0]),
        ([0.0, 10.0, 10.0, 10.0], [0.0, 0.0, 0.0, 1.0]),
        ([5.0, 4.0, 4.0], [0.0, 0.0, 1.0]),
    ],
)
def test_acquire_returns_the_wait_until_the_next_token(calls, expected_waits):
    bucket = TokenBucket(capacity=2, refill_per_s=1)
    assert [bucket.acquire(now) for now in calls] == pytest.approx(expected_waits)


def test_a_refused_acquire_takes_nothing():
    bucket = TokenBucket(capacity=1, refill_per_s=1)
    assert bucket.acquire(0.0) == 0.0
    assert bucket.acquire(0.25) == pytest.approx(0.75)
    assert bucket.acquire(0.5) == pytest.approx(0.5)
    assert bucket.acquire(1.0) == 0.0


@pytest.mark.parametrize(("capacity", "rate"), [(0, 1), (1, 0), (5, -1)])
def test_an_unusable_bucket_is_refused(capacity, rate):
    with pytest.raises(ValueError, match="capacity"):
        TokenBucket(capacity=capacity, refill_per_s=rate)


def busiest_minute(admitted: list[float]) -> int:
    """The most admissions inside any half-open 60-second window."""
    start, most = 0, 0
    for end, moment in enumerate(admitted):
        while moment - admitted[start] >= 60:
            start += 1
        most = max(most, end - start + 1)
    return most


@pytest.mark.parametrize("quota", [60, 300, 1000])
def test_a_greedy_caller_gets_exactly_the_quota_per_minute(quota):
    bucket, now, admitted = TokenBucket.for_quota(quota), 0.0, []
    while now < 300:
        wait = bucket.acquire(now)
        if wait == 0.0:
            admitted.append(now)
        now += wait
    # the quota's last token arrives exactly 60 s after the burst, at the window's open end
    assert quota - 1 <= busiest_minute(admitted) <= quota
    assert len(admitted) == pytest.approx(quota / 5 + 300 * (quota - quota / 5) / 60, abs=1)


@given(
    st.lists(st.one_of(st.just(0.0), st.floats(0, 0.3), st.floats(0, 3)), min_size=1, max_size=900),
    st.sampled_from([60, 120, 300]),
)
def test_no_60_second_window_ever_admits_more_than_the_quota(gaps, quota):
    bucket = TokenBucket.for_quota(quota)
    now, admitted = 0.0, []
    for gap in gaps:
        now += gap
        if bucket.acquire(now) == 0.0:
            admitted.append(now)
    assert busiest_minute(admitted) <= quota


@given(st.floats(min_value=0, max_value=1e6), st.floats(min_value=0, max_value=100))
def test_waiting_the_returned_time_always_yields_a_token(start, later):
    bucket = TokenBucket(capacity=1, refill_per_s=4)
    bucket.acquire(start)
    wait = bucket.acquire(start + later)
    if wait > 0:
        assert bucket.acquire(start + later + wait + 1e-9) == 0.0


def identity_transport() -> httpx.MockTransport:
    return httpx.MockTransport(lambda r: httpx.Response(200, json={"healthUserId": "42"}))


def test_the_client_sleeps_when_the_bucket_is_empty():
    clock = ManualClock()
    with httpx.Client(transport=identity_transport()) as http:
        api = GoogleHealthClient(
            "token",
            api_base="https://health.test/v4",
            http=http,
            limiter=TokenBucket(capacity=2, refill_per_s=4),
            clock=clock,
            sleep=clock.sleep,
        )
        for _ in range(4):
            api.identity()
    assert clock.slept == pytest.approx([0.25, 0.25])


def test_the_client_raises_rather_than_sleeping_too_long():
    clock = ManualClock()
    with httpx.Client(transport=identity_transport()) as http:
        api = GoogleHealthClient(
            "token",
            api_base="https://health.test/v4",
            http=http,
            limiter=TokenBucket(capacity=1, refill_per_s=0.01),
            clock=clock,
            sleep=clock.sleep,
            max_limiter_wait_s=30,
        )
        api.identity()
        with pytest.raises(RateLimited) as caught:
            api.identity()
    assert caught.value.retry_after_s == pytest.approx(100.0)
    assert clock.slept == []
