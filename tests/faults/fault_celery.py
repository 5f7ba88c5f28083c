"""The loadwatch Celery app for fault tests: the short visibility timeout of
``tests.workers.sync_celery`` and, from ``LOADWATCH_TEST_BEAT`` (``task=seconds,...``), a beat
schedule of just those sweeps at those intervals."""

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

__all__ = ["app"]
