"""The pure parts: retry delays and the sync cursor (no I/O)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.connections import windows
from service.connections.messages import known_codes, message
from service.connections.policy import DEFAULT_POLICY, SyncPolicy, backoff_s, retry_delay_s

D = date(2026, 11, 22)


def day(offset: int) -> date:
    return D + timedelta(days=offset)


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [(0, 60.0), (1, 60.0), (2, 120.0), (3, 240.0), (9, 15360.0), (10, 21600.0), (500, 21600.0)],
)
def test_backoff_doubles_from_a_minute_up_to_six_hours(attempt, expected):
    assert backoff_s(attempt, DEFAULT_POLICY) == expected


@given(
    attempt=st.integers(min_value=1, max_value=80),
    retry_after=st.none() | st.floats(min_value=0, max_value=86_400),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_the_delay_is_jittered_backoff_and_never_before_retry_after(attempt, retry_after, seed):
    delay = retry_delay_s(attempt, retry_after, DEFAULT_POLICY, random.Random(seed))
    ceiling = backoff_s(attempt, DEFAULT_POLICY)
    assert delay >= (retry_after or 0.0)
    assert delay >= ceiling / 2
    assert delay <= max(retry_after or 0.0, ceiling)


def test_the_jitter_spreads_a_herd():
    rng = random.Random(7)
    delays = [retry_delay_s(4, None, DEFAULT_POLICY, rng) for _ in range(500)]
    mean = sum(delays) / len(delays)
    spread = (sum((d - mean) ** 2 for d in delays) / len(delays)) ** 0.5
    assert 0.1 < spread / mean < 0.25  # uniform(b/2, b): coefficient of variation ≈ 0.19


@pytest.mark.parametrize(
    ("first", "last", "chunk", "expected"),
    [
        (D, D, 30, [(D, D)]),
        (D, day(2), 1, [(D, D), (day(1), day(1)), (day(2), day(2))]),
        (
            day(-89),
            day(1),
            30,
            [
                (day(-89), day(-60)),
                (day(-59), day(-30)),
                (day(-29), D),
                (day(1), day(1)),
            ],
        ),
        (D, day(-1), 30, []),
    ],
)
def test_windows_table(first, last, chunk, expected):
    assert windows.windows(first, last, chunk) == expected


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    days=st.integers(min_value=0, max_value=400),
    chunk=st.integers(min_value=1, max_value=60),
)
def test_windows_cover_every_day_once_oldest_first(start, days, chunk):
    last = start + timedelta(days=days)
    cuts = windows.windows(start, last, chunk)
    covered = [a + timedelta(days=i) for a, b in cuts for i in range((b - a).days + 1)]
    assert covered == [start + timedelta(days=i) for i in range(days + 1)]
    assert all((b - a).days < chunk for a, b in cuts)


def _cursor(**days: date) -> dict[str, str]:
    cursor = windows.new_cursor(D, DEFAULT_POLICY)
    return {**cursor, **{key: value.isoformat() for key, value in days.items()}}


@pytest.mark.parametrize(
    ("cursor", "first", "kind"),
    [
        ({}, day(-89), "backfill"),
        (_cursor(), day(-89), "backfill"),
        (_cursor(synced_until=day(-40)), day(-43), "backfill"),
        (_cursor(synced_until=day(-88)), day(-89), "backfill"),
        (_cursor(synced_until=day(1)), day(-2), "incremental"),
        (_cursor(synced_until=D, resync_from=day(-200)), day(-200), "incremental"),
        (_cursor(synced_until=D, resync_from=day(-900)), day(-365), "incremental"),
        (_cursor(synced_until=D, resync_from=day(-1)), day(-3), "incremental"),
    ],
)
def test_plan_table(cursor, first, kind):
    planned = windows.plan(cursor, D, DEFAULT_POLICY)
    assert (planned.first, planned.last, planned.kind) == (first, day(1), kind)


@given(st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 1, 1)), min_size=1))
def test_the_cursor_never_moves_backwards(days):
    cursor: dict[str, str] = {}
    for day in days:
        cursor = windows.advanced(cursor, day)
    assert cursor["synced_until"] == max(days).isoformat()


def test_a_resync_request_made_during_a_run_outlives_it():
    started = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    before = windows.with_resync({}, day(-5), started - timedelta(seconds=1))
    during = windows.with_resync(before, day(-9), started + timedelta(seconds=1))

    assert windows.settled(before, started) == ({}, False)
    kept, rerun = windows.settled(during, started)
    assert rerun and kept["resync_from"] == (day(-9)).isoformat()
    assert windows.settled({"synced_until": "2026-11-01"}, started) == (
        {"synced_until": "2026-11-01"}, False
    )  # fmt: skip


@pytest.mark.parametrize(
    ("synced", "fraction"),
    [(None, 0.0), (day(-89), 1 / 90), (day(-45), 0.5), (D, 1.0), (day(1), 1.0)],
)
def test_backfill_progress_table(synced, fraction):
    cursor = _cursor(synced_until=synced) if synced else _cursor()
    progress = windows.backfill_progress(cursor)
    assert progress.fraction == pytest.approx(fraction)
    assert progress.complete == (fraction == 1.0)
    assert windows.backfill_progress({}) is None


def test_a_policy_refuses_nonsense():
    with pytest.raises(ValueError, match="chunk"):
        SyncPolicy(chunk_days=0)
    with pytest.raises(ValueError, match="backoff"):
        SyncPolicy(backoff_base_s=10, backoff_cap_s=5)


SET_BY_THE_SERVICE = [
    "connecting",
    "mfa_required",
    "provider_auth_expired",
    "provider_rate_limited",
    "provider_unavailable",
    "provider_refused",
    "provider_login_failed",
    "provider_mfa_code_rejected",
    "login_rate_limited",
    "login_unavailable",
    "credentials_unreadable",
    "sync_failed",
    "sync_keeps_crashing",
    "connect_expired",
    "oauth_denied",
    "oauth_exchange_failed",
    "oauth_scope_missing",
    "oauth_state_mismatch",
    "fitbit_not_configured",
    "connection_not_syncable",
    "mfa_not_expected",
]


@pytest.mark.parametrize("code", SET_BY_THE_SERVICE)
@pytest.mark.parametrize("provider", ["garmin", "fitbit"])
def test_every_connection_message_exists_in_english_and_dutch(code, provider):
    assert code in known_codes()
    text = message(code, provider, redirect_uri="https://example.org/cb")
    assert text["code"] == code
    assert text["en"] and text["nl"] and text["en"] != text["nl"]
    assert "{" not in text["en"] + text["nl"]
