"""All SQL of the activities feature."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from service.models import Activity, ActivitySource, FileImport, ImportStatus, User


def lock_athlete(session: Session, athlete_id: int) -> User | None:
    """The athlete's row, locked: ingestion for one athlete runs one at a time."""
    return session.get(User, athlete_id, with_for_update=True)


def map_sources(
    session: Session, athlete_id: int, keys: Collection[tuple[str, str]]
) -> dict[tuple[str, str], ActivitySource]:
    """The stored sources among ``keys`` (source, external id), one query per source."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, external_id in keys:
        by_source[source].append(external_id)
    found: dict[tuple[str, str], ActivitySource] = {}
    for source, external_ids in by_source.items():
        for row in session.scalars(
            select(ActivitySource).where(
                ActivitySource.athlete_id == athlete_id,
                ActivitySource.source == source,
                ActivitySource.external_id.in_(external_ids),
            )
        ):
            found[(row.source, row.external_id)] = row
    return found


def map_activities(session: Session, activity_ids: Collection[int]) -> dict[int, Activity]:
    if not activity_ids:
        return {}
    rows = session.scalars(select(Activity).where(Activity.id.in_(activity_ids)))
    return {row.id: row for row in rows}


def list_started_between(
    session: Session, athlete_id: int, first: datetime, last: datetime
) -> Sequence[Activity]:
    """The athlete's activities that started between ``first`` and ``last``."""
    return session.scalars(
        select(Activity).where(
            Activity.athlete_id == athlete_id,
            Activity.local_date.between(
                first.date() - timedelta(days=1), last.date() + timedelta(days=1)
            ),
            Activity.start_utc.between(first, last),
        )
    ).all()


def list_activities(
    session: Session, athlete_id: int, start: date | None = None, end: date | None = None
) -> Sequence[Activity]:
    query = select(Activity).where(Activity.athlete_id == athlete_id)
    if start is not None:
        query = query.where(Activity.local_date >= start)
    if end is not None:
        query = query.where(Activity.local_date <= end)
    return session.scalars(query.order_by(Activity.start_utc, Activity.id)).all()


def list_sources_of(session: Session, activity_ids: Sequence[int]) -> Sequence[ActivitySource]:
    if not activity_ids:
        return []
    return session.scalars(
        select(ActivitySource)
        .where(ActivitySource.activity_id.in_(activity_ids))
        .order_by(ActivitySource.id)
    ).all()


def get_activity(
    session: Session, athlete_id: int, activity_id: int, *, lock: bool = False
) -> Activity | None:
    """The athlete's activity ``activity_id``; None when absent or someone else's."""
    query = select(Activity).where(Activity.id == activity_id, Activity.athlete_id == athlete_id)
    return session.scalar(query.with_for_update() if lock else query)


def get_import(session: Session, athlete_id: int, import_id: int) -> FileImport | None:
    return session.scalar(
        select(FileImport).where(FileImport.id == import_id, FileImport.athlete_id == athlete_id)
    )


def lock_import(session: Session, import_id: int) -> FileImport | None:
    """The import's row, locked: two deliveries of its task process it once."""
    return session.get(FileImport, import_id, with_for_update=True)


def list_stale_imports(
    session: Session, updated_before: datetime, started_before: datetime
) -> Sequence[FileImport]:
    """Queued imports untouched since ``updated_before`` (their task message may be lost) or
    started before ``started_before`` (their worker may be dead), locked; imports a live worker
    or another sweep holds are skipped."""
    return session.scalars(
        select(FileImport)
        .where(
            FileImport.status == ImportStatus.QUEUED,
            or_(
                FileImport.updated_at <= updated_before,
                FileImport.started_at < started_before,
            ),
        )
        .order_by(FileImport.id)
        .with_for_update(skip_locked=True)
    ).all()


def mark_import_started(session: Session, import_id: int, now: datetime) -> None:
    session.execute(
        update(FileImport)
        .where(FileImport.id == import_id, FileImport.status == ImportStatus.QUEUED)
        .values(started_at=now)
    )


def list_pending_upload_paths(session: Session) -> set[str]:
    """Where the uploads of queued imports lie; any other file in the folder is left over."""
    paths = session.scalars(
        select(FileImport.stored_path).where(
            FileImport.status == ImportStatus.QUEUED, FileImport.stored_path.is_not(None)
        )
    ).all()
    return {path for path in paths if path is not None}


def list_activities_newest_first(
    session: Session, athlete_id: int, limit: int, offset: int
) -> Sequence[Activity]:
    """One page of the athlete's activities, the latest start first."""
    return session.scalars(
        select(Activity)
        .where(Activity.athlete_id == athlete_id)
        .order_by(Activity.start_utc.desc(), Activity.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()


def count_activities(session: Session, athlete_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Activity).where(Activity.athlete_id == athlete_id)
        )
        or 0
    )


def longest_run_m(
    session: Session, athlete_id: int, sports: Collection[str], first: date, last: date
) -> float | None:
    """The longest distance of one session of ``sports`` on local days ``first .. last``."""
    return session.scalar(
        select(func.max(Activity.distance_m)).where(
            Activity.athlete_id == athlete_id,
            Activity.sport.in_(sports),
            Activity.local_date.between(first, last),
        )
    )
