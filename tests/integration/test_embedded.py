"""The embedded default end to end: `loadwatch demo` with SQLite and an in-process worker."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from celery import Celery

from service.config import Settings
from service.demo import DEMO_PASSWORD
from service.queue import celery_config
from tests.support.processes import LOADWATCH, embedded_env, free_port, healthy, running, wait_until


def _expired_session_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT count(*) FROM web_sessions WHERE expires_at < ?",
            (datetime.now(UTC).isoformat(),),
        ).fetchone()
        return int(row[0])


def test_demo_serves_api_and_its_worker_consumes_tasks(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data = tmp_path / "demo"
    argv = [LOADWATCH, "demo", "--port", str(port), "--data-dir", str(data)]
    with running(argv, embedded_env(data), tmp_path / "demo.log"):
        wait_until(lambda: healthy(base), 90, "the demo to answer /healthz")
        health = httpx.get(f"{base}/healthz").json()
        assert health == {"status": "ok", "mode": "embedded", "database": "ok", "broker": "ok"}

        token = httpx.post(
            f"{base}/api/v1/auth/tokens",
            json={"email": "coach@demo.loadwatch", "password": DEMO_PASSWORD},
        ).json()["token"]
        roster = httpx.get(f"{base}/api/v1/athletes", headers={"Authorization": f"Bearer {token}"})
        assert roster.status_code == 200 and len(roster.json()) >= 2

        login = httpx.post(
            f"{base}/api/v1/auth/login",
            json={"email": "anna@demo.loadwatch", "password": DEMO_PASSWORD},
        )
        assert login.status_code == 200
        db = data / "loadwatch.sqlite"
        with sqlite3.connect(db) as conn:
            past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
            conn.execute("UPDATE web_sessions SET expires_at = ?", (past,))
        assert _expired_session_count(db) == 1

        producer = Celery()
        producer.conf.update(
            celery_config(Settings(data_dir=data, redis_url=None, database_url=None))
        )
        producer.send_task("accounts.purge_expired")
        wait_until(lambda: _expired_session_count(db) == 0, 60, "the worker to purge sessions")
