"""Routes for the stored daily series and the days an athlete marks as "no data"."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Response, status

from service.deps import AthleteAccess, SessionDep, VisibleAthlete
from service.errors import Forbidden, Unprocessable
from service.metrics import queries, service
from service.metrics.schemas import (
    DailyMetricOut,
    MeasureChoice,
    MeasureSeriesOut,
    MetricsOut,
    MissingDaysOut,
)
from service.texts import text
from service.training.measures import MEASURES

router = APIRouter(tags=["metrics"])

DEFAULT_DAYS = 180
MAX_DAYS = 3 * 366  # about three years per request


def date_range(access: AthleteAccess, start: date | None, end: date | None) -> tuple[date, date]:
    """``start .. end`` with the defaults (the last 180 days up to today in the athlete's time
    zone) and the limit of about three years; a reversed or longer range is a 422."""
    locale = access.viewer.locale
    end = end or service.athlete_today(access.athlete)
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        detail = text("metrics.range_reversed", locale, start=start, end=end)
        raise Unprocessable("range_reversed", detail)
    if (end - start).days + 1 > MAX_DAYS:
        raise Unprocessable("range_too_long", text("metrics.range_too_long", locale, days=MAX_DAYS))
    return start, end


def require_self(access: AthleteAccess) -> None:
    """Writes about an athlete's days are the athlete's own: a linked coach may only read."""
    if not access.is_self:
        raise Forbidden("athlete_only", text("activities.athlete_only", access.viewer.locale))


@router.get("/athletes/{athlete_id}/metrics")
def read_metrics(
    access: VisibleAthlete,
    session: SessionDep,
    measure: MeasureChoice = "distance_km",
    start: date | None = None,
    end: date | None = None,
) -> MetricsOut:
    """The daily series (every column of DOMAIN §1.1) of one measure, or of ``all``."""
    first, last = date_range(access, start, end)
    measures = MEASURES if measure == "all" else (measure,)
    rows = queries.list_daily_metrics(session, access.athlete.id, measures, first, last)
    by_measure: dict[str, list[DailyMetricOut]] = {name: [] for name in measures}
    for row in rows:
        by_measure[row.measure].append(DailyMetricOut.from_row(row))
    series = [MeasureSeriesOut(measure=name, days=days) for name, days in by_measure.items()]
    return MetricsOut(athlete_id=access.athlete.id, start=first, end=last, series=series)


@router.get("/athletes/{athlete_id}/missing-days")
def list_missing_days(
    access: VisibleAthlete, session: SessionDep, start: date | None = None, end: date | None = None
) -> MissingDaysOut:
    first, last = date_range(access, start, end)
    days = queries.list_missing_days(session, access.athlete.id, first, last)
    return MissingDaysOut(athlete_id=access.athlete.id, start=first, end=last, days=days)


@router.put("/athletes/{athlete_id}/missing-days/{day}", status_code=status.HTTP_204_NO_CONTENT)
def mark_missing_day(access: VisibleAthlete, session: SessionDep, day: date) -> Response:
    """Mark ``day`` as "no data" (the watch was not worn): missing, not a rest day of 0."""
    require_self(access)
    service.mark_missing_day(session, access.athlete, day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/athletes/{athlete_id}/missing-days/{day}", status_code=status.HTTP_204_NO_CONTENT)
def clear_missing_day(access: VisibleAthlete, session: SessionDep, day: date) -> Response:
    """Unmark ``day``: its sessions count again, and without any it is a rest day of 0."""
    require_self(access)
    service.clear_missing_day(session, access.athlete, day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
