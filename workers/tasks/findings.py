"""Advice rules: evaluate one athlete; sweep athletes whose connected source went quiet."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from service.db import session_scope
from service.findings.evaluation import athletes_with_untold_stale_sources, evaluate_athlete
from service.queue import send_now
from workers.celery_app import app


@app.task(
    name="rules.evaluate",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def evaluate(athlete_id: int) -> int:
    """Evaluate the athlete's rules and store new findings; how many were new."""
    with session_scope() as session:
        return len(evaluate_athlete(session, athlete_id).created)


@app.task(name="rules.sweep_stale_sources")
def sweep_stale_sources() -> int:
    """Send ``rules.evaluate`` for each athlete with an untold stale source; how many."""
    with session_scope() as session:
        athlete_ids = athletes_with_untold_stale_sources(session)
    for athlete_id in athlete_ids:
        send_now("rules.evaluate", athlete_id=athlete_id)
    return len(athlete_ids)
