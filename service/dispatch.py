"""Durable dispatch: a task whose work is recorded nowhere else survives a lost message.

Most work has its own row to find it again (a connection due for sync, a queued import, a pending
alert). A recompute of the series from a day, or an evaluation of an athlete's rules, has none:
if Redis restarts without persistence after the commit that asked for it, the request is gone.
So :func:`service.queue.enqueue` also writes such a call to ``queued_tasks`` in the caller's
transaction; the worker deletes the row when the task succeeded, and the ``queue.sweep`` beat
task sends again what stayed unfinished for :func:`resend_after`. A call of any task whose
sending failed is kept here too (:func:`keep_unsent`), due at once, and everything kept is due
at once when the broker lost its messages (``service.queue.broker_lost_messages``).

Each new request for the same call raises the row's ``version``; a worker deletes the row only
if the version it saw when it started is still there, so a request that arrived while the task
ran is not forgotten.

A worker that starts a kept call holds it (``held_until``, :func:`hold`) and renews the hold
while the task runs (:func:`renew`, from ``service.leases``); a hold that ran out means the worker
died, and the sweep sends the call again at once, not after :func:`resend_after`.

A call kept under a task's former name (``service.task_names.FORMER_NAMES``: a process of the
earlier release wrote it after the upgrade's migration renamed the kept ones) is kept under the
new name when the sweep finds it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, delete, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.clock import utcnow
from service.config import get_settings
from service.models import QueuedTask, SeriesDirty
from service.task_names import FORMER_NAMES, TaskName

log = logging.getLogger(__name__)

#: Tasks whose request must outlive the broker.
DURABLE_TASKS = frozenset({TaskName.METRICS_RECOMPUTE, TaskName.FINDINGS_EVALUATE})
#: Sent at once by the next sweep: a call kept because sending it failed (``keep_unsent``).
UNSENT_AT = datetime(1970, 1, 1, tzinfo=UTC)
#: Sends (the first one included) before an unfinished call is given up and logged.
MAX_SENDS = 5
SWEEP_BATCH = 500


def arguments_key(ids: Mapping[str, Any]) -> str:
    return json.dumps(dict(ids), sort_keys=True, separators=(",", ":"))


def record(
    session: Session, task: TaskName, ids: Mapping[str, Any], now: datetime | None = None
) -> None:
    """Keep ``task(**ids)`` until a worker finished it (call in the requesting transaction)."""
    insert = _insert_for(session)
    moment = now or utcnow()
    statement = insert(QueuedTask).values(
        task=str(task), arguments=arguments_key(ids), version=1, sends=1, requested_at=moment
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["task", "arguments"],
            set_={"version": QueuedTask.version + 1, "sends": 1, "requested_at": moment},
        )
    )


def mark_series_dirty(
    session: Session,
    athlete_id: int,
    day: date,
    now: datetime | None = None,
    *,
    requested_at: datetime | None = None,
) -> None:
    """The athlete's stored series is not current from ``day`` on (call in the transaction that
    changed what it is computed from): the earlier of ``day`` and a mark already there, and a
    new ``version``, so a recompute that started before this change leaves the mark in place.
    ``requested_at``: a recompute for the mark is being queued now."""
    insert = _insert_for(session)
    statement = insert(SeriesDirty).values(
        athlete_id=athlete_id,
        dirty_from=day,
        version=1,
        marked_at=now or utcnow(),
        requested_at=requested_at,
    )
    also = {"requested_at": statement.excluded.requested_at} if requested_at is not None else {}
    earlier = case(
        (SeriesDirty.dirty_from < statement.excluded.dirty_from, SeriesDirty.dirty_from),
        else_=statement.excluded.dirty_from,
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["athlete_id"],
            set_={
                "dirty_from": earlier,
                "version": SeriesDirty.version + 1,
                "marked_at": statement.excluded.marked_at,
                **also,
            },
        )
    )


def request_series_recompute(
    session: Session, athlete_id: int, day: date, now: datetime | None = None
) -> bool:
    """Mark the series dirty from ``day`` (:func:`mark_series_dirty`) and say whether a
    ``metrics.recompute`` must be sent for it: False when one is already queued for the athlete
    (asked for within :func:`resend_after` and not started yet), since that one starts from
    the mark's earliest day and so covers this change too.

    The mark's row is locked first; a recompute that started holds that lock until it commits
    and deletes the mark, so a request made meanwhile waits, finds no mark and is sent: a change
    committed after a recompute started is always followed by another. A queued request is
    trusted for :func:`resend_after` only, as long as the sweep takes to send a lost one again."""
    moment = now or utcnow()
    queued = session.scalar(
        select(SeriesDirty.requested_at)
        .where(SeriesDirty.athlete_id == athlete_id)
        .with_for_update()
    )
    send = queued is None or queued < moment - resend_after()
    mark_series_dirty(session, athlete_id, day, moment, requested_at=moment if send else None)
    return send


def _insert_for(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _kept(task: str, ids: Mapping[str, Any]) -> ColumnElement[bool]:
    return (QueuedTask.task == task) & (QueuedTask.arguments == arguments_key(ids))


def hold(session: Session, task: str, ids: Mapping[str, Any], until: datetime) -> int | None:
    """Hold the request a starting task is about to carry out until ``until``; its version
    (None: none kept)."""
    return session.scalar(
        update(QueuedTask)
        .where(_kept(task, ids))
        .values(held_until=until)
        .returning(QueuedTask.version)
    )


def renew(
    session: Session, task: str, ids: Mapping[str, Any], version: int, until: datetime
) -> None:
    """Extend a running task's hold (only on the request it carries out)."""
    session.execute(
        update(QueuedTask)
        .where(_kept(task, ids), QueuedTask.version == version, QueuedTask.held_until.is_not(None))
        .values(held_until=until)
    )


