"""The database decides what is due; leases make duplicate and redelivered messages harmless."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from service.clock import utcnow
from service.connections import runs
from service.connections.policy import DEFAULT_POLICY
from service.connections.runs import Batch, LeaseLost
from service.connections.service import request_sync
from service.connections.sweeper import sweep
from service.connections.sync import sync_connection
from service.errors import Conflict
from service.models import SeenNotification, SyncRun

from .support import seed_connection

NOW = utcnow()
MINUTE = timedelta(minutes=1)


def _connection(db_session, make_user, settings, **columns):
    connection = seed_connection(
        db_session, make_user(), "garmin", '{"di_token": "x"}', settings.encryption_key_list()
    )
    for name, value in columns.items():
        setattr(connection, name, value)
    db_session.commit()
    return connection


CASES: dict[str, tuple[dict[str, Any], bool]] = {
    "ok and due": ({"state": "ok", "next_attempt_at": NOW - MINUTE}, True),
    "ok, later": ({"state": "ok", "next_attempt_at": NOW + MINUTE}, False),
    "error and due": ({"state": "error", "next_attempt_at": NOW - MINUTE}, True),
    "rate limited, due": ({"state": "rate_limited", "next_attempt_at": NOW}, True),
    "rate limited, waiting": ({"state": "rate_limited", "next_attempt_at": NOW + MINUTE}, False),
    "needs re-authorisation": ({"state": "needs_reauth", "next_attempt_at": NOW - MINUTE}, False),
    "disconnected": ({"state": "disconnected", "next_attempt_at": NOW - MINUTE}, False),
    "no credentials": ({"credentials": None, "next_attempt_at": NOW - MINUTE}, False),
    "syncing, live lease": (
        {"state": "syncing", "lease_token": "a" * 32, "lease_expires_at": NOW + MINUTE},
        False,
    ),
    "syncing, lease ran out": (
        {"state": "syncing", "lease_token": "b" * 32, "lease_expires_at": NOW - MINUTE},
        True,
    ),
    "syncing without a lease": ({"state": "syncing", "lease_token": None}, True),
    "due, sent a minute ago": ({"next_attempt_at": NOW - MINUTE, "queued_at": NOW - MINUTE}, False),
    "due, sent long ago": ({"next_attempt_at": NOW - MINUTE, "queued_at": NOW - 10 * MINUTE}, True),
}


def test_the_sweep_sends_due_connections_only_and_a_second_sweep_sends_none(
    db_session, make_user, settings, sent_tasks
):
    made = {
        name: (_connection(db_session, make_user, settings, **columns), due)
        for name, (columns, due) in CASES.items()
    }
    ours = {connection.id for connection, _ in made.values()}

    first = sweep(db_session, NOW)
    db_session.commit()
    second = sweep(db_session, NOW + 30 * timedelta(seconds=1))
    db_session.commit()

    expected = {name for name, (_, due) in made.items() if due}
    assert {name for name, (c, _) in made.items() if c.id in first.queued} == expected
    assert ours.isdisjoint(second.queued)
    sent = [ids["connection_id"] for name, ids in sent_tasks if name == "connections.sync"]
    assert sorted(i for i in sent if i in ours) == sorted(made[name][0].id for name in expected)


def test_a_duplicate_message_after_the_work_is_done_does_nothing(
    db_session, tx, athlete, connect_garmin, settings
):
    connection = connect_garmin(athlete)

    assert sync_connection(connection.id, tx, settings=settings, run_key="first") == "ok"
    assert sync_connection(connection.id, tx, settings=settings, run_key="second") == "skipped"
    assert len(db_session.scalars(select(SyncRun)).all()) == 1


def test_a_redelivered_message_takes_over_its_dead_predecessors_lease(
    db_session, tx, athlete, connect_garmin, settings
):
    connection = connect_garmin(athlete)
    keys = settings.encryption_key_list()
    dead = runs.claim_connection(
        db_session, connection.id, "task-1", utcnow(), DEFAULT_POLICY, keys
    )
    db_session.commit()  # ...and its worker is killed here

    assert sync_connection(connection.id, tx, settings=settings, run_key="task-2") == "skipped"
    assert sync_connection(connection.id, tx, settings=settings, run_key="task-1") == "ok"

    statuses = [
        (run.run_key, run.status)
        for run in db_session.scalars(select(SyncRun).order_by(SyncRun.id))
    ]
    assert statuses == [("task-1", "abandoned"), ("task-1", "succeeded")]
    with pytest.raises(LeaseLost):
        runs.store_window(
            db_session, dead, utcnow().date(), Batch([]), None,
            now=utcnow(), policy=DEFAULT_POLICY, keys=keys,
        )  # fmt: skip


def test_a_message_that_keeps_killing_its_worker_is_given_up(
    db_session, athlete, connect_garmin, settings
):
    connection = connect_garmin(athlete)
    keys = settings.encryption_key_list()
    for _ in range(DEFAULT_POLICY.max_deliveries):
        assert runs.claim_connection(
            db_session, connection.id, "poison", utcnow(), DEFAULT_POLICY, keys
        )
        db_session.commit()

    assert (
        runs.claim_connection(db_session, connection.id, "poison", utcnow(), DEFAULT_POLICY, keys)
        is None
    )
    db_session.commit()
    db_session.refresh(connection)
    assert (connection.state, connection.last_error) == ("error", "sync_keeps_crashing")
    assert connection.lease_token is None and connection.next_attempt_at > utcnow()


def test_a_run_whose_lease_ran_out_cannot_write_over_its_successor(
    db_session, tx, athlete, connect_garmin, settings
):
    connection = connect_garmin(athlete)
    keys = settings.encryption_key_list()
    stale = runs.claim_connection(db_session, connection.id, "slow", utcnow(), DEFAULT_POLICY, keys)
    connection.lease_expires_at = utcnow() - MINUTE
    db_session.commit()

    assert sync_connection(connection.id, tx, settings=settings, run_key="fresh") == "ok"
    assert runs.finish_ok(db_session, stale, utcnow(), DEFAULT_POLICY) is False
    assert (
        runs.finish_failed(db_session, stale, runs.Failure("x", "error"), utcnow(), DEFAULT_POLICY)
        is False
    )
    db_session.refresh(connection)
    assert (connection.state, connection.last_error) == ("ok", None)


def test_old_webhook_receipts_are_deleted(db_session, settings):
    db_session.add_all(
        [
            SeenNotification(
                provider="fitbit", notification_id="old", received_at=NOW - 25 * 60 * MINUTE
            ),
            SeenNotification(provider="fitbit", notification_id="new", received_at=NOW - MINUTE),
        ]
    )
    db_session.commit()

    assert sweep(db_session, NOW).notifications_deleted == 1
    kept = db_session.scalars(select(SeenNotification.notification_id)).all()
    assert kept == ["new"]


@pytest.mark.parametrize(
    ("state", "next_in", "expected_next_in"),
    [
        ("ok", timedelta(hours=1), timedelta(0)),
        ("error", timedelta(minutes=20), timedelta(0)),
        ("rate_limited", timedelta(minutes=20), timedelta(minutes=20)),
        ("rate_limited", -MINUTE, timedelta(0)),
    ],
)
def test_sync_now_never_comes_before_retry_after(
    db_session, make_user, settings, sent_tasks, state, next_in, expected_next_in
):
    now = utcnow()
    connection = _connection(
        db_session, make_user, settings, state=state, next_attempt_at=now + next_in
    )

    request_sync(db_session, connection, now)
    db_session.commit()

    assert connection.next_attempt_at == now + expected_next_in
    assert ("connections.sync", {"connection_id": connection.id}) in sent_tasks


@pytest.mark.parametrize("state", ["needs_reauth", "connecting", "mfa_required", "disconnected"])
def test_sync_now_is_refused_until_the_connection_is_made(db_session, make_user, settings, state):
    connection = _connection(db_session, make_user, settings, state=state)
    with pytest.raises(Conflict) as refused:
        request_sync(db_session, connection, utcnow())
    assert refused.value.code == "connection_not_syncable"
