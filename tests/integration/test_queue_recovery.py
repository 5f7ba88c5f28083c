"""Work that could not be sent, and work a broker lost, is sent again as soon as the broker
answers: a failed send is kept in ``queued_tasks`` due at once, and a broker that came back
without its messages is noticed by the marker it no longer holds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from service import dispatch, queue
from service.config import Settings
from service.db import session_scope
from service.models import QueuedTask
from service.task_names import TaskName
from tests.support.servers import PrivateRedis

#: Nothing listens here (the top of this checkout's port range): the broker does not answer.
SILENT_BROKER = "redis://127.0.0.1:8179/0"


@pytest.fixture
def silent(own_database: str) -> Settings:
    return Settings(environment="test", database_url=own_database, redis_url=SILENT_BROKER)


def _kept(settings: Settings) -> list[tuple[str, dict[str, Any], int]]:
    with session_scope(settings) as session:
        rows = session.scalars(select(QueuedTask).order_by(QueuedTask.id)).all()
        return [(row.task, json.loads(row.arguments), row.sends) for row in rows]


def test_a_call_the_broker_did_not_take_is_kept_and_sent_by_the_next_sweep(
    silent: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("service.dispatch.get_settings", lambda: silent)
    queue.send_now(TaskName.CONNECTIONS_SYNC, silent, connection_id=7)
    queue.send_now(TaskName.FINDINGS_EVALUATE, silent, athlete_id=3)
    assert _kept(silent) == [
        ("connections.sync", {"connection_id": 7}, 0),
        ("findings.evaluate", {"athlete_id": 3}, 0),
    ]

    with session_scope(silent) as session:
        calls = dispatch.unfinished_calls(session)  # at once: no resend wait
    with session_scope(silent) as session:
        again = dispatch.unfinished_calls(session)

    assert calls == [
        (TaskName.CONNECTIONS_SYNC, {"connection_id": 7}),
        (TaskName.FINDINGS_EVALUATE, {"athlete_id": 3}),
    ]
    assert again == []  # sent: the evaluation waits for its worker, the sync is forgotten
    assert _kept(silent) == [("findings.evaluate", {"athlete_id": 3}, 1)]


def test_a_broker_restarted_without_its_messages_is_noticed_once(
    own_database: str, private_redis: PrivateRedis
) -> None:
    settings = Settings(environment="test", database_url=own_database, redis_url=private_redis.url)
    assert queue.broker_lost_messages(settings)  # a broker never seen: its marker is set
    assert not queue.broker_lost_messages(settings)

    private_redis.restart()

    assert [queue.broker_lost_messages(settings) for _ in range(3)] == [True, False, False]


def test_after_a_broker_loss_every_kept_call_is_due_at_once(
    own_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(environment="test", database_url=own_database)
    monkeypatch.setattr("service.dispatch.get_settings", lambda: settings)
    with session_scope(settings) as session:
        dispatch.record(session, TaskName.METRICS_RECOMPUTE, {"athlete_id": 1, "from_date": "x"})

    with session_scope(settings) as session:
        waiting = dispatch.unfinished_calls(session)
    with session_scope(settings) as session:
        lost = dispatch.unfinished_calls(session, everything=True)

    assert waiting == []  # it may only be waiting in its queue
    assert lost == [(TaskName.METRICS_RECOMPUTE, {"athlete_id": 1, "from_date": "x"})]
