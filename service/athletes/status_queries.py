"""The SQL of the athletes' stored status (``status.py``): what it is built from, and the rows."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func, literal_column, null, select
from sqlalchemy.orm import Session

from service.db import dialect_insert
from service.models import AthleteStatus, Checkin, DailyMetric, Finding, User


class RunningDay(NamedTuple):
    """The columns of a stored day of running distance that the status reads."""

    athlete_id: int
    day: date
    load: float | None
    session_spike_pct: float | None
    week_change_pct: float | None
    longest_session_30d: float | None


class PainRow(NamedTuple):
    athlete_id: int
    day: date
    region: str
    morning_pain: float | None
    pain_during: float | None
    pain_after: float | None
    pain_week: float | None
    red_flags: list[str]


class RecentFinding(NamedTuple):
    id: int
    athlete_id: int
    rule: str
    severity: str
    day: date


def lock_athletes(session: Session, athlete_ids: Collection[int]) -> list[tuple[int, str]]:
    """(id, time zone) of the athletes among ``athlete_ids``, their rows locked in id order, so
    two transactions building one athlete's status run one after the other and the later one
    sees what the earlier one changed."""
    rows = session.execute(
        select(User.id, User.timezone)
        .where(User.id.in_(athlete_ids))
        .order_by(User.id)
        .with_for_update()
    )
    return [(athlete_id, timezone) for athlete_id, timezone in rows]


def list_running_days(
    session: Session, athlete_ids: Collection[int], measure: str, start: date, end: date
) -> list[RunningDay]:
    rows = session.execute(
        select(
            DailyMetric.athlete_id,
            DailyMetric.day,
            DailyMetric.load,
            DailyMetric.session_spike_pct,
            DailyMetric.week_change_pct,
            DailyMetric.longest_session_30d,
        )
        .where(
            DailyMetric.athlete_id.in_(athlete_ids),
            DailyMetric.measure == measure,
            DailyMetric.day.between(start, end),
        )
        .order_by(DailyMetric.athlete_id, DailyMetric.day)
    )
    return [RunningDay(*row) for row in rows]


def list_pain_rows(
    session: Session, athlete_ids: Collection[int], start: date, end: date
) -> list[PainRow]:
    rows = session.execute(
        select(
            Checkin.athlete_id,
            Checkin.day,
            Checkin.region,
            Checkin.morning_pain,
            Checkin.pain_during,
            Checkin.pain_after,
            Checkin.pain_week,
            Checkin.red_flags,
        )
        .where(Checkin.athlete_id.in_(athlete_ids), Checkin.day.between(start, end))
        .order_by(Checkin.athlete_id, Checkin.day, Checkin.id)
    )
    return [PainRow(*row) for row in rows]


def last_checkin_days(session: Session, athlete_ids: Collection[int], end: date) -> dict[int, date]:
    rows = session.execute(
        select(Checkin.athlete_id, func.max(Checkin.day))
        .where(Checkin.athlete_id.in_(athlete_ids), Checkin.day <= end)
        .group_by(Checkin.athlete_id)
    )
    return {athlete_id: day for athlete_id, day in rows if day is not None}


def list_recent_findings(
    session: Session, athlete_ids: Collection[int], since: date
) -> list[RecentFinding]:
    rows = session.execute(
        select(Finding.id, Finding.athlete_id, Finding.rule, Finding.severity, Finding.day).where(
            Finding.athlete_id.in_(athlete_ids), Finding.day >= since
        )
    )
    return [RecentFinding(*row) for row in rows]


def upsert_statuses(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    insert = dialect_insert(session, AthleteStatus).values(list(rows))
    columns = [c for c in rows[0] if c != "athlete_id"]
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["athlete_id"], set_={c: insert.excluded[c] for c in columns}
        )
    )


class StatusStamp(NamedTuple):
    """What says whether a stored row is current, and which content it holds."""

    athlete_id: int
    built_for: date
    format: int
    digest: str | None
    """A digest of the whole row (every column); None where the database has none (SQLite)."""


def status_digest(session: Session) -> ColumnElement[Any]:
    """A digest of a whole ``athlete_status`` row in a statement that reads the table."""
    if session.get_bind().dialect.name == "postgresql":
        return literal_column("md5(athlete_status::text)")
    return null()


def list_status_stamps(session: Session, athlete_ids: Collection[int]) -> list[StatusStamp]:
    """The stamp of each stored row: a few bytes each instead of the row's lists."""
    if not athlete_ids:
        return []
    table = AthleteStatus.__table__
    rows = session.execute(
        select(table.c.athlete_id, table.c.built_for, table.c.format, status_digest(session)).where(
            table.c.athlete_id.in_(athlete_ids)
        )
    )
    return [StatusStamp(*row) for row in rows]


def list_statuses(session: Session, athlete_ids: Collection[int]) -> list[dict[str, Any]]:
    """The stored rows as plain mappings, each with the ``digest`` of its stamp."""
    if not athlete_ids:
        return []
    table = AthleteStatus.__table__
    rows = session.execute(
        select(table, status_digest(session).label("digest")).where(
            table.c.athlete_id.in_(athlete_ids)
        )
    )
    return [dict(row) for row in rows.mappings()]
