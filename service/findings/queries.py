"""All SQL of the findings feature: stored findings, policies and their change log, and what an
evaluation reads besides activities and check-ins (missing days, connections)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from service.db import dialect_insert
from service.models import (
    AthletePolicy,
    Connection,
    ConnectionState,
    Finding,
    FindingSeen,
    PolicyChange,
    User,
)
from service.models.missing_days import MissingDay

SYNC_STALE_RULE = "data.sync_stale"
FINDING_KEY = ("athlete_id", "rule", "region", "subject", "period_key")

UNWATCHED_STATES = (
    ConnectionState.CONNECTING,
    ConnectionState.MFA_REQUIRED,
    ConnectionState.DISCONNECTED,
)
"""Connections whose silence says nothing: not yet connected, or switched off."""


def insert_findings_once(session: Session, rows: Sequence[dict[str, Any]]) -> list[Finding]:
    """Store each finding unless its key exists, in one statement: the rows stored now, in the
    order of ``rows`` (nothing is updated).

    ``ON CONFLICT DO NOTHING`` makes repeats and concurrent evaluations store one row per key.
    """
    if not rows:
        return []
    statement = (
        dialect_insert(session, Finding)
        .values(list(rows))
        .on_conflict_do_nothing(index_elements=FINDING_KEY)
        .returning(Finding.id)
    )
    ids = list(session.scalars(statement))
    if not ids:
        return []
    stored = session.scalars(select(Finding).where(Finding.id.in_(ids))).all()
    order = {tuple(row[name] for name in FINDING_KEY): index for index, row in enumerate(rows)}
    return sorted(stored, key=lambda row: order[tuple(getattr(row, n) for n in FINDING_KEY)])


def get_finding(session: Session, finding_id: int) -> Finding | None:
    return session.get(Finding, finding_id)


def _visible(athlete_id: int, hidden_prefixes: Collection[str]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Finding.athlete_id == athlete_id]
    if hidden_prefixes:
        conditions.append(~or_(*(Finding.rule.startswith(p) for p in hidden_prefixes)))
    return conditions


def list_findings(
    session: Session,
    athlete_id: int,
    *,
    start: date | None = None,
    end: date | None = None,
    open_for: int | None = None,
    hidden_prefixes: Collection[str] = (),
) -> Sequence[Finding]:
    """The athlete's findings in date order, without rules starting with ``hidden_prefixes``;
    with ``open_for``, only those that person has not marked as seen."""
    conditions = _visible(athlete_id, hidden_prefixes)
    if start is not None:
        conditions.append(Finding.day >= start)
    if end is not None:
        conditions.append(Finding.day <= end)
    if open_for is not None:
        conditions.append(~seen_by(open_for))
    query = select(Finding).where(and_(*conditions))
    return session.scalars(
        query.order_by(Finding.day, Finding.rule, Finding.region, Finding.subject, Finding.id)
    ).all()


def seen_by(user_id: int) -> ColumnElement[bool]:
    """Whether ``user_id`` marked the finding of the outer query as seen."""
    return (
        select(FindingSeen.finding_id)
        .where(FindingSeen.finding_id == Finding.id, FindingSeen.user_id == user_id)
        .exists()
    )


def seen_times(session: Session, user_id: int, finding_ids: Collection[int]) -> dict[int, datetime]:
    """When ``user_id`` marked each of ``finding_ids`` as seen (only those they did)."""
    if not finding_ids:
        return {}
    rows = session.execute(
        select(FindingSeen.finding_id, FindingSeen.seen_at).where(
            FindingSeen.user_id == user_id, FindingSeen.finding_id.in_(finding_ids)
        )
    )
    return {row.finding_id: row.seen_at for row in rows}


def list_seen(session: Session, finding_id: int) -> Sequence[tuple[FindingSeen, User]]:
    """Who marked the finding as seen, and when, first first."""
    rows = session.execute(
        select(FindingSeen, User)
        .join(User, User.id == FindingSeen.user_id)
        .where(FindingSeen.finding_id == finding_id)
        .order_by(FindingSeen.seen_at, FindingSeen.user_id)
    ).all()
    return [(seen, user) for seen, user in rows]


def mark_seen(session: Session, finding_id: int, user_id: int, at: datetime) -> None:
    """Record that ``user_id`` saw the finding; a second time keeps the first."""
    statement = (
        dialect_insert(session, FindingSeen)
        .values(finding_id=finding_id, user_id=user_id, seen_at=at)
        .on_conflict_do_nothing(index_elements=("finding_id", "user_id"))
    )
    session.execute(statement)


def get_visible_finding(
    session: Session,
    athlete_id: int,
    finding_id: int,
    hidden_prefixes: Collection[str],
    *,
    for_update: bool = False,
) -> Finding | None:
    """The athlete's finding, unless its rule starts with one of ``hidden_prefixes``."""
    query = select(Finding).where(*_visible(athlete_id, hidden_prefixes), Finding.id == finding_id)
    return session.scalar(query.with_for_update() if for_update else query)


def list_missing_days(session: Session, athlete_id: int) -> set[date]:
    return set(session.scalars(select(MissingDay.day).where(MissingDay.athlete_id == athlete_id)))


def list_watched_connections(session: Session, athlete_id: int) -> Sequence[Connection]:
    """The athlete's connections whose sync state matters (see ``UNWATCHED_STATES``)."""
    return session.scalars(
        select(Connection)
        .where(Connection.athlete_id == athlete_id, Connection.state.not_in(UNWATCHED_STATES))
        .order_by(Connection.provider)
    ).all()


def list_stale_sources(
    session: Session, silent_since: datetime, told_since: date
) -> Sequence[tuple[int, str, date | None]]:
    """Each watched connection that needs re-authorisation or has been silent since before
    ``silent_since`` (or never succeeded and is older than that), as its athlete's id and time
    zone with the latest ``period_key`` of its ``data.sync_stale`` findings from ``told_since``
    on (None: none)."""
    stale = or_(
        Connection.state == ConnectionState.NEEDS_REAUTH,
        Connection.last_success_at < silent_since,
        and_(Connection.last_success_at.is_(None), Connection.created_at < silent_since),
    )
    last_told = (
        select(func.max(Finding.period_key))
        .where(
            Finding.athlete_id == Connection.athlete_id,
            Finding.rule == SYNC_STALE_RULE,
            Finding.subject == Connection.provider,
            Finding.period_key >= told_since,
        )
        .scalar_subquery()
    )
    query = (
        select(Connection.athlete_id, User.timezone, last_told)
        .join(User, User.id == Connection.athlete_id)
        .where(Connection.state.not_in(UNWATCHED_STATES), stale)
        .order_by(Connection.athlete_id)
    )
    return [(athlete_id, tz, told) for athlete_id, tz, told in session.execute(query)]


def lock_athlete(session: Session, athlete_id: int) -> User | None:
    """The athlete's row, locked: policy changes for one athlete run one at a time."""
    return session.get(User, athlete_id, with_for_update=True)


def get_policy_row(session: Session, athlete_id: int) -> AthletePolicy | None:
    return session.get(AthletePolicy, athlete_id)


def list_policy_changes(
    session: Session, athlete_id: int
) -> Sequence[tuple[PolicyChange, User | None]]:
    """The athlete's policy changes, newest first, each with who made it (None: account gone)."""
    rows = session.execute(
        select(PolicyChange, User)
        .outerjoin(User, User.id == PolicyChange.changed_by_id)
        .where(PolicyChange.athlete_id == athlete_id)
        .order_by(PolicyChange.changed_at.desc(), PolicyChange.id.desc())
    ).all()
    return [(change, user) for change, user in rows]
