"""``loadwatch demo``: a coach, a physio and athletes on the embedded default, ready to click.

Accounts are created once (the command can be run again on the same data folder), the
coach and physio are linked to the athletes with their consent, and the service is started.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from service.accounts import queries as account_queries
from service.accounts.service import create_user
from service.athletes import queries as athlete_queries
from service.models import AthleteProfile, CoachLink, LinkStatus, Role, User
from service.models.base import utcnow

DEMO_PASSWORD = "loadwatch-demo"  # noqa: S105  (printed to whoever runs the demo)


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: Role
    locale: str = "en"
    sex: str | None = None
    flags: tuple[str, ...] = ()
    shares_symptoms: bool = True


STAFF = (
    DemoPerson("coach@demo.loadwatch", "Carla Coach", Role.COACH, "nl"),
    DemoPerson("physio@demo.loadwatch", "Pieter Physio", Role.PHYSIO, "nl"),
)
ATHLETES = (
    DemoPerson(
        "anna@demo.loadwatch",
        "Anna de Vries",
        Role.ATHLETE,
        "nl",
        "female",
        ("previous_achilles_tendinopathy",),
    ),
    DemoPerson("ben@demo.loadwatch", "Ben Jansen", Role.ATHLETE, "en", "male"),
)


def _ensure_user(session: Session, person: DemoPerson) -> User:
    existing = account_queries.get_user_by_email(session, person.email)
    if existing is not None:
        return existing
    user = create_user(
        session,
        email=person.email,
        password=DEMO_PASSWORD,
        role=person.role,
        display_name=person.name,
        locale=person.locale,
    )
    if person.role is Role.ATHLETE:
        session.flush()
        profile = session.get(AthleteProfile, user.id) or AthleteProfile(user_id=user.id)
        session.add(profile)
        profile.sex = person.sex
        profile.flags = list(person.flags)
    return user


def _ensure_link(session: Session, athlete: User, staff: User, share: bool) -> None:
    if athlete_queries.get_link_between(session, athlete_id=athlete.id, staff_id=staff.id):
        return
    session.add(
        CoachLink(
            athlete_id=athlete.id,
            staff_id=staff.id,
            invited_by_id=athlete.id,
            status=LinkStatus.ACTIVE,
            share_symptoms=share,
            accepted_at=utcnow(),
        )
    )


def seed(session: Session) -> list[DemoPerson]:
    """Create the demo people and their links; returns who can sign in."""
    staff = [_ensure_user(session, p) for p in STAFF]
    for person in ATHLETES:
        athlete = _ensure_user(session, person)
        for member in staff:
            _ensure_link(session, athlete, member, person.shares_symptoms)
    session.flush()
    return [*STAFF, *ATHLETES]


def login_table(people: list[DemoPerson], base_url: str) -> str:
    lines = [f"loadwatch demo at {base_url}  (password for everyone: {DEMO_PASSWORD})", ""]
    lines += [f"  {p.role.value:<8} {p.email:<28} {p.name}" for p in people]
    return "\n".join(lines)
