"""write_alerts: who gets an alert, on which channels, and that a repeat writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.alerts import preferences
from service.alerts.outbox import write_alerts
from service.models import Alert, Role
from service.models.notifications import AppriseTarget, PushSubscription
from service.training.rules import is_symptom_rule
from tests.integration.alerts.support import add_finding, add_user, link


def _pairs(alerts: list[Alert]) -> set[tuple[int, str]]:
    return {(a.recipient_id, a.channel) for a in alerts}


@pytest.mark.parametrize(
    ("rule", "symptom"),
    [
        ("volume.weekly_progression", False),
        ("volume.session_spike", False),
        ("load.acwr_context", False),
        ("data.sync_stale", False),
        ("pain.during_or_after_run", True),
        ("referral.achilles_not_improving", True),
        ("ostrc.substantial_problem", True),
        ("visa_a.change", True),
        ("red_flag.rupture", True),
    ],
)
def test_symptom_rules_are_named_by_prefix(rule: str, symptom: bool) -> None:
    assert is_symptom_rule(rule) is symptom


@pytest.mark.parametrize(
    ("rule", "severity", "expected"),
    [
        # athlete, sharing coach, non-sharing physio; pending and revoked links get nothing
        ("volume.weekly_progression", "caution", {"athlete", "coach", "physio"}),
        ("pain.during_or_after_run", "warning", {"athlete", "coach"}),
        ("red_flag.rupture", "urgent", {"athlete", "coach"}),
        ("load.acwr_context", "info", set()),  # below everyone's default (caution)
    ],
)
def test_recipients_follow_links_sharing_and_severity(
    db_session: Session, sent_tasks: list[Any], rule: str, severity: str, expected: set[str]
) -> None:
    athlete = add_user(db_session)
    coach, physio = add_user(db_session, Role.COACH), add_user(db_session, Role.PHYSIO)
    pending, gone = add_user(db_session, Role.COACH), add_user(db_session, Role.COACH)
    link(db_session, athlete, coach, share=True)
    link(db_session, athlete, physio, share=False)
    link(db_session, athlete, pending, share=True, active=False)
    revoked = link(db_session, athlete, gone, share=True)
    revoked.status = "revoked"
    finding = add_finding(db_session, athlete, rule, severity)

    alerts = write_alerts(db_session, finding)

    names = {athlete.id: "athlete", coach.id: "coach", physio.id: "physio"}
    assert {names[a.recipient_id] for a in alerts} == expected
    assert {a.channel for a in alerts} <= {"email"}
    assert all(a.status == "pending" and a.attempts == 0 for a in alerts)
    db_session.commit()  # tasks go out after the commit
    assert sent_tasks == ([("alerts.deliver", {"finding_id": finding.id})] if expected else [])


def test_channels_follow_preferences_and_destinations(
    db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete = add_user(db_session)
    coach = add_user(db_session, Role.COACH)
    link(db_session, athlete, coach, share=True)
    preferences.update(db_session, athlete.id, push_enabled=True, apprise_enabled=True)
    db_session.add(PushSubscription(user_id=athlete.id, endpoint="https://push.example/1",
                                    p256dh="k", auth="a"))  # fmt: skip
    db_session.add(AppriseTarget(user_id=athlete.id, label="ntfy", scheme="ntfy", url_sealed=b"x"))
    # the coach wants push but has no browser subscribed, and no email
    preferences.update(db_session, coach.id, push_enabled=True, email_enabled=False)
    finding = add_finding(db_session, athlete)

    alerts = write_alerts(db_session, finding)

    assert _pairs(alerts) == {(athlete.id, "email"), (athlete.id, "push"), (athlete.id, "apprise")}


@pytest.mark.parametrize(
    ("min_severity", "severity", "alerted"),
    [
        ("info", "info", True),
        ("caution", "info", False),
        ("caution", "caution", True),
        ("warning", "caution", False),
        ("warning", "referral", True),
        ("urgent", "referral", False),
        ("urgent", "urgent", True),
    ],
)
def test_minimum_severity(
    db_session: Session, sent_tasks: list[Any], min_severity: str, severity: str, alerted: bool
) -> None:
    athlete = add_user(db_session)
    preferences.update(db_session, athlete.id, min_severity=min_severity)
    finding = add_finding(db_session, athlete, "volume.session_spike", severity)
    assert bool(write_alerts(db_session, finding)) is alerted


def test_second_write_adds_nothing(db_session: Session, sent_tasks: list[Any]) -> None:
    athlete = add_user(db_session)
    coach = add_user(db_session, Role.COACH)
    link(db_session, athlete, coach, share=False)
    finding = add_finding(db_session, athlete)

    first = write_alerts(db_session, finding)
    second = write_alerts(db_session, finding)

    assert len(first) == 2 and second == []
    count = db_session.scalar(
        select(func.count()).select_from(Alert).where(Alert.finding_id == finding.id)
    )
    assert count == 2


def test_inactive_athlete_gets_nothing_but_coach_does(
    db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete = add_user(db_session)
    coach = add_user(db_session, Role.COACH)
    link(db_session, athlete, coach, share=True)
    athlete.is_active = False
    finding = add_finding(db_session, athlete)
    assert _pairs(write_alerts(db_session, finding)) == {(coach.id, "email")}
