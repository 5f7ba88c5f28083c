"""Durable dispatch on the worker: a finished task forgets its kept request; the sweep sends
again what a lost message left unfinished (``service.dispatch``)."""

from __future__ import annotations

from typing import Any

from celery.signals import task_postrun, task_prerun

from service.db import session_scope
from service.dispatch import DURABLE_TASKS, finished, started, unfinished_calls
from service.queue import send_now
from service.task_names import TaskName
from workers.celery_app import app

_versions: dict[str, int] = {}


@app.task(name=TaskName.QUEUE_SWEEP)
def sweep() -> int:
    """Send again every durable task left unfinished; how many were sent."""
    with session_scope() as session:
        calls = unfinished_calls(session)
    for task, ids in calls:
        send_now(task, **ids)
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
