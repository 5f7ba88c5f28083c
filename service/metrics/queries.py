"""All SQL of the metrics feature: the stored daily series and the athletes' missing days."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import delete, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session

from service.models import (
    Activity,
    AthleteProfile,
    Base,
    DailyMetric,
    MissingDay,
    Role,
    SeriesDirty,
    User,
)

#: The measure every athlete with a series has (all sports count), so its last row is the
#: series' last day.
ALWAYS_COMPUTED_MEASURE = "duration_min"


class SessionRow(NamedTuple):
    """What the load measures read from a stored activity."""

    activity_id: int
    start_utc: Any
    sport: str
    duration_s: float
    distance_m: float | None
    moving_s: float | None
    avg_hr_bpm: float | None
    rpe: float | None
    utc_offset_s: int | None = None


class SeriesEnd(NamedTuple):
    athlete_id: int
    timezone: str
    last_day: date | None


def lock_athlete(session: Session, athlete_id: int) -> User | None:
    """The athlete's row, locked: recomputes (and ingestion) for one athlete run one at a time."""
    return session.get(User, athlete_id, with_for_update=True)


def get_profile(session: Session, athlete_id: int) -> AthleteProfile | None:
    return session.get(AthleteProfile, athlete_id)


def list_session_rows(session: Session, athlete_id: int) -> list[SessionRow]:
    """Every activity of the athlete, oldest first, without the raw payloads."""
    rows = session.execute(
        select(
            Activity.id,
            Activity.start_utc,
            Activity.sport,
            Activity.duration_s,
            Activity.distance_m,
            Activity.moving_s,
            Activity.avg_hr_bpm,
            Activity.rpe,
            Activity.utc_offset_s,
        )
        .where(Activity.athlete_id == athlete_id)
        .order_by(Activity.start_utc, Activity.id)
    ).all()
    return [SessionRow(*row) for row in rows]


def list_missing_days(
    session: Session, athlete_id: int, start: date | None = None, end: date | None = None
) -> list[date]:
    query = select(MissingDay.day).where(MissingDay.athlete_id == athlete_id)
    if start is not None:
        query = query.where(MissingDay.day >= start)
    if end is not None:
        query = query.where(MissingDay.day <= end)
    return list(session.scalars(query.order_by(MissingDay.day)).all())


def get_missing_day(session: Session, athlete_id: int, day: date) -> MissingDay | None:
    return session.get(MissingDay, (athlete_id, day))


def delete_rows_outside(session: Session, athlete_id: int, start: date, write_from: date) -> None:
    """Drop the stored rows before ``start`` and from ``write_from`` on (they are rewritten)."""
    session.execute(
        delete(DailyMetric).where(
            DailyMetric.athlete_id == athlete_id,
            or_(DailyMetric.day < start, DailyMetric.day >= write_from),
        )
    )


def delete_measures(session: Session, athlete_id: int, measures: Collection[str]) -> None:
    """Drop every stored row of ``measures``."""
    if measures:
        session.execute(
            delete(DailyMetric).where(
                DailyMetric.athlete_id == athlete_id, DailyMetric.measure.in_(measures)
            )
        )


def delete_series(session: Session, athlete_id: int) -> None:
    """Drop the athlete's whole stored series, every measure."""
    session.execute(delete(DailyMetric).where(DailyMetric.athlete_id == athlete_id))


def insert_rows(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """One multi-row INSERT per batch: the table's own insert, because the ORM's bulk insert
    splits the rows into a statement per pattern of NULL columns."""
    if rows:
        session.execute(insert(Base.metadata.tables[DailyMetric.__tablename__]), list(rows))


def get_dirty(session: Session, athlete_id: int, *, lock: bool = False) -> tuple[date, int] | None:
    """The day from which the athlete's stored series is not current, and the mark's version;
    ``lock``: the mark stays this transaction's until it ends (a recompute taking it)."""
    query = select(SeriesDirty.dirty_from, SeriesDirty.version).where(
        SeriesDirty.athlete_id == athlete_id
    )
    row = session.execute(query.with_for_update() if lock else query).first()
    return (row.dirty_from, row.version) if row is not None else None


def clear_dirty(session: Session, athlete_id: int, version: int) -> bool:
    """Forget the mark a completed recompute covered, unless a newer change marked it again;
    True when it was forgotten."""
    result = session.execute(
        delete(SeriesDirty)
        .where(SeriesDirty.athlete_id == athlete_id, SeriesDirty.version == version)
        .returning(SeriesDirty.athlete_id)
    )
    return result.first() is not None


def forget_request(session: Session, athlete_id: int) -> None:
    """The recompute queued for the athlete's mark is being carried out: no longer queued."""
    session.execute(
        update(SeriesDirty).where(SeriesDirty.athlete_id == athlete_id).values(requested_at=None)
    )


def dirty_from(session: Session, athlete_ids: Collection[int]) -> dict[int, date]:
    """Per athlete whose stored series is being updated, the first day that is not current."""
    if not athlete_ids:
        return {}
    rows = session.execute(
        select(SeriesDirty.athlete_id, SeriesDirty.dirty_from).where(
            SeriesDirty.athlete_id.in_(athlete_ids)
        )
    )
    return {row.athlete_id: row.dirty_from for row in rows}


def list_daily_metrics(
    session: Session, athlete_id: int, measures: Collection[str], start: date, end: date
) -> Sequence[DailyMetric]:
    return session.scalars(
        select(DailyMetric)
        .where(
            DailyMetric.athlete_id == athlete_id,
            DailyMetric.measure.in_(measures),
            DailyMetric.day.between(start, end),
        )
        .order_by(DailyMetric.measure, DailyMetric.day)
    ).all()


def list_rows_between(
    session: Session, athlete_id: int, measures: Collection[str], first: date, before: date
) -> Sequence[DailyMetric]:
    """Stored rows of ``measures`` on days ``first`` .. the day before ``before``."""
    return session.scalars(
        select(DailyMetric).where(
            DailyMetric.athlete_id == athlete_id,
            DailyMetric.measure.in_(measures),
            DailyMetric.day >= first,
            DailyMetric.day < before,
        )
    ).all()


def list_series_ends(session: Session) -> list[SeriesEnd]:
    """Each active athlete who has a series to keep (an activity or a start date), with the last
    stored day; one index probe per athlete, never a scan of the stored series."""
    last_day = (
        select(DailyMetric.day)
        .where(
            DailyMetric.athlete_id == User.id,
            DailyMetric.measure == ALWAYS_COMPUTED_MEASURE,
        )
        .order_by(DailyMetric.day.desc())
        .limit(1)
        .correlate(User)
        .scalar_subquery()
    )
    has_activity = exists().where(Activity.athlete_id == User.id)
    has_start = exists().where(
        AthleteProfile.user_id == User.id, AthleteProfile.series_start.is_not(None)
    )
    rows = session.execute(
        select(User.id, User.timezone, last_day)
        .where(User.role == Role.ATHLETE, User.is_active, or_(has_activity, has_start))
        .order_by(User.id)
    ).all()
    return [SeriesEnd(*row) for row in rows]


def count_rows(
    session: Session, athlete_id: int, measures: Collection[str], start: date, before: date
) -> int:
    """Stored rows of ``measures`` on days ``start`` .. the day before ``before``."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(DailyMetric)
            .where(
                DailyMetric.athlete_id == athlete_id,
                DailyMetric.measure.in_(measures),
                DailyMetric.day >= start,
                DailyMetric.day < before,
            )
        )
        or 0
    )
