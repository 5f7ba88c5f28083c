"""A delivery that takes longer than the claim timeout keeps its claims: its worker renews them
every heartbeat, so no other worker takes the alerts over and sends them a second time. Only a
dead worker's claims run out (``service.leases``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from service.alerts import queries
from service.alerts.delivery import DeliveryReport, deliver_alerts
from service.alerts.outbox import write_alerts
from service.clock import utcnow
from service.config import RecoverySettings, Settings
from service.db import get_engine, session_scope
from service.models import Alert
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import add_finding, add_user, alert_settings
from tests.support.databases import migrated_database

CLAIM_S = 1.0


@pytest.fixture
def settings(smtp: tuple[SmtpRecorder, int]) -> Iterator[Settings]:
    with migrated_database("claims") as url:
        built = alert_settings(smtp[1], database_url=url, claim_timeout_s=CLAIM_S)
        yield built.model_copy(
            update={"recovery": RecoverySettings(heartbeat_s=CLAIM_S / 4, lease_s=CLAIM_S)}
        )
        get_engine(built).dispose()


def test_a_slow_send_keeps_its_claims_and_each_alert_goes_out_once(
    settings: Settings, smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, _ = smtp
    with session_scope(settings) as session:
        ids = [a.id for a in write_alerts(session, add_finding(session, add_user(session)))]
    recorder.gate = threading.Event()  # the SMTP server holds the message
    reports: list[DeliveryReport] = []
    sender = threading.Thread(target=lambda: reports.append(deliver_alerts(settings)))
    sender.start()
    try:
        assert recorder.waiting.wait(30), "the delivery never reached the SMTP server"
        time.sleep(3 * CLAIM_S)  # three claim timeouts while the worker lives
        with session_scope(settings) as session:
            taken_over = queries.lock_due_alerts(session, utcnow(), 50, 50)
            statuses = session.scalars(select(Alert.status).where(Alert.id.in_(ids))).all()
    finally:
        recorder.gate.set()
        sender.join(timeout=60)

    assert ids and not taken_over
    assert set(statuses) == {"sending"}
    assert reports and reports[0].sent == len(ids)
    assert len(recorder.messages) == 1
