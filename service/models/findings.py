"""Findings of the advice rules, their alerts (the outbox) and every delivery attempt."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.models.base import Base, Timestamped


class Finding(Timestamped, Base):
    """Stored once per athlete + rule + region + subject + period (``period_key``).

    ``subject`` is what the finding is about besides a body region: the connected source
    (``garmin``, ``fitbit``) for ``data.sync_stale``, so each source has its own finding per week;
    empty for every other rule.
    """

    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("athlete_id", "rule", "region", "subject", "period_key"),
        CheckConstraint(
            "severity IN ('info', 'caution', 'warning', 'referral', 'urgent')", name="severity"
        ),
        Index("ix_findings_athlete_day", "athlete_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(10))
    day: Mapped[date]
    region: Mapped[str] = mapped_column(String(16), default="")
    subject: Mapped[str] = mapped_column(String(16), default="", server_default="")
    period_key: Mapped[date]
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    message_en: Mapped[str] = mapped_column(Text)
    message_nl: Mapped[str] = mapped_column(Text)
    message_staff_en: Mapped[str | None] = mapped_column(Text)
    message_staff_nl: Mapped[str | None] = mapped_column(Text)
    """The message as a coach or physiotherapist reads it, about the athlete, who is named by
    the placeholder ``{athlete}``; None for findings stored before staff had their own text."""
    source: Mapped[str] = mapped_column(Text)
    acknowledged_at: Mapped[datetime | None]
    """When someone first marked the finding seen; who has seen it is :class:`FindingSeen`."""
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class FindingSeen(Base):
    """One person marked a finding as seen: it leaves *their* open warnings, nobody else's."""

    __tablename__ = "finding_seen"
    __table_args__ = (Index("ix_finding_seen_user_id", "user_id"),)

    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class Alert(Timestamped, Base):
    """One finding for one person on one channel, written with its finding (the outbox); the
    alerts of one recipient and channel due at the same moment go out as one message."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("finding_id", "recipient_id", "channel"),
        CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'dead', 'skipped')", name="status"
        ),
        Index("ix_alerts_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    #: The message this alert went out in (several alerts of one recipient due at the same
    #: moment share one); also the seed of the email's Message-ID and the push ``Topic``.
    message_key: Mapped[str | None] = mapped_column(String(64), index=True)


class Delivery(Base):
    """One attempt to send an alert, successful or not."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    attempt: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
