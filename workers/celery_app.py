"""The one Celery app: configuration from ``service.queue``, tasks from ``workers.tasks``.

Start a worker with ``loadwatch worker`` and the scheduler with ``loadwatch beat`` (exactly one).
"""

from __future__ import annotations

import warnings
from typing import Any

from celery import Celery
from celery.exceptions import CPendingDeprecationWarning
from sqlalchemy.exc import OperationalError

from service.config import Settings, get_settings
from service.logs import configure_logging
from service.queue import RETRY_BACKOFF_MAX_S, celery_config
from service.task_names import TaskName
from workers import kombu_fixes

TASK_MODULES = [
    "workers.tasks.accounts",
    "workers.tasks.activities",
    "workers.tasks.alerts",
    "workers.tasks.connections",
    "workers.tasks.findings",
    "workers.tasks.metrics",
    "workers.tasks.queue",
    "workers.tasks.renamed",
]

#: For tasks that only read and write the database: a lost connection or a deadlock is retried.
RETRY_DATABASE_ERRORS: dict[str, Any] = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": RETRY_BACKOFF_MAX_S,
    "max_retries": 5,
}


def every_s(settings: Settings) -> dict[TaskName, float]:
    """Each periodic task and its interval (``LOADWATCH_RECOVERY__*``). Each is an idempotent
    sweep, so a second beat by mistake does no harm."""
    recovery = settings.recovery
    return {
        TaskName.ACCOUNTS_PURGE_EXPIRED: recovery.accounts_purge_expired_s,
        TaskName.METRICS_SWEEP: recovery.metrics_sweep_s,
        TaskName.CONNECTIONS_SWEEP: recovery.connections_sweep_s,
        TaskName.ALERTS_SWEEP: recovery.alerts_sweep_s,
        TaskName.ALERTS_PLAN_NOTICES: recovery.alerts_plan_notices_s,
        TaskName.ACTIVITIES_SWEEP_IMPORTS: recovery.imports_sweep_s,
        TaskName.FINDINGS_SWEEP_STALE_SOURCES: recovery.findings_sweep_stale_sources_s,
        TaskName.QUEUE_SWEEP: recovery.queue_sweep_s,
    }


EVERY_S = every_s(get_settings())
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    str(task): {"task": str(task), "schedule": seconds} for task, seconds in EVERY_S.items()
}


def create_celery() -> Celery:
    kombu_fixes.apply()
    # Said on every lost broker connection: running tasks are not cancelled (service.queue).
    warnings.filterwarnings(
        "ignore", category=CPendingDeprecationWarning, module=r"celery\.worker\.consumer"
    )
    settings = get_settings()
    configure_logging(settings.log_level)
    app = Celery("loadwatch", include=TASK_MODULES)
    app.conf.update(celery_config(settings))
    app.conf.beat_schedule = BEAT_SCHEDULE
    app.conf.beat_schedule_filename = str(settings.data_dir.resolve() / "celerybeat-schedule")
    return app


app = create_celery()
