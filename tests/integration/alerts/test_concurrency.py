"""Two workers at once, on databases where commits are real (PostgreSQL and the embedded SQLite):
writing alerts for the same finding gives one row per recipient and channel, and delivering at the
same time sends each email once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from service.alerts.delivery import DeliveryReport, deliver_alerts
from service.alerts.outbox import write_alerts
from service.config import Settings
from service.db import get_engine, session_scope
from service.models import Alert, Finding, Role
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import add_finding, add_user, alert_settings, link
from tests.support.databases import migrated_database, run_alembic

WORKERS = 4


@pytest.fixture(params=["postgresql", "sqlite"])
def committed(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    database_url: str,
    smtp: tuple[SmtpRecorder, int],
) -> Iterator[tuple[Settings, SmtpRecorder]]:
    """Settings for a database of this test alone (a worker cannot see a rolled-back
    transaction), and the SMTP server they send to."""
    recorder, port = smtp
    if request.param == "sqlite":
        settings = alert_settings(port, claim_timeout_s=60).model_copy(
            update={"database_url": None, "data_dir": tmp_path}
        )
        run_alembic(settings.sqlalchemy_url, "upgrade", "head")
        yield settings, recorder
        get_engine(settings).dispose()
        return
    with migrated_database("alerts") as url:
        yield alert_settings(port, database_url=url, claim_timeout_s=60), recorder


def _at_once[T](work: Callable[[], T], count: int = WORKERS) -> list[T]:
    """Run ``work`` in ``count`` threads released together; re-raise the first error."""
    barrier = threading.Barrier(count)
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        barrier.wait()
        try:
            results.append(work())
        except BaseException as exc:  # handed to the test thread below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def _finding(settings: Settings) -> int:
    with session_scope(settings) as session:
        athlete = add_user(session, name="Anna")
        coach, physio = add_user(session, Role.COACH), add_user(session, Role.PHYSIO, locale="nl")
        link(session, athlete, coach, share=True)
        link(session, athlete, physio, share=False)
        return add_finding(session, athlete, "volume.session_spike", "warning").id


def test_concurrent_writers_and_deliverers_send_each_email_once(
    committed: tuple[Settings, SmtpRecorder], sent_tasks: list[Any]
) -> None:
    settings, recorder = committed
    finding_id = _finding(settings)

    def write() -> list[int]:
        with session_scope(settings) as session:
            finding = session.get(Finding, finding_id)
            assert finding is not None
            return [alert.id for alert in write_alerts(session, finding)]

    written = _at_once(write)

    with session_scope(settings) as session:
        rows = session.scalars(select(Alert).where(Alert.finding_id == finding_id)).all()
        assert len(rows) == 3 and len({(a.recipient_id, a.channel) for a in rows}) == 3
        emails = {a.recipient_id for a in rows}
    assert sorted(i for ids in written for i in ids) == sorted(a.id for a in rows)

    reports: list[DeliveryReport] = _at_once(lambda: deliver_alerts(settings))

    assert sum(r.sent for r in reports) == 3 and sum(r.failed for r in reports) == 0
    assert len(recorder.messages) == 3
    assert len({m.rcpt_tos[0] for m in recorder.messages}) == 3
    assert deliver_alerts(settings).sent == 0  # nothing left, nothing sent again
    with session_scope(settings) as session:
        statuses = session.scalars(select(Alert.status).where(Alert.finding_id == finding_id))
        assert set(statuses) == {"sent"} and len(emails) == 3
