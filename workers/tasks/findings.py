"""Advice rules: evaluate one athlete; sweep athletes whose connected source went quiet."""

from __future__ import annotations

from service.db import session_scope
from service.findings.evaluation import athletes_with_untold_stale_sources, evaluate_athlete
from service.queue import send_now
from service.task_names import TaskName
from workers.celery_app import RETRY_DATABASE_ERRORS, app


@app.task(name=TaskName.FINDINGS_EVALUATE, **RETRY_DATABASE_ERRORS)
def evaluate(athlete_id: int) -> int:
    """Evaluate the athlete's rules and store new findings; how many were new."""
    with session_scope() as session:
        return len(evaluate_athlete(session, athlete_id).created)


@app.task(name=TaskName.FINDINGS_SWEEP_STALE_SOURCES)
def sweep_stale_sources() -> int:
    """Send ``findings.evaluate`` for each athlete with an untold stale source; how many."""
    with session_scope() as session:
        athlete_ids = athletes_with_untold_stale_sources(session)
    for athlete_id in athlete_ids:
        send_now(TaskName.FINDINGS_EVALUATE, athlete_id=athlete_id)
    return len(athlete_ids)
