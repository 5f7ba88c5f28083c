"""The one Celery app: configuration from ``service.queue``, tasks from ``workers.tasks``.

Start a worker with ``loadwatch worker`` and the scheduler with ``loadwatch beat`` (exactly one).
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from service.config import get_settings
from service.logs import configure_logging
from service.queue import celery_config

TASK_MODULES = [
    "workers.tasks.accounts",
    "workers.tasks.metrics",
    "workers.tasks.imports",
    "workers.tasks.rules",
    "workers.tasks.alerts",
    "workers.tasks.sync",
    "workers.tasks.connections",
    "workers.tasks.queue",
]

# Each periodic task is an idempotent sweep, so a second beat by mistake does no harm.
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "accounts.purge_expired": {"task": "accounts.purge_expired", "schedule": 3600.0},
    "metrics.sweep": {"task": "metrics.sweep", "schedule": 3600.0},
    "sync.sweep": {"task": "sync.sweep", "schedule": 60.0},
    "alerts.sweep": {"task": "alerts.sweep", "schedule": 30.0},
    "alerts.plan_notices": {"task": "alerts.plan_notices", "schedule": 600.0},
    "imports.sweep": {"task": "imports.sweep", "schedule": 600.0},
    "rules.sweep_stale_sources": {"task": "rules.sweep_stale_sources", "schedule": 3600.0},
    "queue.sweep": {"task": "queue.sweep", "schedule": 300.0},
}


def create_celery() -> Celery:
    settings = get_settings()
    configure_logging(settings.log_level)
    app = Celery("loadwatch", include=TASK_MODULES)
    app.conf.update(celery_config(settings))
    app.conf.beat_schedule = BEAT_SCHEDULE
    app.conf.beat_schedule_filename = str(settings.data_dir.resolve() / "celerybeat-schedule")
    return app


app = create_celery()
