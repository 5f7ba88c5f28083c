"""A symptom finding reaches a coach or physio only while the athlete shares symptoms, in every
place that shows or sends a finding: the outbox, delivery, the weekly digest, the alerts inbox,
the roster, the finding page and its snooze button, the email links, and the plan check.

Each place asks the one rule of ``service.athletes.access``. The world's ``coach`` is linked with
symptoms shared and its ``blind_coach`` without; every place is asked about a symptom finding for
both, so a place that skips the rule fails here, and so does one that hides it from the coach who
may see it. The findings API and acknowledging or snoozing through it are checked the same way in
``test_bola.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.alerts import links
from service.alerts.alert_messages import AlertOutbox
from service.alerts.decisions import Skip
from service.alerts.digests import digest_rows
from service.alerts.links import Action
from service.alerts.outbox import recipients
from service.clock import utcnow
from service.config import get_settings
from service.dashboard.inbox import inbox
from service.dashboard.service import roster
from service.models import Activity, Alert, Checkin, Finding, LinkStatus, Role, User
from service.training.findings import Severity
from tests.api.page_browser import PageBrowser
from tests.security.people import Person, add_link, add_person
from tests.security.world import TODAY, VICTIM_FINDING_TEXT, World

VIEWERS = pytest.mark.parametrize(("who", "sees"), [("coach", True), ("blind_coach", False)])


@pytest.fixture
def symptom(db_session: Session, world: World) -> Finding:
    finding = db_session.get_one(Finding, world.ids["symptom_finding"])
    load = db_session.get_one(Finding, world.ids["finding"])
    # The digest and the roster show an athlete's most pressing finding: the symptom one when
    # it may be seen, else the load one.
    assert finding.rule.startswith("pain.") and not load.rule.startswith("pain.")
    assert (finding.severity, load.severity) == ("warning", "caution")
    return finding


def _alert_to(db_session: Session, finding: Finding, recipient_id: int) -> Alert:
    """An alert written while the athlete still shared symptoms with its recipient."""
    alert = Alert(
        finding_id=finding.id,
        recipient_id=recipient_id,
        channel="email",
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db_session.add(alert)
    db_session.flush()
    return alert


@VIEWERS
def test_the_outbox_writes_alerts_only_to_those_who_may_see(
    db_session: Session, world: World, symptom: Finding, who: str, sees: bool
) -> None:
    people = {recipient.user.id for recipient in recipients(db_session, symptom)}
    assert world.victim.id in people
    assert (world.person(who).id in people) is sees


@VIEWERS
def test_delivery_drops_an_alert_once_it_may_no_longer_be_seen(
    db_session: Session, world: World, symptom: Finding, who: str, sees: bool
) -> None:
    alert = _alert_to(db_session, symptom, world.person(who).id)
    decision = AlertOutbox(get_settings()).decide(db_session, alert, utcnow())
    assert isinstance(decision, Skip) is not sees, decision
    if not sees:
        assert isinstance(decision, Skip) and "shares symptoms" in decision.reason


@VIEWERS
def test_the_weekly_digest_names_it_only_to_those_who_may_see(
    db_session: Session, world: World, symptom: Finding, who: str, sees: bool
) -> None:
    rows = digest_rows(db_session, get_settings(), world.person(who).user, TODAY)
    (victim,) = [row for row in rows if row.url.endswith(f"/athletes/{world.victim.id}")]
    shown = Severity.WARNING if sees else Severity.CAUTION  # else the victim's load finding
    assert victim.rank == shown.rank


@VIEWERS
def test_the_alerts_inbox_lists_it_only_for_those_who_may_see(
    db_session: Session, world: World, symptom: Finding, who: str, sees: bool
) -> None:
    _alert_to(db_session, symptom, world.person(who).id)
    listed = {item.finding.id for item in inbox(db_session, world.person(who).user)}
    assert (symptom.id in listed) is sees


@VIEWERS
def test_the_roster_ranks_by_it_only_for_those_who_may_see(
    db_session: Session, world: World, symptom: Finding, who: str, sees: bool
) -> None:
    rows = roster(db_session, world.person(who).user).rows
    (victim,) = [row for row in rows if row.athlete.id == world.victim.id]
    assert victim.finding is not None
    assert (victim.finding.id == symptom.id) is sees


@VIEWERS
def test_the_finding_page_and_its_snooze_button_only_for_those_who_may_see(
    client: TestClient, world: World, symptom: Finding, who: str, sees: bool
) -> None:
    browser = PageBrowser(client)
    assert browser.sign_in(world.person(who).user.email).status_code == 303
    page = f"/athletes/{world.victim.id}/findings/{symptom.id}"
    shown = browser.get(page)
    assert shown.status_code == (200 if sees else 404)
    assert (VICTIM_FINDING_TEXT in shown.text) is sees
    browser.get(f"/athletes/{world.victim.id}")
    snoozed = browser.submit(f"{page}/snooze", {"days": "1"})
    assert snoozed.status_code == 303
    done = "done=finding_snoozed" if sees else "error=finding_not_found"
    assert done in snoozed.headers["location"]


@VIEWERS
@pytest.mark.parametrize("action", ["acknowledge", "snooze"])
def test_the_email_links_act_only_for_those_who_may_see(
    client: TestClient,
    db_session: Session,
    world: World,
    symptom: Finding,
    who: str,
    sees: bool,
    action: Action,
) -> None:
    url = links.finding_link(get_settings(), action, world.person(who).id, symptom.id)
    path = urlsplit(url).path
    assert client.get(path).status_code == (200 if sees else 404)
    done = client.post(path, data={"days": "1"} if action == "snooze" else {})
    assert done.status_code == (200 if sees else 404)
    db_session.refresh(symptom)
    acknowledged = symptom.acknowledged_at is not None
    assert acknowledged is (sees and action == "acknowledge")


def _resting_with_heel_pain(db_session: Session) -> int:
    """An athlete who last ran 22 days ago and whose heel hurts as much now as when they
    stopped: today, without a run, is the first day of a ``referral.rest_too_long`` (a symptom
    rule; the heel's limit is 21 days)."""
    athlete = add_person(db_session, Role.ATHLETE)
    last_run = TODAY - timedelta(days=22)
    db_session.add(
        Activity(
            athlete_id=athlete.id, source="upload", external_id=f"run-{athlete.id}",
            sport="running", name="Last run", start_utc=datetime.combine(last_run, time(7), UTC),
            local_date=last_run, timezone="Europe/Amsterdam", utc_offset_s=3600,
            distance_m=8_000.0, duration_s=2_700.0, raw={}, payload_hash="1" * 64,
        )
    )  # fmt: skip
    for day in (last_run + timedelta(days=1), TODAY - timedelta(days=2)):
        db_session.add(
            Checkin(
                athlete_id=athlete.id, day=day, kind="daily", region="heel_foot",
                morning_pain=4.0, morning_stiffness_min=10.0, red_flags=[],
            )
        )  # fmt: skip
    db_session.flush()
    return athlete.id


@VIEWERS
def test_the_plan_check_foresees_it_only_for_those_who_may_see(
    client: TestClient, db_session: Session, world: World, who: str, sees: bool
) -> None:
    athlete_id = _resting_with_heel_pain(db_session)
    viewer = world.person(who)
    athlete = db_session.get_one(User, athlete_id)
    add_link(db_session, Person(athlete, ""), viewer, LinkStatus.ACTIVE, share=sees)
    ride = {"date": TODAY.isoformat(), "sport": "cycling", "duration_s": 3600}
    url = f"/api/v1/athletes/{athlete_id}/plan-check"
    answer = client.post(url, json={"sessions": [ride]}, headers=viewer.headers)
    assert answer.status_code == 200, answer.text
    rules = {finding["rule"] for finding in answer.json()["findings"]}
    assert ("referral.rest_too_long" in rules) is sees
