"""Clocks for tests: one moved by hand (calling it reads the time, ``sleep`` records and
advances), and the runner's local today, which is the day the product counts in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from service import clock


class ManualClock:
    def __init__(self, now: float = 0.0) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


#: The zone an account gets by default, and where the people of the tests live.
HOME_ZONE = "Europe/Amsterdam"


def local_today(tz: str = HOME_ZONE) -> date:
    """Today where the runner lives: from 23:00 UTC in winter that is already tomorrow's date.

    Read at the moment of the call (never at import), so a run that crosses local midnight
    does not mix two todays."""
    return clock.local_today(tz)


def local_moment(days_ago: int, hour: int, tz: str = HOME_ZONE) -> datetime:
    """The moment, in UTC, of ``hour`` o'clock local time ``days_ago`` days before local today."""
    day = local_today(tz) - timedelta(days=days_ago)
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(tz)).astimezone(UTC)
