"""The outbox: a stored finding's alerts, written in the transaction that stores the finding.

One alert per recipient and channel: the athlete, and each coach or physio with an active link
(for symptom findings only when the athlete shares symptoms), on the channels each of them chose,
when the finding is at least as severe as they asked for. Quiet hours are left to delivery,
which knows the hour the alert actually goes out.

The rows are inserted with "on conflict do nothing" on (finding, recipient, channel), so a second
writer — a repeated task, or two workers evaluating the same finding at once — adds nothing.
``alerts.deliver`` is enqueued after the commit; the beat sweep finds anything the broker lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from service.alerts import preferences, queries
from service.athletes.access import may_see_finding
from service.clock import utcnow
from service.models import Alert, CoachLink, Finding, User
from service.queue import enqueue
from service.task_names import TaskName
from service.training.findings import Severity

CHANNEL_ORDER = ("email", "push", "apprise")


@dataclass(frozen=True, slots=True)
class Recipient:
    user: User
    is_athlete: bool


def recipients(session: Session, finding: Finding) -> list[Recipient]:
    """The athlete and every actively linked coach or physio allowed to see this finding."""
    return _audience(session, finding.athlete_id).of(finding)


@dataclass(frozen=True, slots=True)
class _Audience:
    """Who may hear about one athlete's findings: the athlete and the actively linked staff."""

    athlete: User | None
    staff: Sequence[tuple[User, CoachLink]]

    def of(self, finding: Finding) -> list[Recipient]:
        found: list[Recipient] = []
        if self.athlete is not None and self.athlete.is_active:
            found.append(Recipient(self.athlete, True))
        for staff, link in self.staff:
            if may_see_finding(staff.id, finding, link):
                found.append(Recipient(staff, False))
        return found

    def user_ids(self) -> set[int]:
        ids = {staff.id for staff, _ in self.staff}
        return ids | ({self.athlete.id} if self.athlete is not None else set())


def _audience(session: Session, athlete_id: int) -> _Audience:
    return _Audience(
        queries.get_user(session, athlete_id), queries.active_staff_links(session, athlete_id)
    )


def write_alerts(
    session: Session, finding: Finding, *, now: datetime | None = None, deliver: bool = True
) -> list[Alert]:
    """Write the finding's alerts (call in the transaction that stored the finding), due at
    ``now``: the findings of one evaluation share it, so delivery sends them as one message.
    ``deliver=False`` leaves enqueueing ``alerts.deliver`` to the caller (once per evaluation).

    Returns the alerts this call inserted; alerts that already existed are not returned.
    """
    return write_alerts_for(session, [finding], now=now, deliver=deliver)


def write_alerts_for(
    session: Session,
    findings: Sequence[Finding],
    *,
    now: datetime | None = None,
    deliver: bool = True,
) -> list[Alert]:
    """:func:`write_alerts` for several findings of one athlete at once (an evaluation's new
    findings): the recipients, their preferences and destinations are read once, and every
    alert is inserted by one statement."""
    if not findings:
        return []
    athletes = {finding.athlete_id for finding in findings}
    if len(athletes) != 1:
        raise ValueError("write_alerts_for takes the findings of one athlete")
    audience = _audience(session, athletes.pop())
    ids = audience.user_ids()
    prefs = preferences.load_many(session, ids)
    with_push = queries.users_with_push(session, ids)
    with_apprise = queries.users_with_apprise(session, ids)
    now = now or utcnow()
    rows = [
        {
            "finding_id": finding.id,
            "recipient_id": person.user.id,
            "channel": channel,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
        }
        for finding in findings
        for person in audience.of(finding)
        if prefs[person.user.id].wants(Severity(finding.severity))
        for channel in _channels(prefs[person.user.id], person.user, with_push, with_apprise)
    ]
    alerts = queries.insert_alerts(session, rows)
    if rows and deliver:
        enqueue(session, TaskName.ALERTS_DELIVER, finding_id=findings[0].id)
    return list(alerts)


def _channels(
    prefs: preferences.Preferences, user: User, with_push: set[int], with_apprise: set[int]
) -> Sequence[str]:
    reachable = {
        "email": user.email_verified,  # health data only to an address proved to be theirs
        "push": user.id in with_push,
        "apprise": user.id in with_apprise,
    }
    return [c for c in CHANNEL_ORDER if prefs.channel_enabled(c) and reachable[c]]
