"""The embedded default end to end: `loadwatch demo` and `loadwatch serve` with SQLite and the
worker they start beside the API."""

from __future__ import annotations

import os
import signal
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


def _children(pid: int) -> set[int]:
    """Every process below ``pid``, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended meanwhile
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_sigterm_to_serve_stops_its_worker_too(tmp_path: Path) -> None:
    """``kill PID`` (or a service manager) on ``loadwatch serve`` leaves no worker behind."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    argv = [LOADWATCH, "serve", "--port", str(port)]
    with running(argv, embedded_env(tmp_path / "data"), tmp_path / "serve.log") as serve:
        wait_until(lambda: healthy(base), 90, "loadwatch serve to answer /healthz")
        wait_until(lambda: len(_children(serve.pid)) >= 2, 60, "its worker and beat to start")
        started = _children(serve.pid)

        os.kill(serve.pid, signal.SIGTERM)  # the server alone, not its process group
        assert serve.wait(timeout=60) == 128 + signal.SIGTERM
        wait_until(
            lambda: not any(_alive(pid) for pid in started), 60, "the worker to stop with it"
        )
