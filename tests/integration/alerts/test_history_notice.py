""" "Your history is in": a backfill writes one held notice in the transaction that stores the
activities; the evaluation after it releases the notice, which tells the athlete in their
language how many weeks arrived and how many findings the past holds, with the link."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.activities.imports import finish_import
from service.activities.service import ingest_activities
from service.alerts.delivery import deliver_notices
from service.clock import local_today
from service.findings.evaluation import evaluate_athlete
from service.models import Alert, Finding, Notice
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import BASE_URL, add_user, alert_settings, session_scope_of
from tests.integration.findings.support import run

WEEKS = 8


def _eight_weeks(today: date) -> list[Any]:
    """Runs every other day for eight weeks, a long one five weeks ago and one yesterday."""
    first = today - timedelta(weeks=WEEKS)
    days = [first + timedelta(days=n) for n in range(0, WEEKS * 7, 2)]
    spikes = {today - timedelta(weeks=5): 16.0, today - timedelta(days=1): 16.0}
    return [run(day, spikes.get(day, 8.0)) for day in days] + [
        run(day, km) for day, km in spikes.items() if day not in days
    ]


@pytest.mark.parametrize(
    ("locale", "subject", "link_text"),
    [
        ("en", "Your training history is in: {} weeks", "See your history and findings"),
        ("nl", "Je trainingsgeschiedenis staat erin: {} weken", "Bekijk je geschiedenis"),
    ],
)
def test_a_backfill_tells_the_athlete_once_after_the_evaluation(
    db_session: Session,
    sent_tasks: list[Any],
    smtp: tuple[SmtpRecorder, int],
    locale: str,
    subject: str,
    link_text: str,
) -> None:
    recorder, port = smtp
    settings = alert_settings(port)
    athlete = add_user(db_session, name="Eva", locale=locale)
    today = local_today(athlete.timezone)
    runs = _eight_weeks(today)
    result = ingest_activities(db_session, athlete.id, runs, recompute=False)
    finish_import(db_session, athlete.id, result.changed_days, backfill="cli1", fresh_days=3)
    finish_import(db_session, athlete.id, result.changed_days, backfill="cli1", fresh_days=3)
    db_session.commit()
    assert [name for name, _ in sent_tasks] == ["metrics.recompute"]
    [(_, ids)] = sent_tasks
    assert ids == {"athlete_id": athlete.id, "from_date": min(result.changed_days).isoformat()}

    scope = session_scope_of(db_session)
    now = datetime.now(UTC)
    assert deliver_notices(settings, transactions=scope, now=now).sent == 0  # held
    evaluation = evaluate_athlete(db_session, athlete.id, settings=settings)
    db_session.commit()
    assert "alerts.sweep" in [name for name, _ in sent_tasks]
    assert deliver_notices(settings, transactions=scope).sent == 1
    assert deliver_notices(settings, transactions=scope).sent == 0

    fresh_from = today - timedelta(days=3)
    past = db_session.scalar(
        select(func.count()).where(Finding.athlete_id == athlete.id, Finding.day < fresh_from)
    )
    assert past and past == len([f for f in evaluation.created if f.day < fresh_from])
    alerted = set(db_session.scalars(select(Alert.finding_id)))
    assert alerted and all(f.day >= fresh_from for f in evaluation.created if f.id in alerted)
    [mail] = recorder.messages
    weeks = WEEKS if today.weekday() == 0 else WEEKS + 1  # calendar weeks touched, Monday first
    assert mail.subject == subject.format(weeks) and mail.rcpt_tos == [athlete.email]
    text = mail.part("plain")
    assert f" {past} " in text and link_text in text
    assert f"{BASE_URL}/athletes/{athlete.id}" in text
    assert f'href="{BASE_URL}/athletes/{athlete.id}"' in mail.part("html")
    [notice] = db_session.scalars(select(Notice).where(Notice.user_id == athlete.id))
    assert (notice.kind, notice.status) == ("history", "sent")


def test_a_backfill_of_fresh_days_only_writes_no_notice(
    db_session: Session, sent_tasks: list[Any]
) -> None:
    athlete = add_user(db_session)
    today = local_today(athlete.timezone)
    days = {today, today - timedelta(days=3)}
    finish_import(db_session, athlete.id, days, backfill="u1", fresh_days=3)
    assert db_session.scalar(select(func.count()).select_from(Notice)) == 0
