"""Alerts by email through a real SMTP server on loopback: what arrives, retries, dead alerts,
quiet hours, consent checked again at delivery, and claims left by a worker that died."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.alerts import links, preferences
from service.alerts.channels import default_channels
from service.alerts.channels.base import Message
from service.alerts.delivery import deliver_alerts
from service.alerts.outbox import write_alerts
from service.models import Alert, Delivery, Role
from tests.integration.alerts.conftest import future_local
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import (
    BASE_URL,
    add_finding,
    add_user,
    alert_settings,
    link,
    session_scope_of,
)

LATER = datetime.now(UTC) + timedelta(days=1)


def _deliver(session: Session, port: int, now: datetime = LATER, **alerts: Any) -> Any:
    settings = alert_settings(port, **alerts)
    return deliver_alerts(settings, transactions=session_scope_of(session), now=now)


def _alerts(session: Session, finding_id: int) -> list[Alert]:
    session.expire_all()
    query = select(Alert).where(Alert.finding_id == finding_id).order_by(Alert.id)
    return list(session.scalars(query))


def _deliveries(session: Session, alert_id: int) -> list[str]:
    query = select(Delivery.outcome).where(Delivery.alert_id == alert_id).order_by(Delivery.id)
    return list(session.scalars(query))


def test_each_recipient_gets_one_email_in_their_language(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    athlete = add_user(db_session, name="Anna")
    coach = add_user(db_session, Role.COACH, name="Kees", locale="nl")
    link(db_session, athlete, coach, share=False)
    finding = add_finding(db_session, athlete)
    write_alerts(db_session, finding)

    report = _deliver(db_session, port)

    assert report.sent == 2 and len(recorder.messages) == 2
    [to_athlete], [to_coach] = recorder.to(athlete.email), recorder.to(coach.email)
    assert to_athlete.subject == "[caution] Anna: weekly distance rising quickly"
    assert to_coach.subject == "[let op] Anna: weekafstand stijgt snel"
    assert "Your running distance rose 36%" in to_athlete.part("plain")
    assert "Je loopafstand steeg deze week met 36%" in to_coach.part("plain")
    assert "Kees" in to_coach.part("html") and 'lang="nl"' in to_coach.part("html")
    finding_url = f"{BASE_URL}/athletes/{athlete.id}/findings/{finding.id}"
    for mail, person in ((to_athlete, athlete), (to_coach, coach)):
        assert finding_url in mail.part("plain") and finding_url in mail.part("html")
        claims = _link_claims(mail.part("plain"))
        assert [(c.action, c.user_id) for c in claims] == [
            ("acknowledge", person.id), ("snooze", person.id), ("unsubscribe", person.id),
        ]  # fmt: skip
        assert claims[2].topic == "alerts" and claims[0].finding_id == finding.id
        assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for alert in _alerts(db_session, finding.id):
        assert (alert.status, alert.attempts, alert.sent_at is not None) == ("sent", 1, True)
        assert to_athlete.message["Message-ID"] != to_coach.message["Message-ID"]
        assert _deliveries(db_session, alert.id) == ["sent"]


def _link_claims(text: str) -> list[links.LinkClaim]:
    tokens = re.findall(r"/alerts/links/(\S+)", text)
    return [links.verify(alert_settings(), token) for token in tokens]


def test_a_receiver_failing_three_times_gets_the_alert_once(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    recorder.fail_next = 3
    athlete = add_user(db_session)
    finding = add_finding(db_session, athlete)
    [alert] = write_alerts(db_session, finding)
    now, waits = LATER, []
    for _ in range(4):
        _deliver(db_session, port, now)
        [alert] = _alerts(db_session, finding.id)
        if alert.status == "sent":
            break
        waits.append((alert.next_attempt_at - now).total_seconds())
        assert _deliver(db_session, port, alert.next_attempt_at - timedelta(seconds=0.01)).sent == 0
        now = alert.next_attempt_at
    assert (alert.status, alert.attempts) == ("sent", 4)
    assert len(recorder.messages) == 1 and recorder.data_commands == 4
    assert _deliveries(db_session, alert.id) == ["failed", "failed", "failed", "sent"]
    # backoff 1, 2, 4 s (base 1 s), each with equal jitter: between half and all of it
    for wait, full in zip(waits, (1.0, 2.0, 4.0), strict=True):
        assert full / 2 <= wait <= full


def test_a_receiver_that_always_fails_ends_dead_after_the_configured_attempts(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    recorder.fail_next = 1000
    athlete = add_user(db_session)
    finding = add_finding(db_session, athlete)
    write_alerts(db_session, finding)
    now = LATER
    for _ in range(10):
        _deliver(db_session, port, now, max_attempts=3)
        [alert] = _alerts(db_session, finding.id)
        now = alert.next_attempt_at + timedelta(hours=1)
    assert (alert.status, alert.attempts) == ("dead", 3)
    assert "451" in (alert.last_error or "")
    assert _deliveries(db_session, alert.id) == ["failed"] * 3
    assert recorder.messages == [] and recorder.data_commands == 3


def test_quiet_hours_hold_a_caution_until_morning_and_let_an_urgent_alert_through(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    athlete = add_user(db_session, timezone="Europe/Amsterdam")
    preferences.update(db_session, athlete.id, quiet_start=time(22), quiet_end=time(7))
    caution = add_finding(db_session, athlete, "volume.weekly_progression", "caution")
    rupture = add_finding(db_session, athlete, "red_flag.rupture", "urgent")
    thrombosis_like = add_finding(db_session, athlete, "volume.session_spike", "urgent")
    for finding in (caution, rupture, thrombosis_like):
        write_alerts(db_session, finding)
    night = future_local(time(23, 30))

    report = _deliver(db_session, port, night)

    assert (report.sent, report.held) == (2, 1)
    name = athlete.display_name
    # the two urgent alerts, due at the same moment, go out as one message; the caution waits
    [together] = recorder.messages
    assert together.subject == f"[urgent] {name}: possible tendon rupture and 1 more"
    assert "one run much longer than usual" in together.part("plain")
    assert "weekly distance rising quickly" not in together.part("plain")
    [held] = _alerts(db_session, caution.id)
    amsterdam = ZoneInfo("Europe/Amsterdam")
    next_morning = datetime.combine(
        night.astimezone(amsterdam).date() + timedelta(days=1), time(7), tzinfo=amsterdam
    )
    assert (held.status, held.attempts, held.next_attempt_at) == ("pending", 0, next_morning)
    assert _deliver(db_session, port, held.next_attempt_at - timedelta(minutes=1)).sent == 0
    assert _deliver(db_session, port, held.next_attempt_at).sent == 1
    assert len(recorder.messages) == 2
    assert recorder.messages[1].subject == f"[caution] {name}: weekly distance rising quickly"


@pytest.mark.parametrize("change", ["unshare", "unlink", "acknowledge", "email_off", "inactive"])
def test_delivery_checks_again_whether_the_recipient_should_get_it(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int], change: str
) -> None:
    recorder, port = smtp
    athlete = add_user(db_session)
    coach = add_user(db_session, Role.COACH)
    coach_link = link(db_session, athlete, coach, share=True)
    finding = add_finding(db_session, athlete, "pain.during_or_after_run", "warning")
    write_alerts(db_session, finding)
    if change == "unshare":
        coach_link.share_symptoms = False
    elif change == "unlink":
        coach_link.status = "revoked"
    elif change == "acknowledge":
        finding.acknowledged_at, finding.acknowledged_by_id = LATER, coach.id
    elif change == "email_off":
        preferences.update(db_session, coach.id, email_enabled=False)
    else:
        coach.is_active = False
    db_session.flush()

    report = _deliver(db_session, port)

    assert (report.sent, report.skipped) == (1, 1)
    assert [m.rcpt_tos for m in recorder.messages] == [[athlete.email]]
    skipped = [a for a in _alerts(db_session, finding.id) if a.recipient_id == coach.id]
    assert skipped[0].status == "skipped" and skipped[0].attempts == 0


class _Crash(BaseException):
    """Stands in for a worker killed in the middle of sending."""


class CrashingChannel:
    name = "email"

    def send(self, message: Message) -> None:
        raise _Crash


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_it_expires(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    athlete = add_user(db_session)
    finding = add_finding(db_session, athlete)
    write_alerts(db_session, finding)
    settings = alert_settings(port, claim_timeout_s=60)
    with pytest.raises(_Crash):
        deliver_alerts(settings, channels={"email": CrashingChannel()},
                       transactions=session_scope_of(db_session), now=LATER)  # fmt: skip
    [alert] = _alerts(db_session, finding.id)
    assert (alert.status, alert.attempts) == ("sending", 1)

    assert _deliver(db_session, port, LATER + timedelta(seconds=59), claim_timeout_s=60).sent == 0
    assert _deliver(db_session, port, LATER + timedelta(seconds=61), claim_timeout_s=60).sent == 1

    [alert] = _alerts(db_session, finding.id)
    assert (alert.status, alert.attempts, len(recorder.messages)) == ("sent", 2, 1)
    assert _deliveries(db_session, alert.id) == ["abandoned", "sent"]


def test_a_message_that_kills_its_worker_on_the_last_attempt_ends_dead(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    athlete = add_user(db_session)
    finding = add_finding(db_session, athlete)
    write_alerts(db_session, finding)
    settings = alert_settings(port, max_attempts=1, claim_timeout_s=10)
    with pytest.raises(_Crash):
        deliver_alerts(settings, channels={"email": CrashingChannel()},
                       transactions=session_scope_of(db_session), now=LATER)  # fmt: skip

    report = _deliver(db_session, port, LATER + timedelta(seconds=11), max_attempts=1)

    [alert] = _alerts(db_session, finding.id)
    assert (report.dead, alert.status, recorder.messages) == (1, "dead", [])
    assert "worker was lost" in (alert.last_error or "")


def test_default_channels_are_email_push_and_apprise() -> None:
    assert sorted(default_channels(alert_settings())) == ["apprise", "email", "push"]
