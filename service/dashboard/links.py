"""Links between athletes and their coaches or physios, as the invitations and privacy pages
show them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from service.athletes import queries as athlete_queries
from service.clock import utcnow
from service.dashboard import queries
from service.models import AuditEntry, CoachLink, LinkStatus, User
from service.security import token_hash

RECENT_ACCESS_SHOWN = 20


@dataclass(frozen=True)
class LinkView:
    """One link from the reader's side: who is on the other end and what the reader may do."""

    link: CoachLink
    other: User | None  # None for an invite link nobody accepted, or an email nobody signed up
    reader_invited: bool

    @property
    def waiting_for_reader(self) -> bool:
        return self.link.status == LinkStatus.PENDING and not self.reader_invited

    @property
    def is_active(self) -> bool:
        return self.link.status == LinkStatus.ACTIVE

    @property
    def is_open(self) -> bool:
        return self.link.status in (LinkStatus.PENDING, LinkStatus.ACTIVE)


def link_views(session: Session, reader: User) -> list[LinkView]:
    links = athlete_queries.list_links_of(session, reader)
    others = {
        other_id
        for link in links
        for other_id in (link.athlete_id, link.staff_id)
        if other_id is not None and other_id != reader.id
    }
    people = athlete_queries.users_by_ids(session, others)
    return [_view(link, reader, people) for link in links]


def _view(link: CoachLink, reader: User, people: dict[int, User]) -> LinkView:
    other_id = link.staff_id if link.athlete_id == reader.id else link.athlete_id
    other = people.get(other_id) if other_id is not None else None
    return LinkView(link, other, link.invited_by_id == reader.id)


@dataclass(frozen=True)
class Invite:
    """A coach's or physio's invite link, looked at before anyone accepts it."""

    link: CoachLink
    staff: User


def find_invite(session: Session, plain: str, now: datetime | None = None) -> Invite | None:
    """The open invite behind ``plain``, or None when it is unknown, used or expired."""
    link = athlete_queries.get_link_by_token(session, token_hash(plain))
    now = now or utcnow()
    if (
        link is None
        or link.status != LinkStatus.PENDING
        or link.athlete_id is not None
        or link.staff_id is None
        or (link.expires_at is not None and link.expires_at <= now)
    ):
        return None
    staff = athlete_queries.users_by_ids(session, {link.staff_id}).get(link.staff_id)
    return Invite(link, staff) if staff is not None else None


@dataclass(frozen=True)
class AccessView:
    entry: AuditEntry
    actor: User | None


def recent_access(session: Session, athlete: User) -> list[AccessView]:
    entries: Sequence[AuditEntry] = queries.list_recent_access(
        session, athlete.id, RECENT_ACCESS_SHOWN
    )
    actors = athlete_queries.users_by_ids(
        session, {e.actor_id for e in entries if e.actor_id is not None}
    )
    return [AccessView(e, actors.get(e.actor_id or 0)) for e in entries]
