"""Routes for the stored daily series and the days an athlete marks as "no data"."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from service.activities.deps import date_range, require_self
from service.athletes.access import VisibleAthlete
from service.deps import SessionDep
from service.metrics import queries, service
from service.metrics.schemas import (
    DailyMetricOut,
    MeasureChoice,
    MeasureSeriesOut,
    MetricsOut,
    MissingDaysOut,
)
from service.schemas import Day
from service.training.measures import MEASURES

router = APIRouter(tags=["metrics"])

DEFAULT_DAYS = 180


@router.get("/athletes/{athlete_id}/metrics")
def read_metrics(
    access: VisibleAthlete,
    session: SessionDep,
    measure: MeasureChoice = "distance_km",
    start: Day | None = None,
    end: Day | None = None,
) -> MetricsOut:
    """The daily series (every column of DOMAIN §1.1) of one measure, or of ``all``; the days
    from ``updating_from`` on are being recomputed and left out until they are current."""
    first, last = date_range(access, start, end, DEFAULT_DAYS)
    measures = MEASURES if measure == "all" else (measure,)
    updating_from = queries.dirty_from(session, [access.athlete.id]).get(access.athlete.id)
    rows = queries.list_daily_metrics(session, access.athlete.id, measures, first, last)
    by_measure: dict[str, list[DailyMetricOut]] = {name: [] for name in measures}
    for row in rows:
        if updating_from is None or row.day < updating_from:
            by_measure[row.measure].append(DailyMetricOut.from_row(row))
    series = [MeasureSeriesOut(measure=name, days=days) for name, days in by_measure.items()]
    return MetricsOut(
        athlete_id=access.athlete.id,
        start=first,
        end=last,
        updating_from=updating_from,
        series=series,
    )


@router.get("/athletes/{athlete_id}/missing-days")
def list_missing_days(
    access: VisibleAthlete, session: SessionDep, start: Day | None = None, end: Day | None = None
) -> MissingDaysOut:
    first, last = date_range(access, start, end, DEFAULT_DAYS)
    days = queries.list_missing_days(session, access.athlete.id, first, last)
    return MissingDaysOut(athlete_id=access.athlete.id, start=first, end=last, days=days)


@router.put("/athletes/{athlete_id}/missing-days/{day}", status_code=status.HTTP_204_NO_CONTENT)
def mark_missing_day(access: VisibleAthlete, session: SessionDep, day: Day) -> Response:
    """Mark ``day`` as "no data" (the watch was not worn): missing, not a rest day of 0."""
    require_self(access)
    service.mark_missing_day(session, access.athlete, day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/athletes/{athlete_id}/missing-days/{day}", status_code=status.HTTP_204_NO_CONTENT)
def clear_missing_day(access: VisibleAthlete, session: SessionDep, day: Day) -> Response:
    """Unmark ``day``: its sessions count again, and without any it is a rest day of 0."""
    require_self(access)
    service.clear_missing_day(session, access.athlete, day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
