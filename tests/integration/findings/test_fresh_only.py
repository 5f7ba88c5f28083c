"""Fresh only: a finding about a day more than ``alerts.fresh_days`` before today is stored and
shown but never alerted; the findings of one evaluation share one due moment and one
``alerts.deliver``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.config import AlertSettings, Settings
from service.findings.evaluation import evaluate_athlete
from service.models import Alert
from tests.integration.alerts.support import add_user
from tests.integration.findings.support import NOW, keys, steady_runs, stored

TODAY = NOW.date()


def _evaluated(db_session: Session, days_ago: int, fresh_days: int = 3) -> tuple[Any, Any]:
    athlete = add_user(db_session)
    spike = TODAY - timedelta(days=days_ago)
    ingest_activities(db_session, athlete.id, steady_runs(TODAY, {spike: 18.0}))
    settings = Settings(alerts=AlertSettings(fresh_days=fresh_days))
    result = evaluate_athlete(db_session, athlete.id, now=NOW, settings=settings)
    assert ("volume.session_spike", "warning", spike) in keys(stored(db_session, athlete.id))
    return athlete, result


def _alerts(db_session: Session, athlete_id: int) -> list[Alert]:
    query = select(Alert).where(Alert.recipient_id == athlete_id)
    return list(db_session.scalars(query))


def test_a_finding_about_an_old_day_is_stored_and_not_alerted(
    db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete, result = _evaluated(db_session, days_ago=5)
    assert result.created and result.alerted_findings == []
    assert _alerts(db_session, athlete.id) == []
    db_session.commit()
    assert [task for task in sent_tasks if task[0] == "alerts.deliver"] == []


@pytest.mark.parametrize(("days_ago", "fresh_days"), [(1, 3), (3, 3), (5, 6)])
def test_a_finding_about_a_fresh_day_is_alerted_with_one_delivery(
    db_session: Session, sent_tasks: list[Any], days_ago: int, fresh_days: int
) -> None:
    athlete, result = _evaluated(db_session, days_ago, fresh_days)
    alerts = _alerts(db_session, athlete.id)
    spike_day = TODAY - timedelta(days=days_ago)
    alerted = {row.id: row.day for row in result.created if row.id in result.alerted_findings}
    assert spike_day in alerted.values()
    assert all(day >= TODAY - timedelta(days=fresh_days) for day in alerted.values())
    assert {alert.finding_id for alert in alerts} == set(alerted)
    assert {alert.next_attempt_at for alert in alerts} == {NOW}  # one moment for all of them
    db_session.commit()
    assert len([task for task in sent_tasks if task[0] == "alerts.deliver"]) == 1
