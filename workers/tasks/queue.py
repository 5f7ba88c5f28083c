"""Durable dispatch on the worker: a finished task forgets its kept request; the sweep sends
again what a lost message left unfinished (``service.dispatch``)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from typing import Any

from celery.signals import task_postrun, task_prerun

from service.activities.uploads import requeue_stale_imports
from service.clock import utcnow
from service.config import get_settings
from service.connections.policy import DEFAULT_POLICY
from service.connections.sweeper import sweep as sweep_connections
from service.db import session_scope
from service.dispatch import DURABLE_TASKS, finished, started, unfinished_calls
from service.queue import broker_lost_messages, send_now
from service.task_names import TaskName
from workers.celery_app import app

log = logging.getLogger(__name__)

_versions: dict[str, int] = {}


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
            sweep_connections(session, now, replace(DEFAULT_POLICY, requeue_after=timedelta(0)))
            requeue_stale_imports(session, get_settings(), now, everything=True)
    for task, ids in calls:
        send_now(task, **ids)
    if lost:
        send_now(TaskName.ALERTS_SWEEP)
    return len(calls)


@task_prerun.connect
def _note_version(task_id: str, task: Any, kwargs: dict[str, Any], **_: Any) -> None:
    if task.name in DURABLE_TASKS:
        with session_scope() as session:
            version = started(session, task.name, kwargs)
        if version is not None:
            _versions[task_id] = version


@task_postrun.connect
def _forget_finished(task_id: str, task: Any, kwargs: dict[str, Any], state: str, **_: Any) -> None:
    version = _versions.pop(task_id, None)
    if version is not None and state == "SUCCESS":
        with session_scope() as session:
            finished(session, task.name, kwargs, version)
