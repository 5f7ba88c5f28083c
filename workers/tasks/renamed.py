"""Tasks under their former names: a message queued under one before an upgrade is sent on
under the task's name now (``service.task_names.FORMER_NAMES``), so none is lost."""

from __future__ import annotations

from collections.abc import Callable

from service import queue
from service.task_names import FORMER_NAMES, TaskName
from workers.celery_app import app


def _forwarder(task: TaskName) -> Callable[..., None]:
    def forward(**ids: int | str) -> None:
        queue.send_now(task, None, **ids)

    forward.__doc__ = f"Send the same call on as ``{task}``."
    return forward


for former, task in FORMER_NAMES.items():
    app.task(name=former)(_forwarder(task))
