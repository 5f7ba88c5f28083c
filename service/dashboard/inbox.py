"""The alerts inbox: the warnings sent to the reader, one entry per warning with each channel's
delivery, open ones first and the most severe first among them. Only warnings the reader may
still see are listed: their own, and an athlete's while the link is active (symptom warnings
while the athlete shares them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
