"""Links between athletes and their coaches or physios, as the invitations and privacy pages
show them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from service.athletes import queries as athlete_queries
from service.clock import utcnow
from service.dashboard import queries
from service.dashboard.labels import access_label
from service.models import AuditEntry, CoachLink, LinkStatus, User
from service.security import token_hash

RECENT_ACCESS_SHOWN = 20
VISIT_GAP = timedelta(minutes=30)
"""Reads by one person less than this apart are one visit on the privacy page."""
VISIT_ENTRIES_READ = 400
"""The newest log entries read to make the latest visits (one visit is often 4 or 5 reads)."""


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
    if link.status == LinkStatus.PENDING and link.invited_by_id == reader.id == link.athlete_id:
        other = None  # the address is shown; whose account it is, only once they accept
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


@dataclass(frozen=True)
class Visit:
    """One person's visit to the athlete's data: their reads no more than :data:`VISIT_GAP`
    apart, with when it began and ended, how many reads and pages, and what was opened."""

    actor: User | None
    first: datetime
    last: datetime
    reads: int
    pages: (
        int  # the reads that were pages (the rest are the API calls of their charts, or a client's)
    )
    what: tuple[str, ...]  # the labels (msgids) of what was opened, each once


def recent_visits(session: Session, athlete: User) -> list[Visit]:
    """The latest visits by others, the latest start first: each person's reads grouped apart
    from anyone else's (two staff looking at the same time are two visits)."""
    entries = queries.list_recent_access(session, athlete.id, VISIT_ENTRIES_READ)
    actors = athlete_queries.users_by_ids(
        session, {e.actor_id for e in entries if e.actor_id is not None}
    )
    return group_visits([AccessView(e, actors.get(e.actor_id or 0)) for e in entries])[
        :RECENT_ACCESS_SHOWN
    ]


def group_visits(views: Sequence[AccessView]) -> list[Visit]:
    """Each actor's reads in time order, cut where two reads are more than the gap apart."""
    groups: list[list[AccessView]] = []
    open_group: dict[int | None, list[AccessView]] = {}
    for view in sorted(views, key=lambda v: (v.entry.at, v.entry.id)):
        current = open_group.get(view.entry.actor_id)
        if current is None or view.entry.at - current[-1].entry.at > VISIT_GAP:
            current = []
            groups.append(current)
            open_group[view.entry.actor_id] = current
        current.append(view)
    visits = [_visit(group) for group in groups]
    return sorted(visits, key=lambda visit: visit.first, reverse=True)


def _visit(group: list[AccessView]) -> Visit:
    what = tuple(dict.fromkeys(access_label(view.entry.resource) for view in group))
    pages = sum(1 for view in group if not view.entry.resource.startswith("/api/"))
    first, last = group[0].entry.at, group[-1].entry.at
    return Visit(group[0].actor, first, last, len(group), pages, what)
