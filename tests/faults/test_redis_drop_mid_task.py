"""Redis goes away while a worker holds an unacknowledged task: the worker stays up, and the task
is carried out once.

A ``loadwatch worker`` (the command an operator runs, not a bare ``celery worker``) runs a sync
that the fake Garmin holds in its second backfill window. Redis is stopped and started again
empty, as a restart without persistence does; then the fake lets the held request go. The
worker reconnects by itself (``workers/kombu_fixes.py``: without it kombu's Redis transport ends
the worker with ``AttributeError: 'NoneType' object has no attribute 'hostname'``), the sync runs
on to its end (``service.queue`` does not cancel running tasks on a lost connection), and the
runner's activities are stored once each.

And whatever ends the Celery worker, ``loadwatch worker`` starts it again under the same name.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import time
from pathlib import Path

from service.config import Settings
from tests.integration.sync.support import runner_specs
from tests.support.processes import LOADWATCH, running, wait_until
from tests.support.servers import PrivateRedis
from tests.workers import test_sync_worker_loss as worker_loss
from tests.workers.test_sync_worker_loss import (
    HoldingGarmin,
    _children,
    _finished,
    _send_sync,
    _state,
    _worker_env,
)

garmin = worker_loss.garmin
private_settings = worker_loss.private_settings
connection_id = worker_loss.connection_id


def _ready(log: Path) -> bool:
    return log.exists() and " ready." in log.read_text(errors="replace")


def _reconnected(log: Path) -> bool:
    text = log.read_text(errors="replace")
    lost = text.rfind("Connection to broker lost")
    return lost >= 0 and "Connected to redis://" in text[lost:]


def test_a_worker_holding_a_task_survives_a_redis_restart_and_the_task_completes_once(
    tmp_path: Path,
    private_settings: Settings,
    private_redis: PrivateRedis,
    garmin: HoldingGarmin,
    connection_id: int,
) -> None:
    env = _worker_env(tmp_path, private_settings, private_redis.url, garmin)
    env.pop("LOADWATCH_TEST_VISIBILITY_TIMEOUT")
    env["LOADWATCH_WORKER__SUPERVISE"] = "true"  # also the default: stated for the reader
    log = tmp_path / "worker.log"
    argv = [LOADWATCH, "worker", "--concurrency", "2", "--queues", "sync"]
    with running(argv, env, log) as worker:
        wait_until(lambda: _ready(log), 60, "the worker")
        task_id = _send_sync(private_redis.url, private_settings, connection_id)
        assert garmin.reached.wait(60), "the sync never reached its second window"
        assert _state(private_settings, connection_id)["runs"] == [(task_id, "running")]

        private_redis.crash()  # every message is gone, the unacknowledged one too
        time.sleep(3)
        private_redis.start()
        wait_until(lambda: _reconnected(log), 60, "the worker to reconnect")
        garmin.release.set()
        wait_until(lambda: _finished(private_settings, connection_id), 120, "the sync to finish")
        assert worker.poll() is None  # still running

    text = log.read_text(errors="replace")
    assert "Unrecoverable error" not in text
    after = _state(private_settings, connection_id)
    expected = sorted(str(spec.activity_id) for spec in runner_specs())
    assert sorted(ext for _, ext in after["activities"]) == expected  # each once
    assert [status for _, status in after["runs"]].count("succeeded") == 1


def _ready_count(log: Path) -> int:
    return log.read_text(errors="replace").count(" ready.")


def test_loadwatch_worker_starts_its_celery_worker_again_after_it_was_killed(
    tmp_path: Path,
    private_settings: Settings,
    private_redis: PrivateRedis,
    garmin: HoldingGarmin,
    connection_id: int,
) -> None:
    env = _worker_env(tmp_path, private_settings, private_redis.url, garmin)
    log = tmp_path / "worker.log"
    argv = [LOADWATCH, "worker", "--concurrency", "1", "--queues", "sync"]
    with running(argv, env, log) as supervisor:
        wait_until(lambda: _ready(log), 60, "the worker")
        (celery,) = _children(supervisor.pid)
        os.kill(celery, signal.SIGKILL)
        wait_until(lambda: _ready_count(log) == 2, 60, "the worker to be started again")
        assert supervisor.poll() is None and _children(supervisor.pid) != [celery]
        garmin.release.set()
        _send_sync(private_redis.url, private_settings, connection_id)
        wait_until(lambda: _finished(private_settings, connection_id), 60, "the sync to finish")

    names = set(re.findall(r"(\S+) ready\.", log.read_text(errors="replace")))
    assert names == {f"worker-{supervisor.pid}@{socket.gethostname()}"}  # same name, restarted
    assert "worker.restarting" in log.read_text()
