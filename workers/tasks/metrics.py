"""The stored daily series: recompute one athlete, and keep every series running up to today."""

from __future__ import annotations

from datetime import date

from service.db import session_scope
from service.metrics.service import extend_series_to_today, recompute_metrics
from service.task_names import TaskName
from workers.celery_app import RETRY_DATABASE_ERRORS, app


@app.task(name=TaskName.METRICS_RECOMPUTE, **RETRY_DATABASE_ERRORS)
def recompute(athlete_id: int, from_date: str) -> int:
    """Replace the athlete's stored series from ``from_date`` (ISO day) on; the rows written."""
    with session_scope() as session:
        return recompute_metrics(session, athlete_id, date.fromisoformat(from_date)).rows_written


@app.task(name=TaskName.METRICS_SWEEP)
def sweep() -> int:
    """Recompute every athlete whose stored series stops before today; how many were sent."""
    with session_scope() as session:
        return extend_series_to_today(session)
