"""What storing an evaluation's findings costs the database: one statement stores every new
finding, and their alerts are written with one read of the recipients, their preferences and
destinations and one insert, however many findings the evaluation stores."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.findings.evaluation import evaluate_athlete
from service.models import Role
from tests.integration.alerts.support import add_user, link
from tests.integration.findings.support import NOW, steady_runs
from tests.support.statements import recorded

TODAY = NOW.date()


def test_an_evaluation_stores_its_findings_and_their_alerts_in_a_few_statements(
    db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete = add_user(db_session)
    for _ in range(2):
        link(db_session, athlete, add_user(db_session, Role.COACH), share=True)
    spikes = {TODAY - timedelta(days=2): 16.0, TODAY - timedelta(days=1): 24.0}
    ingest_activities(db_session, athlete.id, steady_runs(TODAY, spikes))
    with recorded(db_session) as sent:
        result = evaluate_athlete(db_session, athlete.id, now=NOW)
    assert len(result.alerted_findings) >= 3, [row.rule for row in result.created]
    assert result.alerted > len(result.alerted_findings)  # the coaches hear of some too
    assert sent.count("INSERT INTO findings") == 1, sent.sql
    assert sent.count("INSERT INTO alerts") == 1
    for read in ("JOIN coach_links", "FROM notification_preferences", "FROM push_subscriptions"):
        assert sent.count(read) == 1, (read, sent.sql)
