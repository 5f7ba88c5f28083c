"""Response shapes of the daily series (DOMAIN §1.1 column names) and the missing days.

JSON has no infinity: ``monotony_7d`` and ``strain_7d`` are infinite when a week's loads are all
equal and above 0, and the API sends those as the string ``"inf"``; an undefined value is
``null``. Every other number is a JSON number that reads back as exactly the stored float.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Literal

from pydantic import BaseModel

from service.models import DailyMetric

MeasureChoice = Literal["distance_km", "duration_min", "srpe", "trimp", "all"]
Number = float | Literal["inf", "-inf"] | None


def json_number(value: float | None) -> Number:
    """``None`` stays null, ±infinity becomes ``"inf"``/``"-inf"``, NaN (never stored) null."""
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


class DailyMetricOut(BaseModel):
    date: date
    load: Number
    acute_7d: Number
    chronic_28d: Number
    chronic_21d: Number
    acwr_rolling: Number
    acwr_uncoupled: Number
    ewma_acute: Number
    ewma_chronic: Number
    acwr_ewma: Number
    ctl: Number
    atl: Number
    tsb: Number
    ramp_7d: Number
    monotony_7d: Number
    strain_7d: Number
    week_change_pct: Number
    two_week_change_pct: Number
    longest_session_30d: Number
    session_spike_pct: Number

    @classmethod
    def from_row(cls, row: DailyMetric) -> DailyMetricOut:
        values = {name: json_number(getattr(row, name)) for name in _COLUMNS}
        return cls(date=row.day, **values)


_COLUMNS = tuple(name for name in DailyMetricOut.model_fields if name != "date")


class MeasureSeriesOut(BaseModel):
    measure: str
    days: list[DailyMetricOut]


class MetricsOut(BaseModel):
    """The stored series of one athlete for ``start .. end``: days before the series' first day
    (or not computed yet) are absent; ``trimp`` is absent while the heart-rate profile is
    incomplete. ``updating_from``: a change (a new or corrected activity, a day marked "no
    data") is being worked in from this day on; those days are absent until the recompute
    that covers them has stored them, never shown with the numbers from before the change."""

    athlete_id: int
    start: date
    end: date
    updating_from: date | None = None
    series: list[MeasureSeriesOut]


class MissingDaysOut(BaseModel):
    athlete_id: int
    start: date
    end: date
    days: list[date]
