"""All SQL of the connections feature (PostgreSQL and the embedded SQLite alike).

Locks: ``with_for_update()`` on PostgreSQL. SQLite ignores ``FOR UPDATE`` and lets a reader
that later writes fail with "database is locked"; there a no-op UPDATE first takes the database's
write lock, so the row read after it is current and stays so until commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from service.db import dialect_insert
from service.errors import NotFound
from service.integrations.base import DailyWellness
from service.models import Connection, ConnectionState, SeenNotification, SyncRun, WellnessDay

#: States in which a connection with credentials is synced when due.
SYNCABLE = (ConnectionState.OK, ConnectionState.ERROR, ConnectionState.RATE_LIMITED)
_WELLNESS_FIELDS = (
    "resting_hr_bpm",
    "vendor_acute_load",
    "vendor_chronic_load",
    "vendor_acwr",
    "vendor_acwr_status",
)


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def lock_connection(session: Session, connection_id: int) -> Connection | None:
    """The connection row, locked until the transaction ends, read fresh from the database."""
    if _is_sqlite(session):
        session.execute(
            update(Connection).where(Connection.id == connection_id).values(id=Connection.id)
        )
    return session.scalar(
        select(Connection)
        .where(Connection.id == connection_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def require_own_connection(session: Session, athlete_id: int, connection_id: int) -> Connection:
    """The athlete's connection, locked; another athlete's answers 404 like a missing one."""
    found = lock_connection(session, connection_id)
    if found is None or found.athlete_id != athlete_id:
        raise NotFound("connection_not_found")
    return found


def get_athlete_connection(session: Session, athlete_id: int, provider: str) -> Connection | None:
    found = session.scalar(
        select(Connection.id).where(
            Connection.athlete_id == athlete_id, Connection.provider == provider
        )
    )
    return lock_connection(session, found) if found is not None else None


def get_or_create_connection(session: Session, athlete_id: int, provider: str) -> Connection:
    """The athlete's connection to ``provider``, created if missing; locked either way."""
    values = {
        "athlete_id": athlete_id,
        "provider": provider,
        "state": ConnectionState.CONNECTING,
        "cursor": {},
        "attempts": 0,
    }
    session.execute(
        dialect_insert(session, Connection)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["athlete_id", "provider"])
    )
    found = get_athlete_connection(session, athlete_id, provider)
    if found is None:  # pragma: no cover - the insert above guarantees a row
        raise NotFound("connection_not_found")
    return found


def list_athlete_connections(session: Session, athlete_id: int) -> Sequence[Connection]:
    return session.scalars(
        select(Connection)
        .where(Connection.athlete_id == athlete_id)
        .order_by(Connection.provider, Connection.id)
    ).all()


