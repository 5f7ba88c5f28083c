"""One message per moment: the alerts of one recipient and channel that are due together go out
as one email (the most severe finding in the subject, every finding with its numbers and link, in
the recipient's language), each alert row still ends ``sent`` once and records that message; a
batch goes over one SMTP connection; a crash between the send and the record sends the message
once more at most, with the same Message-ID."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.alerts.delivery import deliver_alerts
from service.alerts.outbox import write_alerts
from service.alerts.queries import upsert_snooze
from service.models import Alert, Delivery, Finding, Role, User
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import (
    BASE_URL,
    add_finding,
    add_user,
    alert_settings,
    link,
    session_scope_of,
)

NOW = datetime.now(UTC)  # the tests write and deliver at moments from NOW, never the clock
LATER = NOW + timedelta(minutes=10)


def _deliver(session: Session, port: int, now: datetime = LATER, **alerts: Any) -> Any:
    settings = alert_settings(port, **alerts)
    return deliver_alerts(settings, transactions=session_scope_of(session), now=now)


def _rows(session: Session, user: User) -> list[Alert]:
    session.expire_all()
    query = select(Alert).where(Alert.recipient_id == user.id).order_by(Alert.id)
    return list(session.scalars(query))


def _one_evaluation(session: Session, athlete: User, at: datetime = NOW) -> list[Finding]:
    """Three findings stored together and their alerts written with one due moment, as an
    evaluation writes them."""
    findings = [
        add_finding(session, athlete, "volume.weekly_progression", "caution", date(2026, 3, 9)),
        add_finding(session, athlete, "volume.session_spike", "warning", date(2026, 3, 10)),
        add_finding(session, athlete, "load.monotony_strain", "caution", date(2026, 3, 11)),
    ]
    findings[1].message_en = "Your 14 km run was 40% longer than your longest run of the month."
    findings[1].message_nl = "Je loop van 14 km was 40% langer dan je langste loop van de maand."
    for finding in findings:
        write_alerts(session, finding, now=at, deliver=False)
    return findings


def test_the_alerts_of_one_evaluation_reach_each_recipient_as_one_email(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    athlete = add_user(db_session, name="Anna")
    coach = add_user(db_session, Role.COACH, name="Kees", locale="nl")
    link(db_session, athlete, coach, share=False)
    weekly, spike, strain = _one_evaluation(db_session, athlete)

    report = _deliver(db_session, port)

    assert (report.sent, report.failed) == (6, 0)
    assert len(recorder.messages) == 2
    [mine] = recorder.to(athlete.email)
    assert mine.subject == "[warning] Anna: one run much longer than usual and 2 more"
    text = mine.part("plain")
    assert text.index("14 km run was 40% longer") < text.index("rose 36% this week")
    for finding in (weekly, spike, strain):
        assert f"{BASE_URL}/athletes/{athlete.id}/findings/{finding.id}" in text
        assert f"{BASE_URL}/athletes/{athlete.id}/findings/{finding.id}" in mine.part("html")
    [theirs] = recorder.to(coach.email)
    assert theirs.subject == "[waarschuwing] Anna: één loop veel langer dan anders en nog 2"
    assert "Je loop van 14 km was 40% langer" in theirs.part("plain")
    assert "loadwatch heeft 3 nieuwe meldingen" in theirs.part("plain")

    for person, mail in ((athlete, mine), (coach, theirs)):
        rows = _rows(db_session, person)
        assert [row.status for row in rows] == ["sent"] * 3
        [key] = {row.message_key for row in rows}
        assert key is not None and mail.message["Message-ID"].startswith(f"<loadwatch.{key}@")
    assert _deliver(db_session, port).sent == 0  # nothing sent twice


def test_alerts_due_further_apart_than_the_window_are_separate_messages(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    athlete = add_user(db_session, name="Bo")
    early = add_finding(db_session, athlete, "volume.weekly_progression", "caution")
    late = add_finding(db_session, athlete, "volume.session_spike", "warning")
    write_alerts(db_session, early, now=NOW - timedelta(minutes=5), deliver=False)
    write_alerts(db_session, late, now=NOW, deliver=False)

    assert _deliver(db_session, port, bundle_window_s=120).sent == 2
    assert sorted(m.subject for m in recorder.messages) == [
        "[caution] Bo: weekly distance rising quickly",
        "[warning] Bo: one run much longer than usual",
    ]
    assert len({row.message_key for row in _rows(db_session, athlete)}) == 2


def test_a_snoozed_finding_waits_while_the_others_of_its_moment_go_out(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    athlete = add_user(db_session, name="Cas")
    weekly, spike, strain = _one_evaluation(db_session, athlete)
    upsert_snooze(db_session, spike.id, athlete.id, LATER + timedelta(days=1))

    report = _deliver(db_session, port)

    assert (report.sent, report.held) == (2, 1)
    [mail] = recorder.messages
    assert mail.subject == "[caution] Cas: monotonous or heavy week and 1 more"
    assert "14 km" not in mail.part("plain")
    statuses = {row.finding_id: row.status for row in _rows(db_session, athlete)}
    assert statuses == {weekly.id: "sent", spike.id: "pending", strain.id: "sent"}


def test_a_batch_goes_over_one_smtp_connection(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    athletes = [add_user(db_session) for _ in range(5)]
    for athlete in athletes:
        write_alerts(db_session, add_finding(db_session, athlete), now=NOW, deliver=False)

    assert _deliver(db_session, port, batch_size=50).sent == 5

    assert len(recorder.messages) == 5 and recorder.sessions == 1
    assert {m.rcpt_tos[0] for m in recorder.messages} == {a.email for a in athletes}
    with_keys = [row.message_key for a in athletes for row in _rows(db_session, a)]
    assert with_keys == [f"alert-{row.id}" for a in athletes for row in _rows(db_session, a)]


def test_a_crash_between_send_and_record_sends_the_message_once_more_with_its_id(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    athlete = add_user(db_session, name="Dee")
    _one_evaluation(db_session, athlete)
    settings = alert_settings(port, claim_timeout_s=60)
    scope = session_scope_of(db_session)
    calls = 0

    @contextmanager
    def crashing_after_the_send() -> Iterator[Session]:
        nonlocal calls
        calls += 1
        if calls == 2:  # the transaction that records the outcome: the worker is gone
            raise SystemExit("the worker died")
        with scope() as session:
            yield session

    with pytest.raises(SystemExit):
        deliver_alerts(settings, transactions=crashing_after_the_send, now=LATER)
    assert len(recorder.messages) == 1
    assert {row.status for row in _rows(db_session, athlete)} == {"sending"}

    after_claim = LATER + timedelta(seconds=61)
    assert deliver_alerts(settings, transactions=scope, now=after_claim).sent == 3
    assert deliver_alerts(settings, transactions=scope, now=after_claim).sent == 0

    assert len(recorder.messages) == 2  # the one duplicate this crash can cause
    assert len({m.message["Message-ID"] for m in recorder.messages}) == 1
    rows = _rows(db_session, athlete)
    assert [(row.status, row.attempts) for row in rows] == [("sent", 2)] * 3
    outcomes = db_session.scalars(
        select(Delivery.outcome)
        .where(Delivery.alert_id.in_([row.id for row in rows]))
        .order_by(Delivery.id)
    ).all()
    assert outcomes == ["abandoned"] * 3 + ["sent"] * 3
