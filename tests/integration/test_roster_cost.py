"""What a roster costs the database: the same few statements for 5 athletes as for 25, reading
about one row per athlete however long their history, also on the first view of a day (when
every athlete's stored status is rebuilt)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.athletes.access import AthleteAccess
from service.checkins.schemas import CheckinIn
from service.checkins.service import record_checkin
from service.dashboard.service import roster
from service.findings.evaluation import evaluate_athlete
from service.metrics.service import recompute_metrics
from service.models import CoachLink, LinkStatus, Role, User
from tests.integration.metrics.support import activity
from tests.support.statements import Sent, recorded

NOW = datetime.now(UTC)
HISTORY_DAYS = 42


def _athlete(session: Session, make_user: Callable[..., User], coach: User, n: int) -> None:
    """Six weeks of runs every other day and a long one yesterday (a spike: a finding every
    viewer sees), check-ins and a red flag (a finding for those the athlete shares with)."""
    athlete = make_user(timezone="UTC")
    session.add(
        CoachLink(
            athlete_id=athlete.id,
            staff_id=coach.id,
            invited_by_id=athlete.id,
            status=LinkStatus.ACTIVE,
            share_symptoms=n % 2 == 0,
            accepted_at=NOW,
        )
    )
    start = NOW.replace(hour=7, minute=0, second=0, microsecond=0)
    runs = [
        activity(f"a{athlete.id}-{d}", start - timedelta(days=d), distance_m=6000.0 + 100 * n)
        for d in range(HISTORY_DAYS, 0, -2)
    ]
    runs.append(activity(f"a{athlete.id}-long", start - timedelta(days=1), distance_m=14000.0))
    ingest_activities(session, athlete.id, runs)
    recompute_metrics(session, athlete.id, (start - timedelta(days=HISTORY_DAYS + 1)).date())
    access = AthleteAccess(athlete, athlete, None)
    today = NOW.date()
    for days_ago in (12, 5, 1):
        answer = CheckinIn(
            kind="daily",
            date=today - timedelta(days=days_ago),
            region="achilles",
            morning_pain=n % 4,
        )
        record_checkin(session, access, answer)
    flag = CheckinIn(kind="red_flag", date=today, region="achilles", red_flags=["sudden_snap"])
    record_checkin(session, access, flag)
    evaluate_athlete(session, athlete.id)


@pytest.fixture
def coaches(
    db_session: Session, make_user: Callable[..., User], sent_tasks: Any
) -> dict[int, User]:
    """A coach with 5 athletes and one with 25."""
    teams = {}
    for size in (5, 25):
        coach = make_user(Role.COACH)
        for n in range(size):
            _athlete(db_session, make_user, coach, n)
        teams[size] = coach
    db_session.flush()
    return teams


def _view(session: Session, coach: User, size: int) -> Sent:
    with recorded(session) as sent:
        rows = roster(session, coach).rows
    assert len(rows) == size
    assert all(row.week.total and row.finding is not None for row in rows)
    return sent


def test_a_roster_is_the_same_few_statements_and_a_row_per_athlete(
    db_session: Session, coaches: dict[int, User]
) -> None:
    for size, coach in coaches.items():
        roster(db_session, coach)  # the day's first view
        sent = _view(db_session, coach, size)
        # the athletes with their status's stamp, the findings the coach has seen, the sync
        assert sent.statements <= 3, (size, sent.sql)
        # the linked athletes, their stored status and the findings the coach has seen
        assert sent.rows <= 3 * size, (size, sent.rows)


def test_the_first_view_of_a_day_rebuilds_every_status_in_a_few_statements(
    db_session: Session, coaches: dict[int, User]
) -> None:
    counts = {}
    for size, coach in coaches.items():
        later = NOW + timedelta(days=1)  # every stored status is of yesterday now
        with recorded(db_session) as sent:
            rows = roster(db_session, coach, later).rows
        assert len(rows) == size
        counts[size] = sent.statements
    assert counts[5] == counts[25] <= 12, counts


def test_a_view_reads_whole_status_rows_only_of_athletes_whose_status_changed(
    db_session: Session, coaches: dict[int, User], sent_tasks: Any
) -> None:
    coach = coaches[5]
    roster(db_session, coach)  # the day's first view
    with recorded(db_session) as sent:
        roster(db_session, coach)
    assert not [sql for sql in sent.sql if "weekly_km" in sql], sent.sql
    changed = next(r.athlete for r in roster(db_session, coach).rows if r.athlete.share_symptoms)
    person = db_session.get_one(User, changed.id)
    answer = CheckinIn(kind="daily", date=NOW.date(), region="achilles", morning_pain=9)
    record_checkin(db_session, AthleteAccess(person, person, None), answer)
    with recorded(db_session) as sent:
        rows = {row.athlete.id: row for row in roster(db_session, coach).rows}
    whole = [sql for sql in sent.sql if "weekly_km" in sql]
    assert len(whole) == 1 and sent.statements <= 6, sent.sql
    symptoms = rows[changed.id].symptoms
    assert symptoms is not None and symptoms.last_checkin_day == NOW.date()
