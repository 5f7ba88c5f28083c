"""Garmin's own load figures, day by day, to show beside the ones loadwatch computes.

Garmin reports a training load per activity (EPOC based) and, per day, its own acute and chronic
load and their ratio. They are on Garmin's scale, not ours; the charts put them side by side and
never mix them into loadwatch's numbers.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from service.dashboard import queries


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def garmin_days(session: Session, athlete_id: int, start: date, end: date) -> list[dict[str, Any]]:
    """One entry per day with any Garmin figure, in date order; empty when Garmin gave none."""
    days: dict[date, dict[str, Any]] = {}
    for day, total in queries.list_vendor_loads(session, athlete_id, start, end):
        days.setdefault(day, {"date": day.isoformat()})["activity_load"] = _finite(total)
    for row in queries.list_wellness(session, athlete_id, "garmin", start, end):
        entry = days.setdefault(row.day, {"date": row.day.isoformat()})
        entry["acute"] = _finite(row.vendor_acute_load)
        entry["chronic"] = _finite(row.vendor_chronic_load)
        entry["acwr"] = _finite(row.vendor_acwr)
    return [days[day] for day in sorted(days)]
