"""All SQL of the check-ins feature."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.checkins.convert import ANSWER_COLUMNS
from service.clock import utcnow
from service.db import dialect_insert
from service.models import Checkin, EpisodeRecord

CHECKIN_KEY = ("athlete_id", "day", "kind", "region")


def insert_checkin(session: Session, values: dict[str, Any]) -> int | None:
    """Store a new check-in; None when one with the same athlete, day, kind and region exists."""
    now = utcnow()
    statement = (
        dialect_insert(session, Checkin)
        .values(**values, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=CHECKIN_KEY)
        .returning(Checkin.id)
    )
    return session.scalar(statement)


def upsert_checkin(session: Session, values: dict[str, Any]) -> int:
    """Store a check-in or correct the one with the same key: every answer is replaced."""
    now = utcnow()
    insert = dialect_insert(session, Checkin).values(**values, created_at=now, updated_at=now)
    replaced = {name: insert.excluded[name] for name in ANSWER_COLUMNS}
    statement = insert.on_conflict_do_update(
        index_elements=CHECKIN_KEY, set_={**replaced, "updated_at": now}
    ).returning(Checkin.id)
    return session.scalars(statement).one()


def get_checkin(session: Session, checkin_id: int) -> Checkin:
    """The row as stored now (fresh from the database, not an earlier copy in the session)."""
    return session.scalars(
        select(Checkin).where(Checkin.id == checkin_id).execution_options(populate_existing=True)
    ).one()


def list_checkins(
    session: Session, athlete_id: int, start: date | None = None, end: date | None = None
) -> Sequence[Checkin]:
    """The athlete's check-ins from ``start`` to ``end`` (inclusive), by day, kind and region."""
    query = select(Checkin).where(Checkin.athlete_id == athlete_id)
    if start is not None:
        query = query.where(Checkin.day >= start)
    if end is not None:
        query = query.where(Checkin.day <= end)
    return session.scalars(query.order_by(Checkin.day, Checkin.kind, Checkin.region)).all()


def list_episode_records(session: Session, athlete_id: int) -> Sequence[EpisodeRecord]:
    """What was recorded about the athlete's injury episodes, by region and opening day."""
    query = select(EpisodeRecord).where(EpisodeRecord.athlete_id == athlete_id)
    return session.scalars(query.order_by(EpisodeRecord.region, EpisodeRecord.opened)).all()


def get_episode_record(
    session: Session, athlete_id: int, region: str, opened: date
) -> EpisodeRecord | None:
    return session.scalars(
        select(EpisodeRecord).where(
            EpisodeRecord.athlete_id == athlete_id,
            EpisodeRecord.region == region,
            EpisodeRecord.opened == opened,
        )
    ).one_or_none()
