"""The SQL of digests and check-in reminders (the outbox's own SQL is in ``queries.py``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from service.models import Checkin, DailyMetric, Finding, FindingSeen, User
from service.models.notifications import NotificationPreference


def active_timezones(session: Session, roles: Collection[str]) -> list[str]:
    query = select(User.timezone).where(User.is_active.is_(True), User.role.in_(list(roles)))
    return sorted(set(session.scalars(query.distinct())))


def users_for_notice(
    session: Session, timezone: str, roles: Collection[str], toggle: str
) -> list[int]:
    """Active users in ``timezone`` with one of ``roles`` whose ``toggle`` preference is on (a
    user without a preferences row has every toggle at its default: on)."""
    column = getattr(NotificationPreference, toggle)
    query = (
        select(User.id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(
            User.is_active.is_(True),
            User.role.in_(list(roles)),
            User.timezone == timezone,
            or_(NotificationPreference.user_id.is_(None), column.is_(True)),
        )
        .order_by(User.id)
    )
    return list(session.scalars(query))


def athletes_with_weekly_checkin(
    session: Session, athlete_ids: Collection[int], start: date, end: date
) -> set[int]:
    if not athlete_ids:
        return set()
    query = select(Checkin.athlete_id).where(
        Checkin.athlete_id.in_(list(athlete_ids)),
        Checkin.kind == "weekly",
        Checkin.day >= start,
        Checkin.day <= end,
    )
    return set(session.scalars(query.distinct()))


def open_findings(
    session: Session, athlete_ids: Collection[int], since: date, reader_id: int
) -> Sequence[Finding]:
    """Findings from ``since`` on that ``reader_id`` has not marked as seen (someone else's
    "seen" is theirs alone)."""
    if not athlete_ids:
        return []
    seen = select(FindingSeen.finding_id).where(
        FindingSeen.finding_id == Finding.id, FindingSeen.user_id == reader_id
    )
    query = select(Finding).where(
        Finding.athlete_id.in_(list(athlete_ids)),
        ~seen.exists(),
        Finding.day >= since,
    )
    return session.scalars(query.order_by(Finding.day, Finding.id)).all()


def running_km(
    session: Session, athlete_ids: Collection[int], start: date, end: date
) -> dict[int, float]:
    """Running km per athlete over ``start..end`` from the stored daily series; an athlete with
    no recorded day in the range is absent (no data is not zero km)."""
    if not athlete_ids:
        return {}
    query = (
        select(DailyMetric.athlete_id, func.sum(DailyMetric.load), func.count(DailyMetric.load))
        .where(
            DailyMetric.athlete_id.in_(list(athlete_ids)),
            DailyMetric.measure == "distance_km",
            DailyMetric.day >= start,
            DailyMetric.day <= end,
        )
        .group_by(DailyMetric.athlete_id)
    )
    return {athlete: float(total or 0) for athlete, total, days in session.execute(query) if days}


@dataclass(frozen=True, slots=True)
class PainAnswer:
    athlete_id: int
    day: date
    worst: float


def pain_answers(
    session: Session, athlete_ids: Collection[int], start: date, end: date
) -> list[PainAnswer]:
    """The highest pain (0–10, any pain field) of each check-in in ``start..end``."""
    if not athlete_ids:
        return []
    query = select(
        Checkin.athlete_id,
        Checkin.day,
        Checkin.morning_pain,
        Checkin.pain_during,
        Checkin.pain_after,
        Checkin.pain_week,
    ).where(Checkin.athlete_id.in_(list(athlete_ids)), Checkin.day >= start, Checkin.day <= end)
    answers = []
    for athlete_id, day, *values in session.execute(query):
        present = [float(v) for v in values if v is not None]
        if present:
            answers.append(PainAnswer(athlete_id, day, max(present)))
    return answers
