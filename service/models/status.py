"""An athlete's status as the roster shows it: one stored row per athlete, kept current by
whatever changes it (the series, the findings, the check-ins)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base


class AthleteStatus(Base):
    """Built for the athlete's local day ``built_for``; a row of another day (or ``format``) is
    rebuilt before it is read. Figures in km; ``weekly_km`` and ``pain_weeks`` hold
    ``[monday, value]`` pairs for the last nine ISO weeks, the current one unfinished;
    ``findings`` the findings of the last two weeks as ``[id, rule, severity, day]``, most severe
    first (who has seen which is asked when it is read)."""

    __tablename__ = "athlete_status"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    built_for: Mapped[date]
    format: Mapped[int]
    as_of: Mapped[date | None]
    week_km: Mapped[float | None]
    week_missing_days: Mapped[int] = mapped_column(default=0)
    week_change_pct: Mapped[float | None]
    longest_30d_km: Mapped[float | None]
    top_spike_pct: Mapped[float | None]
    weekly_km: Mapped[list[Any]] = mapped_column(default=list)
    pain_weeks: Mapped[list[Any]] = mapped_column(default=list)
    pain_this_week: Mapped[float | None]
    pain_last_week: Mapped[float | None]
    last_checkin_day: Mapped[date | None]
    problem_region: Mapped[str | None] = mapped_column(String(16))
    problem_day: Mapped[date | None]
    findings: Mapped[list[Any]] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
