"""A runner's stored history for the evaluation tests: a steady week pattern and chosen spikes.

Every week runs Mon 10 km, Wed 8 km, Fri 8 km, Sun 12 km (monotony about 1.1, no weekly
progression), so the one finding the tests rely on is the spike they place.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.integrations.base import ActivityData, Source, Sport
from service.models import Finding

ZONE = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
"""Friday 20 March 2026, 11:00 in Amsterdam: the evaluation's "today" is 2026-03-20."""
FIRST_DAY = date(2025, 12, 1)
WEEK_KM = {0: 10.0, 2: 8.0, 4: 8.0, 6: 12.0}


def run(day: date, km: float, source: Source = Source.GARMIN) -> ActivityData:
    start = datetime(day.year, day.month, day.day, 8, 0, tzinfo=ZONE).astimezone(UTC)
    ext = f"{source.value}-{day.isoformat()}"
    return ActivityData(
        source=source,
        external_id=ext,
        sport=Sport.RUNNING,
        start_utc=start,
        duration_s=km * 330.0,
        distance_m=km * 1000.0,
        raw={"id": ext, "km": km},
    )


def steady_runs(last: date, spikes: Mapping[date, float] | None = None) -> list[ActivityData]:
    """The week pattern from ``FIRST_DAY`` to ``last``, with ``spikes`` (day → km) in place."""
    spikes = spikes or {}
    runs = []
    day = FIRST_DAY
    while day <= last:
        km = spikes.get(day, WEEK_KM.get(day.weekday()))
        if km is not None:
            runs.append(run(day, km))
        day += timedelta(days=1)
    return runs


def stored(session: Session, athlete_id: int) -> list[Finding]:
    return list(
        session.scalars(
            select(Finding)
            .where(Finding.athlete_id == athlete_id)
            .order_by(Finding.day, Finding.rule, Finding.subject)
        )
    )


def keys(rows: list[Finding]) -> list[tuple[str, str, date]]:
    return [(row.rule, row.severity, row.day) for row in rows]
