"""The places an operator's line names, and how long ``serve``, ``worker`` and ``beat`` wait
between tries (the commands themselves: ``tests/integration/test_operator_errors.py``)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from kombu.exceptions import OperationalError as BrokerOperationalError

from service.config import ConfigurationError, Settings
from service.operator_errors import OperatorError, broker_place, database_place, explain
from service.preflight import MAX_WAIT_S, broker_ready, wait_for
from tests.support.processes import free_port

SECRET = "pa55-word"


@pytest.mark.parametrize(
    ("variables", "place"),
    [
        ({"redis_url": f"redis://:{SECRET}@cache:6380/3"}, "Redis at cache:6380"),
        (
            {"celery_broker_url": f"sentinel://u:{SECRET}@s1:26379;sentinel://s2:26379"},
            "Redis Sentinel at s1:26379",
        ),
        ({"celery_broker_url": f"amqp://guest:{SECRET}@rabbit/vhost"}, "RabbitMQ at rabbit"),
    ],
)
def test_the_broker_is_named_by_host_and_port(variables: dict[str, str], place: str) -> None:
    assert broker_place(Settings(**variables)) == place  # type: ignore[arg-type]


def test_the_database_is_named_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://loadwatch:{SECRET}@db.internal:6543/lw"
    assert database_place(Settings(database_url=url)) == (
        "PostgreSQL at db.internal:6543, database 'lw', user 'loadwatch'"
    )
    embedded = Settings(database_url=None, data_dir=tmp_path)
    assert database_place(embedded) == f"SQLite in {tmp_path.resolve()}"


def test_waiting_doubles_up_to_its_cap_and_logs_each_try(caplog: pytest.LogCaptureFixture) -> None:
    tries = iter(range(9))
    slept: list[float] = []

    def check() -> None:
        if next(tries) < 8:
            raise OperatorError("cannot reach the database: Connection refused", waits=True)

    with caplog.at_level(logging.WARNING, logger="service.preflight"):
        wait_for(check, Settings(), sleep=slept.append)
    assert slept == [1.0, 2.0, 4.0, 8.0, 16.0, MAX_WAIT_S, MAX_WAIT_S, MAX_WAIT_S]
    waiting = [r for r in caplog.records if r.getMessage() == "startup.waiting"]
    assert len(waiting) == 8
    assert all(r.problem == "cannot reach the database: Connection refused" for r in waiting)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "problem",
    [
        OperatorError("cannot use the data folder: it is a file, not a folder (/srv)"),
        ConfigurationError("LOADWATCH_ENCRYPTION_KEYS must be ..."),
        KeyError("a bug"),
    ],
)
def test_what_cannot_right_itself_is_not_waited_for(problem: Exception) -> None:
    def check() -> None:
        raise problem

    slept: list[float] = []
    with pytest.raises(type(problem)):
        wait_for(check, Settings(), sleep=slept.append)
    assert slept == []


def test_a_redis_broker_beside_the_embedded_database_is_checked(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    settings = Settings(
        database_url=None, data_dir=tmp_path, redis_url=f"redis://:{SECRET}@127.0.0.1:{port}/0"
    )
    with pytest.raises(BrokerOperationalError) as raised:
        broker_ready(settings)
    problem = explain(raised.value, settings)
    assert problem is not None and problem.waits
    assert problem.message.startswith("cannot reach the broker: ")
    assert f"(Redis at 127.0.0.1:{port})" in problem.message and SECRET not in problem.message
    broker_ready(Settings(database_url=None, redis_url=None, data_dir=tmp_path / "data"))
    assert (tmp_path / "data").is_dir()  # the embedded broker: its folder, made
