"""The embedded default delivers alerts with nothing extra to run: ``loadwatch serve`` on SQLite
starts its own worker, which sends the email."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery import Celery

from service.alerts.outbox import write_alerts
from service.config import Settings
from service.db import get_engine, session_scope
from service.queue import celery_config
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import add_finding, add_user
from tests.support.processes import LOADWATCH, embedded_env, free_port, healthy, running, wait_until


def test_loadwatch_serve_delivers_alerts_on_the_embedded_default(
    tmp_path: Path, smtp: tuple[SmtpRecorder, int], sent_tasks: list[Any]
) -> None:
    recorder, smtp_port = smtp
    data, port = tmp_path / "data", free_port()
    base = f"http://127.0.0.1:{port}"
    env = embedded_env(data, LOADWATCH_SMTP__HOST="127.0.0.1", LOADWATCH_SMTP__PORT=str(smtp_port),
                       LOADWATCH_BASE_URL=base)  # fmt: skip
    settings = Settings(database_url=None, redis_url=None, data_dir=data, base_url=base)
    producer = Celery()
    producer.conf.update(celery_config(settings))
    try:
        with running([LOADWATCH, "serve", "--port", str(port)], env, tmp_path / "serve.log"):
            wait_until(lambda: healthy(base), 90, "loadwatch serve to answer /healthz")
            with session_scope(settings) as session:
                athlete = add_user(session, name="Anna", locale="nl")
                finding = add_finding(session, athlete, "red_flag.thrombosis", "urgent")
                write_alerts(session, finding)
                finding_id, email = finding.id, athlete.email
            assert sent_tasks == [("alerts.deliver", {"finding_id": finding_id})]
            producer.send_task("alerts.deliver", kwargs={"finding_id": finding_id})
            wait_until(lambda: bool(recorder.messages), 90, "the alert email")
    finally:
        producer.close()
        get_engine(settings).dispose()

    [mail] = recorder.messages
    assert mail.rcpt_tos == [email]
    assert mail.subject == "[dringend] Anna: mogelijke trombose"
    assert f"{base}/athletes/{athlete.id}/findings/{finding_id}" in mail.part("plain")
