"""Reading findings and what a person does with one (acknowledge it, snooze its alerts); the
policy as a person sees it. Nothing here commits.

Every action first finds the finding as the caller may see it (:func:`visible_finding`): a
linked coach or physio sees a symptom rule's finding only while the athlete shares symptoms
(:func:`service.athletes.access.hidden_rules`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from service.alerts import service as alerts
from service.alerts.reading import finding_message
from service.athletes.access import AthleteAccess, hidden_rules, shows_finding
from service.athletes.queries import get_profile
from service.clock import utcnow
from service.errors import NotFound, Unprocessable
from service.findings import policies, queries
from service.findings.history import athlete_params
from service.findings.schemas import (
    FindingOut,
    Message,
    ParameterOut,
    PartyOut,
    PolicyChangeItem,
    PolicyChangeOut,
    PolicyOut,
)
from service.models import Finding, User
from service.training.policy import Policy, describe_policy


def finding_out(row: Finding, access: AthleteAccess, seen_at: datetime | None = None) -> FindingOut:
    """The finding as ``access.viewer`` reads it: the message addressed to the athlete, or
    about the athlete by name for a coach or physio; ``acknowledged``: whether the reader marked
    it as seen (each person marks their own)."""
    reader_id, name = access.viewer.id, access.athlete.display_name
    return FindingOut(
        id=row.id,
        rule=row.rule,
        severity=row.severity,
        date=row.day,
        region=row.region or None,
        subject=row.subject or None,
        values=row.values,
        message=Message(
            en=finding_message(row, "en", reader_id, name),
            nl=finding_message(row, "nl", reader_id, name),
        ),
        source=row.source,
        acknowledged=seen_at is not None,
        acknowledged_at=seen_at,
        acknowledged_by_id=reader_id if seen_at is not None else None,
        created_at=row.created_at,
    )


def list_findings(
    session: Session,
    access: AthleteAccess,
    start: date | None,
    end: date | None,
    open_only: bool,
) -> Sequence[Finding]:
    if start is not None and end is not None and end < start:
        raise Unprocessable("invalid_range", "end must not be before start")
    return queries.list_findings(
        session,
        access.athlete.id,
        start=start,
        end=end,
        open_for=access.viewer.id if open_only else None,
        hidden_prefixes=hidden_rules(access.sees_symptoms),
    )


def visible_finding(
    session: Session, access: AthleteAccess, finding_id: int, *, for_update: bool = False
) -> Finding:
    """The athlete's finding if the caller may see it; else 404 (ids do not leak)."""
    row = queries.get_visible_finding(
        session,
        access.athlete.id,
        finding_id,
        hidden_rules(access.sees_symptoms),
        for_update=for_update,
    )
    if row is None:
        raise NotFound("finding_not_found")
    return row


def seen_times(session: Session, reader: User, findings: Iterable[Finding]) -> dict[int, datetime]:
    """When ``reader`` marked each of ``findings`` as seen (only those they did)."""
    return queries.seen_times(session, reader.id, [f.id for f in findings])


def list_seen(session: Session, finding: Finding) -> Sequence[tuple[datetime, User]]:
    """Who marked the finding as seen, and when, first first."""
    return [(seen.seen_at, user) for seen, user in queries.list_seen(session, finding.id)]


def acknowledge_finding(session: Session, access: AthleteAccess, finding_id: int) -> Finding:
    """Mark the finding seen by the caller, for the caller only: it stays open for the athlete
    and the other staff until each marks it. A second acknowledgement keeps the first."""
    row = visible_finding(session, access, finding_id, for_update=True)
    now = utcnow()
    queries.mark_seen(session, row.id, access.viewer.id, now)
    if row.acknowledged_at is None:
        row.acknowledged_at = now
        row.acknowledged_by_id = access.viewer.id
    session.flush()
    return row


def acknowledge_listed(session: Session, reader: User, findings: Iterable[Finding]) -> int:
    """Mark each of ``findings`` seen by ``reader`` only ("mark all as seen" in the inbox, which
    lists only findings the reader may see); how many were marked."""
    now = utcnow()
    marked = 0
    for row in findings:
        queries.mark_seen(session, row.id, reader.id, now)
        if row.acknowledged_at is None:
            row.acknowledged_at = now
            row.acknowledged_by_id = reader.id
        marked += 1
    session.flush()
    return marked


def snooze_finding(
    session: Session, access: AthleteAccess, finding_id: int, until: datetime
) -> datetime:
    """Remind the caller of the finding at ``until``: their alerts of it go out again then, on
    the channels that had it (:func:`service.alerts.service.snooze`)."""
    row = visible_finding(session, access, finding_id, for_update=True)
    return alerts.snooze(session, row, access.viewer, until)


def policy_out(session: Session, access: AthleteAccess, policy: Policy | None = None) -> PolicyOut:
    """Every parameter with value, default, range, who may change it and its evidence."""
    row = queries.get_policy_row(session, access.athlete.id)
    if policy is None:
        policy = policies.athlete_policy(session, access.athlete.id)
    role = None if access.is_self else access.viewer.role
    parameters = [
        ParameterOut(
            **item,
            may_change=role in item["changed_by"]
            and shows_finding(str(item["rule"]), access.sees_symptoms),
        )
        for item in describe_policy(policy)
    ]
    return PolicyOut(
        overrides=policies.overrides_of(policy),
        updated_at=row.updated_at if row else None,
        updated_by_id=row.updated_by_id if row else None,
        parameters=parameters,
    )


def update_policy(session: Session, access: AthleteAccess, overrides: object) -> PolicyOut:
    athlete = athlete_params(access.athlete, get_profile(session, access.athlete.id))
    policy = policies.update_policy(session, access, overrides, athlete)
    return policy_out(session, access, policy)


def policy_history(session: Session, access: AthleteAccess) -> list[PolicyChangeOut]:
    """Who changed what, when, newest first."""
    return [
        PolicyChangeOut(
            id=change.id,
            changed_at=change.changed_at,
            changed_by=PartyOut(
                id=change.changed_by_id,
                display_name=user.display_name if user else None,
                role=change.changed_by_role,
            ),
            changes=[PolicyChangeItem(**item) for item in change.changes],
        )
        for change, user in queries.list_policy_changes(session, access.athlete.id)
    ]