def list_due_connections(
    session: Session, now: datetime, requeue_before: datetime, limit: int
) -> Sequence[Connection]:
    """Due (or left behind by a dead run) and not sent recently; rows other sweepers hold are
    skipped."""
    abandoned = or_(Connection.lease_expires_at.is_(None), Connection.lease_expires_at < now)
    due = (Connection.state.in_(SYNCABLE) & (Connection.next_attempt_at <= now)) | (
        (Connection.state == ConnectionState.SYNCING) & abandoned
    )
    return session.scalars(
        select(Connection)
        .where(
            Connection.credentials.is_not(None),
            due,
            or_(Connection.queued_at.is_(None), Connection.queued_at < requeue_before),
        )
        .order_by(Connection.next_attempt_at, Connection.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()


def renew_lease(session: Session, connection_id: int, lease_token: str, until: datetime) -> None:
    session.execute(
        update(Connection)
        .where(Connection.id == connection_id, Connection.lease_token == lease_token)
        .values(lease_expires_at=until)
        .execution_options(synchronize_session=False)
    )


def defer_provider(session: Session, provider: str, until: datetime) -> int:
    """Move every syncable connection of ``provider`` due before ``until`` to ``until``; returns
    how many moved (a later attempt already planned is left as it is)."""
    moved = session.execute(
        update(Connection)
        .where(
            Connection.provider == provider,
            Connection.state.in_(SYNCABLE),
            Connection.next_attempt_at.is_not(None),
            Connection.next_attempt_at < until,
        )
        .values(next_attempt_at=until)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(moved, "rowcount", 0) or 0)


def list_expired_handovers(session: Session, now: datetime) -> Sequence[Connection]:
    return session.scalars(
        select(Connection)
        .where(Connection.pending_expires_at.is_not(None), Connection.pending_expires_at <= now)
        .with_for_update(skip_locked=True)
    ).all()


def list_health_user_connections(session: Session, health_user_id: str) -> Sequence[Connection]:
    """Fitbit connections of this Google Health user that can sync (usually one)."""
    return session.scalars(
        select(Connection)
        .where(
            Connection.provider == "fitbit",
            Connection.external_user_id == health_user_id,
            Connection.credentials.is_not(None),
            Connection.state.in_((*SYNCABLE, ConnectionState.SYNCING)),
        )
        .order_by(Connection.id)
        .with_for_update()
    ).all()


def list_sealed_connections(session: Session) -> Sequence[Connection]:
    return session.scalars(
        select(Connection)
        .where(or_(Connection.credentials.is_not(None), Connection.pending_secret.is_not(None)))
        .order_by(Connection.id)
        .with_for_update()
    ).all()


def record_notification(
    session: Session, provider: str, notification_id: str, now: datetime, connections: int
) -> bool:
    """Remember a webhook notification; False when it was seen before (a redelivery)."""
    values = {
        "provider": provider,
        "notification_id": notification_id,
        "received_at": now,
        "connections": connections,
    }
    inserted = session.execute(
        dialect_insert(session, SeenNotification)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["provider", "notification_id"])
        .returning(SeenNotification.id)
    ).first()
    return inserted is not None


def delete_notifications_before(session: Session, before: datetime) -> int:
    result = session.execute(delete(SeenNotification).where(SeenNotification.received_at < before))
    return int(getattr(result, "rowcount", 0) or 0)


def count_runs(session: Session, connection_id: int, run_key: str) -> int:
    return len(
        session.scalars(
            select(SyncRun.id).where(
                SyncRun.connection_id == connection_id, SyncRun.run_key == run_key
            )
        ).all()
    )


def abandon_running(session: Session, connection_id: int, now: datetime) -> None:
    """Runs still marked running belong to a worker that died: mark them abandoned."""
    session.execute(
        update(SyncRun)
        .where(SyncRun.connection_id == connection_id, SyncRun.status == "running")
        .values(status="abandoned", finished_at=now)
    )


def require_run(session: Session, run_id: int) -> SyncRun:
    return session.get_one(SyncRun, run_id)


def latest_runs(session: Session, connection_ids: Iterable[int]) -> dict[int, SyncRun]:
    """The newest run of each connection that has one."""
    ids = list(connection_ids)
    if not ids:
        return {}
    rows = session.scalars(
        select(SyncRun).where(SyncRun.connection_id.in_(ids)).order_by(SyncRun.id.desc())
    ).all()
    latest: dict[int, SyncRun] = {}
    for run in rows:
        latest.setdefault(run.connection_id, run)
    return latest


def upsert_wellness(session: Session, athlete_id: int, days: Sequence[DailyWellness]) -> int:
    """Store each day's figures on (athlete, source, day); returns how many rows changed."""
    if not days:
        return 0
    source = days[0].source.value
    stored = {
        row.day: row
        for row in session.scalars(
            select(WellnessDay).where(
                WellnessDay.athlete_id == athlete_id,
                WellnessDay.source == source,
                WellnessDay.day.in_([day.day for day in days]),
            )
        )
    }
    changed = 0
    for day in days:
        row = stored.get(day.day)
        is_new = row is None
        if row is None:
            row = WellnessDay(athlete_id=athlete_id, source=day.source.value, day=day.day)
            session.add(row)
            stored[day.day] = row
        fresh = {name: getattr(day, name) for name in _WELLNESS_FIELDS}
        if is_new or any(getattr(row, name) != value for name, value in fresh.items()):
            for name, value in fresh.items():
                setattr(row, name, value)
            changed += 1
    session.flush()
    return changed
