"""The alerts inbox: the warnings sent to the reader, one entry per warning with each channel's
delivery, open ones first and the most severe first among them. Only warnings the reader may
still see are listed: their own, and an athlete's while the link is active (symptom warnings
while the athlete shares them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from service.athletes.access import may_see_finding
from service.athletes.queries import list_visible_athletes
from service.dashboard import queries
from service.dashboard.service import SEVERITY_RANK
from service.models import Alert, Finding, User

INBOX_SIZE = 200
"""The newest alerts read; older ones stay in the athlete's warnings history."""


@dataclass
class InboxItem:
    finding: Finding
    athlete: User
    deliveries: list[Alert] = field(default_factory=list)
    seen: bool = False  # by the reader: each person marks their own

    @property
    def is_open(self) -> bool:
        return not self.seen


def inbox(session: Session, reader: User) -> list[InboxItem]:
    """The reader's alerts grouped by warning: open ones first, then the newest first."""
    links = {athlete.id: link for athlete, link in list_visible_athletes(session, reader.id)}
    items: dict[int, InboxItem] = {}
    for alert, finding, athlete in queries.list_alerts_of(session, reader.id, INBOX_SIZE):
        if not may_see_finding(reader.id, finding, links.get(athlete.id)):
            continue
        item = items.setdefault(finding.id, InboxItem(finding, athlete))
        item.deliveries.append(alert)
    seen = queries.list_seen_ids(session, reader.id, list(items))
    for item in items.values():
        item.seen = item.finding.id in seen
    listed = list(items.values())
    listed.sort(key=lambda item: (item.finding.day, item.finding.id), reverse=True)
    listed.sort(key=lambda item: -SEVERITY_RANK.get(item.finding.severity, 0))
    return sorted(listed, key=lambda item: not item.is_open)


def counts(items: Sequence[InboxItem]) -> tuple[int, int]:
    """(open, seen)"""
    open_count = sum(1 for item in items if item.is_open)
    return open_count, len(items) - open_count


@dataclass(frozen=True)
class InboxFilter:
    """What the inbox shows: all or only the open warnings, of one athlete, of one severity.
    Read from the page's GET parameters and written back into every link and form of the page;
    an unknown athlete or severity filters nothing."""

    show: str = "all"
    athlete_id: int | None = None
    severity: str | None = None

    @classmethod
    def parse(cls, show: str, athlete: str, severity: str) -> InboxFilter:
        athlete_id = int(athlete) if athlete.isdigit() and len(athlete) < 12 else None
        return cls(
            show="open" if show == "open" else "all",
            athlete_id=athlete_id,
            severity=severity if severity in SEVERITY_RANK else None,
        )

    def matches(self, item: InboxItem) -> bool:
        """Athlete and severity (not ``show``: the tabs count both open and seen)."""
        return (self.athlete_id is None or item.athlete.id == self.athlete_id) and (
            self.severity is None or item.finding.severity == self.severity
        )

    def shows(self, item: InboxItem) -> bool:
        return self.matches(item) and (self.show == "all" or item.is_open)

    def query(self, **changes: str) -> str:
        """The page's query string with ``changes`` (``show``, ``athlete``, ``severity``)."""
        params = {
            "show": self.show,
            "athlete": str(self.athlete_id) if self.athlete_id is not None else "",
            "severity": self.severity or "",
        } | changes
        return urlencode({name: value for name, value in params.items() if value})

    @property
    def is_narrowed(self) -> bool:
        return self.athlete_id is not None or self.severity is not None


def athletes_in(items: Sequence[InboxItem]) -> list[User]:
    """The athletes the reader's inbox holds warnings of, by name (the athlete filter's choices)."""
    found = {item.athlete.id: item.athlete for item in items}
    return sorted(found.values(), key=lambda athlete: (athlete.display_name or "", athlete.id))


def open_ids(items: Sequence[InboxItem], chosen: InboxFilter) -> list[int]:
    """The findings "mark all as seen" marks: the open ones the filter shows, no others."""
    return [item.finding.id for item in items if chosen.matches(item) and item.is_open]
