"""Receivers on loopback and time helpers for the alert tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.integration.alerts.receivers import HttpRecorder, SmtpRecorder, http_server, smtp_server


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpRecorder, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def http() -> Iterator[tuple[HttpRecorder, str]]:
    with http_server() as server:
        yield server


def future_local(
    clock: time, timezone: str = "Europe/Amsterdam", weekday: int | None = None
) -> datetime:
    """The next moment after tomorrow at ``clock`` local time (on ``weekday``, if given), in UTC:
    later than any row a test just wrote with the real clock."""
    zone = ZoneInfo(timezone)
    day = datetime.now(UTC).astimezone(zone).date() + timedelta(days=2)
    while weekday is not None and day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)
