"""Pure parts of delivery: quiet hours in the person's time zone, who ignores them, backoff."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.alerts.delivery import backoff
from service.alerts.preferences import Preferences, ignores_quiet_hours, quiet_until
from service.training.findings import Severity
from tests.integration.alerts.support import alert_settings
from tests.support.examples import examples

AMS = ZoneInfo("Europe/Amsterdam")


def _at(text: str, zone: ZoneInfo = AMS) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.mark.parametrize(
    ("start", "end", "now", "until"),
    [
        ("22:00", "07:00", "2026-03-10T23:30", "2026-03-11T07:00"),
        ("22:00", "07:00", "2026-03-10T22:00", "2026-03-11T07:00"),
        ("22:00", "07:00", "2026-03-11T03:00", "2026-03-11T07:00"),
        ("22:00", "07:00", "2026-03-11T06:59", "2026-03-11T07:00"),
        ("22:00", "07:00", "2026-03-11T07:00", None),
        ("22:00", "07:00", "2026-03-10T21:59", None),
        ("22:00", "07:00", "2026-03-10T12:00", None),
        ("13:00", "14:00", "2026-03-10T13:30", "2026-03-10T14:00"),
        ("13:00", "14:00", "2026-03-10T14:00", None),
        ("13:00", "14:00", "2026-03-10T12:59", None),
        # the nights the clocks change: the end is 07:00 (08:00) on the local clock
        ("22:00", "07:00", "2026-03-28T23:00", "2026-03-29T07:00"),
        ("00:00", "08:00", "2026-10-25T02:30", "2026-10-25T08:00"),
    ],
)
def test_quiet_until_table(start: str, end: str, now: str, until: str | None) -> None:
    prefs = Preferences(quiet_start=time.fromisoformat(start), quiet_end=time.fromisoformat(end))
    result = quiet_until(prefs, "Europe/Amsterdam", _at(now).astimezone(UTC))
    assert result == (_at(until) if until else None)
    assert result is None or result.tzinfo == UTC


def test_quiet_hours_across_daylight_saving_take_real_time() -> None:
    prefs = Preferences(quiet_start=time(22), quiet_end=time(7))
    now = _at("2026-03-28T23:00").astimezone(UTC)
    until = quiet_until(prefs, "Europe/Amsterdam", now)
    assert until is not None and until - now == timedelta(hours=7)  # 8 h on the clock


@pytest.mark.parametrize(
    ("timezone", "now_utc", "quiet"),
    [
        ("Europe/Amsterdam", "2026-06-01T21:30", True),  # 23:30 local
        ("America/New_York", "2026-06-01T21:30", False),  # 17:30 local
        ("Asia/Tokyo", "2026-06-01T21:30", True),  # 06:30 local
        ("Not/AZone", "2026-06-01T23:30", True),  # unknown zone: read as UTC
    ],
)
def test_quiet_hours_are_read_in_the_persons_zone(timezone: str, now_utc: str, quiet: bool) -> None:
    prefs = Preferences(quiet_start=time(22), quiet_end=time(7))
    now = datetime.fromisoformat(now_utc).replace(tzinfo=UTC)
    assert (quiet_until(prefs, timezone, now) is not None) is quiet


def test_no_quiet_hours_never_holds() -> None:
    assert quiet_until(Preferences(), "Europe/Amsterdam", datetime.now(UTC)) is None


@settings(max_examples=examples(300), deadline=None)
@given(
    start=st.times(),
    end=st.times(),
    now=st.datetimes(
        # hypothesis takes naive bounds and applies ``timezones`` itself
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001
        max_value=datetime(2035, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    zone=st.sampled_from(["Europe/Amsterdam", "America/Sao_Paulo", "Australia/Lord_Howe", "UTC"]),
)
def test_quiet_until_ends_the_quiet_period(
    start: time, end: time, now: datetime, zone: str
) -> None:
    prefs = Preferences(quiet_start=start, quiet_end=end)
    until = quiet_until(prefs, zone, now)
    local = now.astimezone(ZoneInfo(zone)).time()
    inside = (start <= local < end) if start < end else (local >= start or local < end)
    assert (until is not None) is (inside and start != end)
    if until is not None:
        assert now < until <= now + timedelta(hours=26)
        assert quiet_until(prefs, zone, until) is None  # at its end, no longer quiet


@pytest.mark.parametrize(
    ("rule", "severity", "ignores"),
    [
        ("red_flag.rupture", Severity.URGENT, True),
        ("red_flag.thrombosis", Severity.URGENT, True),
        ("red_flag.rupture", Severity.WARNING, True),
        ("volume.session_spike", Severity.URGENT, True),
        ("volume.session_spike", Severity.WARNING, False),
        ("referral.achilles_not_improving", Severity.REFERRAL, False),
        ("pain.next_morning", Severity.CAUTION, False),
    ],
)
def test_urgent_and_red_flags_ignore_quiet_hours(
    rule: str, severity: Severity, ignores: bool
) -> None:
    assert ignores_quiet_hours(rule, severity) is ignores


@pytest.mark.parametrize(
    ("attempt", "low", "high"),
    [(1, 15.0, 30.0), (2, 30.0, 60.0), (3, 60.0, 120.0), (8, 1800.0, 3600.0), (30, 1800.0, 3600.0)],
)
def test_backoff_doubles_with_equal_jitter_and_a_cap(attempt: int, low: float, high: float) -> None:
    settings_ = alert_settings(backoff_base_s=30.0, backoff_max_s=3600.0)
    waits = [backoff(settings_, attempt).total_seconds() for _ in range(200)]
    assert all(low <= w <= high for w in waits)
    assert max(waits) - min(waits) > (high - low) / 4  # jitter spreads the retries
