"""The one clock: the moment in UTC, and a person's calendar day in their own time zone.

Moments are stored in UTC; days, ISO weeks and check-ins are local calendar days in the
athlete's IANA time zone (``Europe/Amsterdam``). Every "now" and every "today" comes from here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utcnow() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    return datetime.now(UTC)


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; UTC for a name that is none (the API accepts only real ones)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_day(moment: datetime, timezone: str) -> date:
    """The calendar day ``moment`` falls on in ``timezone``."""
    return moment.astimezone(zone(timezone)).date()


def local_today(timezone: str, now: datetime | None = None) -> date:
    """Today in ``timezone``: the day ``now`` (default: the clock's moment) falls on there."""
    return local_day(now or utcnow(), timezone)
