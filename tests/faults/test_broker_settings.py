"""Which broker loadwatch uses and with which transport options (docs/operations.md §3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from service.config import Settings
from service.queue import VISIBILITY_TIMEOUT_S, broker_transport_options, celery_config
from service.task_names import WORKER_QUEUES

REDIS = "redis://127.0.0.1:6379/0"
RABBIT = "amqp://guest:guest@127.0.0.1:5672/loadwatch"
SENTINELS = "sentinel://s1:26379;sentinel://s2:26379"
VT = {"visibility_timeout": VISIBILITY_TIMEOUT_S}


@pytest.mark.parametrize(
    ("redis_url", "broker", "master", "expected_url", "expected_options"),
    [
        (None, None, None, "sqla+sqlite:///{data}/broker.sqlite", {}),
        (REDIS, None, None, REDIS, VT),
        (REDIS, RABBIT, None, RABBIT, {}),
        (REDIS, SENTINELS, "mymaster", SENTINELS, VT | {"master_name": "mymaster"}),
        (REDIS, SENTINELS, None, SENTINELS, VT),
    ],
)
def test_the_broker_and_its_transport_options(
    tmp_path: Path,
    redis_url: str | None,
    broker: str | None,
    master: str | None,
    expected_url: str,
    expected_options: dict[str, Any],
) -> None:
    settings = Settings(
        redis_url=redis_url,
        celery_broker_url=broker,
        celery_broker_master=master,
        data_dir=tmp_path,
        database_url="postgresql://x/y" if redis_url else None,
    )
    assert settings.broker_url == expected_url.format(data=tmp_path.resolve())
    assert broker_transport_options(settings) == expected_options
    conf = celery_config(settings)
    assert conf["broker_url"] == settings.broker_url
    assert conf["broker_transport_options"] == expected_options


def test_every_task_has_a_queue_that_a_default_worker_consumes() -> None:
    conf = celery_config(Settings(redis_url=REDIS, database_url="postgresql://x/y"))
    queues = set(conf["task_queues"])
    assert queues == {"default", "sync", "metrics", "alerts", "imports"}
    assert set(WORKER_QUEUES) == queues
    assert {route["queue"] for route in conf["task_routes"].values()} <= queues
