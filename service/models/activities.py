"""Activities, normalised to SI units, upserted on (athlete, source, external id)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base, Timestamped


class Activity(Timestamped, Base):
    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("athlete_id", "source", "external_id"),
        Index("ix_activities_athlete_local_date", "athlete_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    sport: Mapped[str] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(String(255))
    start_utc: Mapped[datetime]
    local_date: Mapped[date]
    timezone: Mapped[str | None] = mapped_column(String(64))
    utc_offset_s: Mapped[int | None]
    distance_m: Mapped[float | None]
    duration_s: Mapped[float]
    moving_s: Mapped[float | None]
    avg_hr_bpm: Mapped[float | None]
    max_hr_bpm: Mapped[float | None]
    rpe: Mapped[float | None]
    vendor_load: Mapped[float | None]
    vendor_load_label: Mapped[str | None] = mapped_column(String(64))
    incomplete: Mapped[bool] = mapped_column(default=False)
    sport_to_confirm: Mapped[bool] = mapped_column(default=False, server_default=false())
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    payload_hash: Mapped[str] = mapped_column(String(64))


class ActivitySource(Base):
    """Every (source, external id) that delivered an activity.

    The same run synced from Garmin and uploaded as its FIT file is one activity with two
    sources; upserts find their activity through this table.
    """

    __tablename__ = "activity_sources"
    __table_args__ = (UniqueConstraint("athlete_id", "source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    payload_hash: Mapped[str] = mapped_column(String(64))
    incomplete: Mapped[bool] = mapped_column(default=False)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
