"""The worker procedures of ``docs/operations.md``, run as the guide writes them: a worker per
queue, a worker on RabbitMQ, a worker on Redis Sentinel."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from tests.faults import guide
from tests.faults.rig import Rig, ready
from tests.support.processes import free_port, running, wait_until


def _loadwatch_env(rig: Rig) -> dict[str, str]:
    return {k: v for k, v in rig.env.items() if k.startswith("LOADWATCH_")}


def _start_procedure_workers(rig: Rig, name: str, env: dict[str, str]) -> list[Any]:
    started = []
    for index, argv in enumerate(guide.background_commands(name)):
        log = rig.log(f"{name}-{index}")
        started.append((running(argv, env, log), log))
    return started


def _succeeded(log: Path, task: str) -> bool:
    return any(f"Task {task}[" in line and "succeeded" in line
               for line in log.read_text(errors="replace").splitlines())  # fmt: skip


def test_workers_on_separate_queues_take_only_their_work(rig: Rig) -> None:
    env = guide.guide_env(**_loadwatch_env(rig))
    (sync_worker, sync_log), (rest_worker, rest_log) = _start_procedure_workers(
        rig, "queue-workers", env
    )
    with sync_worker, rest_worker:
        wait_until(lambda: ready(sync_log) and ready(rest_log), 90, "both workers")
        for task in (
            "connections.sweep",
            "metrics.sweep",
            "alerts.sweep",
            "accounts.purge_expired",
        ):
            rig.send(task)
        wait_until(lambda: _succeeded(sync_log, "connections.sweep"), 60, "the sync worker")
        for task in ("metrics.sweep", "alerts.sweep", "accounts.purge_expired"):
            wait_until(partial(_succeeded, rest_log, task), 60, f"{task} on the other worker")
    assert not _succeeded(rest_log, "connections.sweep")
    assert not any(_succeeded(sync_log, t) for t in ("metrics.sweep", "alerts.sweep"))


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture
def rabbitmq_vhost() -> Iterator[str]:
    """A private virtual host on the local RabbitMQ (guest may use it)."""
    vhost = f"loadwatch-{uuid.uuid4().hex[:8]}"
    _rabbitmqctl("add_vhost", vhost)
    try:
        _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield vhost
    finally:
        _rabbitmqctl("delete_vhost", vhost)


def test_a_worker_on_rabbitmq(rig: Rig, rabbitmq_vhost: str) -> None:
    variables = {"RABBITMQ_USER": "guest", "RABBITMQ_PASSWORD": "guest",
                 "RABBITMQ_HOST": "127.0.0.1", "RABBITMQ_VHOST": rabbitmq_vhost}  # fmt: skip
    env = guide.guide_env(**_loadwatch_env(rig), **variables)
    env.update(guide.exported("rabbitmq-worker", env))
    broker = env["LOADWATCH_CELERY_BROKER_URL"]
    assert broker.startswith("amqp://guest:guest@127.0.0.1:5672/loadwatch-")
    rig.settings = rig.settings.model_copy(update={"celery_broker_url": broker})
    [(worker, log)] = _start_procedure_workers(rig, "rabbitmq-worker", env)
    with worker:
        wait_until(lambda: ready(log), 90, "the worker on RabbitMQ")
        assert "amqp://guest:**@127.0.0.1:5672/" in log.read_text()
        for task in ("connections.sweep", "alerts.sweep"):
            rig.send(task)
            wait_until(partial(_succeeded, log, task), 60, f"{task} through RabbitMQ")


def _sentinel(tmp_path: Path, name: str, master_port: int) -> tuple[Any, int]:
    port = free_port()
    conf = tmp_path / f"{name}.conf"
    conf.write_text(
        f"port {port}\nbind 127.0.0.1\ndir {tmp_path}\n"
        f"sentinel monitor mymaster 127.0.0.1 {master_port} 1\n"
        "sentinel down-after-milliseconds mymaster 5000\n"
    )
    argv = ["redis-server", str(conf), "--sentinel"]
    return running(argv, guide.guide_env(), tmp_path / f"{name}.log"), port


def test_a_worker_on_redis_sentinel(rig: Rig, tmp_path: Path) -> None:
    first, first_port = _sentinel(tmp_path, "sentinel-1", rig.redis.port)
    second, second_port = _sentinel(tmp_path, "sentinel-2", rig.redis.port)
    with first, second:
        variables = {
            "SENTINEL_1": f"127.0.0.1:{first_port}",
            "SENTINEL_2": f"127.0.0.1:{second_port}",
        }
        env = guide.guide_env(**_loadwatch_env(rig), **variables)
        env.update(guide.exported("sentinel-worker", env))
        rig.settings = rig.settings.model_copy(update={
            "celery_broker_url": env["LOADWATCH_CELERY_BROKER_URL"],
            "celery_broker_master": env["LOADWATCH_CELERY_BROKER_MASTER"],
        })  # fmt: skip
        [(worker, log)] = _start_procedure_workers(rig, "sentinel-worker", env)
        with worker:
            wait_until(lambda: ready(log), 90, "the worker on Redis Sentinel")
            assert "sentinel://" in log.read_text()
            for task in ("connections.sweep", "metrics.sweep"):
                rig.send(task)
                wait_until(partial(_succeeded, log, task), 60, f"{task} through Sentinel")
        assert rig.redis.client().exists("_kombu.binding.sync")  # the master carried it
