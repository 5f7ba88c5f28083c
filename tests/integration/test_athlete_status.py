"""The stored athlete status the roster reads: each writer keeps it current in its own
transaction, and a row of another day is rebuilt when read (what a roster costs is in
``test_roster_cost.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.athletes.access import AthleteAccess
from service.athletes.status import current_statuses, refresh_status
from service.athletes.status_queries import list_statuses
from service.checkins.schemas import CheckinIn
from service.checkins.service import correct_checkin, record_checkin
from service.clock import utcnow
from service.dashboard.service import roster
from service.findings.evaluation import evaluate_athlete
from service.findings.service import acknowledge_finding
from service.metrics.service import recompute_metrics
from service.models import CoachLink, Finding, LinkStatus, Role, User
from tests.integration.metrics.support import activity
from tests.support.clocks import local_today

#: The athletes of these tests live in UTC: their today is the UTC day.
ZONE = "UTC"


def stored(session: Session, athlete: User) -> dict[str, Any]:
    """The stored row as it is, without the rebuild a reader would do."""
    (row,) = list_statuses(session, [athlete.id])
    return row


def link(session: Session, athlete: User, staff: User, share: bool) -> None:
    session.add(
        CoachLink(
            athlete_id=athlete.id,
            staff_id=staff.id,
            invited_by_id=athlete.id,
            status=LinkStatus.ACTIVE,
            share_symptoms=share,
            accepted_at=utcnow(),
        )
    )
    session.flush()


def run(session: Session, athlete: User, name: str, day: date, km: float) -> None:
    """A run at 07:00 UTC on ``day``, stored and worked into the series."""
    start = datetime.combine(day, time(7), UTC)
    item = activity(name, start, distance_m=km * 1000, duration_s=km * 330)
    ingest_activities(session, athlete.id, [item])
    recompute_metrics(session, athlete.id, start.date() - timedelta(days=1))


def checkin(session: Session, athlete: User, day: date, pain: int) -> None:
    data = CheckinIn(
        kind="daily",
        date=day,
        region="achilles",
        morning_pain=pain,
    )
    record_checkin(session, AthleteAccess(athlete, athlete, None), data)


@pytest.fixture
def athlete(make_user: Callable[..., User], sent_tasks: Any) -> User:
    return make_user(timezone=ZONE)


@pytest.fixture
def today() -> date:
    """The athlete's today, taken when the test runs (never when the module loads)."""
    return local_today(ZONE)


def days_before(today: date, days: int) -> date:
    return today - timedelta(days=days)


def test_a_new_run_changes_the_stored_weeks_in_the_recompute(
    db_session: Session, athlete: User, today: date
) -> None:
    run(db_session, athlete, "a", days_before(today, 9), 8.0)
    before = stored(db_session, athlete)
    assert before["week_km"] == pytest.approx(0.0)
    run(db_session, athlete, "b", days_before(today, 1), 12.5)
    after = stored(db_session, athlete)
    assert after["week_km"] == pytest.approx(12.5)
    assert sum(km or 0 for _monday, km in after["weekly_km"]) == pytest.approx(20.5)
    assert after["as_of"] == today


def test_a_checkin_sets_the_last_checkin_day_the_pain_and_the_region_in_its_transaction(
    db_session: Session, athlete: User, today: date
) -> None:
    checkin(db_session, athlete, days_before(today, 9), 2)
    assert stored(db_session, athlete)["last_checkin_day"] == today - timedelta(days=9)
    checkin(db_session, athlete, days_before(today, 1), 5)
    row = stored(db_session, athlete)
    assert row["last_checkin_day"] == today - timedelta(days=1)
    assert (row["pain_this_week"], row["pain_last_week"]) == (5.0, 2.0)
    assert (row["problem_region"], row["problem_day"]) == ("achilles", today - timedelta(days=1))
    assert any(pain == 5.0 for _monday, pain in row["pain_weeks"])

    corrected = CheckinIn(
        kind="daily", date=today - timedelta(days=1), region="achilles", morning_pain=3
    )
    correct_checkin(db_session, AthleteAccess(athlete, athlete, None), corrected)
    assert stored(db_session, athlete)["pain_this_week"] == 3.0


