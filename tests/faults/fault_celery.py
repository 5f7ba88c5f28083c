"""The loadwatch Celery app for fault tests: the short visibility timeout of
``tests.workers.sync_celery``; from ``LOADWATCH_TEST_BEAT`` (``task=seconds,...``) a beat
schedule of just those sweeps at those intervals; from ``LOADWATCH_TEST_SOFT_SHUTDOWN_S`` a
shorter soft shutdown."""

from __future__ import annotations

import os

from tests.workers.sync_celery import app

_entries = [
    item.split("=") for item in os.environ.get("LOADWATCH_TEST_BEAT", "").split(",") if item
]
if _entries:
    app.conf.beat_schedule = {
        task: {"task": task, "schedule": float(seconds)} for task, seconds in _entries
    }

if "LOADWATCH_TEST_SOFT_SHUTDOWN_S" in os.environ:
    app.conf.worker_soft_shutdown_timeout = float(os.environ["LOADWATCH_TEST_SOFT_SHUTDOWN_S"])

__all__ = ["app"]
