"""A sync interrupted by killing its worker finishes on another worker, nothing lost or doubled.

Real ``celery worker`` processes (prefork, ``acks_late`` + ``reject_on_worker_lost`` from
``service.queue``), a private Redis with a short visibility timeout, a database of the test's own,
and the fake Garmin Connect, which holds the listing of the second backfill window until the
test has killed the worker that asked for it.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from sqlalchemy import select

from service.accounts.service import create_user
from service.clock import utcnow
from service.config import Settings, get_settings
from service.connections import windows
from service.connections.sweeper import sweep
from service.db import session_scope
from service.demo.fakes.garmin_api import ACTIVITY_LIST_PATH
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.demo.fakes.garmin_state import Answer, Request
from service.integrations.garmin import LoginOk, start_login
from service.models import Activity, Connection, Role, SyncRun
from service.queue import celery_config
from tests.integration.sync.support import (
    RUNNER,
    RUNNER_PASSWORD,
    garmin_accounts,
    runner_specs,
    seed_connection,
    utc_today,
)
from tests.support.garmin_sleeps import library_sleeps_skipped
from tests.support.paths import REPO_ROOT
from tests.support.processes import running, wait_until

CELERY = str(REPO_ROOT / ".venv" / "bin" / "celery")
VISIBILITY_TIMEOUT_S = 8


class HoldingGarmin(FakeGarminConnect):
    """Holds the first listing of the second backfill window of a backfill that starts on
    ``today`` until ``release`` is set."""

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.second_window = windows.windows(
            today - timedelta(days=89), today + timedelta(days=1), 30
        )[1]
        self.reached = threading.Event()
        self.release = threading.Event()
        self._holds_left = 1
        self._hold_lock = threading.Lock()

    def handle(self, request: Request) -> Answer:
        if self._should_hold(request):
            self.reached.set()
            self.release.wait(timeout=120)
        return super().handle(request)

    def _should_hold(self, request: Request) -> bool:
        if request.path != ACTIVITY_LIST_PATH:
            return False
        if request.query.get("startDate") != [self.second_window[0].isoformat()]:
            return False
        with self._hold_lock:
            if self._holds_left == 0:
                return False
            self._holds_left -= 1
            return True


@pytest.fixture
def garmin() -> Iterator[HoldingGarmin]:
    today = utc_today()  # the day the test runs on, as the sync will count it
    with library_sleeps_skipped(), HoldingGarmin(garmin_accounts(today), today=today) as server:
        yield server
        server.release.set()


@pytest.fixture
def private_settings(own_database: str) -> Settings:
    return Settings(database_url=own_database)


@pytest.fixture
def connection_id(private_settings: Settings, garmin: HoldingGarmin) -> int:
    result = start_login(RUNNER, RUNNER_PASSWORD, garmin.endpoints)
    assert isinstance(result, LoginOk)
    with session_scope(private_settings) as session:
        athlete = create_user(
            session, email="kill@example.com", password="a-long-password", role=Role.ATHLETE
        )
        session.flush()
        keys = get_settings().encryption_key_list()
        return seed_connection(session, athlete, "garmin", result.token_blob, keys).id


def _worker_env(
    tmp_path: Path, settings: Settings, redis_url: str, garmin: HoldingGarmin, **extra: str
) -> dict[str, str]:
    endpoints = garmin.endpoints
    key = base64.urlsafe_b64encode(get_settings().encryption_key_list()[0]).decode()
    return {
        **os.environ,
        "LOADWATCH_DATABASE_URL": str(settings.database_url),
        "LOADWATCH_REDIS_URL": redis_url,
        "LOADWATCH_DATA_DIR": str(tmp_path / "data"),
        "LOADWATCH_ENCRYPTION_KEYS": key,
        "LOADWATCH_GARMIN__CONNECTAPI": endpoints.connectapi,
        "LOADWATCH_GARMIN__SSO": endpoints.sso,
        "LOADWATCH_GARMIN__DI_TOKEN_URL": endpoints.di_token_url,
        "LOADWATCH_TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT_S),
        **extra,
    }


def _worker_argv(name: str) -> list[str]:
    return [CELERY, "-A", "tests.workers.sync_celery", "worker", "--pool=prefork",
            "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"{name}@%h", "--loglevel=INFO"]  # fmt: skip


def _ready(log: Path) -> bool:
    return log.exists() and " ready." in log.read_text(errors="replace")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _state(settings: Settings, connection_id: int) -> dict[str, Any]:
    with session_scope(settings) as session:
        connection = session.get_one(Connection, connection_id)
        runs = session.scalars(select(SyncRun).order_by(SyncRun.id)).all()
        activities = session.scalars(select(Activity).order_by(Activity.start_utc)).all()
        return {
            "state": connection.state,
            "lease": connection.lease_token,
            "cursor": dict(connection.cursor),
            "runs": [(run.run_key, run.status) for run in runs],
            "activities": [(a.id, a.external_id) for a in activities],
        }


def _send_sync(redis_url: str, settings: Settings, connection_id: int) -> str:
    producer = Celery()
    producer.conf.update(
        celery_config(Settings(database_url=settings.database_url, redis_url=redis_url))
    )
    try:
        return str(
            producer.send_task("connections.sync", kwargs={"connection_id": connection_id}).id
        )
    finally:
        producer.close()


def _finished(settings: Settings, connection_id: int) -> bool:
    state = _state(settings, connection_id)
    return state["state"] == "ok" and state["runs"][-1:] and state["runs"][-1][1] == "succeeded"


def _started_pids(*logs: Path) -> list[int]:
    """Process ids that logged ``sync.connection.started``, in log order per file."""
    pids = []
    for log in logs:
        for line in log.read_text(errors="replace").splitlines():
            if "sync.connection.started" in line:
                pids.append(int(json.loads(line[line.index("{") :])["pid"]))
    return pids


def _interrupted_then_finished(
    tmp_path: Path,
    settings: Settings,
    redis_url: str,
    garmin: HoldingGarmin,
    connection_id: int,
    kill_main: bool,
) -> tuple[dict[str, Any], dict[str, Any], float]:
    env = _worker_env(tmp_path, settings, redis_url, garmin)
    first_log, second_log = tmp_path / "w1.log", tmp_path / "w2.log"
    with running(_worker_argv("w1"), env, first_log) as first:
        wait_until(lambda: _ready(first_log), 60, "worker w1")
        task_id = _send_sync(redis_url, settings, connection_id)
        assert garmin.reached.wait(60), "the sync never reached its second window"
        during = _state(settings, connection_id) | {"task_id": task_id}
        (child,) = _children(first.pid)
        during["first_pids"] = {first.pid, child}
        os.kill(first.pid if kill_main else child, signal.SIGKILL)
        killed_at = time.monotonic()
        if kill_main:
            wait_until(lambda: not _alive(child), 10, "the pool child to die with its parent")
        with running(_worker_argv("w2"), env, second_log):
            wait_until(lambda: _finished(settings, connection_id), 90, "the sync to finish")
            took = time.monotonic() - killed_at
    after = _state(settings, connection_id) | {"pids": _started_pids(first_log, second_log)}
    return during, after, took


def _assert_nothing_lost_or_doubled(
    garmin: HoldingGarmin, during: dict[str, Any], after: dict[str, Any]
) -> None:
    expected = sorted(str(spec.activity_id) for spec in runner_specs())
    assert sorted(ext for _, ext in after["activities"]) == expected
    assert set(during["activities"]) <= set(after["activities"])  # stored rows kept their ids
    held_from = garmin.second_window[0]
    assert during["cursor"]["synced_until"] == (held_from - timedelta(days=1)).isoformat()
    assert after["cursor"]["synced_until"] == (garmin.today + timedelta(days=1)).isoformat()
    assert after["runs"] == [(during["task_id"], "abandoned"), (during["task_id"], "succeeded")]
    assert after["lease"] is None
    first, *others = after["pids"]
    assert first in during["first_pids"] and others and others[-1] not in during["first_pids"]


def test_killing_the_pool_child_mid_sync(
    tmp_path, private_settings, private_redis, garmin, connection_id
):
    during, after, took = _interrupted_then_finished(
        tmp_path, private_settings, private_redis.url, garmin, connection_id, kill_main=False
    )

    assert during["state"] == "syncing" and during["runs"] == [(during["task_id"], "running")]
    assert 0 < len(during["activities"]) < len(runner_specs())
    _assert_nothing_lost_or_doubled(garmin, during, after)
    assert took < VISIBILITY_TIMEOUT_S + 60  # requeued at once by reject_on_worker_lost


def test_killing_the_worker_main_process_mid_sync(
    tmp_path, private_settings, private_redis, garmin, connection_id
):
    """The pool child dies with its parent; the unacknowledged message comes back after the
    visibility timeout, to the second worker, which takes the lease over and finishes."""
    during, after, took = _interrupted_then_finished(
        tmp_path, private_settings, private_redis.url, garmin, connection_id, kill_main=True
    )

    assert during["state"] == "syncing"
    _assert_nothing_lost_or_doubled(garmin, during, after)
    assert took >= VISIBILITY_TIMEOUT_S - 1  # the broker gave it back after the visibility timeout
    assert (
        " w2@" in (tmp_path / "w2.log").read_text()
        or "connections.sync" in (tmp_path / "w2.log").read_text()
    )


#: The production ratio of heartbeat to lease (5 s and 20 s), four times faster.
HEARTBEAT = {"LOADWATCH_RECOVERY__HEARTBEAT_S": "1.25", "LOADWATCH_RECOVERY__LEASE_S": "5"}


def _sweep(redis_url: str, settings: Settings) -> None:
    """What beat sends every ``CONNECTIONS_SWEEP_S``."""
    producer = Celery()
    producer.conf.update(
        celery_config(Settings(database_url=settings.database_url, redis_url=redis_url))
    )
    try:
        producer.send_task("connections.sweep")
    finally:
        producer.close()


def _swept_while(settings: Settings, seconds: float) -> list[int]:
    """Sweep here every half second for ``seconds`` (the worker's one process is busy with the
    sync): the connections each sweep would have sent."""
    queued: list[int] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with session_scope(settings) as session:
            queued += sweep(session, utcnow()).queued
        time.sleep(0.5)
    return queued


def test_a_slow_live_sync_keeps_its_lease_and_a_killed_workers_is_taken_over(
    tmp_path, private_settings, private_redis, garmin, connection_id, sent_tasks
):
    """The broker would give the message back only after an hour: the sweeps alone bring the
    sync back, once the dead worker stopped renewing its lease. While the worker lives, held at
    Garmin for three leases, no sweep takes the sync over."""
    env = _worker_env(tmp_path, private_settings, private_redis.url, garmin,
                      LOADWATCH_TEST_VISIBILITY_TIMEOUT="3600", **HEARTBEAT)  # fmt: skip
    first_log, second_log = tmp_path / "w1.log", tmp_path / "w2.log"
    with running(_worker_argv("w1"), env, first_log) as first:
        wait_until(lambda: _ready(first_log), 60, "worker w1")
        task_id = _send_sync(private_redis.url, private_settings, connection_id)
        assert garmin.reached.wait(60), "the sync never reached its second window"
        taken_while_alive = _swept_while(private_settings, 3 * 5.0)  # three leases
        live = _state(private_settings, connection_id)
        os.killpg(first.pid, signal.SIGKILL)  # the whole worker, as when its machine dies
        first.wait(timeout=30)
    with running(_worker_argv("w2"), env, second_log):
        wait_until(lambda: _ready(second_log), 60, "worker w2")
        deadline = time.monotonic() + 90
        while not _finished(private_settings, connection_id):
            assert time.monotonic() < deadline, "the sync was never taken over"
            _sweep(private_redis.url, private_settings)
            time.sleep(1)
    after = _state(private_settings, connection_id)

    assert connection_id not in taken_while_alive
    assert live["state"] == "syncing" and live["runs"] == [(task_id, "running")]
    (abandoned, first_status), (taken_over, status) = after["runs"]
    assert (abandoned, first_status, status) == (task_id, "abandoned", "succeeded")
    assert taken_over != task_id  # sent again by a sweep, not given back by the broker
    expected = sorted(str(spec.activity_id) for spec in runner_specs())
    assert sorted(ext for _, ext in after["activities"]) == expected