def finished(session: Session, task: str, ids: Mapping[str, Any], version: int) -> None:
    """Forget the request, unless a newer one for the same call arrived meanwhile (then that
    one waits, unheld, for its own message)."""
    session.execute(delete(QueuedTask).where(_kept(task, ids), QueuedTask.version == version))
    released(session, task, ids)


def released(session: Session, task: str, ids: Mapping[str, Any]) -> None:
    """The task ended without finishing (it failed, or will be retried): no longer held."""
    session.execute(update(QueuedTask).where(_kept(task, ids)).values(held_until=None))


def resend_after() -> timedelta:
    """Longer than a busy queue takes to reach a message, so a sweep rarely doubles live work
    (``LOADWATCH_RECOVERY__RESEND_AFTER_S``)."""
    return timedelta(seconds=get_settings().recovery.resend_after_s)


def keep_unsent(session: Session, task: TaskName, ids: Mapping[str, Any]) -> None:
    """Keep a call whose sending failed (the broker did not answer), due at once: the next
    sweep sends it as soon as the broker answers again. A durable call's kept request is made
    due; any other call is kept until the sweep sent it once."""
    insert = _insert_for(session)
    statement = insert(QueuedTask).values(
        task=str(task), arguments=arguments_key(ids), version=1, sends=0, requested_at=UNSENT_AT
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["task", "arguments"], set_={"requested_at": UNSENT_AT}
        )
    )


def unfinished_calls(
    session: Session, now: datetime | None = None, *, everything: bool = False
) -> list[tuple[TaskName, dict[str, Any]]]:
    """Calls to send again (after commit): those whose sending failed, those unfinished for
    :func:`resend_after` and not held by a live worker, those whose worker's hold ran out (it
    died), or with ``everything`` (the broker lost its messages) every kept call. Calls sent
    :data:`MAX_SENDS` times are given up instead."""
    moment = now or utcnow()
    unheld_and_old = QueuedTask.held_until.is_(None) & (
        QueuedTask.requested_at <= moment - resend_after()
    )
    due = true() if everything else unheld_and_old | (QueuedTask.held_until < moment)
    rows = session.scalars(
        select(QueuedTask)
        .where(due)
        .order_by(QueuedTask.id)
        .limit(SWEEP_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    calls: list[tuple[TaskName, dict[str, Any]]] = []
    for row in rows:
        call = _resend(session, row, moment)
        if call is not None and call not in calls:
            calls.append(call)
    session.flush()
    return calls


def _resend(
    session: Session, row: QueuedTask, now: datetime
) -> tuple[TaskName, dict[str, Any]] | None:
    """The call a kept row asks to send again, or None once it is given up."""
    if row.task in FORMER_NAMES:
        return _renamed(session, row, now)
    if row.task not in TaskName or row.sends >= MAX_SENDS:
        log.error("queue.task.given_up", extra={"task": row.task, "row_id": row.id})
        session.delete(row)
        return None
    call = TaskName(row.task), json.loads(row.arguments)
    if row.task not in DURABLE_TASKS:  # kept only until sent: nothing else forgets it
        session.delete(row)
        return call
    row.sends += 1
    row.requested_at, row.held_until = now, None
    return call


def _renamed(session: Session, row: QueuedTask, now: datetime) -> tuple[TaskName, dict[str, Any]]:
    """Keep a call found under a former name under the task's name instead (joining a kept
    request for the same call, if there is one)."""
    task, ids = FORMER_NAMES[row.task], json.loads(row.arguments)
    session.delete(row)
    session.flush()
    record(session, task, ids, now)
    return task, ids
