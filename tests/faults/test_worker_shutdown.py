"""A worker stopped mid-sync hands the message back at once (R1c), extending the kill tests of
``tests/workers/test_sync_worker_loss.py``, whose fake Garmin and helpers this reuses.

SIGKILL leaves an unacknowledged message to the visibility timeout. A worker stopped the way
``docker compose stop`` stops it (SIGTERM, remapped to a cold shutdown by ``REMAP_SIGTERM=SIGQUIT``
as the compose file sets) gives its running task the soft-shutdown time to finish, then cancels
it and returns the message to Redis, so a second worker takes the sync over long before the
visibility timeout; nothing is lost or stored twice.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from service.config import Settings
from tests.faults.rig import APP, CELERY, ready
from tests.support.processes import running, wait_until
from tests.support.servers import PrivateRedis
from tests.workers import test_sync_worker_loss as worker_loss
from tests.workers.test_sync_worker_loss import (
    HoldingGarmin,
    _assert_nothing_lost_or_doubled,
    _finished,
    _send_sync,
    _started_pids,
    _state,
    _worker_env,
)

# The worker-loss tests' fixtures: its fake Garmin that holds the second backfill window, its
# database, and the runner's connection.
garmin = worker_loss.garmin
private_settings = worker_loss.private_settings
connection_id = worker_loss.connection_id

VISIBILITY_TIMEOUT_S = 60
SOFT_SHUTDOWN_S = 2


def _argv(name: str) -> list[str]:
    return [CELERY, "-A", APP, "worker", "--pool=prefork", "--concurrency=1",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"{name}@%h", "--loglevel=INFO"]  # fmt: skip


def test_a_worker_stopped_mid_sync_hands_the_sync_to_another_at_once(
    tmp_path: Path,
    private_settings: Settings,
    private_redis: PrivateRedis,
    garmin: HoldingGarmin,
    connection_id: int,
) -> None:
    env = _worker_env(tmp_path, private_settings, private_redis.url, garmin) | {
        "LOADWATCH_TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT_S),
        "LOADWATCH_TEST_SOFT_SHUTDOWN_S": str(SOFT_SHUTDOWN_S),
        "REMAP_SIGTERM": "SIGQUIT",
    }
    first_log, second_log = tmp_path / "w1.log", tmp_path / "w2.log"
    with running(_argv("w1"), env, first_log) as first:
        wait_until(lambda: ready(first_log), 60, "worker w1")
        task_id = _send_sync(private_redis.url, private_settings, connection_id)
        assert garmin.reached.wait(60), "the sync never reached its second window"
        during = _state(private_settings, connection_id) | {"task_id": task_id}
        during["first_pids"] = {first.pid, *_children(first.pid)}
        os.kill(first.pid, signal.SIGTERM)
        stopped_at = time.monotonic()
        first.wait(timeout=SOFT_SHUTDOWN_S + 30)
    garmin.release.set()  # the held request belongs to a stopped worker
    with running(_argv("w2"), env, second_log):
        wait_until(lambda: _finished(private_settings, connection_id), 60, "the sync to finish")
        took = time.monotonic() - stopped_at
    after = _state(private_settings, connection_id) | {"pids": _started_pids(first_log, second_log)}

    _assert_nothing_lost_or_doubled(garmin, during, after)
    assert "Initiating Soft Shutdown" in first_log.read_text()
    assert took < VISIBILITY_TIMEOUT_S / 2  # handed back, not left to the visibility timeout


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]
