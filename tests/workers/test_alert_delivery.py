"""Alert delivery on real Celery worker processes, with their own Redis and PostgreSQL database
and a real SMTP server on loopback: a worker killed after claiming an alert leaves it to another
worker; a receiver failing three times gets the alert once; one that always fails ends dead."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from sqlalchemy import select

from service.alerts.outbox import write_alerts
from service.config import Settings
from service.db import session_scope
from service.models import Alert, Delivery, Finding
from service.queue import celery_config
from tests.integration.alerts.receivers import SmtpRecorder, smtp_server
from tests.integration.alerts.support import BASE_URL, add_finding, add_user, alert_settings
from tests.support.paths import REPO_ROOT
from tests.support.processes import running, wait_until
from tests.support.servers import PrivateRedis

CELERY = str(REPO_ROOT / ".venv" / "bin" / "celery")
CLAIM_TIMEOUT_S = 3
MAX_ATTEMPTS = 4


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpRecorder, int]]:
    with smtp_server() as server:
        yield server


class Rig:
    """The database, broker and SMTP server the workers share, and a way to start workers."""

    def __init__(self, tmp_path: Path, database: str, broker: str, smtp_port: int) -> None:
        self.tmp_path = tmp_path
        self.settings = alert_settings(smtp_port, database_url=database)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LOADWATCH_")},
            "LOADWATCH_ENVIRONMENT": "test",
            "LOADWATCH_DATABASE_URL": database,
            "LOADWATCH_REDIS_URL": broker,
            "LOADWATCH_DATA_DIR": str(tmp_path / "data"),
            "LOADWATCH_BASE_URL": BASE_URL,
            "LOADWATCH_SMTP__HOST": "127.0.0.1",
            "LOADWATCH_SMTP__PORT": str(smtp_port),
            "LOADWATCH_ALERTS__CLAIM_TIMEOUT_S": str(CLAIM_TIMEOUT_S),
            "LOADWATCH_ALERTS__BACKOFF_BASE_S": "0.3",
            "LOADWATCH_ALERTS__BACKOFF_MAX_S": "1",
            "LOADWATCH_ALERTS__MAX_ATTEMPTS": str(MAX_ATTEMPTS),
        }
        self.producer = Celery()
        self.producer.conf.update(celery_config(Settings(database_url=database, redis_url=broker)))

    def worker(self, name: str) -> Any:
        argv = [CELERY, "-A", "workers.celery_app", "worker", "--pool=prefork",
                "--concurrency=2", "--without-gossip", "--without-mingle", "-n", f"{name}@%h",
                "--loglevel=INFO"]  # fmt: skip
        return running(argv, self.env, self.tmp_path / f"{name}.log")

    def send(self, task: str, **ids: int) -> None:
        self.producer.send_task(task, kwargs=ids)

    def sweep_until(self, done: Any, timeout_s: float, what: str) -> None:
        """Act as the beat: ask for a sweep every half second until ``done()``."""
        deadline = time.monotonic() + timeout_s
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout_s} s waiting for {what}")
            self.send("alerts.sweep")
            time.sleep(0.5)

    def alert(self, alert_id: int) -> Alert:
        with session_scope(self.settings) as session:
            alert = session.get(Alert, alert_id)
            assert alert is not None
            return alert

    def outcomes(self, alert_id: int) -> list[str]:
        with session_scope(self.settings) as session:
            query = select(Delivery.outcome).where(Delivery.alert_id == alert_id)
            return list(session.scalars(query.order_by(Delivery.id)))


@pytest.fixture
def rig(
    tmp_path: Path,
    private_redis: PrivateRedis,
    own_database: str,
    smtp: tuple[SmtpRecorder, int],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Rig]:
    built = Rig(tmp_path, own_database, private_redis.url, smtp[1])
    # tasks enqueued after a commit in this process go to the private broker
    monkeypatch.setattr(
        "service.queue.send_now", lambda name, settings=None, **ids: built.send(name, **ids)
    )
    yield built
    built.producer.close()


def _write(rig: Rig, *recipients: str) -> dict[str, int]:
    """One finding per athlete email; their alerts written and committed (which enqueues
    ``alerts.deliver``). Returns alert ids by email."""
    ids: dict[str, int] = {}
    with session_scope(rig.settings) as session:
        for email in recipients:
            athlete = add_user(session)
            athlete.email = email
            finding = add_finding(session, athlete)
            [alert] = write_alerts(session, finding)
            ids[email] = alert.id
    return ids


def test_worker_killed_after_claiming_leaves_the_alert_to_another(
    rig: Rig, smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, _ = smtp
    recorder.gate = threading.Event()  # the SMTP server holds the first MAIL command
    with rig.worker("w1") as first:
        [alert_id] = _write(rig, "killed@example.com").values()
        wait_until(recorder.waiting.is_set, 90, "the first worker to start sending")
        claimed = rig.alert(alert_id)
        assert (claimed.status, claimed.attempts) == ("sending", 1)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    recorder.gate.set()  # the held connection belongs to a dead worker: nothing is sent on it
    assert recorder.messages == []

    with rig.worker("w2"):
        rig.sweep_until(lambda: rig.alert(alert_id).status == "sent", 90, "the second worker")

    assert [m.rcpt_tos for m in recorder.messages] == [["killed@example.com"]]
    assert rig.alert(alert_id).attempts == 2
    assert rig.outcomes(alert_id) == ["abandoned", "sent"]


def test_retries_on_a_worker_deliver_once_or_give_up(
    rig: Rig, smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, _ = smtp
    recorder.failures = {"flaky@example.com": 3, "broken@example.com": -1}
    with rig.worker("w1"):
        ids = _write(rig, "flaky@example.com", "broken@example.com", "fine@example.com")
        rig.sweep_until(
            lambda: {rig.alert(i).status for i in ids.values()} <= {"sent", "dead"},
            120,
            "every alert to be sent or dead",
        )

    flaky, broken, fine = (rig.alert(ids[e]) for e in ids)
    assert (flaky.status, flaky.attempts) == ("sent", 4)
    assert rig.outcomes(flaky.id) == ["failed", "failed", "failed", "sent"]
    assert (broken.status, broken.attempts) == ("dead", MAX_ATTEMPTS)
    assert rig.outcomes(broken.id) == ["failed"] * MAX_ATTEMPTS
    assert (fine.status, fine.attempts) == ("sent", 1)
    arrived = sorted(m.rcpt_tos[0] for m in recorder.messages)
    assert arrived == ["fine@example.com", "flaky@example.com"]
    with session_scope(rig.settings) as session:
        assert session.get(Finding, broken.finding_id) is not None
