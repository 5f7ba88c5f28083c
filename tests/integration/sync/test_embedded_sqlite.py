"""The same machinery on the embedded default: SQLite for data, SQLite for the broker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from service.accounts.service import create_user
from service.clock import utcnow
from service.config import Settings
from service.connections import queries
from service.connections.garmin_connect import complete_garmin_login, start_garmin_connect
from service.connections.sweeper import sweep
from service.connections.sync import sync_connection
from service.db import session_scope
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.models import Activity, Connection, Role, SyncRun
from tests.support.databases import run_alembic
from tests.support.processes import LOADWATCH, embedded_env, free_port, healthy, running, wait_until

from .support import RUNNER, RUNNER_PASSWORD, runner_specs, settings_for


@pytest.fixture
def embedded(tmp_path: Path, garmin: FakeGarminConnect) -> Settings:
    data = tmp_path / "data"
    data.mkdir()
    settings = settings_for(garmin, database_url=None, redis_url=None, data_dir=data)
    assert settings.embedded
    run_alembic(settings.sqlalchemy_url, "upgrade", "head")
    return settings


def test_connect_sync_sweep_and_dedupe_on_sqlite(embedded: Settings, sent_tasks):
    def tx():
        return session_scope(embedded)

    keys = embedded.encryption_key_list()
    with tx() as session:
        athlete = create_user(
            session, email="s@example.com", password="a-long-password", role=Role.ATHLETE
        )
        session.flush()
        connection_id = start_garmin_connect(
            session, athlete.id, RUNNER, RUNNER_PASSWORD, now=utcnow(), keys=keys
        ).id

    assert complete_garmin_login(connection_id, tx, settings=embedded) == "ok"
    assert sync_connection(connection_id, tx, settings=embedded, run_key="a") == "ok"
    assert sync_connection(connection_id, tx, settings=embedded, run_key="b") == "skipped"
    with tx() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == len(runner_specs())
        assert [run.status for run in session.scalars(select(SyncRun))] == ["succeeded"]
        session.get_one(Connection, connection_id).next_attempt_at = utcnow()
    with tx() as session:
        first = sweep(session, utcnow())
    with tx() as session:
        second = sweep(session, utcnow())
        fresh = queries.record_notification(session, "fitbit", "n-1", utcnow(), 0)
        again = queries.record_notification(session, "fitbit", "n-1", utcnow(), 0)
    assert (first.queued, second.queued, fresh, again) == ([connection_id], [], True, False)
    assert sync_connection(connection_id, tx, settings=embedded) == "ok"
    with tx() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == len(runner_specs())


def test_connecting_garmin_on_a_running_embedded_install(tmp_path: Path, garmin: FakeGarminConnect):
    """``loadwatch serve`` with its own worker: the login task and the backfill run for real."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    endpoints = garmin.endpoints
    env = embedded_env(
        tmp_path / "data",
        LOADWATCH_BASE_URL=base,
        LOADWATCH_GARMIN__CONNECTAPI=endpoints.connectapi,
        LOADWATCH_GARMIN__SSO=endpoints.sso,
        LOADWATCH_GARMIN__DI_TOKEN_URL=endpoints.di_token_url,
    )
    account = {"email": "ann@example.com", "password": "a-long-password"}
    with running([LOADWATCH, "serve", "--port", str(port)], env, tmp_path / "serve.log"):
        wait_until(lambda: healthy(base), 90, "loadwatch serve to answer /healthz")
        assert httpx.post(f"{base}/api/v1/auth/signup", json=account).status_code == 202
        token = httpx.post(f"{base}/api/v1/auth/tokens", json={**account, "name": "t"}).json()
        headers = {"Authorization": f"Bearer {token['token']}"}
        accepted = httpx.post(
            f"{base}/api/v1/connections/garmin",
            json={"email": RUNNER, "password": RUNNER_PASSWORD},
            headers=headers,
        )
        assert accepted.status_code == 202

        def backfilled() -> dict[str, Any] | None:
            listing = httpx.get(f"{base}/api/v1/connections", headers=headers).json()
            connection = listing["connections"][0]
            return connection if (connection["backfill"] or {}).get("complete") else None

        wait_until(lambda: backfilled() is not None, 120, "the login task and the backfill")
        connection = backfilled()

    assert connection is not None and connection["state"] == "ok"
    assert connection["last_run"]["created"] == len(runner_specs())
    assert len(garmin.requests_to("/mobile/api/login", "POST")) == 1
