"""Durable dispatch in the database: a recompute or evaluation request is kept until a worker
finished it, a newer request survives an older task's success, and the sweep sends again what a
lost message left unfinished, a bounded number of times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service import dispatch
from service.models import QueuedTask
from service.queue import enqueue
from service.task_names import TaskName

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
RECOMPUTE = {"athlete_id": 7, "from_date": "2026-03-01"}


def kept(session: Session) -> list[tuple[str, str, int, int]]:
    rows = session.scalars(select(QueuedTask).order_by(QueuedTask.id)).all()
    return [(r.task, r.arguments, r.version, r.sends) for r in rows]


@pytest.mark.parametrize(
    ("task", "is_kept"),
    [(TaskName.METRICS_RECOMPUTE, True), (TaskName.FINDINGS_EVALUATE, True),
     (TaskName.ALERTS_DELIVER, False), (TaskName.ACTIVITIES_PROCESS_IMPORT, False),
     (TaskName.CONNECTIONS_SYNC, False)],
)  # fmt: skip
def test_only_work_recorded_nowhere_else_is_kept(
    db_session: Session, sent_tasks: list[Any], task: TaskName, is_kept: bool
) -> None:
    enqueue(db_session, task, athlete_id=7)
    db_session.commit()
    assert sent_tasks == [(task, {"athlete_id": 7})]
    assert kept(db_session) == ([(task, '{"athlete_id":7}', 1, 1)] if is_kept else [])


def test_a_request_made_while_the_task_ran_outlives_its_success(db_session: Session) -> None:
    dispatch.record(db_session, TaskName.METRICS_RECOMPUTE, RECOMPUTE, T0)
    seen = dispatch.hold(db_session, "metrics.recompute", RECOMPUTE, T0 + timedelta(seconds=20))
    dispatch.record(db_session, TaskName.METRICS_RECOMPUTE, RECOMPUTE, T0 + timedelta(seconds=1))
    dispatch.finished(db_session, "metrics.recompute", RECOMPUTE, seen or 0)
    assert [row[2] for row in kept(db_session)] == [2]
    newer = dispatch.hold(db_session, "metrics.recompute", RECOMPUTE, T0 + timedelta(seconds=20))
    dispatch.finished(db_session, "metrics.recompute", RECOMPUTE, newer or 0)
    assert kept(db_session) == []


@pytest.mark.parametrize(
    ("minutes_later", "resent"),
    [(0, []), (4, []), (6, [(TaskName.METRICS_RECOMPUTE, RECOMPUTE)])],  # RESEND_AFTER_S 300
)
def test_the_sweep_sends_again_only_what_stayed_unfinished(
    db_session: Session, minutes_later: int, resent: list[Any]
) -> None:
    dispatch.record(db_session, TaskName.METRICS_RECOMPUTE, RECOMPUTE, T0)
    now = T0 + timedelta(minutes=minutes_later)
    assert dispatch.unfinished_calls(db_session, now) == resent
    assert dispatch.unfinished_calls(db_session, now) == []  # sent again just now: not twice


def test_a_call_that_never_finishes_is_given_up_after_the_last_send(db_session: Session) -> None:
    dispatch.record(db_session, TaskName.FINDINGS_EVALUATE, {"athlete_id": 3}, T0)
    moments = [T0 + dispatch.resend_after() * n + timedelta(seconds=n) for n in range(1, 10)]
    sends = [len(dispatch.unfinished_calls(db_session, moment)) for moment in moments]
    assert sends == [1] * (dispatch.MAX_SENDS - 1) + [0] * (10 - dispatch.MAX_SENDS)
    assert kept(db_session) == []


def _keep_under(session: Session, name: str, ids: dict[str, Any], at: datetime) -> None:
    """A call kept as a process of an earlier version wrote it: under the name it knew."""
    session.add(
        QueuedTask(
            task=name, arguments=dispatch.arguments_key(ids), version=1, sends=1, requested_at=at
        )
    )
    session.flush()


def test_a_call_kept_under_a_former_name_is_sent_and_kept_under_the_new_one(
    db_session: Session,
) -> None:
    _keep_under(db_session, "rules.evaluate", {"athlete_id": 3}, T0)
    _keep_under(db_session, "rules.evaluate", {"athlete_id": 4}, T0)
    dispatch.record(db_session, TaskName.FINDINGS_EVALUATE, {"athlete_id": 4}, T0)
    later = T0 + dispatch.resend_after() + timedelta(minutes=1)
    calls = dispatch.unfinished_calls(db_session, later)
    assert sorted(calls, key=str) == [
        (TaskName.FINDINGS_EVALUATE, {"athlete_id": 3}),
        (TaskName.FINDINGS_EVALUATE, {"athlete_id": 4}),
    ]
    assert {(task, arguments) for task, arguments, *_ in kept(db_session)} == {
        ("findings.evaluate", '{"athlete_id":3}'),
        ("findings.evaluate", '{"athlete_id":4}'),
    }
    assert dispatch.unfinished_calls(db_session, later) == []


def test_a_call_under_a_name_no_task_has_is_dropped(db_session: Session) -> None:
    _keep_under(db_session, "nowhere.to_be_found", {"athlete_id": 3}, T0)
    assert dispatch.unfinished_calls(db_session, T0 + timedelta(hours=1)) == []
    assert kept(db_session) == []


def test_a_request_whose_worker_stopped_renewing_its_hold_is_sent_again_at_once(
    db_session: Session,
) -> None:
    """A killed worker stops renewing: the sweep sends the request once its hold ran out, long
    before the resend wait; while the hold is renewed, it is never sent again."""
    dispatch.record(db_session, TaskName.METRICS_RECOMPUTE, RECOMPUTE, T0)
    lease = timedelta(seconds=20)
    version = dispatch.hold(db_session, "metrics.recompute", RECOMPUTE, T0 + lease)
    assert version == 1
    for beat in range(1, 60):  # five minutes of a slow task renewing every five seconds
        now = T0 + timedelta(seconds=5 * beat)
        dispatch.renew(db_session, "metrics.recompute", RECOMPUTE, version, now + lease)
        assert dispatch.unfinished_calls(db_session, now) == []
    last = T0 + timedelta(seconds=5 * 59)
    assert dispatch.unfinished_calls(db_session, last + lease - timedelta(seconds=1)) == []
    resent = dispatch.unfinished_calls(db_session, last + lease + timedelta(seconds=1))
    assert resent == [(TaskName.METRICS_RECOMPUTE, RECOMPUTE)]
    assert kept(db_session) == [("metrics.recompute", '{"athlete_id":7,"from_date":"2026-03-01"}',
                                 1, 2)]  # fmt: skip


def test_a_newer_request_left_by_a_finished_task_waits_unheld_for_its_own_message(
    db_session: Session,
) -> None:
    dispatch.record(db_session, TaskName.METRICS_RECOMPUTE, RECOMPUTE, T0)
    version = dispatch.hold(db_session, "metrics.recompute", RECOMPUTE, T0 + timedelta(seconds=20))
    dispatch.record(db_session, TaskName.METRICS_RECOMPUTE, RECOMPUTE, T0 + timedelta(seconds=1))
    dispatch.finished(db_session, "metrics.recompute", RECOMPUTE, version or 0)
    minute_later = T0 + timedelta(minutes=1)
    assert dispatch.unfinished_calls(db_session, minute_later) == []  # not taken for a dead hold
    assert [row[2] for row in kept(db_session)] == [2]
