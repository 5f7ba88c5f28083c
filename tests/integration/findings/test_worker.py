"""The pipeline on a real worker: stored activities → ``metrics.recompute`` → ``findings.evaluate``
→ a stored finding, with its own PostgreSQL database and its own Redis."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from celery import Celery
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from service.accounts.service import create_user
from service.activities.service import ingest_activities
from service.config import Settings, normalise_database_url
from service.models import Finding, Role
from service.queue import celery_config
from tests.integration.findings.support import ZONE, run
from tests.support.paths import REPO_ROOT
from tests.support.processes import running, wait_until
from tests.support.servers import PrivateRedis

CELERY = str(REPO_ROOT / ".venv" / "bin" / "celery")


def _spike_findings(factory: sessionmaker[Session], athlete_id: int) -> list[Finding]:
    with factory() as session:
        return list(
            session.scalars(
                select(Finding).where(
                    Finding.athlete_id == athlete_id, Finding.rule == "volume.session_spike"
                )
            )
        )


def test_a_spike_in_new_activities_becomes_a_finding_on_the_worker(
    tmp_path: Path, private_redis: PrivateRedis, own_database: str, sent_tasks: list[Any]
) -> None:
    engine = create_engine(normalise_database_url(own_database))
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    today = datetime.now(UTC).astimezone(ZONE).date()
    days = [today - timedelta(days=n) for n in range(40, 1, -3)]
    runs = [run(day, 8.0) for day in days] + [run(today - timedelta(days=1), 16.0)]
    with factory() as session, session.begin():
        athlete = create_user(
            session,
            email="ann@example.com",
            password="a-long-password",
            role=Role.ATHLETE,
            verified=True,
        )
        session.flush()
        ingest_activities(session, athlete.id, runs)
    assert [name for name, _ in sent_tasks] == ["metrics.recompute"]

    env = {
        **os.environ,
        "LOADWATCH_DATABASE_URL": own_database,
        "LOADWATCH_REDIS_URL": private_redis.url,
        "LOADWATCH_DATA_DIR": str(tmp_path / "data"),
    }
    argv = [CELERY, "-A", "workers.celery_app", "worker", "--pool=solo", "--loglevel=INFO"]
    producer = Celery()
    settings = Settings(database_url=own_database, redis_url=private_redis.url)
    producer.conf.update(celery_config(settings))
    try:
        with running(argv, env, tmp_path / "worker.log"):
            name, ids = sent_tasks[0]
            producer.send_task(name, kwargs=ids)
            wait_until(lambda: bool(_spike_findings(factory, athlete.id)), 90, "the spike finding")
        log = (tmp_path / "worker.log").read_text()
        assert "findings.evaluate" in log
        spikes = _spike_findings(factory, athlete.id)
        assert [(s.day, s.severity, s.values["spike_pct"]) for s in spikes] == [
            (today - timedelta(days=1), "warning", 100.0)
        ]
        assert spikes[0].message_en.strip() and spikes[0].message_nl.strip()
    finally:
        producer.close()
        engine.dispose()
