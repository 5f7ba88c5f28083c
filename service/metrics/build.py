"""From stored activities to the rows of ``daily_metrics``: the glue around the pure engine.

Nothing here touches the database; :mod:`service.metrics.service` reads and writes.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from service.metrics.queries import SessionRow
from service.models import AthleteProfile, DailyMetric, User
from service.training.measures import (
    MEASURES,
    AthleteParams,
    SessionInput,
    SessionLoad,
    session_day,
    trimp_profile,
)
from service.training.series import (
    SERIES_COLUMNS,
    DailySeries,
    compute_athlete_series,
    recompute_from,
)

log = logging.getLogger(__name__)


def athlete_params(athlete: User, profile: AthleteProfile | None) -> AthleteParams:
    if profile is None:
        return AthleteParams(timezone=athlete.timezone)
    return AthleteParams(
        timezone=athlete.timezone,
        sex=profile.sex,
        hr_rest=profile.hr_rest_bpm,
        hr_max=profile.hr_max_bpm,
    )


def session_inputs(rows: Sequence[SessionRow]) -> list[SessionInput]:
    """The activities as the measures read them; a row the measures refuse is left out, logged."""
    sessions = []
    for row in rows:
        try:
            sessions.append(
                SessionInput(
                    start=row.start_utc,
                    sport=row.sport,
                    duration_s=row.duration_s,
                    distance_m=row.distance_m,
                    moving_s=row.moving_s,
                    avg_hr_bpm=row.avg_hr_bpm,
                    rpe=row.rpe,
                    utc_offset_s=row.utc_offset_s,
                )
            )
        except ValueError:
            log.warning("metrics.activity_skipped", extra={"activity_id": row.activity_id})
    return sessions


def series_range(
    sessions: Sequence[SessionInput], zone: ZoneInfo, series_start: date | None, today: date
) -> tuple[date, date] | None:
    """First and last day of the series, or None when there is nothing to compute.

    The series starts on the earlier of the athlete's start date and the day of the first
    session (DOMAIN §1.1, "days of history") and runs to today in the athlete's time zone, so
    rest days up to today are zeros; a session dated after today extends it.
    """
    days = [session_day(s, zone) for s in sessions]
    firsts = [d for d in (series_start, min(days, default=None)) if d is not None]
    if not firsts:
        return None
    start = min(firsts)
    end = max(today, max(days, default=today))
    return (start, end) if start <= end else None


def days_without_data(
    missing_days: Collection[date], sessions: Sequence[SessionInput], zone: ZoneInfo
) -> list[date]:
    """The days marked "no data" that have no session: a day with a session is never missing
    (DOMAIN §1.6.1), so a 32 km run on a day marked by mistake still counts."""
    session_days = {session_day(s, zone) for s in sessions}
    return [day for day in missing_days if day not in session_days]


def computable_measures(params: AthleteParams) -> tuple[str, ...]:
    """Every measure, except ``trimp`` while the heart-rate profile is incomplete: its series is
    then not stored at all, rather than stored as zeros."""
    try:
        trimp_profile(params)
    except ValueError:
        return tuple(m for m in MEASURES if m != "trimp")
    return MEASURES


def compute_series(
    loads: Sequence[SessionLoad],
    bounds: tuple[date, date],
    write_from: date,
    missing_days: Collection[date],
    stored_before: Sequence[DailyMetric],
) -> DailySeries | None:
    """The series from ``write_from`` to the end of ``bounds`` (None when that is empty).

    From the first day it is computed in full; from a later day it resumes from the stored rows
    of the :data:`CONTEXT_DAYS` before ``write_from`` (``stored_before``), which gives the same
    numbers as a full computation (the engine's incremental contract) while the rows before are
    neither read nor computed again.
    """
    start, end = bounds
    if write_from > end:
        return None
    inside = [day for day in missing_days if start <= day <= end]
    if write_from == start:
        return compute_athlete_series(loads, start, end, inside)
    previous = _stored_series(start, write_from, stored_before)
    return recompute_from(previous, loads, write_from, end, inside)


def _stored_series(start: date, cut: date, rows: Sequence[DailyMetric]) -> DailySeries:
    """The stored series up to the eve of ``cut``; days not in ``rows`` are left NaN (the engine
    reads only the last :data:`CONTEXT_DAYS`, which ``rows`` must hold)."""
    columns = {name: np.full((cut - start).days, np.nan) for name in SERIES_COLUMNS}
    for row in rows:
        offset = (row.day - start).days
        for name in SERIES_COLUMNS:
            value = getattr(row, name)
            columns[name][offset] = np.nan if value is None else value
    return DailySeries(start=start, columns=columns)


def _stored(value: float) -> float | None:
    """NaN (undefined) is stored as NULL; ±inf is stored as the float it is."""
    return None if math.isnan(value) else value


def metric_rows(
    athlete_id: int, measure: str, series: DailySeries, write_from: date
) -> list[dict[str, Any]]:
    """One ``daily_metrics`` row per day of ``series`` from ``write_from`` on."""
    offset = max(0, (write_from - series.start).days)
    dates = series.dates[offset:]
    values = {name: series.column(name)[offset:].tolist() for name in SERIES_COLUMNS}
    return [
        {
            "athlete_id": athlete_id,
            "measure": measure,
            "day": day,
            **{name: _stored(values[name][index]) for name in SERIES_COLUMNS},
        }
        for index, day in enumerate(dates)
    ]
