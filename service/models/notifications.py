"""How people want to be told: preferences, browsers subscribed to Web Push, Apprise targets,
snoozed findings, and the outbox of notices (weekly digests and check-in reminders)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base, Timestamped


class NotificationPreference(Timestamped, Base):
    """One row per user who changed something; a user without a row has the defaults:
    email on, from ``caution`` up, no quiet hours, digests and reminders on.

    Quiet hours are local times in the user's own time zone; an end before the start wraps
    past midnight (22:00–07:00).
    """

    __tablename__ = "notification_preferences"
    __table_args__ = (
        CheckConstraint(
            "min_severity IN ('info', 'caution', 'warning', 'referral', 'urgent')",
            name="min_severity",
        ),
        CheckConstraint(
            "(quiet_start IS NULL AND quiet_end IS NULL) OR "
            "(quiet_start IS NOT NULL AND quiet_end IS NOT NULL AND quiet_start <> quiet_end)",
            name="quiet_hours",
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email_enabled: Mapped[bool] = mapped_column(default=True)
    push_enabled: Mapped[bool] = mapped_column(default=False)
    apprise_enabled: Mapped[bool] = mapped_column(default=False)
    min_severity: Mapped[str] = mapped_column(String(10), default="caution")
    quiet_start: Mapped[time | None]
    quiet_end: Mapped[time | None]
    weekly_digest: Mapped[bool] = mapped_column(default=True)
    checkin_reminders: Mapped[bool] = mapped_column(default=True)


class PushSubscription(Base):
    """A browser that agreed to receive Web Push; the endpoint belongs to that browser."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(Text, unique=True)
    p256dh: Mapped[str] = mapped_column(String(128))
    auth: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_success_at: Mapped[datetime | None]


class AppriseTarget(Base):
    """An Apprise URL (``ntfy://``, ``tgram://``, ``json://``...) sealed with ``service.crypto``:
    such URLs often carry a token or password. Only the scheme is kept in clear, for display."""

    __tablename__ = "apprise_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80))
    scheme: Mapped[str] = mapped_column(String(32))
    url_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FindingSnooze(Base):
    """ "Remind me later": the person's alerts for this finding wait until ``until``."""

    __tablename__ = "finding_snoozes"
    __table_args__ = (UniqueConstraint("finding_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    until: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


#: The kind of notice that tells an athlete once that a backfill of old history arrived.
HISTORY = "history"


class Notice(Timestamped, Base):
    """An email that belongs to no finding: a coach's weekly digest, a check-in reminder, or an
    athlete's "your history is in" after a backfill (``period_key``: the backfill's own key).

    The same outbox columns as ``alerts``; unique per user, kind and ISO week (``2026-W48``), so a
    second scheduler run or a second beat writes nothing.
    """

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "period_key"),
        CheckConstraint(
            "kind IN ('digest', 'checkin_due', 'checkin_missed', 'history')", name="kind"
        ),
        CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'dead', 'skipped')", name="status"
        ),
        Index("ix_notices_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    period_key: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    #: What the message needs beyond its kind: for ``history``, the days the backfill spans.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=text("'{}'"))
