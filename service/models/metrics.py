"""The stored daily series: one row per athlete, load measure and local day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base


class DailyMetric(Base):
    """Columns as DOMAIN §1.1 names them; NULL where undefined, ±inf stored as such."""

    __tablename__ = "daily_metrics"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    measure: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    load: Mapped[float | None]
    acute_7d: Mapped[float | None]
    chronic_28d: Mapped[float | None]
    chronic_21d: Mapped[float | None]
    acwr_rolling: Mapped[float | None]
    acwr_uncoupled: Mapped[float | None]
    ewma_acute: Mapped[float | None]
    ewma_chronic: Mapped[float | None]
    acwr_ewma: Mapped[float | None]
    ctl: Mapped[float | None]
    atl: Mapped[float | None]
    tsb: Mapped[float | None]
    ramp_7d: Mapped[float | None]
    monotony_7d: Mapped[float | None]
    strain_7d: Mapped[float | None]
    week_change_pct: Mapped[float | None]
    two_week_change_pct: Mapped[float | None]
    longest_session_30d: Mapped[float | None]
    session_spike_pct: Mapped[float | None]


class SeriesDirty(Base):
    """The athlete's stored series is not current from ``dirty_from`` on: activities (or what
    the series is computed from) changed in a committed transaction, and no recompute covering
    that day has completed since. Written in the transaction of the change
    (``service.dispatch.mark_series_dirty``), so no lost message can leave a stored day wrong
    unnoticed; deleted only by a recompute that covered it, if ``version`` (raised by every
    new mark) is still the one the recompute read. ``requested_at``: when the recompute queued
    for it was asked for (None: none queued); a later request merges into that one while it
    has not started (``service.dispatch.request_series_recompute``)."""

    __tablename__ = "series_dirty"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    dirty_from: Mapped[date]
    version: Mapped[int] = mapped_column(default=1)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)
    requested_at: Mapped[datetime | None]
