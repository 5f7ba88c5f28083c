"""What syncing leaves behind: runs (attempts and progress), daily wellness, seen webhooks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base


class SyncRun(Base):
    """One attempt to sync a connection; counts grow as each window is stored.

    ``status``: running → succeeded | failed | abandoned (its worker died and another run took
    over) | skipped (given up as a message that keeps killing its worker).
    """

    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="running")
    run_key: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    window_start: Mapped[date | None]
    window_end: Mapped[date | None]
    done_until: Mapped[date | None]
    fetched: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    linked: Mapped[int] = mapped_column(default=0)
    wellness_days: Mapped[int] = mapped_column(default=0)
    error_code: Mapped[str | None] = mapped_column(String(64))


class WellnessDay(Base):
    """A provider's own figures for one local day: resting heart rate, its own load numbers."""

    __tablename__ = "daily_wellness"
    __table_args__ = (UniqueConstraint("athlete_id", "source", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16))
    day: Mapped[date]
    resting_hr_bpm: Mapped[float | None]
    vendor_acute_load: Mapped[float | None]
    vendor_chronic_load: Mapped[float | None]
    vendor_acwr: Mapped[float | None]
    vendor_acwr_status: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SeenNotification(Base):
    """A webhook notification already acted on; kept about a day to drop redeliveries."""

    __tablename__ = "webhook_receipts"
    __table_args__ = (UniqueConstraint("provider", "notification_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    notification_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    connections: Mapped[int] = mapped_column(default=0)


class WebhookSubscriber(Base):
    """loadwatch's webhook endpoint as registered with a provider (Google Health's
    ``projects.subscribers``), as ``loadwatch google subscriber`` last saw it: one row per
    provider, ``state`` as the provider reports it (``ACTIVE``, ``UNVERIFIED``, ``INACTIVE``)."""

    __tablename__ = "webhook_subscribers"

    provider: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    endpoint_uri: Mapped[str] = mapped_column(String(2048))
    state: Mapped[str] = mapped_column(String(32))
    data_types: Mapped[str] = mapped_column(String(512), default="")
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
