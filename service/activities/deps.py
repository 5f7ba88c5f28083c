"""Request helpers shared by the activity, import and series routes."""

from __future__ import annotations

from datetime import date, timedelta

from service.athletes.access import AthleteAccess
from service.clock import local_today
from service.errors import Forbidden, Unprocessable
from service.texts import text

MAX_RANGE_DAYS = 3 * 366  # about three years per request


def require_self(access: AthleteAccess) -> None:
    """Uploads, corrections and days without data are the athlete's own: a linked coach or
    physiotherapist reads them, but may not add or change them (403)."""
    if not access.is_self:
        raise Forbidden("athlete_only", text("activities.athlete_only", access.viewer.locale))


def date_range(
    access: AthleteAccess, start: date | None, end: date | None, default_days: int
) -> tuple[date, date]:
    """``start .. end``: ``end`` defaults to today in the athlete's time zone and ``start`` to
    ``default_days`` before it; a reversed range or one longer than about three years is a 422."""
    locale = access.viewer.locale
    end = end or local_today(access.athlete.timezone)
    start = start or end - timedelta(days=default_days - 1)
    if start > end:
        detail = text("metrics.range_reversed", locale, start=start, end=end)
        raise Unprocessable("range_reversed", detail)
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        detail = text("metrics.range_too_long", locale, days=MAX_RANGE_DAYS)
        raise Unprocessable("range_too_long", detail)
    return start, end
