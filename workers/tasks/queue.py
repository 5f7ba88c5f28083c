"""Durable dispatch on the worker: a running task holds its kept request and renews the hold
while it runs, a finished task forgets the request; the sweep sends again what a lost message
or a dead worker left unfinished (``service.dispatch``)."""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from celery.signals import task_postrun, task_prerun
from sqlalchemy.orm import Session

from service.activities.uploads import requeue_stale_imports
from service.clock import utcnow
from service.config import get_settings
from service.connections.policy import sync_policy
from service.connections.sweeper import sweep as sweep_connections
from service.db import session_scope
from service.dispatch import DURABLE_TASKS, finished, hold, released, renew, unfinished_calls
from service.leases import lease_until, renewing
from service.queue import broker_lost_messages, send_now
from service.task_names import TaskName
from workers.celery_app import app

log = logging.getLogger(__name__)

#: The kept request each running durable task holds (its version) and the heartbeat renewing it.
_holds: dict[str, tuple[int, ExitStack]] = {}


@app.task(name=TaskName.QUEUE_SWEEP)
def sweep() -> int:
    """Send what could not be sent and every durable task left unfinished; after the broker
    lost its messages, everything the database knows to be waiting, at once. How many calls
    were sent."""
    lost = broker_lost_messages()
    if lost:
        log.warning("queue.broker_lost_messages")
    with session_scope() as session:
        calls = unfinished_calls(session, everything=lost)
        if lost:  # sent after this commit
            now = utcnow()
            policy = replace(sync_policy(get_settings()), requeue_after=timedelta(0))
            sweep_connections(session, now, policy)
            requeue_stale_imports(session, get_settings(), now, everything=True)
    for task, ids in calls:
        send_now(task, **ids)
    if lost:
        send_now(TaskName.ALERTS_SWEEP)
    return len(calls)


@task_prerun.connect
def _hold(task_id: str, task: Any, kwargs: dict[str, Any], **_: Any) -> None:
    """Hold the kept request the task carries out, and renew the hold while it runs."""
    if task.name not in DURABLE_TASKS:
        return
    with session_scope() as session:
        version = hold(session, task.name, kwargs, lease_until())
    if version is None:
        return
    heartbeat = ExitStack()
    renew_hold = partial(_renew, task.name, kwargs, version)
    heartbeat.enter_context(renewing(renew_hold, task.name))
    _holds[task_id] = version, heartbeat


def _renew(
    name: str, kwargs: dict[str, Any], version: int, session: Session, until: datetime
) -> None:
    renew(session, name, kwargs, version, until)


@task_postrun.connect
def _forget_finished(task_id: str, task: Any, kwargs: dict[str, Any], state: str, **_: Any) -> None:
    held = _holds.pop(task_id, None)
    if held is None:
        return
    version, heartbeat = held
    heartbeat.close()
    with session_scope() as session:
        if state == "SUCCESS":
            finished(session, task.name, kwargs, version)
        else:
            released(session, task.name, kwargs)