def test_the_evaluation_stores_its_findings_most_severe_first(
    db_session: Session, athlete: User, today: date
) -> None:
    refresh_status(db_session, [athlete.id])
    assert stored(db_session, athlete)["findings"] == []
    report = CheckinIn(kind="red_flag", date=today, region="achilles", red_flags=["sudden_snap"])
    record_checkin(db_session, AthleteAccess(athlete, athlete, None), report)
    evaluate_athlete(db_session, athlete.id)
    findings = stored(db_session, athlete)["findings"]
    assert findings, "the red flag raised no finding"
    assert findings[0][1:3] == ["red_flag.rupture", "urgent"]


def _finding(session: Session, athlete: User, rule: str, severity: str, day: date) -> Finding:
    row = Finding(
        athlete_id=athlete.id,
        rule=rule,
        severity=severity,
        day=day,
        period_key=day,
        values={},
        message_en=rule,
        message_nl=rule,
        source="test",
    )
    session.add(row)
    session.flush()
    return row


def test_a_finding_marked_seen_leaves_the_readers_roster_and_only_theirs(
    db_session: Session, athlete: User, make_user: Callable[..., User], today: date
) -> None:
    coach, physio = make_user(Role.COACH), make_user(Role.PHYSIO)
    link(db_session, athlete, coach, share=False)
    link(db_session, athlete, physio, share=False)
    worse = _finding(db_session, athlete, "volume.session_spike", "warning", days_before(today, 1))
    milder = _finding(
        db_session, athlete, "volume.weekly_progression", "caution", days_before(today, 2)
    )
    refresh_status(db_session, [athlete.id])  # as the evaluation that stored them does
    assert roster(db_session, coach).rows[0].finding.id == worse.id

    coach_link = db_session.query(CoachLink).filter_by(staff_id=coach.id).one()
    acknowledge_finding(db_session, AthleteAccess(athlete, coach, coach_link), worse.id)
    assert roster(db_session, coach).rows[0].finding.id == milder.id
    assert roster(db_session, physio).rows[0].finding.id == worse.id
    acknowledge_finding(db_session, AthleteAccess(athlete, coach, coach_link), milder.id)
    assert roster(db_session, coach).rows[0].finding is None


def test_symptoms_reach_only_staff_the_athlete_shares_them_with(
    db_session: Session, athlete: User, make_user: Callable[..., User], today: date
) -> None:
    sharing, blind = make_user(Role.PHYSIO), make_user(Role.COACH)
    link(db_session, athlete, sharing, share=True)
    link(db_session, athlete, blind, share=False)
    checkin(db_session, athlete, days_before(today, 1), 4)
    _finding(db_session, athlete, "pain.weekly_trend", "warning", days_before(today, 1))
    refresh_status(db_session, [athlete.id])

    (seen,) = roster(db_session, sharing).rows
    assert seen.symptoms is not None and seen.symptoms.problem_region == "achilles"
    assert seen.finding is not None and seen.finding.rule == "pain.weekly_trend"
    (hidden,) = roster(db_session, blind).rows
    assert hidden.symptoms is None and hidden.pain is None and hidden.finding is None


def test_a_status_of_another_day_is_rebuilt_when_read(db_session: Session, athlete: User) -> None:
    now = utcnow()
    today = now.date()  # the status is read for ``now`` (in UTC, the athlete's zone): its day
    checkin(db_session, athlete, days_before(today, 3), 4)
    refresh_status(db_session, [athlete.id], now - timedelta(days=7))  # a week-old row
    old = stored(db_session, athlete)
    assert old["built_for"] == today - timedelta(days=7) and old["last_checkin_day"] is None
    status = current_statuses(db_session, [(athlete.id, athlete.timezone)], now)[athlete.id]
    assert status.built_for == today and status.last_checkin_day == today - timedelta(days=3)
    assert stored(db_session, athlete)["built_for"] == today
