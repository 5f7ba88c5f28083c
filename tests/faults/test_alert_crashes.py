"""Exactly one alert row when workers crash, on real worker processes (R8).

(a) Two evaluations of the same athlete run at once and their worker dies before either commits:
nothing is stored and nothing sent; redelivered to another worker, the two evaluations store each
finding and alert once, and each message the alerts went out in arrives once.
(b) A worker dies after the SMTP server accepted the email but before the alert was marked sent:
after the claim expires another worker sends it again, one duplicate with the same Message-ID
(mail clients fold it), still one alert row.

Each crash is placed by a trigger in the test's database that holds the writing transaction at
the chosen statement while ``fault_hold`` has a row; the test then kills the worker (SIGKILL to
its process group: the machine died).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from unittest import mock

import psycopg
import pytest
from sqlalchemy import func, select

from service.activities.service import ingest_activities
from service.alerts.outbox import write_alerts
from service.config import normalise_database_url
from service.metrics.service import recompute_metrics
from service.models import Alert, Delivery, Finding
from tests.faults.rig import Rig
from tests.integration.alerts.receivers import SmtpRecorder, smtp_server
from tests.integration.alerts.support import add_finding, add_user
from tests.integration.findings.support import ZONE, run
from tests.support.processes import wait_until

CLAIM_TIMEOUT_S = 3
HOLD_TABLE = "CREATE TABLE fault_hold (held boolean); INSERT INTO fault_hold VALUES (true);"
HOLD_FUNCTION = """
CREATE FUNCTION hold_here() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WHILE EXISTS (SELECT 1 FROM fault_hold) LOOP PERFORM pg_sleep(0.1); END LOOP;
  RETURN NULL;
END $$;
"""
BEFORE_COMMIT = (
    "CREATE TRIGGER hold AFTER INSERT ON alerts FOR EACH STATEMENT EXECUTE FUNCTION hold_here();"
)
AFTER_SEND = """CREATE TRIGGER hold AFTER UPDATE ON alerts FOR EACH ROW
  WHEN (NEW.status = 'sent') EXECUTE FUNCTION hold_here();"""


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpRecorder, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def crash_rig(rig: Rig, smtp: tuple[SmtpRecorder, int]) -> Rig:
    rig.env.update(
        LOADWATCH_SMTP__HOST="127.0.0.1",
        LOADWATCH_SMTP__PORT=str(smtp[1]),
        LOADWATCH_ALERTS__CLAIM_TIMEOUT_S=str(CLAIM_TIMEOUT_S),
        LOADWATCH_TEST_VISIBILITY_TIMEOUT="5",
    )
    return rig


def _sql(rig: Rig, *statements: str) -> int:
    dsn = normalise_database_url(str(rig.settings.database_url)).replace("+psycopg", "")
    with psycopg.connect(dsn, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event = 'PgSleep' AND datname = current_database()"
        ).fetchone()
    return int(row[0]) if row else 0


def _held(rig: Rig, count: int = 1) -> bool:
    return _sql(rig) >= count


def _count(rig: Rig, model: type) -> int:
    with rig.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _kill(worker: object) -> None:
    os.killpg(worker.pid, signal.SIGKILL)  # type: ignore[attr-defined]
    worker.wait(timeout=30)  # type: ignore[attr-defined]


def _athlete_with_a_spike(rig: Rig) -> int:
    """Runs every third day for six weeks and a double one yesterday: a session spike."""
    today = datetime.now(UTC).astimezone(ZONE).date()
    days = [today - timedelta(days=n) for n in range(40, 1, -3)]
    runs = [run(day, 8.0) for day in days] + [run(today - timedelta(days=1), 16.0)]
    with rig.session() as session, mock.patch("service.queue.send_now"):
        athlete = add_user(session)
        ingest_activities(session, athlete.id, runs)
    with rig.session() as session, mock.patch("service.queue.send_now"):
        recompute_metrics(session, athlete.id, today - timedelta(days=60))
    return athlete.id


def test_a_crash_before_commit_stores_and_sends_nothing_and_the_retry_one(
    crash_rig: Rig, smtp: tuple[SmtpRecorder, int]
) -> None:
    rig, (recorder, _) = crash_rig, smtp
    athlete_id = _athlete_with_a_spike(rig)
    _sql(rig, HOLD_TABLE, HOLD_FUNCTION, BEFORE_COMMIT)
    with rig.worker("w1", concurrency=2) as first:
        rig.send("findings.evaluate", athlete_id=athlete_id)
        rig.send("findings.evaluate", athlete_id=athlete_id)
        wait_until(lambda: _held(rig), 60, "an evaluation to be about to commit")
        _kill(first)
    assert (_count(rig, Finding), _count(rig, Alert), recorder.messages) == (0, 0, [])

    _sql(rig, "DELETE FROM fault_hold")
    with rig.worker("w2", concurrency=2):
        wait_until(lambda: len(recorder.messages) >= 1, 60, "the redelivered evaluations")
        rig.sweep_until(["alerts.sweep"], lambda: _count(rig, Alert) > 0 and _all_sent(rig), 30)
    log = rig.log("w2").read_text(errors="replace")
    assert log.count("Task findings.evaluate[") >= 2  # both messages came back
    assert _count(rig, Finding) >= 1
    with rig.session() as session:
        keys = session.execute(select(Alert.finding_id, Alert.recipient_id, Alert.channel)).all()
        messages = set(session.scalars(select(Alert.message_key)))
    assert len(keys) == len(set(keys))
    assert None not in messages  # every alert row went out in a message
    assert len(recorder.messages) == len(messages)  # one email per message the rows record


def _all_sent(rig: Rig) -> bool:
    with rig.session() as session:
        return set(session.scalars(select(Alert.status))) == {"sent"}


def test_a_crash_after_the_send_gives_at_most_one_duplicate(
    crash_rig: Rig, smtp: tuple[SmtpRecorder, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    rig, (recorder, _) = crash_rig, smtp
    monkeypatch.setattr(
        "service.queue.send_now", lambda name, settings=None, **ids: rig.send(name, **ids)
    )
    _sql(rig, HOLD_TABLE, HOLD_FUNCTION, AFTER_SEND)
    with rig.worker("w1", concurrency=1) as first:
        with rig.session() as session:
            athlete = add_user(session)
            [alert] = write_alerts(session, add_finding(session, athlete))
        wait_until(lambda: len(recorder.messages) == 1 and _held(rig), 60, "the first send")
        _kill(first)
    with rig.session() as session:
        claimed = session.get_one(Alert, alert.id)
        assert (claimed.status, claimed.attempts) == ("sending", 1)

    _sql(rig, "DELETE FROM fault_hold")
    with rig.worker("w2", concurrency=1):
        rig.sweep_until(["alerts.sweep"], lambda: _all_sent(rig), 60)
    with rig.session() as session:
        rows = session.scalars(select(Alert)).all()
        outcomes = session.scalars(select(Delivery.outcome).order_by(Delivery.id)).all()
    assert [(a.id, a.status, a.attempts) for a in rows] == [(alert.id, "sent", 2)]
    assert outcomes == ["abandoned", "sent"]
    assert len(recorder.messages) == 2  # the one duplicate this crash can cause
    ids = {m.message["Message-ID"] for m in recorder.messages}
    assert len(ids) == 1  # the same Message-ID: clients show it once
