"""All SQL of the athletes feature."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from service.models import AthleteProfile, CoachLink, LinkStatus, User


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_active_link(session: Session, *, athlete_id: int, staff_id: int) -> CoachLink | None:
    return session.scalar(
        select(CoachLink).where(
            CoachLink.athlete_id == athlete_id,
            CoachLink.staff_id == staff_id,
            CoachLink.status == LinkStatus.ACTIVE,
        )
    )


def get_link_between(session: Session, *, athlete_id: int, staff_id: int) -> CoachLink | None:
    return session.scalar(
        select(CoachLink)
        .where(CoachLink.athlete_id == athlete_id, CoachLink.staff_id == staff_id)
        .with_for_update()
    )


def get_link(session: Session, link_id: int) -> CoachLink | None:
    return session.get(CoachLink, link_id, with_for_update=True)


def get_link_by_token(session: Session, token_hash: str) -> CoachLink | None:
    return session.scalar(
        select(CoachLink).where(CoachLink.invite_token_hash == token_hash).with_for_update()
    )


def list_links_of(session: Session, user: User) -> Sequence[CoachLink]:
    """Links where the user is a party (or the invited email), newest first."""
    return session.scalars(
        select(CoachLink)
        .where(
            or_(
                CoachLink.athlete_id == user.id,
                CoachLink.staff_id == user.id,
                CoachLink.invited_by_id == user.id,
            )
        )
        .order_by(CoachLink.id.desc())
    ).all()


def get_link_to_address(session: Session, athlete_id: int, email: str) -> CoachLink | None:
    """The athlete's latest invitation to ``email``."""
    return session.scalar(
        select(CoachLink)
        .where(CoachLink.athlete_id == athlete_id, CoachLink.invite_email == email)
        .order_by(CoachLink.id.desc())
        .limit(1)
    )


def list_email_invites(session: Session, email: str) -> Sequence[CoachLink]:
    return session.scalars(
        select(CoachLink).where(
            CoachLink.invite_email == email,
            CoachLink.staff_id.is_(None),
            CoachLink.status == LinkStatus.PENDING,
        )
    ).all()


def visible_to(staff_id: int) -> tuple[ColumnElement[bool], ...]:
    """The athletes a coach or physio sees: an active link to them, an active account."""
    return (
        CoachLink.staff_id == staff_id,
        CoachLink.status == LinkStatus.ACTIVE,
        User.is_active.is_(True),
    )


def list_visible_athletes(session: Session, staff_id: int) -> Sequence[tuple[User, CoachLink]]:
    rows = session.execute(
        select(User, CoachLink)
        .join(CoachLink, CoachLink.athlete_id == User.id)
        .where(*visible_to(staff_id))
        .order_by(User.display_name, User.id)
    ).all()
    return [(user, link) for user, link in rows]


class VisibleAthlete(NamedTuple):
    """The columns of a visible athlete and their link that the roster reads."""

    id: int
    display_name: str
    timezone: str
    share_symptoms: bool


def get_profile(session: Session, athlete_id: int) -> AthleteProfile | None:
    return session.get(AthleteProfile, athlete_id)


def users_by_ids(session: Session, ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}
