"""The SQL of the pages: read-only summaries over several features' tables, for many athletes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.athletes.queries import VisibleAthlete, visible_to
from service.athletes.status_queries import StatusStamp, status_digest
from service.models import (
    Activity,
    Alert,
    AthleteStatus,
    AuditEntry,
    CoachLink,
    Connection,
    Finding,
    FindingSeen,
    SeriesDirty,
    User,
    WellnessDay,
)


class RosterEntry(NamedTuple):
    athlete: VisibleAthlete
    stamp: StatusStamp | None
    """None: no stored status yet."""
    updating: bool
    """The athlete's stored series waits for its recompute (``series_dirty``)."""


def list_roster_entries(session: Session, staff_id: int) -> list[RosterEntry]:
    """The athletes ``staff_id`` sees (as ``athletes.queries.list_visible_athletes``, in its
    order), each with the stamp of their stored status and whether their series is being
    updated: what a roster reads for every athlete on each view, in one statement."""
    status = AthleteStatus.__table__
    rows = session.execute(
        select(
            User.id,
            User.display_name,
            User.timezone,
            CoachLink.share_symptoms,
            status.c.built_for,
            status.c.format,
            status_digest(session),
            SeriesDirty.athlete_id,
        )
        .join(CoachLink, CoachLink.athlete_id == User.id)
        .outerjoin(status, status.c.athlete_id == User.id)
        .outerjoin(SeriesDirty, SeriesDirty.athlete_id == User.id)
        .where(*visible_to(staff_id))
        .order_by(User.display_name, User.id)
    )
    return [
        RosterEntry(
            VisibleAthlete(athlete_id, name, timezone, shares),
            None if built_for is None else StatusStamp(athlete_id, built_for, form, digest),
            dirty is not None,
        )
        for athlete_id, name, timezone, shares, built_for, form, digest, dirty in rows
    ]


def list_open_findings(
    session: Session, athlete_ids: Collection[int], since: date, reader_id: int
) -> Sequence[Finding]:
    """Findings the reader has not marked as seen, from ``since`` on, newest first."""
    if not athlete_ids:
        return []
    seen = (
        select(FindingSeen.finding_id)
        .where(FindingSeen.finding_id == Finding.id, FindingSeen.user_id == reader_id)
        .exists()
    )
    return session.scalars(
        select(Finding)
        .where(
            Finding.athlete_id.in_(athlete_ids),
            ~seen,
            Finding.day >= since,
        )
        .order_by(Finding.day.desc(), Finding.id.desc())
    ).all()


class SyncState(NamedTuple):
    """The columns of a connection that say whether its data is arriving."""

    athlete_id: int
    provider: str
    state: str
    last_success_at: datetime | None


def list_sync_states(session: Session, athlete_ids: Collection[int]) -> list[SyncState]:
    if not athlete_ids:
        return []
    rows = session.execute(
        select(
            Connection.athlete_id,
            Connection.provider,
            Connection.state,
            Connection.last_success_at,
        )
        .where(Connection.athlete_id.in_(athlete_ids))
        .order_by(Connection.athlete_id, Connection.provider)
    )
    return [SyncState(*row) for row in rows]


def list_recent_access(session: Session, athlete_id: int, limit: int) -> Sequence[AuditEntry]:
    """The latest looks at an athlete's data by someone else, newest first."""
    return session.scalars(
        select(AuditEntry)
        .where(AuditEntry.athlete_id == athlete_id, AuditEntry.actor_id.is_not(None))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    ).all()


def list_wellness(
    session: Session, athlete_id: int, source: str, start: date, end: date
) -> Sequence[WellnessDay]:
    """A provider's own daily figures (Garmin's acute and chronic load, its ratio)."""
    return session.scalars(
        select(WellnessDay)
        .where(
            WellnessDay.athlete_id == athlete_id,
            WellnessDay.source == source,
            WellnessDay.day.between(start, end),
        )
        .order_by(WellnessDay.day)
    ).all()


def list_vendor_loads(
    session: Session, athlete_id: int, start: date, end: date
) -> list[tuple[date, float]]:
    """Per local day, the sum of the providers' own load of each activity, where they gave one."""
    rows = session.execute(
        select(Activity.local_date, func.sum(Activity.vendor_load))
        .where(
            Activity.athlete_id == athlete_id,
            Activity.local_date.between(start, end),
            Activity.vendor_load.is_not(None),
        )
        .group_by(Activity.local_date)
        .order_by(Activity.local_date)
    ).all()
    return [(day, float(total)) for day, total in rows if total is not None]


def count_heart_rate_activities(
    session: Session, athlete_id: int, start: date, end: date
) -> tuple[int, int]:
    """(activities, of which with an average heart rate) on the local days ``start .. end``."""
    row = session.execute(
        select(func.count(Activity.id), func.count(Activity.avg_hr_bpm)).where(
            Activity.athlete_id == athlete_id, Activity.local_date.between(start, end)
        )
    ).one()
    return int(row[0]), int(row[1])


def list_alerts_of(
    session: Session, recipient_id: int, limit: int
) -> Sequence[tuple[Alert, Finding, User]]:
    """The alerts sent (or due) to one person, with their finding and athlete, newest first."""
    rows = session.execute(
        select(Alert, Finding, User)
        .join(Finding, Finding.id == Alert.finding_id)
        .join(User, User.id == Finding.athlete_id)
        .where(Alert.recipient_id == recipient_id)
        .order_by(Alert.created_at.desc(), Alert.id.desc())
        .limit(limit)
    ).all()
    return [(alert, finding, athlete) for alert, finding, athlete in rows]


def list_seen_since(session: Session, reader_id: int, since: date) -> set[int]:
    """The findings of ``since`` or later that the reader marked as seen, of any athlete: the
    roster asks this of every view, without a list of ids to send."""
    return set(
        session.scalars(
            select(FindingSeen.finding_id)
            .join(Finding, Finding.id == FindingSeen.finding_id)
            .where(FindingSeen.user_id == reader_id, Finding.day >= since)
        )
    )


def list_seen_ids(session: Session, reader_id: int, finding_ids: Collection[int]) -> set[int]:
    """Which of ``finding_ids`` the reader marked as seen."""
    if not finding_ids:
        return set()
    return set(
        session.scalars(
            select(FindingSeen.finding_id).where(
                FindingSeen.user_id == reader_id, FindingSeen.finding_id.in_(finding_ids)
            )
        )
    )
