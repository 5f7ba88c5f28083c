"""Backfills: many activities at once (a ZIP, several files, a connection's first sync).

Their findings about the past are stored and shown but never alerted; the athlete is told once,
by a ``history`` notice written here in the transaction that stores the activities. It waits
until the evaluation that follows releases it (``alerts.history``), or an hour if none does.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.clock import local_today, utcnow
from service.db import dialect_insert
from service.models import Activity
from service.models.notifications import HISTORY, Notice

#: Sent after this long even when no evaluation released it (a lost message).
HOLD = timedelta(hours=1)


def backfill_key(prefix: str, number: int | None = None) -> str:
    """A notice key for one backfill: ``i12`` (a queued import), ``c7`` (a connection's first
    sync), or the prefix and random letters (an upload request, a ``loadwatch import`` run)."""
    if number is not None:
        return f"{prefix}{number}"[:10]
    return f"{prefix}{secrets.token_hex(4)}"[:10]


def note_backfill(
    session: Session,
    athlete_id: int,
    key: str,
    days: Collection[date],
    *,
    fresh_days: int,
    timezone: str,
    now: datetime | None = None,
) -> bool:
    """Write the held "your history is in" notice for a backfill whose activities fall on
    ``days``; nothing when none of them is older than the fresh days (no past arrived). True when
    written (a second call with the same key writes nothing)."""
    moment = now or utcnow()
    fresh_from = local_today(timezone, moment) - timedelta(days=fresh_days)
    if not days or min(days) >= fresh_from:
        return False
    details = {"first_day": min(days).isoformat(), "last_day": max(days).isoformat()}
    statement = (
        dialect_insert(session, Notice)
        .values(
            user_id=athlete_id,
            kind=HISTORY,
            period_key=key,
            details=details,
            status="pending",
            attempts=0,
            next_attempt_at=moment + HOLD,
            created_at=moment,
            updated_at=moment,
        )
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "period_key"])
        .returning(Notice.id)
    )
    return session.scalar(statement) is not None


def source_span(session: Session, athlete_id: int, source: str) -> set[date]:
    """The first and last local day of the athlete's activities from ``source``."""
    first, last = session.execute(
        select(func.min(Activity.local_date), func.max(Activity.local_date)).where(
            Activity.athlete_id == athlete_id, Activity.source == source
        )
    ).one()
    return {day for day in (first, last) if day is not None}
